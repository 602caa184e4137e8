"""The report from draft to publication: its review stages (draft → internal quality review →
factual-accuracy review by the inspected organisation → final), comments on its sections and
their resolution, what publication waits for, and corrections after it (a new published
version with its notice; the earlier versions stay readable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from probity.bundle.model import Bundle
from probity.framework.models import Framework
from probity.pipeline import inspect_bundle
from probity.report.html import render_html
from probity.workflow.access import authorise, locked, reason_given
from probity.workflow.errors import InvalidError, NotAllowedNowError, NotFoundError
from probity.workflow.model import Actor, CaseState, Part, ReportStage
from probity.workflow.policy import Action
from probity.workflow.report_check import ReportCheck, open_findings
from probity.workflow.store import PublishedVersion, ReportComment, Store

TEXT_LIMIT = 10_000  # characters of a comment, a resolution or a correction notice
WHOLE_REPORT = "report"


def report_sections(fw: Framework) -> list[tuple[str, str]]:
    """The parts of the report a comment can be about, in the report's order: (id, name)."""
    sections = [(WHOLE_REPORT, "The report as a whole"), ("foreword", "Foreword"),
                ("recommendations", "Recommendations"), ("background", "Background")]  # fmt: skip
    for d in fw.domains:
        sections.append((f"domain:{d.id}", f"Domain {d.id}: {d.name}"))
        sections += [(s.id, f"{s.id} {s.name}") for s in d.standards]
    sections.append(("annexes", "Annexes"))
    return sections


def _text(text: str, what: str) -> str:
    words = text.strip()
    if not words:
        raise InvalidError([f"{what}: write it"])
    if len(words) > TEXT_LIMIT:
        raise InvalidError([f"{what}: must be {TEXT_LIMIT:,} characters or fewer"])
    return words


def move_report(
    store: Store, actor: Actor, inspection_id: str, to: ReportStage, reason: str | None = None
) -> None:
    """Send the report to another stage: on to the next ones, or back to draft, which asks
    for ``reason`` (kept with the change: the audit trail shows it). Onwards no reason is
    asked for."""
    with store.transaction():
        facts = locked(store, actor, Action.MOVE_REPORT, inspection_id)
        if facts.report_stage is to:
            raise NotAllowedNowError(f"The report is already at this stage: {to.label.lower()}")
        why = None
        if to is ReportStage.DRAFT:
            why = reason_given(reason or "", "the report goes back to draft")
        store.set_report_stage(inspection_id, to, actor, why)


def choose_disproportionality(
    store: Store, actor: Actor, inspection_id: str, include: bool
) -> None:
    """Include the disproportionality chapter in the report, or leave it out: the lead's
    choice, until publication (the report as published keeps what was chosen then)."""
    with store.transaction():
        locked(store, actor, Action.CHOOSE_CHAPTERS, inspection_id)
        store.update_inspection(inspection_id, {"disproportionality": include}, actor)


def comments(store: Store, actor: Actor, inspection_id: str) -> list[ReportComment]:
    """The comments the actor may read: the team reads them all; a nominated viewer reads
    those made during factual-accuracy review (the organisation's own)."""
    facts = authorise(store, actor, Action.READ_REPORT, inspection_id)
    found = store.comments(inspection_id)
    if facts.part_of(actor) is Part.VIEWER:
        return [c for c in found if c.stage == ReportStage.FACTUAL_ACCURACY]
    return found


def comment(store: Store, actor: Actor, inspection_id: str, section: str, text: str) -> int:
    """Comment on one section of the draft, at the stage it is at; the comment's id."""
    words = _text(text, "comment")
    with store.transaction():
        facts = locked(store, actor, Action.COMMENT_REPORT, inspection_id)
        known = dict(report_sections(store.framework_of(inspection_id)))
        if section not in known:
            raise InvalidError([f"section: choose a part of the report, not {section!r}"])
        return store.add_comment(inspection_id, section, facts.report_stage, words, actor)


def resolve_comment(
    store: Store, actor: Actor, inspection_id: str, comment_id: int, resolution: str
) -> None:
    """Resolve a comment, saying what was done about it (kept with who and when)."""
    words = _text(resolution, "resolution")
    with store.transaction():
        locked(store, actor, Action.RESOLVE_COMMENT, inspection_id)
        found = {c.comment_id: c for c in store.comments(inspection_id)}
        if comment_id not in found:
            raise NotFoundError("No such comment")
        if found[comment_id].resolved:
            raise NotAllowedNowError("The comment is already resolved")
        store.resolve_comment(inspection_id, comment_id, words, actor)


def publication_blockers(
    store: Store, inspection_id: str, stage: ReportStage, check: ReportCheck
) -> list[str]:
    """Why the report cannot be published yet, one sentence a reason (none: it can);
    ``check``: the narrative check of the report as it stands."""
    why: list[str] = []
    if stage is not ReportStage.FINAL:
        why.append(f"the report is at the stage “{stage.label}”: send it to final first")
    cases = store.cases(inspection_id)
    waiting = sum(c.state is not CaseState.QUALITY_ASSURED for c in cases)
    if waiting:
        why.append(f"{waiting} of {len(cases)} cases are not quality-assured")
    unresolved = sum(not c.resolved for c in store.comments(inspection_id))
    if unresolved:
        why.append(f"{unresolved} comment{'s are' if unresolved != 1 else ' is'} not resolved")
    if check.open:
        n = len(check.open)
        why.append(
            f"{n} figure{'s' if n != 1 else ''} in the report's words differ from the data or "
            "are not tied to it: fix each, or accept it with a reason, on the page that checks "
            "the report's figures"
        )
    return why


def dated(bundle: Bundle, day: date) -> Bundle:
    """The bundle with its inspection dated ``day`` (the report prints its publication date)."""
    published = replace(bundle.inspection, published=day)
    return replace(bundle, inspection=published)


def correct(store: Store, actor: Actor, inspection_id: str, notice: str) -> int:
    """Publish a correction: the report as its words and figures now stand, as the next
    version, with the notice (what was corrected and why); the earlier versions stay. Its
    number."""
    words = _text(notice, "correction notice")
    with store.transaction():
        facts = locked(store, actor, Action.CORRECT, inspection_id)
        fw = store.framework_of(inspection_id)
        bundle = store.bundle(inspection_id)
        results = inspect_bundle(bundle, fw)
        check = open_findings(store, inspection_id, results)
        if check.open:
            raise NotAllowedNowError(
                f"{len(check.open)} figure(s) in the report's words differ from the data or are "
                "not tied to it: fix or accept each before the correction is published"
            )
        earlier = store.versions(inspection_id)
        today = store.today()
        notices = (*[(v.published, v.notice) for v in earlier if v.notice], (today, words))
        first = earlier[0].published if earlier else today
        html = render_html(
            inspect_bundle(dated(bundle, first), fw), frozenset(check.accepted),
            corrections=tuple((d, n) for d, n in notices if n),
            disproportionality=facts.disproportionality,
        )  # fmt: skip
        store.add_version(inspection_id, today, html, words, actor)
        return len(earlier) + 1


def versions(store: Store, actor: Actor, inspection_id: str) -> Sequence[PublishedVersion]:
    """The published versions, for those who may read the report."""
    authorise(store, actor, Action.READ_REPORT, inspection_id)
    return store.versions(inspection_id)


def readiness(store: Store, actor: Actor, inspection_id: str) -> list[str]:
    """Why the report cannot be published yet, for those who may publish it (none: it can)."""
    facts = authorise(store, actor, Action.PUBLISH, inspection_id)
    results = inspect_bundle(store.bundle(inspection_id), store.framework_of(inspection_id))
    if results.ratings is None:
        return ["the inspection is not fully rated: " + "; ".join(map(str, results.problems))]
    check = open_findings(store, inspection_id, results)
    return publication_blockers(store, inspection_id, facts.report_stage, check)


def stage_choices(current: ReportStage) -> list[ReportStage]:
    """Where the lead may send the report from ``current``: on to any later stage, or back to
    draft."""
    order = list(ReportStage)
    later = order[order.index(current) + 1 :]
    return ([ReportStage.DRAFT] if current is not ReportStage.DRAFT else []) + later
