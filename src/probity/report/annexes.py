"""What the report's tables of figures hold, beyond the key questions': the case characteristics
table (§1.3), domain two's key data, the survey results, and Annexes one to three."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from probity.bundle.model import Recommendation, StaffingFigure
from probity.framework import Framework, Prompt
from probity.pipeline import InspectionResults, QuestionFigure

from .formatting import PROGRESS_LABELS, date_range, long_date, out_of_text, pct_text, staffing_text
from .narrative import markdown_html

INSPECTION_DATA = "HM Inspectorate of Probation inspection data"

CHARACTERISTIC_LABELS = {
    "female": "Proportion of inspected cases who are female",
    "black_asian_minority_ethnic": (
        "Proportion of inspected cases who are black, Asian or minority ethnic"
    ),
    "disability": "Proportion of inspected cases with a disability",
    "drug_misuse": "Proportion of inspected cases where inspectors identified drug misuse problems",
    "alcohol_misuse": (
        "Proportion of inspected cases where inspectors identified alcohol misuse problems"
    ),
}

STAFFING_CAPTIONS = {
    "key_staffing": "Key staffing data",
    "caseload_workload": "Caseload and workload data",
    "inspection_workload": "Inspection workload data",
}

SURVEY_CAPTIONS = {
    "staff": "Our survey of staff",
    "practitioner_interviews": "Our interviews with probation practitioners",
    "people_on_probation": "Our survey of people on probation",
}


@dataclass(frozen=True)
class FigureRow:
    """A row of a two-column table: what is measured and its figure, with its source."""

    label: str
    value: str
    source: str | None = None


@dataclass(frozen=True)
class FigureTable:
    """A captioned table of figures."""

    id: str
    caption: str
    rows: tuple[FigureRow, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The distinct sources of its rows, in order."""
        return tuple(dict.fromkeys(r.source for r in self.rows if r.source))


def characteristics_table(results: InspectionResults) -> FigureTable:
    """§1.3's table: the five proportions of the inspected cases, then the figures the service
    supplied (staffing section ``services``)."""
    rows = [
        FigureRow(
            CHARACTERISTIC_LABELS.get(p.name, p.name), pct_text(p.rounded_pct), INSPECTION_DATA
        )
        for p in results.characteristics.rows
    ]
    rows.extend(
        FigureRow(f.measure, staffing_text(f), f.source)
        for f in results.bundle.staffing
        if f.section == "services"
    )
    return FigureTable("characteristics", "Characteristics of inspected cases", tuple(rows))


def staffing_tables(staffing: tuple[StaffingFigure, ...]) -> tuple[FigureTable, ...]:
    """Annexe two: a table per section, in the report's order; blank values "Not available"."""
    tables: list[FigureTable] = []
    for section, caption in STAFFING_CAPTIONS.items():
        rows = tuple(
            FigureRow(f.measure, staffing_text(f), f.source)
            for f in staffing
            if f.section == section
        )
        if rows:
            tables.append(FigureTable(f"staffing-{section.replace('_', '-')}", caption, rows))
    return tuple(tables)


def _windows(results: InspectionResults) -> str:
    spans = [date_range(w.start, w.end) for w in results.bundle.sample_windows]
    return ", ".join(spans[:-1]) + (" and " if len(spans) > 1 else "") + spans[-1] if spans else ""


def key_data(results: InspectionResults) -> FigureTable:
    """Domain two's key data: the cases inspected, counted from the cases table."""
    comp = results.composition
    by_type = {p.name: p.count for p in comp.by_case_type}
    by_rosh = {p.name: p.count for p in comp.by_rosh}
    women = {p.name: p.count for p in comp.by_gender}.get("female", 0)
    pqip = {p.name: p.count for p in comp.by_practitioner_grade}.get("PQiP", 0)
    insp = results.bundle.inspection
    rows = [
        FigureRow("Cases inspected", str(comp.cases)),
        FigureRow("Community sentence cases", str(by_type.get("community", 0))),
        FigureRow("Post-release supervision cases", str(by_type.get("post_custody", 0))),
        FigureRow("Court reports inspected", str(comp.court_reports.count)),
        FigureRow(
            "Cases at high or very high risk of serious harm",
            str(by_rosh.get("high", 0) + by_rosh.get("very_high", 0)),
        ),
        FigureRow("Cases of women on probation", str(women)),
        FigureRow("Cases managed by PQiP trainees", str(pqip)),
        FigureRow("Fieldwork", date_range(insp.fieldwork_start, insp.fieldwork_end)),
        FigureRow("Sentences and licences commenced", _windows(results)),
    ]
    if insp.cases_interviewed is not None:
        rows.append(
            FigureRow("Interviews with probation practitioners", str(insp.cases_interviewed))
        )
    return FigureTable("key-data", "The cases we inspected", tuple(rows))


@dataclass(frozen=True)
class SurveyRow:
    """A survey result: the statement, "N out of M" and its percentage."""

    question: str
    out_of: str
    pct: str


@dataclass(frozen=True)
class SurveyTable:
    """One survey's results."""

    id: str
    caption: str
    rows: tuple[SurveyRow, ...]


def survey_tables(results: InspectionResults) -> tuple[SurveyTable, ...]:
    """The survey and interview results, a table per survey, each as "N out of M"."""
    tables: list[SurveyTable] = []
    for survey, caption in SURVEY_CAPTIONS.items():
        rows = tuple(
            SurveyRow(
                s.question,
                out_of_text(s.positive, s.respondents),
                pct_text(None if not s.respondents else _ratio(s.positive, s.respondents)),
            )
            for s in results.bundle.surveys
            if s.survey == survey
        )
        if rows:
            tables.append(SurveyTable(f"survey-{survey.replace('_', '-')}", caption, rows))
    return tuple(tables)


def _ratio(n: int, m: int) -> int:
    # Rounded half up in integers, as every published percentage is.
    return (200 * n + m) // (2 * m)


@dataclass(frozen=True)
class PreviousRecommendation:
    """A previous inspection's recommendation and the progress this inspection found."""

    number: int
    source: str
    date: str | None
    text: str
    findings: Markup | None
    progress: str
    improvement_required: str


def _yes_no(value: bool | None) -> str:
    return "Not recorded" if value is None else ("Yes" if value else "No")


def previous_recommendations(
    recommendations: tuple[Recommendation, ...],
) -> tuple[PreviousRecommendation, ...]:
    """Annexe one, in order."""
    return tuple(
        PreviousRecommendation(
            number=r.number,
            source=r.source or "a previous inspection",
            date=long_date(r.source_date) if r.source_date else None,
            text=r.text,
            findings=markdown_html(r.findings) if r.findings else None,
            progress=PROGRESS_LABELS.get(r.progress or "", r.progress or "Not recorded"),
            improvement_required=_yes_no(r.improvement_required),
        )
        for r in sorted(recommendations, key=lambda r: r.number)
        if r.kind == "previous"
    )


@dataclass(frozen=True)
class AnnexeRow:
    """A question of Annexe three and its % "Yes"."""

    id: str
    text: str
    markers: str
    pct: str


@dataclass(frozen=True)
class AnnexeGroup:
    """A key question (or the prompts belonging to none) and its prompts."""

    heading: str
    id: str | None
    pct: str | None
    rows: tuple[AnnexeRow, ...]


@dataclass(frozen=True)
class AnnexeTable:
    """One standard's questions in Annexe three."""

    id: str
    caption: str
    groups: tuple[AnnexeGroup, ...]


def _prompt_row(p: Prompt, figure: QuestionFigure) -> AnnexeRow:
    markers = " ".join(m.value for m in p.markers)
    return AnnexeRow(p.id, p.text, markers, pct_text(figure.rounded))


def annexe_three(fw: Framework, results: InspectionResults) -> tuple[AnnexeTable, ...]:
    """Every prompt's % "Yes", under its key question, standard by standard; prompts that
    belong to no key question (post-custody cases only) under their own heading."""
    figures = results.figures
    tables: list[AnnexeTable] = []
    for standard in fw.standards:
        if not standard.prompts:
            continue
        groups = [
            AnnexeGroup(
                kq.text,
                kq.id,
                pct_text(figures[kq.id].rounded),
                tuple(_prompt_row(p, figures[p.id]) for p in kq.prompts),
            )
            for kq in standard.key_questions
        ]
        if standard.other_prompts is not None:
            rows = tuple(_prompt_row(p, figures[p.id]) for p in standard.other_prompts.prompts)
            groups.append(AnnexeGroup(standard.other_prompts.heading, None, None, rows))
        tables.append(
            AnnexeTable(
                f"annexe-three-{standard.id.replace('.', '-')}",
                f"{standard.id} {standard.name}",
                tuple(groups),
            )
        )
    return tuple(tables)
