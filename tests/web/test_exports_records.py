"""Every way an inspection's case-level data, bundle or report leaves Probity is recorded: who,
when, in which form; and text typed in the browser leaves it safely and comes back as typed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from probity.bundle import read_bundle
from probity.web.inspections import reports
from probity.web.inspections.audit import AuditEvent, ExportRecord
from probity.web.inspections.mapping import to_bundle
from probity.web.inspections.report_review import ReportVersion
from tests.web.team import INSPECTION_ID, Team, ready_to_publish
from tests.web.test_api import as_  # noqa: F401 (a fixture)
from tests.web.test_assessment import answer, opened, page
from tests.web.test_report_pdf_pages import wait_until_ready

pytestmark = pytest.mark.pages

BASE = f"/inspections/{INSPECTION_ID}/"
API = f"/api/v1/inspections/{INSPECTION_ID}"


def records(team: Team) -> list[tuple[str, str]]:
    """The exports recorded, in order: who (by user name) and what."""
    found = ExportRecord.objects.filter(inspection=team.inspection).order_by("pk")
    return [(r.by.username, r.format) for r in found.select_related("by")]


def test_reading_the_report_as_html_is_recorded(team, signed_in):
    response = signed_in("lead").get(BASE + "report.html")
    assert response.status_code == 200
    assert records(team) == [(team.lead.username, "report-html")]


def test_downloading_the_report_as_a_pdf_is_recorded(team, signed_in, tmp_path, monkeypatch):
    monkeypatch.setenv("PROBITY_DATA_DIR", str(tmp_path))
    # The PDF's own rendering is tested in test_report_pages; a stand-in keeps this one fast.
    monkeypatch.setattr(
        reports, "render_pdf", lambda html, target, **options: target.write_bytes(b"%PDF")
    )
    lead = signed_in("lead")
    assert lead.get(BASE + "report.pdf").status_code == 302  # to the page of its render
    assert records(team) == []  # nothing handed out yet
    wait_until_ready(lead, BASE + "report/pdf/")
    response = lead.get(BASE + "report.pdf")
    assert response.status_code == 200
    assert records(team) == [(team.lead.username, "report-pdf")]


def test_reading_a_published_version_of_the_report_is_recorded(team, signed_in):
    ready_to_publish(team)
    lead = signed_in("lead")
    assert lead.post(BASE + "publish/").status_code == 302
    assert ReportVersion.objects.count() == 1
    assert lead.get(BASE + "report/versions/1.html").status_code == 200
    assert records(team) == [(team.lead.username, "report-version-1")]


def test_a_refused_read_of_the_report_is_not_recorded(team, signed_in):
    assert signed_in("inspector_a").get(BASE + "report.html").status_code in (403, 404)
    assert records(team) == []


def test_reading_one_case_through_the_api_is_recorded_as_a_read_not_an_export(team, as_):  # noqa: F811
    assert as_("lead").call("GET", f"{API}/cases/T1").status_code == 200
    assert records(team) == []
    read = AuditEvent.objects.get(kind="read")
    assert (read.by, read.subject) == (team.lead, "Case T1: read through the API")


def test_listing_the_cases_through_the_api_is_recorded(team, as_):  # noqa: F811
    assert as_("inspector_a").call("GET", f"{API}/cases").status_code == 200
    assert records(team) == [(team.inspector_a.username, "api-cases")]


def test_reading_the_eligible_cases_through_the_api_is_recorded(team, as_):  # noqa: F811
    assert as_("lead").call("GET", f"{API}/eligible").status_code == 200
    assert records(team) == [(team.lead.username, "api-eligible")]


def test_exporting_the_bundle_through_the_api_is_recorded(team, as_):  # noqa: F811
    assert as_("lead").call("GET", f"{API}/export?format=xlsx").status_code == 200
    assert records(team) == [(team.lead.username, "xlsx")]


def test_the_export_page_lists_each_kind_of_export_in_words(team, signed_in):
    lead = signed_in("lead")
    lead.get(BASE + "report.html")
    lead.get(BASE + "export/download/csv/")
    html = lead.get(BASE + "export/").content.decode()
    assert "The report (HTML)" in html
    assert "CSV files (a zipped folder)" in html


# Text as it is pasted into a note: a formula, a vertical tab from a word processor, a quote.
PASTED = '=HYPERLINK("http://example.invalid","Click")\x0bthen\rmore and \'quoted\''


def _note_typed_in_the_browser(client: Client, text: str) -> None:
    data = opened(client, "T1", "2.2") | {"note-2.2.1": text, "action": "draft"}
    assert client.post(page("T1", "2.2"), data).status_code == 302
    assert answer("T1", "2.2.1").note == text


def test_a_note_typed_in_the_browser_leaves_as_text_and_comes_back_as_typed(
    team, signed_in, tmp_path: Path
):
    client = signed_in("inspector_a")
    _note_typed_in_the_browser(client, PASTED)
    lead = signed_in("lead")
    xlsx = lead.get(BASE + "export/download/xlsx/")
    assert xlsx.status_code == 200
    (tmp_path / "out.xlsx").write_bytes(xlsx.content)
    sheet = load_workbook(tmp_path / "out.xlsx")["answers"]
    column = [c.value for c in sheet[1]].index("note")
    notes = [r[column] for r in sheet.iter_rows(min_row=2) if r[column].value is not None]
    assert [(c.data_type, c.value[:2]) for c in notes] == [("s", "'=")]
    assert read_bundle(tmp_path / "out.xlsx") == to_bundle(team.inspection)
    csv_zip = lead.get(BASE + "export/download/csv/")
    with zipfile.ZipFile(io.BytesIO(csv_zip.content)) as archive:
        archive.extractall(tmp_path)
    assert read_bundle(tmp_path / INSPECTION_ID) == to_bundle(team.inspection)


# A note the pages accept (10,000 characters at most) that is longer than a workbook's cell
# holds once its control characters are escaped (35,002 characters).
TOO_LONG = "a" + "\x0b" * 5_000 + "b"


def test_a_workbook_that_cannot_hold_a_note_is_refused_on_the_page_and_not_recorded(
    team, signed_in
):
    _note_typed_in_the_browser(signed_in("inspector_a"), TOO_LONG)
    response = signed_in("lead").get(BASE + "export/download/xlsx/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "sheet answers, row" in html
    assert "at most 32,767" in html
    assert records(team) == []
    assert signed_in("lead").get(BASE + "export/download/csv/").status_code == 200
    assert records(team) == [(team.lead.username, "csv")]


def test_a_workbook_that_cannot_hold_a_note_is_refused_by_the_api_and_not_recorded(
    team,
    signed_in,
    as_,  # noqa: F811
):
    _note_typed_in_the_browser(signed_in("inspector_a"), TOO_LONG)
    response = as_("lead").call("GET", f"{API}/export?format=xlsx")
    assert response.status_code == 400
    assert any("at most 32,767" in p for p in response.json()["problems"])
    assert records(team) == []
