"""The report's review in the browser's pages: stages, comments per section resolved by the
lead, the nominated viewers' embargoed draft (marked as a draft, nothing else of the
inspection), publication's reasons, and a correction as version 2 with version 1 kept."""

from __future__ import annotations

import pytest

from probity.web.inspections.models import Inspection, Membership, Part
from probity.web.inspections.report_review import ReportComment, ReportVersion

from .team import ready_to_publish
from .test_report_pages import base

pytestmark = pytest.mark.pages


def _stage(team, stage: str) -> None:
    Inspection.objects.filter(pk=team.inspection.pk).update(report_stage=stage)


def test_the_publish_page_says_every_reason_it_cannot_publish_yet(team, signed_in):
    page = signed_in("lead").get(base(team) + "publish/").content.decode()
    assert "send it to final first" in page
    assert "cases are not quality-assured" in page
    assert "Publish the report</button>" not in page


def test_the_lead_moves_the_report_through_its_stages_and_the_team_comments(team, signed_in):
    # One client, signed in as each person in turn.
    review = base(team) + "report/review/"
    assert "No comments yet" in signed_in("lead").get(review).content.decode()
    assert (
        signed_in("inspector_a")
        .post(review, {"step": "comment", "section": "2.2", "text": "Early."})
        .status_code
        == 403
    )  # not in review yet
    lead = signed_in("lead")
    assert lead.post(review, {"step": "move", "stage": "quality_review"}).status_code == 302
    assert Inspection.objects.get(pk=team.inspection.pk).report_stage == "quality_review"
    sent = signed_in("inspector_a").post(
        review, {"step": "comment", "section": "2.2", "text": "Name the prompt."}
    )
    assert sent.status_code == 302
    comment = ReportComment.objects.get()
    assert (comment.by, comment.stage, comment.section) == (
        team.inspector_a,
        "quality_review",
        "2.2",
    )
    lead = signed_in("lead")
    empty = lead.post(review, {"step": "resolve", "comment": comment.pk, "resolution": ""})
    assert empty.status_code == 400
    assert (
        lead.post(
            review, {"step": "resolve", "comment": comment.pk, "resolution": "Named 2.2.3."}
        ).status_code
        == 302
    )
    comment.refresh_from_db()
    assert (comment.resolution, comment.resolved_by) == ("Named 2.2.3.", team.lead)
    assert comment.history.count() == 2


def test_a_nominated_viewer_sees_only_the_watermarked_draft_and_comments(team, signed_in):
    Membership.objects.create(user=team.viewer, inspection=team.inspection, role=Part.VIEWER)
    viewer = signed_in("viewer")
    assert viewer.get(base(team) + "report/").status_code == 404  # under embargo, not shared
    _stage(team, "factual_accuracy")
    assert "Factual-accuracy review" in viewer.get("/inspections/").content.decode()
    html = viewer.get(base(team) + "report.html").content.decode()
    assert "Draft: under embargo, not for publication" in html
    for page in ("", "cases/", "report/figures/", "publish/"):
        assert viewer.get(base(team) + page).status_code == 403, page
    sent = viewer.post(
        base(team) + "report/review/",
        {"step": "comment", "section": "1.2", "text": "The vacancy rate is 15%."},
    )
    assert sent.status_code == 302
    page = viewer.get(base(team) + "report/review/").content.decode()
    assert "The vacancy rate is 15%." in page
    assert "Resolve this comment" not in page
    _stage(team, "final")
    assert viewer.get(base(team) + "report.html").status_code == 404


def test_a_correction_publishes_version_two_and_version_one_stays_readable(team, signed_in):
    ready_to_publish(team)
    lead = signed_in("lead")
    assert lead.post(base(team) + "publish/").status_code == 302
    first = ReportVersion.objects.get()
    assert "Draft: under embargo" not in first.html
    refused = lead.post(base(team) + "report/correct/", {"notice": " "})
    assert refused.status_code == 400
    done = lead.post(base(team) + "report/correct/", {"notice": "Vacancy rate corrected."})
    assert done.status_code == 302
    v1 = lead.get(base(team) + "report/versions/1.html").content.decode()
    v2 = lead.get(base(team) + "report/versions/2.html").content.decode()
    assert "Correction notice" not in v1
    assert "Vacancy rate corrected." in v2
    assert lead.get(base(team) + "report.html").content.decode() == v2
    page = lead.get(base(team) + "report/").content.decode()
    assert "Version 1</a>" in page
    assert "correction: Vacancy rate corrected." in page
    assert (
        signed_in("inspector_a")
        .post(base(team) + "report/correct/", {"notice": "Mine."})
        .status_code
        == 403
    )
