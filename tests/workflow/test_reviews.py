"""The report from draft to publication: review stages, comments per section resolved by the
lead, the nominated viewers' embargoed reading during factual accuracy, publication's
conditions, and corrections as new versions."""

from __future__ import annotations

import pytest

from probity.workflow import services
from probity.workflow.errors import (
    ForbiddenError,
    InvalidError,
    NotAllowedNowError,
    NotFoundError,
)
from probity.workflow.model import Part, ReportStage
from probity.workflow.reviews import (
    comment,
    comments,
    correct,
    move_report,
    resolve_comment,
    versions,
)

from .conftest import ID, World
from .test_services import _all_answered


def rated(world: World) -> None:
    """Every case answered, submitted and quality-assured; domain one judged."""
    _all_answered(world)
    s = world.store
    for case in s.cases(ID):
        services.submit_case(s, s.actor(case.assessor), ID, case.case_id, case.version)
    services.quality_assure(s, world.lead, ID, {c.case_id: c.version for c in s.cases(ID)})
    for standard in ("1.1", "1.2", "1.3", "1.4"):
        services.judge(s, world.lead, ID, standard, "inadequate", None, 0)


def test_publication_waits_for_the_final_stage_every_case_assured_and_every_comment(ready):
    _all_answered(ready)
    for standard in ("1.1", "1.2", "1.3", "1.4"):
        services.judge(ready.store, ready.lead, ID, standard, "inadequate", None, 0)
    with pytest.raises(NotAllowedNowError) as refused:
        services.publish(ready.store, ready.lead, ID)
    said = str(refused.value)
    assert "send it to final first" in said
    assert "12 of 12 cases are not quality-assured" in said


def test_the_team_comments_in_quality_review_and_the_lead_resolves(ready):
    rated(ready)
    with pytest.raises(ForbiddenError, match="not in review"):
        comment(ready.store, ready.inspector_a, ID, "2.2", "Too long.")
    move_report(ready.store, ready.lead, ID, ReportStage.QUALITY_REVIEW)
    made = comment(ready.store, ready.quality, ID, "2.2", "Say which prompt drives it.")
    with pytest.raises(InvalidError, match="choose a part"):
        comment(ready.store, ready.inspector_a, ID, "9.9", "Nowhere.")
    with pytest.raises(InvalidError, match="write it"):
        comment(ready.store, ready.inspector_a, ID, "2.2", "  ")
    with pytest.raises(ForbiddenError):
        resolve_comment(ready.store, ready.inspector_a, ID, made, "Done.")
    move_report(ready.store, ready.lead, ID, ReportStage.FINAL)
    with pytest.raises(NotAllowedNowError, match="1 comment is not resolved"):
        services.publish(ready.store, ready.lead, ID)
    resolve_comment(ready.store, ready.lead, ID, made, "Named 2.2.3.")
    with pytest.raises(NotAllowedNowError, match="already resolved"):
        resolve_comment(ready.store, ready.lead, ID, made, "Again.")
    with pytest.raises(NotFoundError):
        resolve_comment(ready.store, ready.lead, ID, 99, "No such.")
    services.publish(ready.store, ready.lead, ID)
    [kept] = ready.store.comments(ID)
    assert (kept.by, kept.resolution, kept.resolved_by) == (
        "Quinn Quality", "Named 2.2.3.", "Lee Lead"
    )  # fmt: skip


def test_a_nominated_viewer_reads_and_comments_only_during_factual_accuracy(ready):
    rated(ready)
    services.set_member(ready.store, ready.lead, ID, ready.viewer.user_id, Part.VIEWER)
    with pytest.raises(NotFoundError):  # under embargo: the draft does not exist for them
        comments(ready.store, ready.viewer, ID)
    move_report(ready.store, ready.lead, ID, ReportStage.QUALITY_REVIEW)
    comment(ready.store, ready.quality, ID, "report", "Internal: tone.")
    move_report(ready.store, ready.lead, ID, ReportStage.FACTUAL_ACCURACY)
    comment(ready.store, ready.viewer, ID, "1.2", "The vacancy rate is 15%, not 16.6%.")
    # The organisation sees its own comments, not the inspectorate's internal ones.
    assert [c.text for c in comments(ready.store, ready.viewer, ID)] == [
        "The vacancy rate is 15%, not 16.6%."
    ]
    assert len(comments(ready.store, ready.lead, ID)) == 2
    # Nothing else of the inspection: not its progress, not its cases.
    for action in ("READ_INSPECTION", "READ_CASES", "READ_RATINGS"):
        with pytest.raises(ForbiddenError):
            services.authorise(ready.store, ready.viewer, getattr(services.Action, action), ID)
    # An organisation viewer who was not nominated does not see the draft.
    with pytest.raises(NotFoundError):
        comments(ready.store, ready.regional, ID)
    move_report(ready.store, ready.lead, ID, ReportStage.FINAL)
    with pytest.raises(NotFoundError):
        comments(ready.store, ready.viewer, ID)


def test_a_correction_is_a_new_version_with_its_notice_and_the_first_stays(ready):
    rated(ready)
    move_report(ready.store, ready.lead, ID, ReportStage.FINAL)
    with pytest.raises(NotAllowedNowError, match="already at this stage"):
        move_report(ready.store, ready.lead, ID, ReportStage.FINAL)
    with pytest.raises(ForbiddenError, match="not published yet"):
        correct(ready.store, ready.lead, ID, "Early.")
    services.publish(ready.store, ready.lead, ID)
    with pytest.raises(InvalidError, match="write it"):
        correct(ready.store, ready.lead, ID, " ")
    with pytest.raises(ForbiddenError):
        correct(ready.store, ready.inspector_a, ID, "Not mine.")
    assert correct(ready.store, ready.lead, ID, "The PO vacancy rate corrected to 15%.") == 2
    first, second = versions(ready.store, ready.lead, ID)
    assert (first.number, first.notice, second.number) == (1, None, 2)
    assert "Correction notice" not in first.html
    assert "Correction notice" in second.html
    assert "The PO vacancy rate corrected to 15%." in second.html
    assert ready.store.inspections[ID].report_html == second.html


def test_sending_the_report_back_to_draft_asks_for_a_reason(ready):
    rated(ready)
    move_report(ready.store, ready.lead, ID, ReportStage.QUALITY_REVIEW)  # onwards: no reason
    for missing in (None, " "):
        with pytest.raises(InvalidError, match="reason: say why the report goes back to draft"):
            move_report(ready.store, ready.lead, ID, ReportStage.DRAFT, reason=missing)
    assert ready.store.inspection(ID).report_stage is ReportStage.QUALITY_REVIEW
    move_report(ready.store, ready.lead, ID, ReportStage.DRAFT, reason="Fictional: rewrite 2.2")
    assert ready.store.inspection(ID).report_stage is ReportStage.DRAFT
