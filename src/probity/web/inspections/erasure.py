"""Erasing a case's personal data, and the record kept of each erasure.

An erasure blanks what a case says about the person it is about: the facts of its case profile
(``attributes``: each fact the framework declares, set to null), every answer's free-text note,
every second look's note and reason for disagreeing, the reasons typed for its workflow steps
and sample changes, the text and pseudonym of any practice example drawn from it, the facts of
its row in the list of eligible cases, and the same values in every history record of them. The
comments on the draft report (and their resolutions) are searched for the case's id and its
practice examples' pseudonyms: each mention is replaced by ``[erased]``, in the comments and
their history. It keeps what the inspection's figures are made of: the case's id, its
assessor and status, and each answer's yes / no / not applicable (first, second and
resolved). The figures of a
published inspection are those of its published report (frozen); figures computed afresh from
the erased cases lose what depended on their facts (which questions applied, breakdowns by a
fact of the case profile).
A published report is never touched: its copies (``Inspection.published_html``, every
``ReportVersion``) are frozen as published, ratings included.

Each erasure is recorded (:class:`Erasure`): which case of which inspection, what kind of data
was blanked and in how many rows, by whom, when and why, never the data itself. The same record
is appended to the ledger outside the database (:mod:`probity.web.inspections.erasure_ledger`),
from which a restore re-applies it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.utils import timezone

# A practice example's text cannot be empty in the report's tables: this stands in its place.
ERASED_TEXT = "[erased]"
IMPORTED = "imported from bundle"  # change reasons that say nothing about the case: kept


class ErasureKind(models.TextChoices):
    """Why the case was erased."""

    REQUEST = "request", "On request"
    RETENTION = "retention", "Retention period over"


class Erasure(models.Model):
    """One case's personal data erased: the record, never the data. ``inspection_id`` and
    ``case_id`` are the inspection's and the case's own ids (text, not links: the record
    outlives them); ``erased`` counts the rows blanked, by table and field."""

    uid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    inspection_id = models.CharField(max_length=200)
    case_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=ErasureKind.choices)
    reason = models.TextField()
    by = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)
    erased = models.JSONField(default=dict)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.case_id} erased ({self.kind})"


class CaseNotFoundError(Exception):
    """No such inspection, or no such case in it."""


@dataclass(frozen=True)
class ErasureEntry:
    """What an erasure record holds, as written to the ledger."""

    uid: str
    inspection_id: str
    case_id: str
    kind: str
    reason: str
    by: str
    at: datetime

    def as_dict(self) -> dict[str, str]:
        """The entry as the ledger's JSON object."""
        return {
            "uid": self.uid, "inspection_id": self.inspection_id, "case_id": self.case_id,
            "kind": self.kind, "reason": self.reason, "by": self.by, "at": self.at.isoformat(),
        }  # fmt: skip


def erase_case(
    inspection_id: str,
    case_id: str,
    *,
    reason: str,
    by: str,
    by_id: int | None = None,
    kind: str = ErasureKind.REQUEST,
    using: str = DEFAULT_DB_ALIAS,
) -> Erasure:
    """Erase one case's personal data (one transaction), record it, and append it to the
    ledger before the transaction commits (a ledger entry without its erasure is harmless:
    a restore only erases again). The audit trail keeps an event of it: ``by`` (and the
    Probity user ``by_id``, if any), the reason, the rows blanked. Raises
    :class:`CaseNotFoundError`."""
    from probity.web.inspections import erasure_ledger
    from probity.web.inspections.audit import record_event
    from probity.web.inspections.models import Case, Inspection

    with transaction.atomic(using=using):
        if (
            not Case.objects.using(using)
            .filter(inspection__inspection_id=inspection_id, case_id=case_id)
            .exists()
        ):
            raise CaseNotFoundError(f"no case {case_id!r} in inspection {inspection_id!r}")
        entry = ErasureEntry(
            str(uuid.uuid4()), inspection_id, case_id, str(kind), reason, by, timezone.now()
        )
        record = apply_entry(entry, using=using)
        why = ErasureKind(kind).label.lower()
        record_event(
            "erasure", f"Case {case_id}: personal data erased ({why})", by=by_id, actor=by,
            inspection=Inspection.objects.using(using).get(inspection_id=inspection_id),
            new=_rows_blanked(record), reason=reason, using=using,
        )  # fmt: skip
        erasure_ledger.append(entry)
    return record


def _rows_blanked(record: Erasure) -> str:
    return ", ".join(f"{name}: {n} rows" for name, n in sorted(record.erased.items()))


def record_reapplied(
    records: Sequence[Erasure], archive: str, *, by_id: int | None, actor: str, using: str
) -> None:
    """Keep in the audit trail each erasure a restore applied again from the ledger (after the
    load: the restored rows hold no event of it), naming the archive restored as the reason;
    ``by_id`` and ``actor``: who restored it."""
    from probity.web.inspections.audit import record_event
    from probity.web.inspections.models import Inspection

    for record in records:
        why = ErasureKind(record.kind).label.lower()
        record_event(
            "erasure", f"Case {record.case_id}: personal data erased again ({why})", by=by_id,
            actor=actor,
            inspection=Inspection.objects.using(using)
            .filter(inspection_id=record.inspection_id).first(),
            new=_rows_blanked(record), reason=f"re-applied after restore of {archive}",
            using=using,
        )  # fmt: skip


def apply_entry(entry: ErasureEntry, *, using: str = DEFAULT_DB_ALIAS) -> Erasure:
    """Blank the case's personal data and save the entry's record (under its own uid, time and
    author: a restore re-applying it keeps them). A case no longer stored has nothing to blank:
    the record is kept all the same."""
    with transaction.atomic(using=using):
        erased = blank_case(entry.inspection_id, entry.case_id, using=using)
        return Erasure.objects.using(using).create(
            uid=uuid.UUID(entry.uid), inspection_id=entry.inspection_id, case_id=entry.case_id,
            kind=entry.kind, reason=entry.reason, by=entry.by, at=entry.at, erased=erased,
        )  # fmt: skip


def blank_case(inspection_id: str, case_id: str, *, using: str) -> dict[str, int]:
    """Blank the personal data of one case and of its history records; the rows changed, by
    ``table.field``. Updates, not saves: a save would write a history record holding the
    values being erased, and would bump the versions inspectors' forms check."""
    from probity.web.inspections.models import (
        Answer,
        Case,
        CaseEvent,
        PracticeExample,
        SecondAnswer,
    )
    from probity.web.inspections.sample import EligibleCase, SampleChange

    case = (
        Case.objects.using(using)
        .filter(inspection__inspection_id=inspection_id, case_id=case_id)
        .first()
    )
    if case is None:
        return {}
    hcase: Any = Case.history.model
    hanswer: Any = Answer.history.model
    hsecond: Any = SecondAnswer.history.model
    hexample: Any = PracticeExample.history.model
    of_inspection = {"inspection_id": case.inspection_id, "case_id": case_id}
    said = ~models.Q(history_change_reason__startswith=IMPORTED) & models.Q(
        history_change_reason__isnull=False
    )
    # The names the case goes by, read before its practice examples' pseudonyms are blanked.
    names = {case_id, *_pseudonyms(of_inspection, using)}
    counts = {
        **_redact_comments(case.inspection_id, names, using),
        "case.attributes": _null_facts(Case.objects.using(using).filter(pk=case.pk)),
        "answer.note": Answer.objects.using(using)
        .filter(case=case, note__isnull=False)
        .update(note=None),
        "second_answer.note": SecondAnswer.objects.using(using)
        .filter(case=case, note__isnull=False)
        .update(note=None),
        "second_answer.reason": SecondAnswer.objects.using(using)
        .filter(case=case, reason__isnull=False)
        .update(reason=None),
        "case_event.reason": CaseEvent.objects.using(using)
        .filter(case=case, reason__isnull=False)
        .update(reason=None),
        "practice_example.text": PracticeExample.objects.using(using)
        .filter(**of_inspection)
        .update(text=ERASED_TEXT, pseudonym=None),
        "eligible_case.attributes": _null_facts(
            EligibleCase.objects.using(using).filter(**of_inspection)
        ),
        "sample_change.reason": SampleChange.objects.using(using)
        .filter(**of_inspection)
        .update(reason=ERASED_TEXT),
        "history.case.attributes": _null_facts(hcase.objects.using(using).filter(id=case.pk)),
        "history.case.reason": hcase.objects.using(using)
        .filter(said, id=case.pk)
        .update(history_change_reason=None),
        "history.answer.note": hanswer.objects.using(using)
        .filter(case_id=case.pk, note__isnull=False)
        .update(note=None),
        "history.answer.reason": hanswer.objects.using(using)
        .filter(said, case_id=case.pk)
        .update(history_change_reason=None),
        "history.second_answer.note": hsecond.objects.using(using)
        .filter(case_id=case.pk, note__isnull=False)
        .update(note=None),
        "history.second_answer.reason": hsecond.objects.using(using)
        .filter(case_id=case.pk, reason__isnull=False)
        .update(reason=None),
        "history.second_answer.change_reason": hsecond.objects.using(using)
        .filter(said, case_id=case.pk)
        .update(history_change_reason=None),
        "history.practice_example.text": hexample.objects.using(using)
        .filter(**of_inspection)
        .update(text=ERASED_TEXT, pseudonym=None),
    }
    return {name: n for name, n in counts.items() if n}


def _pseudonyms(of_inspection: dict[str, Any], using: str) -> set[str]:
    """The pseudonyms of the case's practice examples, now and in their history."""
    from probity.web.inspections.models import PracticeExample

    hexample: Any = PracticeExample.history.model
    found = set()
    for rows in (PracticeExample.objects, hexample.objects):
        found |= set(
            rows.using(using)
            .filter(**of_inspection, pseudonym__isnull=False)
            .values_list("pseudonym", flat=True)
        )
    return {p.strip() for p in found if p and p.strip()}


def _redact_comments(inspection_pk: int, names: set[str], using: str) -> dict[str, int]:
    """Replace each mention of ``names`` (whole words, any case: over-redacting a comment is
    the safe side) in the inspection's report comments, their resolutions and their history
    by ``[erased]``; the rows changed, by ``table.field``."""
    from probity.web.inspections.report_review import ReportComment

    words = sorted(names, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )
    mentions = models.Q()
    for w in words:
        mentions |= models.Q(text__icontains=w) | models.Q(resolution__icontains=w)
    hcomment: Any = ReportComment.history.model
    counts = {}
    for prefix, rows in (("", ReportComment.objects), ("history.", hcomment.objects)):
        found = rows.using(using).filter(mentions, inspection_id=inspection_pk)
        for field in ("text", "resolution"):
            changed = 0
            for pk, value in found.values_list("pk", field):
                redacted = pattern.sub(ERASED_TEXT, value) if value else value
                if redacted != value:
                    changed += rows.using(using).filter(pk=pk).update(**{field: redacted})
            counts[f"{prefix}report_comment.{field}"] = changed
    return counts


def _null_facts(rows: models.QuerySet[Any]) -> int:
    """Set every fact of the rows' ``attributes`` to null, keeping their names (the case keeps
    its shape: it counts as "not recorded" wherever its facts are asked for); the rows
    changed."""
    changed = 0
    for pk, facts in rows.values_list("pk", "attributes"):
        blank = dict.fromkeys(facts or {})
        if blank != facts:
            changed += rows.filter(pk=pk).update(attributes=blank)
    return changed
