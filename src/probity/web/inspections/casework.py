"""The work done on a case, without HTTP: which standards it is assessed against, how far the
assessment has got, saving a standard's answers (with the concurrent-edit check), and moving
the case through its workflow (submit, assign, quality-assure, return).

Every change bumps ``Case.version`` and records who made it, and happens only if the case is
still at the version the user's page showed; every change to an answer bumps
``Answer.version`` and leaves a historical record (who, when, the new value; the previous
record holds the old one). Nothing changes once the inspection is published: each change
checks that inside its transaction (:func:`refuse_if_published`). Which answers a question
allows comes from the framework (:mod:`probity.framework.applicability`), so nothing saved
here can fail the core's bundle validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from types import MappingProxyType
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Max, QuerySet
from django.utils import dateformat, timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from probity.framework import Framework, KeyQuestion, Standard
from probity.framework.applicability import (
    NA_ONLY,
    QuestionRule,
    question_rules,
    standard_applies,
)
from probity.web.inspections.models import Answer, Case, CaseStatus, Inspection, Membership, Part

# Changing answers of a submitted case puts it back in progress: it must be submitted again.
IN_PROGRESS_ONCE_CHANGED = frozenset({CaseStatus.NOT_STARTED, CaseStatus.SUBMITTED})


class StaleCaseError(Exception):
    """The case changed after the form was opened: its version has moved on."""

    def __init__(self, case: Case) -> None:
        super().__init__(f"case {case.case_id} is at version {case.version}")
        self.case = case  # as it is now, with ``updated_by``


class PublishedError(PermissionDenied):
    """The inspection is published (perhaps while the change was on its way): nothing in it
    can be changed. A ``PermissionDenied``, so that a view that does not say more refuses
    with 403."""

    def __init__(self) -> None:
        super().__init__(
            "The inspection is published: nothing in it can be changed, and this change is "
            "not saved."
        )


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


def who_and_when(user: User | None, when: datetime | None) -> str:
    """Who made a change and when, for a message: "Inspector A at 10:02 on 3 December 2026"."""
    at = dateformat.format(timezone.localtime(when or timezone.now()), r"H:i \o\n j F Y")
    return f"{display_name(user) or 'someone else'} at {at}"


def refuse_if_published(inspection_id: int) -> None:
    """Raise :class:`PublishedError` if the inspection is published; call it inside the
    transaction of the change, before writing anything.

    On PostgreSQL the row is locked ``FOR KEY SHARE``: that waits for a publication in
    progress (which holds the row ``FOR UPDATE``) and then sees its outcome, but does not
    conflict with itself, so saves of different cases do not wait for one another. SQLite
    runs one write transaction at a time (one that read before another's write cannot write
    after it), so a plain read inside the transaction is enough.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Inspection._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {table} WHERE id = %s AND NOT is_published FOR KEY SHARE",
                [inspection_id],
            )
            open_to_change = cursor.fetchone() is not None
    else:
        open_to_change = Inspection.objects.filter(pk=inspection_id, is_published=False).exists()
    if not open_to_change:
        raise PublishedError


_RULES: dict[tuple[str, tuple[tuple[str, str], ...]], Mapping[str, QuestionRule]] = {}
_RULES_LOCK = Lock()
_RULES_KEPT = 4096


def _key(
    fw: Framework, attributes: Mapping[str, object]
) -> tuple[str, tuple[tuple[str, str], ...]]:
    # The framework's file, and the attributes with their types (True is not 1, nor "yes").
    facts = tuple(sorted((k, f"{type(v).__name__}:{v}") for k, v in attributes.items()))
    return (fw.content_hash or f"object-{id(fw)}", facts)


def rules_for(fw: Framework, case: Case) -> Mapping[str, QuestionRule]:
    """What every question of the framework allows on this case, by the framework's rules
    over the case's attributes (kept per framework file and set of attributes)."""
    attributes: Mapping[str, object] = case.attributes
    key = _key(fw, attributes)
    with _RULES_LOCK:
        found = _RULES.get(key)
    if found is None:
        found = MappingProxyType(question_rules(fw, attributes))
        with _RULES_LOCK:
            if len(_RULES) >= _RULES_KEPT:
                _RULES.clear()
            _RULES[key] = found
    return found


def assessed_standards(fw: Framework, case: Case) -> list[Standard]:
    """The standards assessed case by case (those with key questions) that apply to this case
    by the framework's conditions on its attributes; standards judged for the whole
    inspection are not assessed per case."""
    attributes: Mapping[str, object] = case.attributes
    return [s for s in fw.standards if s.key_questions and standard_applies(fw, s, attributes)]


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
    Returns how many answers were written; raises :class:`PublishedError` once the inspection
    is published.
    """
    rules = rules_for(fw, case)
    now = timezone.now()
    with transaction.atomic():
        refuse_if_published(case.inspection_id)
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
    case: Case,
    user: User,
    reason: str,
    *,
    version: int,
    only_from: frozenset[str] | None,
    **values: Any,
) -> Case:
    """Change the case's workflow fields if it is still at ``version`` (else
    :class:`StaleCaseError`) and its status is one of ``only_from`` (None: any; else
    :class:`TransitionError`); :class:`PublishedError` once the inspection is published."""
    now = timezone.now()
    with transaction.atomic():
        refuse_if_published(case.inspection_id)
        rows = Case.objects.filter(pk=case.pk, version=version)
        if only_from is not None:
            rows = rows.filter(status__in=only_from)
        if not rows.update(version=F("version") + 1, updated_by=user, updated_at=now, **values):
            now_stored = Case.objects.select_related("updated_by").get(pk=case.pk)
            if now_stored.version != version:
                raise StaleCaseError(now_stored)
            raise TransitionError(
                f"Case {case.case_id} is {now_stored.get_status_display().lower()}: "
                f"it cannot be {reason}"
            )
        case.refresh_from_db()
        _record(case, user, now, reason)
    return case


def unanswered(fw: Framework, case: Case) -> list[tuple[Standard, KeyQuestion]]:
    """Every key question of the case's assessed standards still without an answer."""
    return [(p.standard, kq) for p in progress(fw, case) for kq in p.missing]


def submit(fw: Framework, case: Case, user: User, *, version: int) -> Case:
    """Submit the case for quality assurance, once every applicable key question is answered
    (:class:`IncompleteCaseError` lists those that are not), if it is still at ``version``:
    any change to its answers since would have moved the version on."""
    missing = unanswered(fw, case)
    if missing:
        raise IncompleteCaseError(missing)
    return _change(
        case,
        user,
        "submitted",
        version=version,
        only_from=frozenset({CaseStatus.NOT_STARTED, CaseStatus.IN_PROGRESS}),
        status=CaseStatus.SUBMITTED,
    )


def inspectors_of(inspection: Inspection) -> QuerySet[User]:
    """The users a case may be assigned to: the inspectors of its inspection."""
    return User.objects.filter(
        memberships__inspection=inspection, memberships__role=Part.INSPECTOR
    ).order_by("first_name", "last_name", "username")


def assign(case: Case, assessor: User, user: User, *, version: int) -> Case:
    """Assign the case, still at ``version``, to one of its inspection's inspectors; the
    bundle's ``inspector`` label becomes their name."""
    is_inspector = Membership.objects.filter(
        user=assessor, inspection_id=case.inspection_id, role=Part.INSPECTOR
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
        version=version,
        only_from=None,
        assessor=assessor,
        inspector=display_name(assessor),
    )


def quality_assure(case: Case, user: User, *, version: int) -> Case:
    """Mark a submitted case, still at ``version`` (the answers the lead saw), as quality
    assured; its answers are then read-only."""
    return _change(
        case,
        user,
        "quality assured",
        version=version,
        only_from=frozenset({CaseStatus.SUBMITTED}),
        status=CaseStatus.QUALITY_ASSURED,
    )


def return_to_inspector(case: Case, user: User, *, version: int) -> Case:
    """Send a submitted or quality-assured case, still at ``version``, back to its
    inspector, in progress."""
    return _change(
        case,
        user,
        "returned to the inspector",
        version=version,
        only_from=frozenset({CaseStatus.SUBMITTED, CaseStatus.QUALITY_ASSURED}),
        status=CaseStatus.IN_PROGRESS,
    )
