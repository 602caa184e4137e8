"""One function per use case of an inspection's work. The web pages, the REST API and the
commands call these and nothing else does the work: each checks the policy, the transition
and the input, then changes the store in one transaction, or raises a
:class:`~probity.workflow.errors.WorkflowError` that says why and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from probity.bundle.model import Bundle
from probity.framework.applicability import NA_ONLY, question_rules
from probity.framework.models import Framework
from probity.pipeline import inspect_bundle
from probity.rating.caps import judgement_problem
from probity.report.html import render_html
from probity.workflow.access import REASON_LIMIT as REASON_LIMIT
from probity.workflow.access import authorise as authorise
from probity.workflow.access import locked as _locked
from probity.workflow.access import reason_given
from probity.workflow.access import refuse as _refuse
from probity.workflow.errors import (
    ForbiddenError,
    InvalidError,
    NotAllowedNowError,
    StaleError,
)
from probity.workflow.model import (
    Actor,
    CaseEvent,
    CaseFacts,
    CaseState,
    InspectionFacts,
    Part,
    Role,
)
from probity.workflow.policy import Action, decide
from probity.workflow.report_check import open_findings
from probity.workflow.reviews import dated, publication_blockers
from probity.workflow.sampling import Draw, EligibleCase, draw_sample
from probity.workflow.second_looks import discrepancy_blocker
from probity.workflow.store import InspectionSpec, Judgement, Store, StoredAnswer
from probity.workflow.transitions import Step, next_state

SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
SAFE_CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")
ANSWERS = ("yes", "no", "na")


def _case_allowed(
    actor: Actor, action: Action, inspection: InspectionFacts, case: CaseFacts, today: date
) -> None:
    _refuse(decide(actor, action, inspection, case, today=today))


def _event(store: Store, actor: Actor, case: CaseFacts, step: Step, to: CaseState,
           reason: str | None = None) -> CaseEvent:  # fmt: skip
    return CaseEvent(case.case_id, step.value, actor.user_id, store.now(), case.state, to, reason)


# --- Setting up an inspection -------------------------------------------------------------


def _dates_problems(start: Any, end: Any, windows: Any) -> list[str]:
    problems = []
    if end < start:
        problems.append(f"fieldwork end: {end.isoformat()} is before its start {start.isoformat()}")
    for i, (a, b) in enumerate(windows, start=1):
        if b < a:
            problems.append(f"sample window {i}: its end {b.isoformat()} is before its start")
        if b > start:
            problems.append(
                f"sample window {i}: it ends {b.isoformat()}, after fieldwork begins "
                f"({start.isoformat()})"
            )
    return problems


def create_inspection(store: Store, actor: Actor, spec: InspectionSpec) -> InspectionFacts:
    """Set up a new inspection; its creator becomes its lead."""
    if not decide(actor, Action.CREATE_INSPECTION, today=store.today()):
        raise ForbiddenError("Only administrators and lead inspectors may create an inspection")
    problems = []
    if not SAFE_ID.match(spec.inspection_id):
        problems.append(
            f"inspection id: {spec.inspection_id!r} must be 1–80 lower-case letters, digits "
            "and hyphens, starting with a letter or digit"
        )
    elif store.inspection_exists(spec.inspection_id):
        problems.append(f"inspection id: {spec.inspection_id!r} is already taken")
    framework = None
    try:
        framework = store.installed_framework(spec.framework)
    except InvalidError as e:
        problems.extend(f"framework: {p}" for p in e.problems)
    if not store.unit_exists(spec.unit):
        problems.append(f"organisation: no organisation {spec.unit!r} to inspect")
    problems += _dates_problems(spec.fieldwork_start, spec.fieldwork_end, spec.sample_windows)
    if problems or framework is None:
        raise InvalidError(problems)
    with store.transaction():
        store.create_inspection(spec, framework, actor)
    return store.inspection(spec.inspection_id)


def update_inspection(
    store: Store, actor: Actor, inspection_id: str, changes: Mapping[str, object]
) -> InspectionFacts:
    """Change the set-up (``fieldwork_start``, ``fieldwork_end``, ``sample_windows``,
    ``lead_inspector``) until fieldwork ends."""
    allowed = {"fieldwork_start", "fieldwork_end", "sample_windows", "lead_inspector"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InvalidError(
            [f"{name}: not part of the set-up that can be changed" for name in unknown]
        )
    with store.transaction():
        _locked(store, actor, Action.EDIT_SETUP, inspection_id)
        bundle = store.bundle(inspection_id).inspection
        start = changes.get("fieldwork_start", bundle.fieldwork_start)
        end = changes.get("fieldwork_end", bundle.fieldwork_end)
        windows = changes.get(
            "sample_windows",
            tuple((w.start, w.end) for w in store.bundle(inspection_id).sample_windows),
        )
        problems = _dates_problems(start, end, windows)
        if problems:
            raise InvalidError(problems)
        store.update_inspection(inspection_id, changes, actor)
    return store.inspection(inspection_id)


# --- The sample ----------------------------------------------------------------------------


def _eligible_problems(fw: Framework, cases: Sequence[EligibleCase]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for i, case in enumerate(cases, start=1):
        if not SAFE_CASE_ID.match(case.case_id):
            problems.append(
                f"case {i}: id {case.case_id!r} must be 1–50 letters, digits, '.', '_' or '-'"
            )
        if case.case_id in seen:
            problems.append(f"case {i}: {case.case_id} is listed twice")
        seen.add(case.case_id)
        for a in fw.case_profile.attributes:
            if a.required and case.attributes.get(a.id) is None:
                problems.append(f"case {case.case_id}: {a.id} is missing")
    return problems


def load_eligible(
    store: Store, actor: Actor, inspection_id: str, cases: Sequence[EligibleCase]
) -> int:
    """Replace the list of eligible cases the sample is drawn from (read and checked by
    :func:`probity.bundle.eligible.read_eligible`); returns how many there are."""
    with store.transaction():
        _locked(store, actor, Action.MANAGE_SAMPLE, inspection_id)
        problems = _eligible_problems(store.framework_of(inspection_id), cases)
        if problems:
            raise InvalidError(problems)
        store.set_eligible(inspection_id, cases, actor)
    return len(cases)


def draw(store: Store, actor: Actor, inspection_id: str, size: int, seed: int) -> Draw:
    """Draw the sample from the eligible cases, stratified by the framework's sampling
    attributes; the cases drawn start "Not started". Only while the inspection has no cases:
    afterwards the lead adds or drops cases, each with a reason."""
    with store.transaction():
        _locked(store, actor, Action.MANAGE_SAMPLE, inspection_id)
        if store.cases(inspection_id):
            raise NotAllowedNowError(
                "The sample is drawn already: add or drop cases, each with a reason, instead"
            )
        eligible = store.eligible(inspection_id)
        if not eligible:
            raise NotAllowedNowError("Upload the list of eligible cases before drawing the sample")
        fw = store.framework_of(inspection_id)
        try:
            made = draw_sample(eligible, size, fw.sampling.strata, seed)
        except ValueError as e:
            raise InvalidError([str(e)]) from e
        chosen = set(made.case_ids)
        store.add_cases(
            inspection_id,
            [c for c in eligible if c.case_id in chosen],
            actor,
            f"drawn: seed {seed}, {size} of {len(eligible)}",
        )
        store.record_draw(inspection_id, made, actor)
    return made


def add_to_sample(
    store: Store, actor: Actor, inspection_id: str, case_ids: Sequence[str], reason: str
) -> None:
    """Add eligible cases to the sample, with the reason."""
    why = reason_given(reason, "the cases are added")
    with store.transaction():
        _locked(store, actor, Action.MANAGE_SAMPLE, inspection_id)
        eligible = {c.case_id: c for c in store.eligible(inspection_id)}
        sampled = {c.case_id for c in store.cases(inspection_id)}
        problems = [
            f"case {c}: not on the list of eligible cases" for c in case_ids if c not in eligible
        ]
        problems += [f"case {c}: already in the sample" for c in case_ids if c in sampled]
        if problems or not case_ids:
            raise InvalidError(problems or ["choose the cases to add"])
        store.add_cases(inspection_id, [eligible[c] for c in case_ids], actor, why)


def drop_from_sample(
    store: Store, actor: Actor, inspection_id: str, case_id: str, reason: str
) -> None:
    """Take a case out of the sample, with the reason: only one not started, with no answer."""
    why = reason_given(reason, f"case {case_id} is dropped")
    with store.transaction():
        _locked(store, actor, Action.MANAGE_SAMPLE, inspection_id)
        case = store.case(inspection_id, case_id)
        if case.state is not CaseState.NOT_STARTED or store.answers(inspection_id, case_id):
            raise NotAllowedNowError(
                f"Case {case_id} is {case.state.label.lower()}: only a case not started, with no "
                "answer, can be dropped from the sample"
            )
        store.drop_case(inspection_id, case_id, actor, why)


# --- The team ------------------------------------------------------------------------------

PART_NEEDS: Mapping[Part, frozenset[Role]] = {
    Part.LEAD: frozenset({Role.LEAD, Role.ADMIN}),
    Part.INSPECTOR: frozenset({Role.INSPECTOR, Role.LEAD}),
    Part.VIEWER: frozenset({Role.VIEWER}),
}


def set_member(
    store: Store, actor: Actor, inspection_id: str, user_id: int, part: Part | None
) -> None:
    """Give a user a part in the inspection's team (None: take them off it). A part needs the
    matching role: lead inspectors lead, inspectors (or leads) inspect, viewers view."""
    with store.transaction():
        _locked(store, actor, Action.MANAGE_TEAM, inspection_id)
        member = store.actor(user_id)
        if part is not None and not PART_NEEDS[part] & member.roles:
            needed = " or ".join(sorted(r.label.lower() for r in PART_NEEDS[part]))
            raise InvalidError(
                [f"{member.name} is not a {needed}: they cannot be the inspection's {part.value}"]
            )
        if part is None and store.inspection(inspection_id).part_of(member) is Part.LEAD:
            leads = [u for u, p in store.inspection(inspection_id).team.items() if p is Part.LEAD]
            if leads == [user_id]:
                raise NotAllowedNowError("An inspection keeps at least one lead inspector")
        store.set_part(inspection_id, user_id, part, actor)


# --- Assignment and moderation -------------------------------------------------------------


def assign(
    store: Store,
    actor: Actor,
    inspection_id: str,
    assignments: Mapping[str, tuple[int, int]],
) -> list[CaseFacts]:
    """Assign cases, all or none: ``assignments`` maps a case id to (the version the lead saw,
    the inspector's user id). Every inspector must be one of the inspection's inspectors."""
    with store.transaction():
        inspection = _locked(store, actor, Action.ASSIGN_CASES, inspection_id)
        inspectors = {u for u, p in inspection.team.items() if p is Part.INSPECTOR}
        problems = [
            f"case {c}: user {u} is not an inspector of this inspection"
            for c, (_, u) in assignments.items()
            if u not in inspectors
        ]
        if problems:
            raise InvalidError(problems)
        done = []
        for case_id, (version, user_id) in assignments.items():
            case = _at_version(store, inspection_id, case_id, version)
            event = _event(store, actor, case, Step.ASSIGN, case.state, f"to user {user_id}")
            done.append(
                store.change_case(
                    inspection_id,
                    case,
                    state=case.state,
                    event=event,
                    assessor=user_id,
                    assign=True,
                )
            )
    return done


def share_unassigned(
    store: Store, actor: Actor, inspection_id: str, inspector_ids: Sequence[int]
) -> list[CaseFacts]:
    """Share the unassigned cases evenly among the chosen inspectors, each case to whoever has
    the fewest cases so far (on a tie, the first chosen)."""
    if not inspector_ids:
        raise InvalidError(["choose the inspectors to share the cases among"])
    cases = store.cases(inspection_id)
    load = {u: sum(1 for c in cases if c.assessor == u) for u in inspector_ids}
    plan: dict[str, tuple[int, int]] = {}
    for case in cases:
        if case.assessor is None:
            chosen = min(inspector_ids, key=lambda u: (load[u], inspector_ids.index(u)))
            load[chosen] += 1
            plan[case.case_id] = (case.version, chosen)
    return assign(store, actor, inspection_id, plan)


def _at_version(store: Store, inspection_id: str, case_id: str, version: int) -> CaseFacts:
    case = store.case(inspection_id, case_id)
    if case.version != version:
        raise StaleError(f"Case {case_id}", case.version, case.changed_by, case.changed_at)
    return case


def submit_case(
    store: Store, actor: Actor, inspection_id: str, case_id: str, version: int
) -> CaseFacts:
    """Submit a case for quality assurance, once every key question it is asked is answered."""
    with store.transaction():
        inspection = _locked(store, actor, Action.READ_INSPECTION, inspection_id)
        case = _at_version(store, inspection_id, case_id, version)
        _case_allowed(actor, Action.SUBMIT_CASE, inspection, case, store.today())
        to = next_state(case_id, case.state, Step.SUBMIT)
        missing = unanswered(store, inspection_id, case_id)
        if missing:
            raise InvalidError([f"key question {kq}: not answered" for kq in missing])
        return store.change_case(
            inspection_id, case, state=to, event=_event(store, actor, case, Step.SUBMIT, to)
        )


def return_case(
    store: Store, actor: Actor, inspection_id: str, case_id: str, version: int, reason: str
) -> CaseFacts:
    """Send a submitted or quality-assured case back to its inspector, with the reason, which
    the inspector sees on their home page and on the case."""
    why = reason_given(reason, f"case {case_id} is returned")
    with store.transaction():
        inspection = _locked(store, actor, Action.RETURN_CASE, inspection_id)
        case = _at_version(store, inspection_id, case_id, version)
        _case_allowed(actor, Action.RETURN_CASE, inspection, case, store.today())
        to = next_state(case_id, case.state, Step.RETURN)
        event = _event(store, actor, case, Step.RETURN, to, why)
        return store.change_case(inspection_id, case, state=to, event=event)


def quality_assure(
    store: Store, actor: Actor, inspection_id: str, versions: Mapping[str, int]
) -> list[CaseFacts]:
    """Mark submitted cases quality assured, all or none (``versions``: each case id with the
    version the lead saw)."""
    if not versions:
        raise InvalidError(["choose the cases to quality-assure"])
    with store.transaction():
        _locked(store, actor, Action.QUALITY_ASSURE, inspection_id)
        done = []
        for case_id, version in versions.items():
            case = _at_version(store, inspection_id, case_id, version)
            to = next_state(case_id, case.state, Step.QUALITY_ASSURE)
            event = _event(store, actor, case, Step.QUALITY_ASSURE, to)
            done.append(store.change_case(inspection_id, case, state=to, event=event))
    return done


# --- Answers -------------------------------------------------------------------------------


def unanswered(store: Store, inspection_id: str, case_id: str) -> list[str]:
    """The key questions the case is asked that have no answer yet, in framework order."""
    fw = store.framework_of(inspection_id)
    rules = question_rules(fw, store.case_attributes(inspection_id, case_id))
    stored = store.answers(inspection_id, case_id)
    return [kq.id for kq in fw.key_questions if rules[kq.id].asked and kq.id not in stored]


def save_answers(
    store: Store,
    actor: Actor,
    inspection_id: str,
    case_id: str,
    version: int,
    answers: Mapping[str, str],
    notes: Mapping[str, str | None] | None = None,
    *,
    standard_id: str | None = None,
    reason: str | None = None,
) -> CaseFacts:
    """Save answers (question id → yes, no or na) and notes on one case still at
    ``version``; a question left out keeps its stored answer. Every answer is checked against
    what the framework allows on the case (all problems at once). With ``standard_id``, the
    standard's prompts that can only be "na" on the case are saved as "na" too. Changing a
    submitted case reopens it: ``reason`` is then required, and kept with the step (the audit
    trail shows it); elsewhere it is not asked for and not kept."""
    notes = notes or {}
    with store.transaction():
        inspection = _locked(store, actor, Action.READ_INSPECTION, inspection_id)
        case = _at_version(store, inspection_id, case_id, version)
        _case_allowed(actor, Action.EDIT_CASE, inspection, case, store.today())
        if case.state is CaseState.QUALITY_ASSURED:
            raise NotAllowedNowError(
                f"Case {case_id} is quality assured: its answers cannot be changed unless it is "
                "returned"
            )
        fw = store.framework_of(inspection_id)
        rules = question_rules(fw, store.case_attributes(inspection_id, case_id))
        problems = []
        for qid, value in answers.items():
            rule = rules.get(qid)
            if rule is None:
                problems.append(f"{qid}: not a question of framework {fw.id}")
            elif not rule.asked:
                problems.append(f"{qid}: not asked on case {case_id}: {rule.reason}")
            elif value not in rule.allowed:
                allowed = " or ".join(a for a in ANSWERS if a in rule.allowed)
                problems.append(f"{qid}: answered {allowed} on case {case_id}, not {value!r}")
        for qid, note in notes.items():
            if qid not in rules or not rules[qid].asked:
                problems.append(f"note on {qid}: not a question asked on case {case_id}")
            elif note is not None and len(note) > 10_000:
                problems.append(f"note on {qid}: must be 10,000 characters or fewer")
        if problems:
            raise InvalidError(problems)
        stored = store.answers(inspection_id, case_id)
        wanted = dict(answers)
        if standard_id is not None:
            if not fw.has_standard(standard_id):
                raise InvalidError([f"standard {standard_id}: not a standard of framework {fw.id}"])
            wanted.update(
                {
                    p.id: "na"
                    for p in fw.standard(standard_id).prompts
                    if rules[p.id].allowed == NA_ONLY
                }
            )
        changes: dict[str, StoredAnswer] = {}
        for qid in set(wanted) | set(notes):
            old = stored.get(qid)
            answer = wanted.get(qid, old.answer if old else None)
            if answer is None:
                raise InvalidError([f"note on {qid}: the question needs an answer to keep a note"])
            note = (notes[qid] or None) if qid in notes else (old.note if old else None)
            if old is None or (old.answer, old.note) != (answer, note):
                changes[qid] = StoredAnswer(answer, note)
        if not changes:
            return case
        to = next_state(case_id, case.state, Step.SAVE_ANSWERS)
        why = None
        if case.state is CaseState.SUBMITTED:
            why = reason_given(reason or "", f"case {case_id} is reopened")
        event = _event(store, actor, case, Step.SAVE_ANSWERS, to, why)
        return store.write_answers(inspection_id, case, changes, state=to, event=event)


# --- Judgements, publication, export -------------------------------------------------------


def judge(
    store: Store,
    actor: Actor,
    inspection_id: str,
    standard_id: str,
    rating: str,
    evidence: str | None,
    version: int,
) -> Judgement:
    """Record the inspectors' judgement on a judged standard, refused above a decision rule's
    cap in force (as the casework stands), if still at ``version`` (0: none recorded yet)."""
    with store.transaction():
        _locked(store, actor, Action.JUDGE, inspection_id)
        fw = store.framework_of(inspection_id)
        problems = []
        if not fw.has_standard(standard_id) or not fw.standard(standard_id).rule.is_judgement:
            problems.append(f"standard {standard_id}: not a standard rated by judgement")
        if not fw.has_rating(rating):
            known = ", ".join(r.id for r in fw.ratings)
            problems.append(f"rating: {rating!r} is not one of {known}")
        if problems:
            raise InvalidError(problems)
        outcome = inspect_bundle(store.bundle(inspection_id), fw).outcome
        caps = (outcome.caps or {}).get(standard_id, ())
        refused = judgement_problem(fw, standard_id, rating, caps)
        if refused is not None:
            raise InvalidError([f"rating: {refused}"])
        return store.write_judgement(
            inspection_id, standard_id, rating, (evidence or "").strip() or None,
            version=version, by=actor,
        )  # fmt: skip


def publish(store: Store, actor: Actor, inspection_id: str) -> None:
    """Publish the inspection: its report as it now stands is kept as published, and nothing
    in it can be changed after (a correction is a new version: :mod:`probity.workflow.reviews`).
    Refused while it cannot be fully rated, and until the report is final, every case is
    quality-assured, every comment resolved, every figure in its words fixed or accepted and
    every discrepancy between first and second answers resolved."""
    with store.transaction():
        facts = _locked(store, actor, Action.PUBLISH, inspection_id)
        fw = store.framework_of(inspection_id)
        bundle = store.bundle(inspection_id)
        results = inspect_bundle(bundle, fw)
        if results.ratings is None:
            raise NotAllowedNowError(
                "The inspection cannot be published until it is fully rated: "
                + "; ".join(str(p) for p in results.problems)
            )
        check = open_findings(store, inspection_id, results)
        blockers = publication_blockers(store, inspection_id, facts.report_stage, check)
        discrepancy = discrepancy_blocker(bundle)
        if discrepancy is not None:
            blockers.append(discrepancy + ": resolve each on the discrepancies page")
        if blockers:
            raise NotAllowedNowError("The report cannot be published yet: " + "; ".join(blockers))
        today = store.today()
        html = render_html(
            inspect_bundle(dated(bundle, today), fw), frozenset(check.accepted),
            disproportionality=facts.disproportionality,
        )  # fmt: skip
        store.publish(inspection_id, today, html, actor)


def export(store: Store, actor: Actor, inspection_id: str, what: str) -> tuple[Framework, Bundle]:
    """The inspection's data to export (and its framework), the export recorded."""
    authorise(store, actor, Action.EXPORT, inspection_id)
    with store.transaction():
        store.record_export(inspection_id, actor, what)
    return store.framework_of(inspection_id), store.bundle(inspection_id)
