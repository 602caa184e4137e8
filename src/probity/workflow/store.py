"""What the workflow needs of wherever inspections are kept: a small interface the services
call, implemented by the web application's database (``probity.web.inspections.store``) and
by a fake in the tests.

Every write happens inside :meth:`Store.transaction`; a write that changes a case is
conditional on the version the actor read (:class:`~probity.workflow.errors.StaleError`
otherwise), and :meth:`Store.inspection` with ``lock=True`` holds the inspection against
publication for the rest of the transaction (:class:`~probity.workflow.errors.PublishedError` if it
is published by then).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from probity.bundle.model import (
    Bundle,
    GlossaryTerm,
    NarrativeParagraph,
    PracticeExample,
    Recommendation,
    StaffingFigure,
    SurveyResult,
)
from probity.framework.models import Framework
from probity.workflow.model import (
    Actor,
    CaseEvent,
    CaseFacts,
    CaseState,
    InspectionFacts,
    Part,
    ReportStage,
)
from probity.workflow.sampling import Draw, EligibleCase


@dataclass(frozen=True)
class StoredAnswer:
    """A case's answer to one question, and the note on it."""

    answer: str
    note: str | None = None


@dataclass(frozen=True)
class InspectionSpec:
    """What a new inspection is set up with (``unit``: the organisation record inspected)."""

    inspection_id: str
    framework: str
    unit: str
    fieldwork_start: date
    fieldwork_end: date
    sample_windows: tuple[tuple[date, date], ...] = ()
    lead_inspector: str | None = None


@dataclass(frozen=True)
class Judgement:
    """A recorded judgement and its version."""

    rating: str
    evidence: str | None
    version: int


@dataclass(frozen=True)
class AcceptedFinding:
    """A finding of the narrative check that the lead accepted, with the reason, who and when
    (kept in the record; the report's cover counts them)."""

    key: str
    section: str
    figure: str
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True)
class ReportComment:
    """A comment on one section of the draft report, made at a review stage, and whether the
    lead has resolved it (with what was done)."""

    comment_id: int
    section: str
    stage: str
    text: str
    by: str
    at: datetime
    resolution: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None

    @property
    def resolved(self) -> bool:
        """Whether the lead has resolved it."""
        return self.resolution is not None


@dataclass(frozen=True)
class PublishedVersion:
    """One published version of the report: version 1 at publication, each correction the
    next, each kept whole and readable."""

    number: int
    published: date
    html: str
    notice: str | None
    by: str


@dataclass(frozen=True)
class SecondLook:
    """A case marked for a blind second assessment by a named inspector (``inspector``: their
    user id; ``inspector_name``: as the bundle labels them), who asked and when, and when it
    was done (None: still open)."""

    case_id: str
    inspector: int
    inspector_name: str
    requested_by: str
    requested_at: datetime
    done_at: datetime | None = None

    @property
    def open(self) -> bool:
        """Whether the second assessment is still to be done."""
        return self.done_at is None


@dataclass(frozen=True)
class SecondGiven:
    """A second answer to one question of a case, as its inspector gave it (``reason``: why a
    reviewer disagrees with the first answer)."""

    question_id: str
    answer: str
    note: str | None = None
    reason: str | None = None


class Store(Protocol):
    """Inspections as kept somewhere; see the module's docstring."""

    def transaction(self) -> AbstractContextManager[None]:
        """One atomic unit of work: everything in it is kept, or nothing."""

    def now(self) -> datetime:
        """The time a change is recorded at."""

    def today(self) -> date:
        """Today's date, for the policy's conditions on dates."""

    # Users and organisations.
    def actor(self, user_id: int) -> Actor:
        """The user as the policy sees them (NotFoundError for no such active user)."""

    def unit_exists(self, unit: str) -> bool:
        """Whether an organisation record of kind unit has this id."""

    # Inspections.
    def inspection(self, inspection_id: str, *, lock: bool = False) -> InspectionFacts:
        """The inspection's facts (NotFoundError if none has the id)."""

    def inspection_exists(self, inspection_id: str) -> bool:
        """Whether an inspection has this id."""

    def installed_framework(self, framework_id: str) -> Framework:
        """A framework installed now (InvalidError if none loads with this id)."""

    def framework_of(self, inspection_id: str) -> Framework:
        """The framework the inspection is recorded under."""

    def create_inspection(self, spec: InspectionSpec, framework: Framework, by: Actor) -> None:
        """Store a new inspection, recorded under ``framework``, with ``by`` as its lead."""

    def update_inspection(
        self, inspection_id: str, changes: Mapping[str, object], by: Actor
    ) -> None:
        """Change set-up fields (fieldwork dates, sample windows, lead inspector's name) or the
        report's choices (``disproportionality``: whether it includes that chapter)."""

    def bundle(self, inspection_id: str) -> Bundle:
        """Everything stored of the inspection, as the core's bundle."""

    # The team.
    def set_part(self, inspection_id: str, user_id: int, part: Part | None, by: Actor) -> None:
        """Give a user a part in the team (None: take it away)."""

    # The sample.
    def eligible(self, inspection_id: str) -> list[EligibleCase]:
        """The list of eligible cases uploaded (empty if none)."""

    def set_eligible(self, inspection_id: str, cases: Sequence[EligibleCase], by: Actor) -> None:
        """Replace the list of eligible cases."""

    def add_cases(
        self, inspection_id: str, cases: Sequence[EligibleCase], by: Actor, reason: str
    ) -> None:
        """Add cases to the sample, not started, unassigned (``reason`` recorded for each)."""

    def drop_case(self, inspection_id: str, case_id: str, by: Actor, reason: str) -> None:
        """Take a case (not started, without answers) out of the sample, with the reason."""

    def record_draw(self, inspection_id: str, draw: Draw, by: Actor) -> None:
        """Keep the record of a sample drawn."""

    # Cases.
    def cases(self, inspection_id: str) -> list[CaseFacts]:
        """Every case of the inspection, in its order."""

    def case(self, inspection_id: str, case_id: str) -> CaseFacts:
        """One case, with the users whose blind second look at it is open (NotFoundError if
        the inspection has none with the id)."""

    def case_attributes(self, inspection_id: str, case_id: str) -> Mapping[str, object]:
        """The case's attributes."""

    def answers(self, inspection_id: str, case_id: str) -> Mapping[str, StoredAnswer]:
        """The case's stored answers, by question id."""

    def change_case(
        self,
        inspection_id: str,
        case: CaseFacts,
        *,
        state: CaseState,
        event: CaseEvent,
        assessor: int | None = None,
        assign: bool = False,
    ) -> CaseFacts:
        """Move the case, still at ``case.version``, to ``state`` (and, with ``assign``, to
        ``assessor``), recording the event; StaleError if it moved on."""

    def write_answers(
        self,
        inspection_id: str,
        case: CaseFacts,
        answers: Mapping[str, StoredAnswer],
        *,
        state: CaseState,
        event: CaseEvent,
    ) -> CaseFacts:
        """Store these answers (only those that change) on the case still at
        ``case.version``, moving it to ``state``; StaleError if it moved on."""

    # Second looks (probity.workflow.second_looks).
    def second_looks(self, inspection_id: str) -> list[SecondLook]:
        """Every case marked for a blind second assessment, in the order they were marked."""

    def request_second_look(
        self, inspection_id: str, case_id: str, inspector: int, by: Actor
    ) -> None:
        """Mark the case for a blind second assessment by the user ``inspector``."""

    def write_second_answers(
        self, inspection_id: str, case_id: str, mode: str, given: Sequence[SecondGiven],
        by: Actor,
    ) -> None:  # fmt: skip
        """Keep ``by``'s second answers on the case (``mode``: blind or review); a blind one
        marks their second look at the case done."""

    def resolve_second_answers(
        self, inspection_id: str, case_id: str, question_id: str, resolved: str, by: Actor
    ) -> None:
        """Record the answer in force on one question of the case on each of its second
        answers (who and when too); the first and second answers are kept as they were."""

    # Judgements and publication.
    def judgement(self, inspection_id: str, standard_id: str) -> Judgement | None:
        """The judgement recorded on a standard, if any."""

    def write_judgement(
        self,
        inspection_id: str,
        standard_id: str,
        rating: str,
        evidence: str | None,
        *,
        version: int,
        by: Actor,
    ) -> Judgement:
        """Record a judgement still at ``version`` (0: none recorded yet); StaleError otherwise."""

    def publish(self, inspection_id: str, published: date, report_html: str, by: Actor) -> None:
        """Mark the inspection published on ``published``, keeping the report as published."""

    # The record of what was read out.
    def record_export(self, inspection_id: str, by: Actor, what: str) -> None:
        """Keep the record of an export: who, when, what."""

    def accepted_findings(self, inspection_id: str) -> Mapping[str, AcceptedFinding]:
        """The narrative check's findings the lead accepted, by key."""

    def accept_finding(
        self, inspection_id: str, key: str, section: str, figure: str, reason: str, by: Actor
    ) -> None:
        """Record the lead's acceptance of a finding, with the reason (who and when too)."""

    # The report's review and its published versions.
    def set_report_stage(
        self, inspection_id: str, stage: ReportStage, by: Actor, reason: str | None = None
    ) -> None:
        """Move the report to ``stage`` (with the reason given, if one was asked for)."""

    def comments(self, inspection_id: str) -> list[ReportComment]:
        """Every comment on the draft, oldest first."""

    def add_comment(
        self, inspection_id: str, section: str, stage: ReportStage, text: str, by: Actor
    ) -> int:
        """Keep a comment on one section; its id."""

    def resolve_comment(
        self, inspection_id: str, comment_id: int, resolution: str, by: Actor
    ) -> None:
        """Mark a comment resolved, with what was done (NotFoundError for no such comment)."""

    def versions(self, inspection_id: str) -> list[PublishedVersion]:
        """The published versions, first to last."""

    def add_version(
        self, inspection_id: str, published: date, html: str, notice: str, by: Actor
    ) -> None:
        """Keep a correction as the next published version (the report as now published)."""

    def set_writers(
        self, inspection_id: str, user_id: int, sections: frozenset[str], by: Actor
    ) -> None:
        """Keep the sections of the report a member of the team may write."""

    # The report's own words and tables, as authors write them (probity.workflow.authoring).
    def report_rows(self, inspection_id: str, table: str) -> list[ReportRow]:
        """The rows of one of the report's tables (:data:`REPORT_TABLES`), in the report's
        order, each with its id and version."""

    def add_report_row(
        self, inspection_id: str, table: str, record: ReportRecord, after: int | None, by: Actor
    ) -> int:
        """Keep a new row just after the row ``after`` (None: at the end); its id."""

    def change_report_row(
        self, inspection_id: str, table: str, row_id: int, record: ReportRecord, version: int,
        by: Actor,
    ) -> None:  # fmt: skip
        """Change a row still at ``version``; StaleError if it moved on (or was deleted)."""

    def delete_report_row(
        self, inspection_id: str, table: str, row_id: int, version: int, by: Actor
    ) -> None:
        """Delete a row still at ``version`` (its history keeps what it said); StaleError
        otherwise."""

    def replace_report_rows(
        self, inspection_id: str, table: str, records: Sequence[ReportRecord], by: Actor
    ) -> None:
        """Replace every row of a table (an upload), each change kept in the history."""

    def report_history(self, inspection_id: str, table: str) -> list[RowChange]:
        """Every change to the table's rows, oldest first: who, when, before and after."""


ReportRecord = (
    NarrativeParagraph | PracticeExample | Recommendation | StaffingFigure | SurveyResult
    | GlossaryTerm
)  # fmt: skip

# The report's own tables, by the bundle's names, and the record each row holds.
REPORT_TABLES: Mapping[str, type] = {
    "narrative": NarrativeParagraph,
    "practice_examples": PracticeExample,
    "recommendations": Recommendation,
    "staffing": StaffingFigure,
    "surveys": SurveyResult,
    "glossary": GlossaryTerm,
}


@dataclass(frozen=True)
class ReportRow:
    """One row of the report's own tables as kept: its id, what it says, and its version (one
    more at each change, so that two authors do not overwrite each other)."""

    row_id: int
    record: ReportRecord
    version: int


@dataclass(frozen=True)
class RowChange:
    """One change to a row of the report's tables: "added", "changed" or "deleted", who made it
    and when, and the row before and after (None where it did not exist)."""

    row_id: int
    kind: str
    by: str
    at: datetime
    before: ReportRecord | None
    after: ReportRecord | None
