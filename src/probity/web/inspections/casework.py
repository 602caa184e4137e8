"""What the case pages show of a case, without HTTP: which standards it is assessed against
and how far the assessment has got, what each question allows on it, who may be assigned it,
and the reason it was last returned. Changing a case is the workflow's
(:mod:`probity.workflow.services` over :mod:`probity.web.inspections.store`), not this
module's. Which answers a question allows comes from the framework
(:mod:`probity.framework.applicability`), so a page offers nothing the workflow would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from types import MappingProxyType

from django.contrib.auth.models import User
from django.db.models import QuerySet

from probity.framework import Framework, KeyQuestion, Standard
from probity.framework.applicability import (
    NA_ONLY,
    QuestionRule,
    question_rules,
    standard_applies,
)
from probity.web.inspections.models import Answer, Case, CaseEvent, CaseStatus, Inspection, Part
from probity.workflow.transitions import Step


def display_name(user: User | None) -> str:
    """A user's full name, or their user name when they have none."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


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
    return progress_from(fw, case, answered)


def answered_by_case(cases: QuerySet[Case]) -> dict[int, set[str]]:
    """The ids of the questions answered on each of the cases, by the case's key (one
    query)."""
    found: dict[int, set[str]] = {c: set() for c in cases.values_list("pk", flat=True)}
    rows = Answer.objects.filter(case__in=cases).values_list("case_id", "question_id")
    for case_pk, question_id in rows:
        found.setdefault(case_pk, set()).add(question_id)
    return found


def progress_from(fw: Framework, case: Case, answered: set[str]) -> list[Progress]:
    """Every assessed standard of the case with its questions answered, from the ids of the
    questions answered on it."""
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


def inspectors_of(inspection: Inspection) -> QuerySet[User]:
    """The users a case may be assigned to: the inspectors of its inspection."""
    return User.objects.filter(
        memberships__inspection=inspection, memberships__role=Part.INSPECTOR
    ).order_by("first_name", "last_name", "username")


@dataclass(frozen=True)
class Returned:
    """Why a case was last returned to its inspector, by whom and when."""

    reason: str
    by: str
    at: datetime


def last_return(case: Case) -> Returned | None:
    """The case's last return, while it is returned (one query then, none otherwise)."""
    if case.status != CaseStatus.RETURNED:
        return None
    event = (
        CaseEvent.objects.filter(case=case, action=Step.RETURN.value)
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        return None
    return Returned(event.reason or "", display_name(event.by) or "someone", event.at)
