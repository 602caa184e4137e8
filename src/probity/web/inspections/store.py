"""The workflow's store (:class:`probity.workflow.store.Store`) over the web application's
database: rows mapped to the core's facts at this edge, and back.

Concurrency, as the workflow asks of a store:

- Every change to a case is one conditional UPDATE: the version check and the claim on the
  case in one statement, so that a concurrent change of the same case waits for this one, then
  finds the version moved on (:class:`~probity.workflow.errors.StaleError`, saying who changed
  it and when). The updates bypass ``save()``, so the history records (django-simple-history)
  are written here; every change of a case's state leaves a :class:`CaseEvent` row too.
- :meth:`DjangoStore.inspection` with ``lock=True`` holds the inspection against publication
  for the rest of the transaction. On PostgreSQL the row is locked ``FOR KEY SHARE``: that
  waits for a publication in progress (which holds the row ``FOR UPDATE``) and then sees its
  outcome, but does not conflict with itself, so saves of different cases do not wait for one
  another. SQLite runs one write transaction at a time (one that read before another's write
  cannot write after it), so a plain read inside the transaction is enough.
- :meth:`DjangoStore.publish` takes the row ``FOR UPDATE``, which waits for the changes on
  their way, then checks that the inspection is still what it read and rated
  (:meth:`DjangoStore.bundle`) before marking it published.

One store serves one request (or one command): it keeps the rows it has read, so that a page
and the service it calls read the inspection, the case and its answers once. What it keeps is
safe to reuse because every write is conditional on the version read; it forgets everything
when a transaction fails.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef
from django.utils import dateformat, timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from probity.bundle.model import Bundle
from probity.framework.models import Framework
from probity.web.inspections import actors, frameworks
from probity.web.inspections.audit import ExportRecord, record_event
from probity.web.inspections.casework import display_name
from probity.web.inspections.mapping import to_bundle
from probity.web.inspections.models import (
    Answer,
    Case,
    CaseEvent,
    GlossaryTerm,
    Inspection,
    Judgement,
    Membership,
    NarrativeParagraph,
    PracticeExample,
    Recommendation,
    SampleWindow,
    SecondAnswer,
    SecondLookRequest,
    StaffingFigure,
    SurveyResult,
)
from probity.web.inspections.organisations import Organisation, OrganisationKind, place
from probity.web.inspections.report_check import AcceptedFinding as AcceptedFindingRow
from probity.web.inspections.report_review import ReportComment as ReportCommentRow
from probity.web.inspections.report_review import ReportVersion
from probity.web.inspections.sample import EligibleCase, SampleChange, SampleChangeKind, SampleDraw
from probity.workflow import model as wf
from probity.workflow.errors import InvalidError, NotAllowedNowError, NotFoundError, StaleError
from probity.workflow.sampling import Draw
from probity.workflow.sampling import EligibleCase as CoreEligibleCase
from probity.workflow.store import (
    REPORT_TABLES,
    AcceptedFinding,
    InspectionSpec,
    PublishedVersion,
    ReportComment,
    ReportRecord,
    ReportRow,
    RowChange,
    SecondGiven,
    SecondLook,
    StoredAnswer,
)
from probity.workflow.store import Judgement as CoreJudgement

# Tries at a new judgement's place among the inspection's judgements, when others are being
# recorded at the same moment.
JUDGEMENT_PLACES = 5


def storable(text: str) -> bool:
    """Whether a text from a URL could be a stored id at all (PostgreSQL refuses NUL in a
    text comparison: such an id is not looked up)."""
    return "\x00" not in text


def when_words(when: datetime | None) -> str | None:
    """A moment as a message gives it: "10:02 on 3 December 2026" (local time)."""
    if when is None:
        return None
    return dateformat.format(timezone.localtime(when), r"H:i \o\n j F Y")


def inspection_facts(
    row: Inspection,
    team: Mapping[int, wf.Part],
    writers: Mapping[int, frozenset[str]] | None = None,
) -> wf.InspectionFacts:
    """An inspection row as the workflow sees it: its unit's slug and its region's (the unit's
    parent), whether it is published, when fieldwork ends, ``team`` and the sections of the
    report each member may write (``writers``)."""
    unit = row.unit
    region = unit.parent if unit is not None else None
    return wf.InspectionFacts(
        inspection_id=row.inspection_id,
        framework=row.framework,
        organisation=unit.slug if unit is not None else "",
        region=region.slug if region is not None else None,
        fieldwork_end=row.fieldwork_end,
        published=row.is_published,
        team=dict(team),
        report_stage=wf.ReportStage(row.report_stage),
        writers=dict(writers or {}),
        disproportionality=row.disproportionality,
    )


def case_facts(row: Case) -> wf.CaseFacts:
    """A case row as the workflow sees it (``updated_by`` should be read with it)."""
    return wf.CaseFacts(
        case_id=row.case_id,
        state=wf.CaseState(row.status),
        version=row.version,
        assessor=row.assessor_id,
        changed_by=(display_name(row.updated_by) or None) if row.updated_by_id else None,
        changed_at=when_words(row.updated_at),
    )


_open_looks = SecondLookRequest.objects.filter(done_at__isnull=True)
"""Blind second looks asked for and not yet done."""


class DjangoStore:
    """Inspections in the web application's database (the default one)."""

    def __init__(self) -> None:
        self._forget()

    def _forget(self) -> None:
        """Drop every row kept (after a failed transaction, or a change they describe)."""
        self._inspections: dict[str, Inspection] = {}
        self._teams: dict[str, dict[int, wf.Part]] = {}
        self._writers: dict[str, dict[int, frozenset[str]]] = {}
        self._cases: dict[tuple[str, str], Case] = {}
        self._answers: dict[int, dict[str, Answer]] = {}
        self._read: dict[str, Bundle] = {}  # the bundles read, for publish() to check
        self._names: dict[int, str] = {}

    # --- Transactions and time ---------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work; a failure forgets every row kept (they may describe what
        was rolled back)."""
        try:
            with transaction.atomic():
                yield
        except BaseException:
            self._forget()
            raise

    def now(self) -> datetime:
        return timezone.now()

    def today(self) -> date:
        return timezone.localdate()

    # --- Users and organisations -------------------------------------------------------

    def actor(self, user_id: int) -> wf.Actor:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            raise NotFoundError(f"No such user {user_id}")
        return self.actor_of(user)

    def actor_of(self, user: User) -> wf.Actor:
        """The user as the policy sees them (:func:`probity.web.inspections.actors.actor_of`);
        NotFoundError for a deactivated user."""
        if not user.is_active:
            raise NotFoundError(f"No such user {user.pk}")
        found = actors.actor_of(user)
        self._names[user.pk] = found.name
        return found

    def _name(self, user_id: int) -> str:
        if user_id not in self._names:
            user = User.objects.filter(pk=user_id).first()
            self._names[user_id] = display_name(user) or f"user {user_id}"
        return self._names[user_id]

    def unit_exists(self, unit: str) -> bool:
        return Organisation.objects.filter(slug=unit, kind=OrganisationKind.UNIT).exists()

    # --- Inspections -------------------------------------------------------------------

    def inspection_row(self, inspection_id: str) -> Inspection:
        """The inspection's row, with its unit and region (NotFoundError if none)."""
        row = self._inspections.get(inspection_id)
        if row is None:
            found = (
                Inspection.objects.select_related("unit__parent")
                .filter(inspection_id=inspection_id)
                .first()
                if storable(inspection_id)
                else None
            )
            if found is None:
                raise NotFoundError("No such inspection")
            row = self._inspections[inspection_id] = found
        return row

    def inspection(self, inspection_id: str, *, lock: bool = False) -> wf.InspectionFacts:
        row = self.inspection_row(inspection_id)
        team = self._teams.get(inspection_id)
        if team is None:
            parts = Membership.objects.filter(inspection_id=row.pk).values_list(
                "user_id", "role", "report_sections"
            )
            team = self._teams[inspection_id] = {user: wf.Part(part) for user, part, _ in parts}
            self._writers[inspection_id] = {
                user: frozenset(sections) for user, _, sections in parts if sections
            }
        if lock:
            row.is_published = self._published_under_lock(row.pk)
        return inspection_facts(row, team, self._writers.get(inspection_id))

    def _published_under_lock(self, pk: int) -> bool:
        """Whether the inspection is published, read inside the transaction with the row held
        against publication (see the module's docstring)."""
        if connection.vendor == "postgresql":
            table = connection.ops.quote_name(Inspection._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT is_published FROM {table} WHERE id = %s FOR KEY SHARE", [pk]
                )
                found = cursor.fetchone()
        else:
            found = Inspection.objects.filter(pk=pk).values_list("is_published").first()
        if found is None:
            raise NotFoundError("No such inspection")
        return bool(found[0])

    def inspection_exists(self, inspection_id: str) -> bool:
        return storable(inspection_id) and (
            Inspection.objects.filter(inspection_id=inspection_id).exists()
        )

    def installed_framework(self, framework_id: str) -> Framework:
        found = frameworks.installed_framework(framework_id)
        if found is None:
            raise InvalidError([f"no framework {framework_id!r} is installed"])
        return found

    def framework_of(self, inspection_id: str) -> Framework:
        return frameworks.framework_of(self.inspection_row(inspection_id))

    def create_inspection(self, spec: InspectionSpec, framework: Framework, by: wf.Actor) -> None:
        unit = Organisation.objects.select_related("parent").get(
            slug=spec.unit, kind=OrganisationKind.UNIT
        )
        frameworks.record_framework(framework)
        row = Inspection(
            inspection_id=spec.inspection_id,
            framework=framework.id,
            framework_hash=framework.content_hash,
            fieldwork_start=spec.fieldwork_start,
            fieldwork_end=spec.fieldwork_end,
            lead_inspector=spec.lead_inspector,
        )
        place(row, unit)
        row._history_user = _user(by)  # type: ignore[attr-defined]  # simple-history's hook
        row.save()
        self._set_windows(row, spec.sample_windows)
        membership = Membership(user_id=by.user_id, inspection=row, role=wf.Part.LEAD)
        membership._history_user = _user(by)  # type: ignore[attr-defined]
        membership.save()

    def update_inspection(
        self, inspection_id: str, changes: Mapping[str, object], by: wf.Actor
    ) -> None:
        row = self.inspection_row(inspection_id)
        fields = [name for name in changes if name != "sample_windows"]
        for name in fields:
            setattr(row, name, changes[name])
        if fields:
            row._history_user = _user(by)  # type: ignore[attr-defined]
            row.save(update_fields=fields)
        if "sample_windows" in changes:
            windows: Any = changes["sample_windows"]
            SampleWindow.objects.filter(inspection=row).delete()
            self._set_windows(row, windows)
        self._inspections.pop(inspection_id, None)

    @staticmethod
    def _set_windows(row: Inspection, windows: Sequence[tuple[date, date]]) -> None:
        SampleWindow.objects.bulk_create(
            SampleWindow(inspection=row, position=i, start=start, end=end)
            for i, (start, end) in enumerate(windows)
        )

    def bundle(self, inspection_id: str) -> Bundle:
        read = to_bundle(self.inspection_row(inspection_id))
        self._read[inspection_id] = read
        return read

    # --- The team ----------------------------------------------------------------------

    def set_part(
        self, inspection_id: str, user_id: int, part: wf.Part | None, by: wf.Actor
    ) -> None:
        row = self.inspection_row(inspection_id)
        current = Membership.objects.filter(inspection=row, user_id=user_id).first()
        if part is None:
            if current is not None:
                current._history_user = _user(by)  # type: ignore[attr-defined]
                current.delete()
        else:
            current = current or Membership(inspection=row, user_id=user_id)
            current.role = part.value
            current._history_user = _user(by)  # type: ignore[attr-defined]
            current.save()
        self._teams.pop(inspection_id, None)

    # --- The sample ----------------------------------------------------------------------

    def eligible(self, inspection_id: str) -> list[CoreEligibleCase]:
        rows = EligibleCase.objects.filter(inspection=self.inspection_row(inspection_id))
        return [CoreEligibleCase(r.case_id, dict(r.attributes)) for r in rows.order_by("position")]

    def set_eligible(
        self, inspection_id: str, cases: Sequence[CoreEligibleCase], by: wf.Actor
    ) -> None:
        row = self.inspection_row(inspection_id)
        EligibleCase.objects.filter(inspection=row).delete()
        EligibleCase.objects.bulk_create(
            EligibleCase(
                inspection=row, position=i, case_id=c.case_id, attributes=dict(c.attributes)
            )
            for i, c in enumerate(cases)
        )

    def add_cases(
        self,
        inspection_id: str,
        cases: Sequence[CoreEligibleCase],
        by: wf.Actor,
        reason: str,
    ) -> None:
        row = self.inspection_row(inspection_id)
        last = Case.objects.filter(inspection=row).aggregate(last=Max("position"))["last"]
        start = 0 if last is None else last + 1
        added = [
            Case(
                inspection=row,
                position=start + i,
                case_id=c.case_id,
                attributes=dict(c.attributes),
                inspector="",
            )
            for i, c in enumerate(cases)
        ]
        bulk_create_with_history(added, Case, default_user=_user(by), default_change_reason=reason)
        SampleChange.objects.bulk_create(
            SampleChange(
                inspection=row, case_id=c.case_id, kind=SampleChangeKind.ADD, reason=reason,
                by_id=by.user_id,
            )
            for c in cases
        )  # fmt: skip

    def drop_case(self, inspection_id: str, case_id: str, by: wf.Actor, reason: str) -> None:
        case = self.case_row(inspection_id, case_id)
        case._history_user = _user(by)  # type: ignore[attr-defined]
        case._change_reason = reason  # type: ignore[attr-defined]  # simple-history's hook
        case.delete()
        SampleChange.objects.create(
            inspection=self.inspection_row(inspection_id), case_id=case_id,
            kind=SampleChangeKind.DROP, reason=reason, by_id=by.user_id,
        )  # fmt: skip
        self._cases.pop((inspection_id, case_id), None)

    def record_draw(self, inspection_id: str, draw: Draw, by: wf.Actor) -> None:
        SampleDraw.objects.create(
            inspection=self.inspection_row(inspection_id),
            seed=draw.seed,
            size=draw.size,
            strata=list(draw.strata_attributes),
            case_ids=list(draw.case_ids),
            by_id=by.user_id,
        )

    # --- Cases ---------------------------------------------------------------------------

    def cases(self, inspection_id: str) -> list[wf.CaseFacts]:
        rows = (
            Case.objects.filter(inspection=self.inspection_row(inspection_id))
            .select_related("updated_by", "assessor")
            .order_by("position")
        )
        found = []
        for row in rows:
            self._cases[(inspection_id, row.case_id)] = row
            found.append(case_facts(row))
        return found

    def case_row(self, inspection_id: str, case_id: str) -> Case:
        """The case's row, with who assesses it and who changed it last (NotFoundError if the
        inspection has none with the id)."""
        row = self._cases.get((inspection_id, case_id))
        if row is None:
            inspection = self.inspection_row(inspection_id)
            found = (
                Case.objects.select_related("updated_by", "assessor")
                .annotate(open_looks=Exists(_open_looks.filter(case_id=OuterRef("pk"))))
                .filter(inspection_id=inspection.pk, case_id=case_id)
                .first()
                if storable(case_id)
                else None
            )
            if found is None:
                raise NotFoundError("No such case")
            row = self._cases[(inspection_id, case_id)] = found
        return row

    def case(self, inspection_id: str, case_id: str) -> wf.CaseFacts:
        row = self.case_row(inspection_id, case_id)
        # Who may not read its answers now: the inspectors whose blind second look is open.
        # Whether there is any is read with the case (``open_looks``), so that a case with
        # none, nearly every case, costs no query of its own; a row read without it asks.
        if not getattr(row, "open_looks", True):
            return case_facts(row)
        named = _open_looks.filter(case_id=row.pk).values_list("inspector_id", flat=True)
        return dataclasses.replace(case_facts(row), second_looks=frozenset(named))

    def case_attributes(self, inspection_id: str, case_id: str) -> Mapping[str, object]:
        return dict(self.case_row(inspection_id, case_id).attributes)

    def _answer_rows(self, case: Case) -> dict[str, Answer]:
        rows = self._answers.get(case.pk)
        if rows is None:
            rows = self._answers[case.pk] = {
                a.question_id: a for a in Answer.objects.filter(case_id=case.pk)
            }
        return rows

    def answers(self, inspection_id: str, case_id: str) -> Mapping[str, StoredAnswer]:
        rows = self._answer_rows(self.case_row(inspection_id, case_id))
        return {qid: StoredAnswer(a.answer, a.note) for qid, a in rows.items()}

    def _claim(
        self, inspection_id: str, case: wf.CaseFacts, event: wf.CaseEvent, **values: Any
    ) -> Case:
        """The version check and the claim on the case in one statement: a concurrent change
        of the same case waits for this one, then finds the version moved on."""
        row = self.case_row(inspection_id, case.case_id)
        claimed = Case.objects.filter(pk=row.pk, version=case.version).update(
            version=F("version") + 1, updated_by_id=event.by, updated_at=event.at, **values
        )
        if not claimed:
            self._cases.pop((inspection_id, case.case_id), None)
            now = self.case(inspection_id, case.case_id)
            raise StaleError(f"Case {case.case_id}", now.version, now.changed_by, now.changed_at)
        # The row as it now stands (it was at ``case.version``, as kept: every change moves
        # the version on).
        row.version, row.updated_at = case.version + 1, event.at
        row.updated_by = User(pk=event.by, first_name=self._name(event.by))
        for name, value in values.items():
            setattr(row, name, value)
        return row

    def _record(self, row: Case, event: wf.CaseEvent, words: str) -> None:
        """The history record of the case as it now stands (the conditional update bypassed
        ``save()``), and the step in its events."""
        Case.history.bulk_history_create(
            [row], update=True, default_user=User(pk=event.by), default_date=event.at,
            default_change_reason=words,
        )  # fmt: skip
        CaseEvent.objects.create(
            case_id=row.pk, action=event.action, by_id=event.by, at=event.at,
            from_state=event.from_state.value, to_state=event.to_state.value, reason=event.reason,
        )  # fmt: skip

    def change_case(
        self,
        inspection_id: str,
        case: wf.CaseFacts,
        *,
        state: wf.CaseState,
        event: wf.CaseEvent,
        assessor: int | None = None,
        assign: bool = False,
    ) -> wf.CaseFacts:
        values: dict[str, Any] = {"status": state.value}
        words = event.action
        if assign:
            label = self._name(assessor) if assessor is not None else ""
            values |= {"assessor_id": assessor, "inspector": label}
            words = f"{event.action} to {label}" if assessor is not None else "unassigned"
        elif event.reason:
            words = f"{event.action}: {event.reason}"
        row = self._claim(inspection_id, case, event, **values)
        if assign:
            row.assessor = None if assessor is None else User(pk=assessor, first_name=label)
        self._record(row, event, words)
        return case_facts(row)

    def write_answers(
        self,
        inspection_id: str,
        case: wf.CaseFacts,
        answers: Mapping[str, StoredAnswer],
        *,
        state: wf.CaseState,
        event: wf.CaseEvent,
    ) -> wf.CaseFacts:
        stored = self._answer_rows(self.case_row(inspection_id, case.case_id))
        row = self._claim(inspection_id, case, event, status=state.value)
        # Any change to these answers since they were read would have moved the version on.
        user = User(pk=event.by)
        changed, created = [], []
        for qid, new in answers.items():
            old = stored.get(qid)
            if old is None:
                created.append(Answer(case=row, question_id=qid, answer=new.answer, note=new.note))
            else:
                old.answer, old.note, old.version = new.answer, new.note, old.version + 1
                changed.append(old)
        if changed:
            bulk_update_with_history(
                changed, Answer, ["answer", "note", "version"], default_user=user,
                default_date=event.at,
            )  # fmt: skip
        if created:
            self._place(row, created)
            bulk_create_with_history(created, Answer, default_user=user, default_date=event.at)
            stored.update((a.question_id, a) for a in created)
        if state is not case.state:
            words = f"{event.action}: {event.reason}" if event.reason else event.action
            self._record(row, event, words)
        return case_facts(row)

    @staticmethod
    def _place(case: Case, answers: list[Answer]) -> None:
        """New answers go after every answer of the inspection (the bundle's order)."""
        last = Answer.objects.filter(case__inspection_id=case.inspection_id).aggregate(
            last=Max("position")
        )["last"]
        start = 0 if last is None else last + 1
        for i, a in enumerate(answers, start=start):
            a.position = i

    def events(self, inspection_id: str, case_id: str) -> list[wf.CaseEvent]:
        """The steps taken on the case, in order."""
        row = self.case_row(inspection_id, case_id)
        return [
            wf.CaseEvent(
                case_id,
                e.action,
                e.by_id or 0,
                e.at,
                wf.CaseState(e.from_state),
                wf.CaseState(e.to_state),
                e.reason,
            )
            for e in CaseEvent.objects.filter(case_id=row.pk)
        ]

    # --- Judgements and publication ------------------------------------------------------

    # --- Second looks -------------------------------------------------------------------

    def second_looks(self, inspection_id: str) -> list[SecondLook]:
        rows = SecondLookRequest.objects.filter(
            case__inspection=self.inspection_row(inspection_id)
        ).select_related("case", "inspector", "requested_by")
        return [
            SecondLook(
                r.case.case_id,
                r.inspector_id,
                display_name(r.inspector),
                display_name(r.requested_by) if r.requested_by is not None else "",
                r.requested_at,
                r.done_at,
            )
            for r in rows
        ]

    def request_second_look(
        self, inspection_id: str, case_id: str, inspector: int, by: wf.Actor
    ) -> None:
        row = self.case_row(inspection_id, case_id)
        SecondLookRequest.objects.create(
            case=row, inspector_id=inspector, requested_by_id=by.user_id, requested_at=self.now(),
        )  # fmt: skip
        # The request has no history of its own: the audit trail keeps it as a step on the case.
        record_event("case", f"Case {case_id}, blind second assessment", by=by.user_id,
                     inspection=self.inspection_row(inspection_id),
                     new=f"asked of {self._name(inspector)}")  # fmt: skip

    def write_second_answers(
        self, inspection_id: str, case_id: str, mode: str, given: Sequence[SecondGiven],
        by: wf.Actor,
    ) -> None:  # fmt: skip
        case = self.case_row(inspection_id, case_id)
        last = SecondAnswer.objects.filter(case__inspection_id=case.inspection_id).aggregate(
            last=Max("position")
        )["last"]
        start = 0 if last is None else last + 1
        label = self._name(by.user_id)
        at = self.now()
        rows = [
            SecondAnswer(
                case=case,
                position=start + i,
                question_id=g.question_id,
                answer=g.answer,
                note=g.note,
                inspector=label,
                mode=mode,
                reason=g.reason,
                created_at=at,
            )
            for i, g in enumerate(given)
        ]
        try:
            with transaction.atomic():
                bulk_create_with_history(rows, SecondAnswer, default_user=User(pk=by.user_id),
                                         default_date=at)  # fmt: skip
        except IntegrityError as e:
            raise NotAllowedNowError(
                f"{label} has already given second answers on case {case_id}"
            ) from e
        if mode == "blind":
            SecondLookRequest.objects.filter(case=case, inspector_id=by.user_id).update(done_at=at)

    def resolve_second_answers(
        self, inspection_id: str, case_id: str, question_id: str, resolved: str, by: wf.Actor
    ) -> None:
        rows = list(
            SecondAnswer.objects.filter(
                case=self.case_row(inspection_id, case_id), question_id=question_id
            )
        )
        at = self.now()
        for row in rows:
            row.resolved, row.resolved_by_id, row.resolved_at = resolved, by.user_id, at
        bulk_update_with_history(
            rows, SecondAnswer, ["resolved", "resolved_by", "resolved_at"],
            default_user=User(pk=by.user_id), default_date=at,
        )  # fmt: skip

    def judgement(self, inspection_id: str, standard_id: str) -> CoreJudgement | None:
        row = Judgement.objects.filter(
            inspection=self.inspection_row(inspection_id), standard_id=standard_id
        ).first()
        return None if row is None else CoreJudgement(row.rating, row.evidence, row.version)

    def write_judgement(
        self,
        inspection_id: str,
        standard_id: str,
        rating: str,
        evidence: str | None,
        *,
        version: int,
        by: wf.Actor,
    ) -> CoreJudgement:
        inspection = self.inspection_row(inspection_id)
        now, user = timezone.now(), _user(by)
        current = Judgement.objects.filter(inspection=inspection, standard_id=standard_id).first()
        if current is None and version == 0:
            return self._first_judgement(inspection, standard_id, rating, evidence, user)
        # The version check and the change in one statement.
        claimed = current is not None and bool(
            Judgement.objects.filter(pk=current.pk, version=version).update(
                rating=rating, evidence=evidence, version=F("version") + 1
            )
        )
        if not claimed or current is None:
            raise self._stale_judgement(inspection, standard_id)
        current.rating, current.evidence, current.version = rating, evidence, version + 1
        Judgement.history.bulk_history_create(
            [current], update=True, default_user=user, default_date=now
        )
        return CoreJudgement(rating, evidence, current.version)

    def _first_judgement(
        self,
        inspection: Inspection,
        standard_id: str,
        rating: str,
        evidence: str | None,
        user: User,
    ) -> CoreJudgement:
        """A judgement where none was recorded: refused as stale if another is recorded
        meanwhile; placed after the others, again if another took the place meanwhile."""
        for _ in range(JUDGEMENT_PLACES):
            last = Judgement.objects.filter(inspection=inspection).aggregate(m=Max("position"))
            judgement = Judgement(
                inspection=inspection, standard_id=standard_id, rating=rating, evidence=evidence,
                position=0 if last["m"] is None else last["m"] + 1,
            )  # fmt: skip
            judgement._history_user = user  # type: ignore[attr-defined]
            try:
                with transaction.atomic():
                    judgement.save()
            except IntegrityError:
                if Judgement.objects.filter(
                    inspection=inspection, standard_id=standard_id
                ).exists():
                    raise self._stale_judgement(inspection, standard_id) from None
                continue
            return CoreJudgement(rating, evidence, judgement.version)
        raise NotAllowedNowError(
            f"The judgement of {standard_id} could not be placed among the others being "
            "recorded at the same moment: try again"
        )

    def _stale_judgement(self, inspection: Inspection, standard_id: str) -> StaleError:
        """The judgement as it now is, with who made its last change and when."""
        current = Judgement.objects.filter(inspection=inspection, standard_id=standard_id).first()
        last = (
            Judgement.history.filter(inspection_id=inspection.pk, standard_id=standard_id)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )
        by = display_name(last.history_user) or None if last is not None else None
        at = when_words(last.history_date) if last is not None else None
        return StaleError(
            f"The judgement of {standard_id}", 0 if current is None else current.version, by, at
        )

    def publish(self, inspection_id: str, published: date, report_html: str, by: wf.Actor) -> None:
        row = self.inspection_row(inspection_id)
        try:
            # Waits for the changes on their way (they hold the row FOR KEY SHARE).
            locked = Inspection.objects.select_for_update().get(pk=row.pk)
        except OperationalError as e:
            if getattr(e.__cause__, "sqlstate", None) != "40P01":
                raise
            # Two publications at once: each waited for the other; the database chose this one
            # to give way.
            raise NotAllowedNowError(
                "Someone else is publishing the inspection at this moment: it has not been "
                "published twice. Check the report page."
            ) from e
        read = self._read.get(inspection_id)
        if read is not None and to_bundle(locked) != read:
            raise self._changed_meanwhile(locked)
        locked.published, locked.is_published = published, True
        locked.published_html = report_html
        locked._history_user = _user(by)  # type: ignore[attr-defined]
        locked.save(update_fields=["published", "is_published", "published_html"])
        self._inspections[inspection_id] = locked
        self._version(locked, 1, published, report_html, None, by)

    def _version(self, inspection: Inspection, number: int, published: date, html: str,
                 notice: str | None, by: wf.Actor) -> None:  # fmt: skip
        row = ReportVersion(inspection=inspection, number=number, published=published, html=html,
                            notice=notice, by_id=by.user_id)  # fmt: skip
        row._history_user = _user(by)  # type: ignore[attr-defined]
        row.save()

    def _changed_meanwhile(self, inspection: Inspection) -> StaleError:
        """The inspection changed after it was read for publication: who changed a case last,
        and when."""
        last = (
            Case.objects.filter(inspection=inspection, updated_at__isnull=False)
            .select_related("updated_by")
            .order_by("-updated_at")
            .first()
        )
        by = display_name(last.updated_by) or None if last is not None else None
        return StaleError(
            "The inspection", 0, by, when_words(last.updated_at) if last is not None else None
        )

    # --- The record of what was read out -------------------------------------------------

    def record_read(self, inspection_id: str, case_id: str, what: str, by: wf.Actor) -> None:
        """Keep one event of a read of a case's data (``what``: the page or the API call), for
        the audit trail; one row, no history."""
        record_event("read", f"Case {case_id}: {what}", by=by.user_id,
                     inspection=self.inspection_row(inspection_id))  # fmt: skip

    def record_export(self, inspection_id: str, by: wf.Actor, what: str) -> None:
        ExportRecord.objects.create(
            inspection=self.inspection_row(inspection_id), by_id=by.user_id, format=what
        )

    def accepted_findings(self, inspection_id: str) -> Mapping[str, AcceptedFinding]:
        rows = AcceptedFindingRow.objects.filter(
            inspection=self.inspection_row(inspection_id)
        ).select_related("by")
        return {
            r.key: AcceptedFinding(r.key, r.section, r.figure, r.reason,
                                   display_name(r.by) if r.by else "", r.at)
            for r in rows
        }  # fmt: skip

    def accept_finding(
        self, inspection_id: str, key: str, section: str, figure: str, reason: str, by: wf.Actor
    ) -> None:
        row = AcceptedFindingRow(inspection=self.inspection_row(inspection_id), key=key,
                                 section=section, figure=figure, reason=reason,
                                 by_id=by.user_id, at=timezone.now())  # fmt: skip
        row._history_user = _user(by)  # type: ignore[attr-defined]
        AcceptedFindingRow.objects.filter(inspection=row.inspection, key=key).delete()
        row.save()

    def set_report_stage(
        self, inspection_id: str, stage: wf.ReportStage, by: wf.Actor, reason: str | None = None
    ) -> None:
        row = self.inspection_row(inspection_id)
        row.report_stage = stage.value
        row._history_user = _user(by)  # type: ignore[attr-defined]
        row._change_reason = reason  # type: ignore[attr-defined]  # simple-history's hook
        row.save(update_fields=["report_stage"])
        del row._change_reason  # type: ignore[attr-defined]  # (it was this change's only)

    def comments(self, inspection_id: str) -> list[ReportComment]:
        rows = ReportCommentRow.objects.filter(
            inspection=self.inspection_row(inspection_id)
        ).select_related("by", "resolved_by")
        return [
            ReportComment(r.pk, r.section, r.stage, r.text, display_name(r.by) if r.by else "",
                          r.at, r.resolution,
                          display_name(r.resolved_by) if r.resolved_by else None, r.resolved_at)
            for r in rows
        ]  # fmt: skip

    def add_comment(
        self, inspection_id: str, section: str, stage: wf.ReportStage, text: str, by: wf.Actor
    ) -> int:
        row = ReportCommentRow(inspection=self.inspection_row(inspection_id), section=section,
                               stage=stage.value, text=text, by_id=by.user_id)  # fmt: skip
        row._history_user = _user(by)  # type: ignore[attr-defined]
        row.save()
        return int(row.pk)

    def resolve_comment(
        self, inspection_id: str, comment_id: int, resolution: str, by: wf.Actor
    ) -> None:
        row = ReportCommentRow.objects.filter(
            inspection=self.inspection_row(inspection_id), pk=comment_id
        ).first()
        if row is None:
            raise NotFoundError("No such comment")
        row.resolution, row.resolved_by_id, row.resolved_at = resolution, by.user_id, timezone.now()
        row._history_user = _user(by)  # type: ignore[attr-defined]
        row.save()

    def versions(self, inspection_id: str) -> list[PublishedVersion]:
        rows = ReportVersion.objects.filter(
            inspection=self.inspection_row(inspection_id)
        ).select_related("by")
        return [
            PublishedVersion(r.number, r.published, r.html, r.notice,
                             display_name(r.by) if r.by else "")
            for r in rows
        ]  # fmt: skip

    def add_version(
        self, inspection_id: str, published: date, html: str, notice: str, by: wf.Actor
    ) -> None:
        row = self.inspection_row(inspection_id)
        number = (ReportVersion.objects.filter(inspection=row).aggregate(n=Max("number"))["n"]
                  or 0) + 1  # fmt: skip
        self._version(row, number, published, html, notice, by)
        row.published_html = html
        # Named here, not left to the row: a row kept from an earlier step (the publication)
        # still carries that step's author.
        row._history_user = _user(by)  # type: ignore[attr-defined]
        row._change_reason = notice  # type: ignore[attr-defined]  # simple-history's hook
        row.save(update_fields=["published_html"])
        del row._change_reason  # type: ignore[attr-defined]  # (it was this change's only)

    # --- The report's own words and tables, as authors write them ----------------------

    def report_rows(self, inspection_id: str, table: str) -> list[ReportRow]:
        model = REPORT_MODELS[table]
        rows = list(model.objects.filter(inspection=self.inspection_row(inspection_id)))
        versions = _versions(model, [r.pk for r in rows])
        return [ReportRow(r.pk, r.to_domain(), versions.get(r.pk, 0)) for r in rows]

    def add_report_row(
        self, inspection_id: str, table: str, record: ReportRecord, after: int | None, by: wf.Actor
    ) -> int:
        model = REPORT_MODELS[table]
        inspection = self.inspection_row(inspection_id)
        rows = model.objects.filter(inspection=inspection)
        for _ in range(JUDGEMENT_PLACES):
            try:
                # A savepoint: a place taken meanwhile by another author's new row is tried
                # again, not the whole transaction lost.
                with transaction.atomic():
                    position = self._row_place(rows, after)
                    row = model.from_domain(record, inspection=inspection, position=position)
                    row._history_user = _user(by)
                    row.save()
                    return int(row.pk)
            except IntegrityError:
                continue
        raise NotAllowedNowError(
            "Others were adding rows at the same moment: nothing was added. Try again."
        )

    @staticmethod
    def _row_place(rows: Any, after: int | None) -> int:
        """The position for a new row just after ``after`` (None: at the end), room made."""
        if after is None:
            return int(rows.aggregate(n=Max("position"))["n"] or 0) + 1
        found = rows.filter(pk=after).values_list("position", flat=True).first()
        if found is None:
            raise NotFoundError("No such row (it may have been deleted)")
        position = int(found) + 1
        # Make room in two steps, so that no two rows share a position on the way (the
        # database checks each row as it moves).
        rows.filter(position__gte=position).update(position=F("position") + ROOM)
        rows.filter(position__gte=ROOM).update(position=F("position") - ROOM + 1)
        return position

    def _held(self, inspection_id: str, table: str, row_id: int, version: int) -> Any:
        """The row, held for this transaction, if it is still at ``version``."""
        model = REPORT_MODELS[table]
        row = (
            model.objects.select_for_update()
            .filter(inspection=self.inspection_row(inspection_id), pk=row_id)
            .first()
        )
        now = _versions(model, [row_id]).get(row_id, 0)
        if row is None or now != version:
            last = (
                model.history.filter(id=row_id)
                .select_related("history_user")
                .order_by("-history_date", "-history_id")
                .first()
            )
            by = display_name(last.history_user) or None if last is not None else None
            at = when_words(last.history_date) if last is not None else None
            what = "The paragraph" if table == "narrative" else "The row"
            raise StaleError(what if row else f"{what} (now deleted)", now, by, at)
        if now == 0:
            # A row as imported has no history yet: its first record keeps what it said.
            history = model.history.model
            history.objects.create(
                history_date=timezone.now(), history_type="+", history_change_reason="as imported",
                **{f.attname: getattr(row, f.attname) for f in history.tracked_fields},
            )  # fmt: skip
        return row

    def change_report_row(self, inspection_id: str, table: str, row_id: int,
                          record: ReportRecord, version: int, by: wf.Actor) -> None:  # fmt: skip
        row = self._held(inspection_id, table, row_id, version)
        for name, value in vars(record).items():
            setattr(row, name, value)
        row._history_user = _user(by)
        row.save()

    def delete_report_row(self, inspection_id: str, table: str, row_id: int, version: int,
                          by: wf.Actor) -> None:  # fmt: skip
        row = self._held(inspection_id, table, row_id, version)
        row._history_user = _user(by)
        row.delete()

    def replace_report_rows(self, inspection_id: str, table: str,
                            records: Sequence[ReportRecord], by: wf.Actor) -> None:  # fmt: skip
        model = REPORT_MODELS[table]
        inspection = self.inspection_row(inspection_id)
        for row in model.objects.filter(inspection=inspection):
            row._history_user = _user(by)
            row.delete()
        for position, record in enumerate(records):
            row = model.from_domain(record, inspection=inspection, position=position)
            row._history_user = _user(by)
            row.save()

    def report_history(self, inspection_id: str, table: str) -> list[RowChange]:
        model = REPORT_MODELS[table]
        core = REPORT_TABLES[table]
        names = [f.name for f in dataclasses.fields(core)]
        records = (
            model.history.filter(inspection_id=self.inspection_row(inspection_id).pk)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        last: dict[int, ReportRecord] = {}
        changes: list[RowChange] = []
        for h in records:
            was = last.get(h.id)
            now = core(**{n: getattr(h, n) for n in names})
            by = display_name(h.history_user) if h.history_user else ""
            if h.history_type == "-":
                changes.append(RowChange(h.id, "deleted", by, h.history_date, was or now, None))
                last.pop(h.id, None)
                continue
            if h.history_user_id is not None or h.history_type == "~":
                # (a record of no one's is the row as imported: the old text of the first change)
                kind = "added" if h.history_type == "+" else "changed"
                changes.append(RowChange(h.id, kind, by, h.history_date, was, now))
            last[h.id] = now
        return changes

    def set_writers(
        self, inspection_id: str, user_id: int, sections: frozenset[str], by: wf.Actor
    ) -> None:
        member = Membership.objects.get(inspection=self.inspection_row(inspection_id),
                                        user_id=user_id)  # fmt: skip
        member.report_sections = sorted(sections)
        member._history_user = _user(by)  # type: ignore[attr-defined]
        member.save(update_fields=["report_sections"])
        self._teams.pop(inspection_id, None)


def _user(actor: wf.Actor) -> User:
    """The user row of an actor, for foreign keys and history records (only its id is used)."""
    return User(pk=actor.user_id)


# Where rows of a report's table move while room is made for a new one: above any position.
ROOM = 1_000_000
REPORT_MODELS: Mapping[str, Any] = {
    "narrative": NarrativeParagraph,
    "practice_examples": PracticeExample,
    "recommendations": Recommendation,
    "staffing": StaffingFigure,
    "surveys": SurveyResult,
    "glossary": GlossaryTerm,
}


def _versions(model: Any, ids: Sequence[int]) -> dict[int, int]:
    """Each row's version: how many history records it has (none for a row as imported)."""
    counted = model.history.filter(id__in=ids).values("id").annotate(n=Count("history_id"))
    return {c["id"]: c["n"] for c in counted}
