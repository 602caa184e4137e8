"""The report pages: the lead's draft preview, the report as HTML (with a style-src widened for
it alone) and as a cached PDF (its page of a PDF being prepared: test_report_pdf_pages.py),
publication, and who may read it before and after."""

from __future__ import annotations

import datetime
import time

import pytest

from probity.pipeline import inspect_bundle
from probity.report import render_html
from probity.web.inspections import reports
from probity.web.inspections.mapping import to_bundle
from probity.web.inspections.models import Answer, Inspection, Judgement

from .team import ready_to_publish

pytestmark = pytest.mark.pages


def base(team) -> str:
    return f"/inspections/{team.inspection.inspection_id}/"


def published(team) -> bool:
    return Inspection.objects.get(pk=team.inspection.pk).is_published


def publish(team, signed_in) -> None:
    ready_to_publish(team)
    response = signed_in("lead").post(base(team) + "publish/")
    assert response.status_code == 302
    assert published(team)


def test_a_lead_previews_the_report_marked_as_a_draft(team, signed_in):
    response = signed_in("lead").get(base(team) + "report/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft: not published" in html
    assert f'href="{base(team)}report.html">View the report (HTML)' in html
    assert f'href="{base(team)}report/pdf/">Prepare the PDF' in html


def test_the_html_report_is_the_cores_document_with_inline_styles_allowed_for_it_alone(
    team, signed_in
):
    client = signed_in("lead")
    response = client.get(base(team) + "report.html")
    assert response.status_code == 200
    expected = render_html(inspect_bundle(to_bundle(team.inspection)), draft=True)
    assert response.content.decode() == expected
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    page = client.get(base(team) + "report/")
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def test_an_inspector_may_not_read_the_report(team, signed_in):
    client = signed_in("inspector_a")
    for path in ("report/", "report.html", "report.pdf", "report/pdf/", "publish/"):
        assert client.get(base(team) + path).status_code == 403, path


def test_a_pdu_viewer_reads_the_report_only_once_it_is_published(team, signed_in):
    viewer = signed_in("viewer")
    for path in ("report/", "report.html", "report.pdf", "report/pdf/"):
        assert viewer.get(base(team) + path).status_code == 404, path
    publish(team, signed_in)
    viewer = signed_in("viewer")
    page = viewer.get(base(team) + "report/")
    assert page.status_code == 200
    assert "Draft" not in page.content.decode()
    assert viewer.get(base(team) + "report.html").status_code == 200
    assert viewer.post(base(team) + "publish/").status_code == 403


def test_an_outsider_is_told_the_published_report_does_not_exist(team, signed_in):
    publish(team, signed_in)
    assert signed_in("outsider").get(base(team) + "report/").status_code == 404


def test_publishing_asks_for_confirmation_first(team, signed_in):
    ready_to_publish(team)
    response = signed_in("lead").get(base(team) + "publish/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "nothing in the inspection can be changed any more" in html
    assert "Publish the report</button>" in html
    assert not published(team)


def test_publishing_dates_the_report_and_keeps_who_published_it(team, signed_in):
    publish(team, signed_in)
    inspection = Inspection.objects.get(pk=team.inspection.pk)
    assert isinstance(inspection.published, datetime.date)
    assert inspection.history.latest("history_date").history_user == team.lead
    assert (
        "draft, not yet published"
        not in signed_in("lead").get(base(team) + "report.html").content.decode()
    )


def test_publishing_is_refused_while_the_inspection_is_not_fully_rated(team, signed_in):
    Judgement.objects.filter(inspection=team.inspection, standard_id="1.4").delete()
    client = signed_in("lead")
    response = client.post(base(team) + "publish/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "cannot be published yet: 1.4 Information and facilities: no judgement" in html
    assert not published(team)


def test_without_full_ratings_the_report_page_says_why_and_offers_no_report(team, signed_in):
    Answer.objects.filter(case__inspection=team.inspection, answer="yes").update(answer="no")
    client = signed_in("lead")
    html = client.get(base(team) + "report/").content.decode()
    assert "The report cannot be made yet" in html
    assert "the decision rule &#x27;leadership-delivers-results&#x27;" in html
    assert "report.html" not in html
    assert client.get(base(team) + "report.html").status_code == 409
    assert client.get(base(team) + "report.pdf").status_code == 409
    assert client.get(base(team) + "report/pdf/").status_code == 409


def test_a_published_inspection_cannot_be_published_again(team, signed_in):
    publish(team, signed_in)
    response = signed_in("lead").post(base(team) + "publish/")
    assert response.status_code == 302
    assert response["Location"] == base(team) + "report/"


def test_a_new_version_of_the_report_gets_a_new_pdf(team):
    before = render_html(inspect_bundle(to_bundle(team.inspection)))
    Answer.objects.filter(case__inspection=team.inspection, question_id="2.2.1").update(answer="no")
    after = render_html(inspect_bundle(to_bundle(team.inspection)))
    assert reports.pdf_path("test-pdu-2026", before) != reports.pdf_path("test-pdu-2026", after)
    assert reports.pdf_path("test-pdu-2026", after).name.startswith("test-pdu-2026-")


@pytest.mark.integration
def test_the_pdf_downloads_and_is_reused_while_the_report_is_unchanged(
    team, signed_in, tmp_path, monkeypatch
):
    monkeypatch.setenv("PROBITY_DATA_DIR", str(tmp_path))
    client = signed_in("lead")
    asked = client.get(base(team) + "report.pdf")
    assert asked.status_code == 302
    assert asked["Location"] == base(team) + "report/pdf/"
    for _ in range(600):  # the render of this small report takes seconds
        if "being prepared" not in client.get(asked["Location"]).content.decode():
            break
        time.sleep(0.2)
    first = client.get(base(team) + "report.pdf")
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == 'attachment; filename="test-pdu-2026.pdf"'
    assert first.content.startswith(b"%PDF")
    assert len(list((tmp_path / "reports").glob("*.pdf"))) == 1

    def no_second_rendering(html, target, **options):
        raise AssertionError("the PDF was rendered again")

    monkeypatch.setattr(reports, "render_pdf", no_second_rendering)
    second = client.get(base(team) + "report.pdf")
    assert second.content == first.content


def test_the_published_report_is_kept_as_published_whatever_changes_afterwards(team, signed_in):
    publish(team, signed_in)
    inspection = Inspection.objects.get(pk=team.inspection.pk)
    kept = inspection.published_html
    assert kept is not None
    assert "draft" not in kept.lower()  # dated: rendered after the publication date was set
    # A change behind the application's back (the database, a migration) does not reach
    # what PDU leaders read.
    Answer.objects.filter(case__case_id="T1").update(answer="no")
    viewer = signed_in("viewer")
    assert viewer.get(base(team) + "report.html").content.decode() == kept
