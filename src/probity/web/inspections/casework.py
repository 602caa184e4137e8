"""The work done on a case, without HTTP: which standards it is assessed against, how far the
assessment has got, saving a standard's answers (with the concurrent-edit check), and moving
the case through its workflow (submit, assign, quality-assure, return).

Every change bumps ``Case.version`` and records who made it; every change to an answer bumps
``Answer.version`` and leaves a historical record (who, when, the new value; the previous
record holds the old one). Which answers a question allows comes from the framework
(:mod:`probity.framework.applicability`), so nothing saved here can fail the core's bundle
validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from types import MappingProxyType
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from probity.framework import Framework, KeyQuestion, Standard, load_framework
from probity.framework.applicability import (
    NA_ONLY,
    CaseScope,
    QuestionRule,
    question_rules,
    standard_applies,
)
from probity.web.inspections.models import Answer, Case, CaseStatus, Inspection, Membership, Role

# Changing answers of a submitted case puts it back in progress: it must be submitted again.
IN_PROGRESS_ONCE_CHANGED = frozenset({CaseStatus.NOT_STARTED, CaseStatus.SUBMITTED})


class StaleCaseError(Exception):
    """The case changed after the form was opened: its version has moved on."""

    def __init__(self, case: Case) -> None:
        super().__init__(f"case {case.case_id} is at version {case.version}")
        self.case = case  # as it is now, with ``updated_by``


class TransitionError(Exception):
    """The case is not in a state that allows the step asked for (the message says why)."""


class IncompleteCaseError(Exception):
    """The case cannot be submitted: key questions are still unanswered."""

    def __init__(self, missing: list[tuple[Standard, KeyQuestion]]) -> None:
        super().__init__(", ".join(kq.id for _, kq in missing))
        self.missing = missing


def display_name(user: User | None) -> str:
    """A user's full name, or their user name when they have none."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def scope_of(case: Case) -> CaseScope:
    """The facts about the case that decide which questions apply to it."""
    return CaseScope(case.case_type, case.unpaid_work_only, case.court_report)


@cache
def _rules(framework_id: str, scope: CaseScope) -> Mapping[str, QuestionRule]:
    return MappingProxyType(question_rules(load_framework(framework_id), scope))


def rules_for(fw: Framework, case: Case) -> Mapping[str, QuestionRule]:
    """What every question of the framework allows on this case (cached per kind of case)."""
    return _rules(fw.id, scope_of(case))


def assessed_standards(fw: Framework, case: Case) -> list[Standard]:
    """The standards assessed case by case (those with key questions) that apply to this case;
    domain one is judged for the whole inspection, not per case."""
    scope = scope_of(case)
    return [s for s in fw.standards if s.key_questions and standard_applies(s, scope)]


def offered_questions(standard: Standard, rules: Mapping[str, QuestionRule]) -> list[str]:
    """The ids of the standard's questions an inspector answers on this case: every key
    question, and the prompts that allow more than ``na`` here."""
    prompts = [p.id for p in standard.prompts if rules[p.id].allowed not in (NA_ONLY, frozenset())]
    return [kq.id for kq in standard.key_questions] + prompts


def question_ids(standard: Standard) -> list[str]:
    """Every question of the standard: its key questions, then its prompts."""
    return [kq.id for kq in standard.key_questions] + [p.id for p in standard.prompts]


def stored_answers(case: Case, standard: Standard) -> dict[str, Answer]:
    """The case's stored answers to the standard's questions, by question id (one query)."""
    rows = Answer.objects.filter(case=case, question_id__in=question_ids(standard))
    return {a.question_id: a for a in rows}


@dataclass(frozen=True)
class Progress:
    """How far one standard's assessment of a case has got."""

    standard: Standard
    answered: int
    questions: int
    missing: tuple[KeyQuestion, ...]  # key questions not yet answered


def progress(fw: Framework, case: Case) -> list[Progress]:
    """Every assessed standard of the case with its questions answered (one query)."""
    answered = set(Answer.objects.filter(case=case).values_list("question_id", flat=True))
    rules = rules_for(fw, case)
    rows = []
    for s in assessed_standards(fw, case):
        offered = offered_questions(s, rules)
        rows.append(
            Progress(
                standard=s,
                answered=sum(q in answered for q in offered),
                questions=len(offered),
                missing=tuple(kq for kq in s.key_questions if kq.id not in answered),
            )
        )
    return rows


def save_answers(
    fw: Framework,
    case: Case,
    standard: Standard,
    *,
    user: User,
    version: int,
    answers: Mapping[str, str],
    notes: Mapping[str, str | None],
    stored: Mapping[str, Answer] | None = None,
) -> int:
    """Save one standard's answers on the case, if the case is still at ``version``.

    ``answers`` holds the values chosen (question id to yes, no or na; a question left out
    keeps its stored answer); ``notes`` the notes on key questions (left out: kept). Prompts
    that can only be ``na`` on this case are stored as ``na``. Only answers that change are
    written; a change puts a case not started or submitted in progress. Raises
    :class:`StaleCaseError` (and saves nothing) when someone else changed the case since
    ``version``. ``stored`` may give the standard's answers as already read
    (:func:`stored_answers`): any change to them since would have moved the version on.
    Returns how many answers were written.
    """
    rules = rules_for(fw, case)
    now = timezone.now()
    with transaction.atomic():
        if stored is None:
            stored = stored_answers(case, standard)
        changed: list[tuple[Answer, str, str | None]] = []
        created: list[Answer] = []
        for qid in question_ids(standard):
            value = "na" if rules[qid].allowed == NA_ONLY else answers.get(qid)
            row = stored.get(qid)
            if row is None:
                if value is not None:
                    note = notes.get(qid) or None
                    created.append(Answer(case=case, question_id=qid, answer=value, note=note))
                continue
            new_answer = row.answer if value is None else value
            new_note = (notes[qid] or None) if qid in notes else row.note
            if (new_answer, new_note) != (row.answer, row.note or None):
                changed.append((row, new_answer, new_note))
        reopens = bool(changed or created) and case.status in IN_PROGRESS_ONCE_CHANGED
        status = CaseStatus.IN_PROGRESS if reopens else case.status
        # The version check and the claim on the case in one statement: a concurrent save of
        # the same case waits for this one, then finds the version moved on.
        claimed = Case.objects.filter(pk=case.pk, version=version).update(
            version=F("version") + 1, updated_by=user, updated_at=now, status=status
        )
        if not claimed:
            raise StaleCaseError(Case.objects.select_related("updated_by").get(pk=case.pk))
        for row, new_answer, new_note in changed:
            row.answer, row.note, row.version = new_answer, new_note, row.version + 1
        if changed:
            bulk_update_with_history(
                [row for row, _, _ in changed],
                Answer,
                ["answer", "note", "version"],
                default_user=user,
                default_date=now,
            )
        if created:
            _place(case, created)
            bulk_create_with_history(created, Answer, default_user=user, default_date=now)
        case.version, case.updated_by, case.updated_at = version + 1, user, now
        if reopens:
            case.status = status
            _record(case, user, now, "answers saved")
    return len(changed) + len(created)


def _place(case: Case, answers: list[Answer]) -> None:
    """New answers go after every answer of the inspection (the bundle's order)."""
    last = Answer.objects.filter(case__inspection_id=case.inspection_id).aggregate(
        last=Max("position")
    )["last"]
    start = -1 if last is None else last
    for i, a in enumerate(answers, start=start + 1):
        a.position = i


def _record(case: Case, user: User, when: datetime, reason: str) -> None:
    """A historical record of the case as it now stands (the conditional updates that change
    it bypass ``save()``, so simple-history would not see them)."""
    Case.history.bulk_history_create(
        [case], update=True, default_user=user, default_date=when, default_change_reason=reason
    )


def _change(
    case: Case, user: User, reason: str, *, only_from: frozenset[str] | None, **values: Any
) -> Case:
    """Change the case's workflow fields if its status is one of ``only_from`` (None: any)."""
    now = timezone.now()
    with transaction.atomic():
        rows = Case.objects.filter(pk=case.pk)
        if only_from is not None:
            rows = rows.filter(status__in=only_from)
        if not rows.update(version=F("version") + 1, updated_by=user, updated_at=now, **values):
            case.refresh_from_db()
            raise TransitionError(
                f"Case {case.case_id} is {case.get_status_display().lower()}: it cannot be {reason}"
            )
        case.refresh_from_db()
        _record(case, user, now, reason)
    return case


def unanswered(fw: Framework, case: Case) -> list[tuple[Standard, KeyQuestion]]:
    """Every key question of the case's assessed standards still without an answer."""
    return [(p.standard, kq) for p in progress(fw, case) for kq in p.missing]


def submit(fw: Framework, case: Case, user: User) -> Case:
    """Submit the case for quality assurance, once every applicable key question is answered
    (:class:`IncompleteCaseError` lists those that are not)."""
    missing = unanswered(fw, case)
    if missing:
        raise IncompleteCaseError(missing)
    return _change(
        case,
        user,
        "submitted",
        only_from=frozenset({CaseStatus.NOT_STARTED, CaseStatus.IN_PROGRESS}),
        status=CaseStatus.SUBMITTED,
    )


def inspectors_of(inspection: Inspection) -> QuerySet[User]:
    """The users a case may be assigned to: the inspectors of its inspection."""
    return User.objects.filter(
        memberships__inspection=inspection, memberships__role=Role.INSPECTOR
    ).order_by("first_name", "last_name", "username")


def assign(case: Case, assessor: User, user: User) -> Case:
    """Assign the case to one of its inspection's inspectors; the bundle's ``inspector`` label
    becomes their name."""
    is_inspector = Membership.objects.filter(
        user=assessor, inspection_id=case.inspection_id, role=Role.INSPECTOR
    ).exists()
    if not is_inspector:
        raise TransitionError(
            f"{display_name(assessor)} is not an inspector of this inspection: "
            f"case {case.case_id} cannot be assigned to them"
        )
    return _change(
        case,
        user,
        f"assigned to {display_name(assessor)}",
        only_from=None,
        assessor=assessor,
        inspector=display_name(assessor),
    )


def quality_assure(case: Case, user: User) -> Case:
    """Mark a submitted case as quality assured (its answers are then read-only)."""
    return _change(
        case,
        user,
        "quality assured",
        only_from=frozenset({CaseStatus.SUBMITTED}),
        status=CaseStatus.QUALITY_ASSURED,
    )


def return_to_inspector(case: Case, user: User) -> Case:
    """Send a submitted or quality-assured case back to its inspector, in progress."""
    return _change(
        case,
        user,
        "returned to the inspector",
        only_from=frozenset({CaseStatus.SUBMITTED, CaseStatus.QUALITY_ASSURED}),
        status=CaseStatus.IN_PROGRESS,
    )


@dataclass(frozen=True)
class Change:
    """One recorded change to a case or one of its answers, for the audit trail."""

    when: datetime
    who: str
    subject: str  # a question id, or "Case"
    field: str
    old: str
    new: str
    reason: str


IMPORTED = "imported from bundle"
ANSWER_FIELDS = (("answer", "Answer"), ("note", "Notes"))
CASE_FIELDS = (("status", "Status"), ("assessor_id", "Assessor"))


def case_history(case: Case) -> list[Change]:
    """Every recorded change to the case (status, assignment) and to its answers, newest
    first. The records made when the case was imported are summed up in one change."""
    answers = list(
        Answer.history.filter(case_id=case.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    cases = list(
        Case.history.filter(id=case.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    assessors = {r.assessor_id for r in cases} - {None}
    names = {u.pk: display_name(u) for u in User.objects.filter(pk__in=assessors)}

    def words(attr: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if attr == "status":
            return str(CaseStatus(value).label)
        if attr == "assessor_id":
            return names.get(value, f"user {value}")
        return str(value)

    changes: list[Change] = []
    imported: dict[str, tuple[datetime, int]] = {}  # reason → when, answers
    for records, fields in ((answers, ANSWER_FIELDS), (cases, CASE_FIELDS)):
        before: dict[int, Any] = {}
        for r in records:
            old = before.get(r.id)
            before[r.id] = r
            reason = r.history_change_reason or ""
            if old is None and reason.startswith(IMPORTED):
                when, count = imported.get(reason, (r.history_date, 0))
                imported[reason] = (when, count + (records is answers))
                continue
            for attr, label in fields:
                was, now = getattr(old, attr, None), getattr(r, attr)
                if was == now or (old is None and not now):
                    continue
                changes.append(
                    Change(
                        when=r.history_date,
                        who=display_name(r.history_user),
                        subject=r.question_id if records is answers else "Case",
                        field=label,
                        old=words(attr, was),
                        new=words(attr, now),
                        reason=reason,
                    )
                )
    for reason, (when, count) in imported.items():
        changes.append(Change(when, "", "Case", "Answers", "", f"{count} answers", reason))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes
