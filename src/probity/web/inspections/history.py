"""A case's audit trail, read from django-simple-history's records: every change to the case
(status, assignment) and to its answers, with who made it, when, and the values before and
after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User

from probity.web.inspections.casework import display_name
from probity.web.inspections.models import Answer, Case, CaseStatus


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
