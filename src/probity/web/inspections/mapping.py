"""Whole bundles to and from the database: the web application's edge with the core.

:func:`from_bundle` saves every row of a validated bundle in one transaction, with the exact
text of the framework it was read under (the inspection is rated under that text from then
on) and the unit it inspects (the records of the region and unit it names, made if missing);
:func:`to_bundle` reads them back, in the bundle's order, as the core's
:class:`~probity.bundle.model.Bundle`, the framework's hash included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.utils import timezone

from probity.bundle.model import Bundle
from probity.framework import Framework, load_framework
from probity.web.inspections import audit_actor, organisations
from probity.web.inspections.frameworks import record_framework
from probity.web.inspections.models import (
    Answer,
    Case,
    CaseStatus,
    GlossaryTerm,
    Inspection,
    Judgement,
    NarrativeParagraph,
    PracticeExample,
    Recommendation,
    SampleWindow,
    SecondAnswer,
    StaffingFigure,
    SurveyResult,
)

BATCH = 1000

# The bundle's tables that are rows of one inspection, and their models.
ROW_TABLES: tuple[tuple[str, Any], ...] = (
    ("sample_windows", SampleWindow),
    ("cases", Case),
    ("judgements", Judgement),
    ("staffing", StaffingFigure),
    ("surveys", SurveyResult),
    ("recommendations", Recommendation),
    ("practice_examples", PracticeExample),
    ("narrative", NarrativeParagraph),
    ("glossary", GlossaryTerm),
)


class InspectionPublishedError(Exception):
    """The inspection to be replaced is published: its report is frozen, so its rows are too."""

    def __init__(self, inspection_id: str) -> None:
        super().__init__(inspection_id)
        self.inspection_id = inspection_id


class InspectionExistsError(Exception):
    """The database already holds an inspection with this id."""

    def __init__(self, inspection_id: str) -> None:
        super().__init__(inspection_id)
        self.inspection_id = inspection_id


def from_bundle(
    bundle: Bundle,
    *,
    replace: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    framework: Framework | None = None,
    framework_text: str | None = None,
) -> Inspection:
    """Save a validated bundle, every row or none (one transaction), recorded under the
    framework it was read under: ``framework`` (a file of one's own, whose ``framework_text``
    may be given), else the one installed under the id it names.

    An inspection with the same id is refused (:class:`InspectionExistsError`) unless ``replace``,
    when it is deleted, with all its rows, in the same transaction; a published one is never
    replaced (:class:`InspectionPublishedError`). The inspection's unit is
    the one of its organisation's name under the region of its region's name, each found or
    made (:func:`~probity.web.inspections.organisations.unit_named`: an organisation of
    another kind in the way raises its ``OrganisationConflictError``).
    """
    inspection_id = bundle.inspection.inspection_id
    fw = framework if framework is not None else load_framework(bundle.inspection.framework)
    with transaction.atomic(using=using):
        record_framework(fw, framework_text, using=using)
        existing = (
            Inspection.objects.using(using).select_for_update().filter(inspection_id=inspection_id)
        )
        if existing.exists():
            if not replace:
                raise InspectionExistsError(inspection_id)
            if existing.filter(is_published=True).exists():
                raise InspectionPublishedError(inspection_id)
            existing.delete()
        inspection = Inspection.from_domain(bundle.inspection)
        inspection.framework_hash = fw.content_hash
        unit = organisations.unit_named(inspection.organisation, inspection.region, using=using)
        organisations.place(inspection, unit)
        inspection.save(using=using)
        for table, model in ROW_TABLES:
            rows = [
                model.from_domain(record, inspection=inspection, position=i)
                for i, record in enumerate(bundle.rows(table))
            ]
            _create(model, rows, using)
        cases = dict(
            Case.objects.using(using).filter(inspection=inspection).values_list("case_id", "pk")
        )
        answers = [
            Answer.from_domain(a, case=Case(pk=cases[a.case_id]), position=i)
            for i, a in enumerate(bundle.answers)
        ]
        _create(Answer, answers, using)
        seconds = [
            SecondAnswer.from_domain(s, case=Case(pk=cases[s.case_id]), position=i)
            for i, s in enumerate(bundle.second_answers)
        ]
        _create(SecondAnswer, seconds, using)
        answered = Answer.objects.using(using).filter(case__inspection=inspection).values("case")
        Case.objects.using(using).filter(pk__in=answered).update(status=CaseStatus.SUBMITTED)
        # The audit trail starts with the values imported, so that the first change made in
        # the web application has an old value to show.
        reason = f"imported from bundle {inspection_id}"
        command = audit_actor.current()
        if command is not None and command.user is None:
            reason = f"{reason} ({command.label})"
        author = command.user.pk if command is not None and command.user is not None else None
        for model in (Case, Answer, SecondAnswer, Judgement):
            kept = model.objects.using(using).filter(**_of(model, inspection))
            _snapshot(model, kept, using, reason, author)
    return inspection


def to_bundle(inspection: Inspection, *, using: str | None = None) -> Bundle:
    """The inspection's rows as the core's bundle, in the order they were imported."""
    db = using or inspection._state.db or DEFAULT_DB_ALIAS
    tables: dict[str, tuple[Any, ...]] = {}
    for table, model in ROW_TABLES:
        rows = model.objects.using(db).filter(inspection=inspection).order_by("position")
        tables[table] = tuple(row.to_domain() for row in rows)
    case_ids = dict(
        Case.objects.using(db).filter(inspection=inspection).values_list("pk", "case_id")
    )
    # Answers saved at once by two inspectors may share a position: their ids then decide.
    answers = (
        Answer.objects.using(db).filter(case__inspection=inspection).order_by("position", "pk")
    )
    seconds = (
        SecondAnswer.objects.using(db)
        .filter(case__inspection=inspection)
        .order_by("position", "pk")
    )
    return Bundle(
        inspection=inspection.to_domain(),
        answers=tuple(a.to_domain(case_ids[a.case_id]) for a in answers),
        second_answers=tuple(s.to_domain(case_ids[s.case_id]) for s in seconds),
        **tables,
    )


def find_inspection(inspection_id: str, *, using: str = DEFAULT_DB_ALIAS) -> Inspection | None:
    """The stored inspection with this id, or None."""
    return Inspection.objects.using(using).filter(inspection_id=inspection_id).first()


def _of(model: type[models.Model], inspection: Inspection) -> dict[str, Inspection]:
    return {"case__inspection" if model in (Answer, SecondAnswer) else "inspection": inspection}


def _snapshot(
    model: type[models.Model], rows: Any, using: str, reason: str, author: int | None
) -> None:
    """One "created" history record per row, on the given database (simple-history's own
    bulk helper writes to the default database only), by ``author`` (a user's id: the
    command's Probity user, if it names one)."""
    history: Any = model.history.model  # type: ignore[attr-defined]
    now = timezone.now()
    records = [
        history(
            history_date=now,
            history_type="+",
            history_change_reason=reason,
            history_user_id=author,
            **{f.attname: getattr(row, f.attname) for f in history.tracked_fields},
        )
        for row in rows.iterator(chunk_size=BATCH)
    ]
    history.objects.using(using).bulk_create(records, batch_size=BATCH)


def _create(model: type[models.Model], rows: Sequence[models.Model], using: str) -> None:
    model._default_manager.db_manager(using).bulk_create(rows, batch_size=BATCH)
