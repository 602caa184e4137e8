"""The inspection bundle as typed, frozen records: one class per table, fields named as the
columns of :mod:`probity.bundle.schema`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date


@dataclass(frozen=True)
class Inspection:
    """The inspection: one per bundle."""

    inspection_id: str
    organisation: str
    region: str | None
    framework: str
    fieldwork_start: date
    fieldwork_end: date
    published: date | None = None
    lead_inspector: str | None = None
    cases_interviewed: int | None = None
    framework_hash: str | None = None
    isbn: str | None = None
    language: str | None = None

    @property
    def report_language(self) -> str:
        """The language of the report's headings: ``en`` unless the inspection names another."""
        return self.language or "en"


@dataclass(frozen=True)
class SampleWindow:
    """A period in which sampled sentences and licences commenced."""

    start: date
    end: date


@dataclass(frozen=True)
class Case:
    """An inspected case: its reference, the inspector who assessed it, and the attributes the
    framework's case profile declares (by attribute id; a blank optional one is None)."""

    case_id: str
    inspector: str
    attributes: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class EligibleCase:
    """A case on the organisation's list of cases eligible for the sample: its reference and
    the attributes the framework's case profile declares."""

    case_id: str
    attributes: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """One inspector's answer on one key question or prompt of one case."""

    case_id: str
    question_id: str
    answer: str
    note: str | None = None


@dataclass(frozen=True)
class SecondAnswer:
    """A second look at one answer of one case, by another inspector: ``blind`` (a reliability
    study: assessed again without the first answer in view) or ``review`` (a dip-sample
    review with the first answer in view; ``reason`` says why the reviewer disagrees).
    ``resolved`` is the answer in force once the two are reconciled (None: the first answer
    stands); the first answer itself is kept as it was."""

    case_id: str
    question_id: str
    answer: str
    inspector: str
    mode: str
    note: str | None = None
    reason: str | None = None
    resolved: str | None = None


@dataclass(frozen=True)
class Judgement:
    """An inspectors' judgement on a standard of domain one."""

    standard_id: str
    rating: str
    evidence: str | None = None


@dataclass(frozen=True)
class StaffingFigure:
    """One figure of Annexe two (or one supplied by the service); None means not available."""

    section: str
    measure: str
    value: float | None
    unit: str
    ref: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class SurveyResult:
    """A survey result quoted as "positive out of respondents"."""

    survey: str
    question: str
    respondents: int
    positive: int
    ref: str | None = None


@dataclass(frozen=True)
class Recommendation:
    """A recommendation: this inspection's, or a previous one with the progress found."""

    kind: str
    number: int
    text: str
    addressed_to: str | None = None
    source: str | None = None
    source_date: date | None = None
    findings: str | None = None
    progress: str | None = None
    improvement_required: bool | None = None


@dataclass(frozen=True)
class PracticeExample:
    """A practice example, under a pseudonym."""

    standard_id: str
    kind: str
    text: str
    pseudonym: str | None = None
    # The case the example is about: kept so that its pseudonym can be checked against the
    # case's record; never printed.
    case_id: str | None = None


@dataclass(frozen=True)
class NarrativeParagraph:
    """A paragraph of the report's words, or one strength or area for improvement."""

    section: str
    part: str
    text: str
    heading: str | None = None


@dataclass(frozen=True)
class GlossaryTerm:
    """A term the inspection's report explains in Annexe four, beside the framework's own."""

    term: str
    definition: str


ROW_TYPES: dict[str, type] = {
    "inspection": Inspection,
    "sample_windows": SampleWindow,
    "cases": Case,
    "answers": Answer,
    "second_answers": SecondAnswer,
    "judgements": Judgement,
    "staffing": StaffingFigure,
    "surveys": SurveyResult,
    "recommendations": Recommendation,
    "practice_examples": PracticeExample,
    "narrative": NarrativeParagraph,
    "glossary": GlossaryTerm,
    "eligible_cases": EligibleCase,
}


@dataclass(frozen=True)
class Bundle:
    """Every table of one inspection, validated."""

    inspection: Inspection
    sample_windows: tuple[SampleWindow, ...]
    cases: tuple[Case, ...]
    answers: tuple[Answer, ...]
    judgements: tuple[Judgement, ...] = ()
    staffing: tuple[StaffingFigure, ...] = ()
    surveys: tuple[SurveyResult, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    practice_examples: tuple[PracticeExample, ...] = ()
    narrative: tuple[NarrativeParagraph, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    second_answers: tuple[SecondAnswer, ...] = ()

    def rows(self, table: str) -> tuple[object, ...]:
        """The records of one table, by its name."""
        if table == "inspection":
            return (self.inspection,)
        value: tuple[object, ...] = getattr(self, table)
        return value


def field_names(row_type: type) -> tuple[str, ...]:
    """The field names of a record class."""
    return tuple(f.name for f in fields(row_type))
