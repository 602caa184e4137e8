"""The report's figures before publication: publication is refused while a figure in the
report's words is neither fixed nor accepted with a reason; an acceptance is kept with who,
when and why, and the published cover says so."""

from __future__ import annotations

import pytest

from probity.bundle.model import NarrativeParagraph
from probity.workflow import services
from probity.workflow.errors import ForbiddenError, InvalidError, NotAllowedNowError
from probity.workflow.model import ReportStage
from probity.workflow.report_check import accept_finding, check_report

from .conftest import ID, World
from .test_reviews import rated


def _rated_with_words(world: World, *texts: str) -> None:
    rated(world)
    world.store.set_report_stage(ID, ReportStage.FINAL, world.lead)
    world.store.inspections[ID].narrative = tuple(
        NarrativeParagraph("2.2", "text", t) for t in texts
    )


def test_publication_is_refused_while_a_figure_is_neither_fixed_nor_accepted(ready):
    _rated_with_words(ready, "In 30 out of 42 cases the plan was sufficient.")
    with pytest.raises(NotAllowedNowError, match="1 figure in the report's words"):
        services.publish(ready.store, ready.lead, ID)
    assert ready.store.inspections[ID].published is None


def test_an_accepted_finding_is_kept_with_its_reason_and_lets_the_report_be_published(ready):
    _rated_with_words(ready, "In 30 out of 42 cases the plan was sufficient.")
    [finding] = check_report(ready.store, ready.lead, ID).open
    with pytest.raises(InvalidError, match="say why"):
        accept_finding(ready.store, ready.lead, ID, finding.key, "   ")
    accept_finding(ready.store, ready.lead, ID, finding.key, "The PDU's own figure, checked.")
    check = check_report(ready.store, ready.lead, ID)
    assert check.open == ()
    kept = check.accepted[finding.key]
    assert (kept.reason, kept.figure, kept.section) == (
        "The PDU's own figure, checked.", "30 out of 42", "2.2"
    )  # fmt: skip
    services.publish(ready.store, ready.lead, ID)
    html = ready.store.inspections[ID].report_html or ""
    assert "the lead inspector accepted each with a reason" in html


def test_a_fixed_figure_needs_no_acceptance_and_a_stale_key_is_refused(ready):
    _rated_with_words(ready, 'Only {{ kq["2.2.3"] }} were sufficient.')
    assert check_report(ready.store, ready.lead, ID).findings == ()
    with pytest.raises(InvalidError, match="no longer has it"):
        accept_finding(ready.store, ready.lead, ID, "not-a-key", "A reason.")
    services.publish(ready.store, ready.lead, ID)
    assert "checked against the figure it is about" in (
        ready.store.inspections[ID].report_html or ""
    )


def test_only_those_who_may_publish_check_or_accept(ready):
    _rated_with_words(ready, "In 30 out of 42 cases.")
    with pytest.raises(ForbiddenError):
        check_report(ready.store, ready.inspector_a, ID)
    [finding] = check_report(ready.store, ready.lead, ID).open
    with pytest.raises(ForbiddenError):
        accept_finding(ready.store, ready.inspector_a, ID, finding.key, "Mine.")
