"""Second looks at a case's answers, for quality assurance: a *blind second assessment* (the
lead names another inspector of the team, who answers the case's key questions again without
seeing the first answers) and a *dip-sample review* (a quality lead, or the lead, reads a
submitted case with its answers in view and agrees or disagrees with each, a disagreement
with its reason and their own answer).

Where a second answer differs from the first, the lead or a quality lead records the answer
in force (:func:`resolve`), which the ratings use; every first and second answer is kept.
The inspection cannot be published while such a discrepancy is unresolved
(:func:`discrepancy_blocker`, asked by :func:`probity.workflow.services.publish`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from probity.bundle.model import Bundle
from probity.bundle.resolution import Discrepancy, discrepancies
from probity.bundle.schema import ANSWERS, SECOND_LOOKS
from probity.framework.applicability import question_rules
from probity.statistics.agreement_report import AgreementReport, agreement_report
from probity.workflow.access import authorise, locked, reason_given, refuse
from probity.workflow.errors import InvalidError, NotAllowedNowError
from probity.workflow.model import Actor, CaseFacts, CaseState, InspectionFacts, Part
from probity.workflow.policy import Action, Standing, decide, standing
from probity.workflow.store import SecondGiven, SecondLook, Store

BLIND, REVIEW = SECOND_LOOKS
# A case is looked at again once its first assessment is complete.
LOOKED_AT = (CaseState.SUBMITTED, CaseState.QUALITY_ASSURED)
NOTE_LIMIT = 10_000


@dataclass(frozen=True)
class Question:
    """A key question as a second-look form asks it: its id, its words and the answers the
    framework allows on the case (in the order yes, no, na)."""

    question_id: str
    text: str
    allowed: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    """A reviewer's verdict on one first answer: agreed, or not (then with their own answer
    and the reason)."""

    agree: bool
    answer: str | None = None
    reason: str | None = None


def _allowed_on(store: Store, actor: Actor, action: Action, inspection: InspectionFacts,
                case: CaseFacts) -> None:  # fmt: skip
    refuse(decide(actor, action, inspection, case, today=store.today()))


# --- Blind second assessment ---------------------------------------------------------------


def request_second_looks(
    store: Store, actor: Actor, inspection_id: str, case_ids: Sequence[str], inspector: int
) -> None:
    """Mark the cases, all or none, for a blind second assessment by ``inspector``: an
    inspector of the team who reads only their own cases (a lead or quality lead reads every
    answer, so could not look again blind), and not the case's own assessor."""
    if not case_ids:
        raise InvalidError(["choose the cases to assess a second time"])
    with store.transaction():
        inspection = locked(store, actor, Action.REQUEST_SECOND_LOOK, inspection_id)
        second = store.actor(inspector)
        if inspection.part_of(second) is not Part.INSPECTOR or (
            standing(second, inspection) is not Standing.INSPECTOR
        ):
            raise InvalidError(
                [f"{second.name} is not an inspector of this inspection who reads only their own "
                 "cases: a second assessment is blind"]
            )  # fmt: skip
        already = {(s.case_id, s.inspector) for s in store.second_looks(inspection_id)}
        problems = []
        for case_id in case_ids:
            case = store.case(inspection_id, case_id)
            if case.assessor == inspector:
                problems.append(f"case {case_id}: {second.name} assessed it first")
            elif (case_id, inspector) in already:
                problems.append(f"case {case_id}: already marked for {second.name}")
        if problems:
            raise InvalidError(problems)
        for case_id in case_ids:
            store.request_second_look(inspection_id, case_id, inspector, actor)


def second_looks(store: Store, actor: Actor, inspection_id: str) -> list[SecondLook]:
    """Every case marked for a blind second assessment (for the lead and quality leads)."""
    authorise(store, actor, Action.READ_CASES, inspection_id)
    if standing(actor, store.inspection(inspection_id)) is Standing.INSPECTOR:
        return [s for s in store.second_looks(inspection_id) if s.inspector == actor.user_id]
    return store.second_looks(inspection_id)


def my_second_looks(store: Store, actor: Actor, inspection_id: str) -> list[SecondLook]:
    """The actor's own open blind second looks in the inspection."""
    authorise(store, actor, Action.READ_INSPECTION, inspection_id)
    return [s for s in store.second_looks(inspection_id) if s.inspector == actor.user_id and s.open]


def questions(store: Store, inspection_id: str, case_id: str) -> list[Question]:
    """The key questions asked on the case, in the framework's order, with the answers each
    allows: a second-look form's questions. No answer of the case is in them."""
    fw = store.framework_of(inspection_id)
    rules = question_rules(fw, store.case_attributes(inspection_id, case_id))
    return [
        Question(kq.id, kq.text, tuple(a for a in ANSWERS if a in rules[kq.id].allowed))
        for kq in fw.key_questions
        if rules[kq.id].asked
    ]


def blind_form(store: Store, actor: Actor, inspection_id: str, case_id: str) -> list[Question]:
    """The blind form's questions, for the inspector named to look at the case again (and
    nothing of its answers)."""
    inspection = store.inspection(inspection_id)
    case = store.case(inspection_id, case_id)
    _allowed_on(store, actor, Action.ASSESS_SECOND_LOOK, inspection, case)
    return questions(store, inspection_id, case_id)


def _checked(asked: Sequence[Question], answers: Mapping[str, str], case_id: str) -> list[str]:
    by_id = {q.question_id: q for q in asked}
    problems = [f"{qid}: not a key question asked on case {case_id}" for qid in answers
                if qid not in by_id]  # fmt: skip
    for q in asked:
        value = answers.get(q.question_id)
        if not value:
            problems.append(f"{q.question_id}: choose an answer")
        elif value not in q.allowed:
            problems.append(
                f"{q.question_id}: answered {' or '.join(q.allowed)} on case {case_id}, "
                f"not {value!r}"
            )
    return problems


def record_blind(
    store: Store, actor: Actor, inspection_id: str, case_id: str, answers: Mapping[str, str],
    notes: Mapping[str, str | None] | None = None,
) -> None:  # fmt: skip
    """Keep the named inspector's blind second answers (every key question asked on the
    case), once its first assessment is submitted; their second look is then done."""
    notes = notes or {}
    with store.transaction():
        inspection = locked(store, actor, Action.READ_INSPECTION, inspection_id)
        case = store.case(inspection_id, case_id)
        _allowed_on(store, actor, Action.ASSESS_SECOND_LOOK, inspection, case)
        if case.state not in LOOKED_AT:
            raise NotAllowedNowError(
                f"Case {case_id} is {case.state.label.lower()}: it is assessed a second time "
                "once its first assessment is submitted"
            )
        asked = questions(store, inspection_id, case_id)
        problems = _checked(asked, answers, case_id)
        problems += [f"note on {qid}: must be {NOTE_LIMIT:,} characters or fewer"
                     for qid, n in notes.items() if n and len(n) > NOTE_LIMIT]  # fmt: skip
        if problems:
            raise InvalidError(problems)
        given = [
            SecondGiven(q.question_id, answers[q.question_id],
                        (notes.get(q.question_id) or "").strip() or None)
            for q in asked
        ]  # fmt: skip
        store.write_second_answers(inspection_id, case_id, BLIND, given, actor)


# --- Dip-sample review ---------------------------------------------------------------------


def review_form(
    store: Store, actor: Actor, inspection_id: str, case_id: str
) -> list[tuple[Question, str]]:
    """The key questions of a submitted case with their first answers, for a dip-sample
    review."""
    inspection = store.inspection(inspection_id)
    case = store.case(inspection_id, case_id)
    _allowed_on(store, actor, Action.REVIEW_CASE, inspection, case)
    first = store.answers(inspection_id, case_id)
    return [
        (q, first[q.question_id].answer)
        for q in questions(store, inspection_id, case_id)
        if q.question_id in first
    ]


def record_review(
    store: Store, actor: Actor, inspection_id: str, case_id: str, verdicts: Mapping[str, Verdict]
) -> None:
    """Keep a dip-sample review of a submitted case: on every key question answered, agree
    (the reviewer's answer is the first one) or disagree with the reason and their answer."""
    with store.transaction():
        inspection = locked(store, actor, Action.REVIEW_CASE, inspection_id)
        case = store.case(inspection_id, case_id)
        _allowed_on(store, actor, Action.REVIEW_CASE, inspection, case)
        if case.state not in LOOKED_AT:
            raise NotAllowedNowError(
                f"Case {case_id} is {case.state.label.lower()}: a review reads a submitted case"
            )
        if case.assessor == actor.user_id:
            raise NotAllowedNowError(f"Case {case_id} is their own: a review is another's")
        first = store.answers(inspection_id, case_id)
        asked = [q for q in questions(store, inspection_id, case_id) if q.question_id in first]
        problems: list[str] = []
        given: list[SecondGiven] = []
        for q in asked:
            verdict = verdicts.get(q.question_id)
            before = first[q.question_id].answer
            if verdict is None:
                problems.append(f"{q.question_id}: agree or disagree")
            elif verdict.agree:
                given.append(SecondGiven(q.question_id, before))
            elif verdict.answer not in q.allowed or verdict.answer == before:
                others = " or ".join(a for a in q.allowed if a != before)
                problems.append(f"{q.question_id}: give your answer ({others})")
            else:
                try:
                    why = reason_given(verdict.reason or "", f"you disagree on {q.question_id}")
                except InvalidError as e:
                    problems += [f"{q.question_id}: {p}" for p in e.problems]
                    continue
                given.append(SecondGiven(q.question_id, verdict.answer, reason=why))
        if problems:
            raise InvalidError(problems)
        store.write_second_answers(inspection_id, case_id, REVIEW, given, actor)


# --- Discrepancies, their resolution, agreement --------------------------------------------


def list_discrepancies(store: Store, actor: Actor, inspection_id: str) -> list[Discrepancy]:
    """Where a second answer differs from the first (or was resolved), as
    :func:`probity.bundle.resolution.discrepancies` finds them in the inspection."""
    authorise(store, actor, Action.READ_RATINGS, inspection_id)
    return discrepancies(store.bundle(inspection_id))


def unresolved(bundle: Bundle) -> list[Discrepancy]:
    """The discrepancies no one has resolved yet."""
    return [d for d in discrepancies(bundle) if d.resolved is None]


def discrepancy_blocker(bundle: Bundle) -> str | None:
    """Why the inspection cannot be published while a discrepancy is unresolved: how many,
    and on which cases and questions (None: every one is resolved)."""
    open_ = unresolved(bundle)
    if not open_:
        return None
    where: dict[str, list[str]] = {}
    for d in open_:
        where.setdefault(d.case_id, []).append(d.question_id)
    places = "; ".join(f"case {c}: {', '.join(qs)}" for c, qs in where.items())
    n = len(open_)
    return (
        f"{n} discrepanc{'ies' if n != 1 else 'y'} between first and second answers "
        f"{'are' if n != 1 else 'is'} not resolved ({places})"
    )


def resolve(
    store: Store, actor: Actor, inspection_id: str, case_id: str, question_id: str, answer: str
) -> None:
    """Record the answer in force on a question where the second answer differs from the
    first: the ratings use it; the first and every second answer are kept."""
    with store.transaction():
        locked(store, actor, Action.RESOLVE_DISCREPANCY, inspection_id)
        found = [
            d for d in discrepancies(store.bundle(inspection_id))
            if (d.case_id, d.question_id) == (case_id, question_id)
        ]  # fmt: skip
        if not found:
            raise InvalidError([f"case {case_id}, {question_id}: no discrepancy to resolve"])
        allowed = {d.first_answer for d in found} | {d.second_answer for d in found}
        if answer not in allowed:
            shown = " or ".join(a for a in ANSWERS if a in allowed)
            raise InvalidError([f"case {case_id}, {question_id}: resolve it as {shown}"])
        store.resolve_second_answers(inspection_id, case_id, question_id, answer, actor)


def agreement_of(
    store: Store, actor: Actor, inspection_id: str, mode: str | None = None
) -> AgreementReport:
    """The agreement of first and second answers in the inspection (of ``mode``, or both)."""
    authorise(store, actor, Action.READ_AGREEMENT, inspection_id)
    return agreement_report(store.bundle(inspection_id), store.framework_of(inspection_id),
                            mode=mode)  # fmt: skip
