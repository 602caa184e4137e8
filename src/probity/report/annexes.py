"""What the report's tables of figures hold, beyond the key questions': the case characteristics
table, the key data, the survey results, and Annexes one to three, each as the framework
defines it."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from probity.bundle.model import Recommendation, StaffingFigure
from probity.framework import Framework, Prompt
from probity.pipeline import InspectionResults, QuestionFigure
from probity.rating import Count, percent_text
from probity.statistics import interval_text, wilson

from .formatting import PROGRESS_LABELS, date_range, long_date, out_of_text, pct_text, staffing_text
from .narrative import markdown_html


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
    """The case characteristics table: the framework's proportions of the inspected cases,
    then the figures supplied for it (staffing sections placed in ``characteristics``)."""
    fw = results.framework
    source = fw.characteristics.source or fw.wording.inspection_data_source
    rows = [FigureRow(c.label, pct_text(c.count.pct), source) for c in results.characteristics]
    placed = {s.id for s in fw.staffing_sections if s.place == "characteristics"}
    rows.extend(
        FigureRow(f.measure, staffing_text(f), f.source)
        for f in results.bundle.staffing
        if f.section in placed
    )
    return FigureTable("characteristics", fw.characteristics.caption, tuple(rows))


def staffing_tables(fw: Framework, staffing: tuple[StaffingFigure, ...]) -> tuple[FigureTable, ...]:
    """Annexe two: a table per staffing section of the framework, in its order; blank values
    "Not available"."""
    tables: list[FigureTable] = []
    for section in fw.staffing_sections:
        if section.place != "annexe":
            continue
        rows = tuple(
            FigureRow(f.measure, staffing_text(f), f.source)
            for f in staffing
            if f.section == section.id
        )
        if rows:
            tables.append(
                FigureTable(f"staffing-{section.id.replace('_', '-')}", section.label, rows)
            )
    return tuple(tables)


def _windows(results: InspectionResults) -> str:
    spans = [date_range(w.start, w.end) for w in results.bundle.sample_windows]
    return ", ".join(spans[:-1]) + (" and " if len(spans) > 1 else "") + spans[-1] if spans else ""


def key_data(results: InspectionResults) -> FigureTable:
    """The key data: the framework's counts of the cases inspected, then when fieldwork
    took place, the sample's windows and the interviews held, where the framework names
    them."""
    fw = results.framework
    spec = fw.key_data
    insp = results.bundle.inspection
    rows = [FigureRow(c.label, str(c.count)) for c in results.composition.counts if c.shown]
    rows.append(
        FigureRow(spec.fieldwork_label, date_range(insp.fieldwork_start, insp.fieldwork_end))
    )
    if spec.windows_label and results.bundle.sample_windows:
        rows.append(FigureRow(spec.windows_label, _windows(results)))
    if spec.interviews_label and insp.cases_interviewed is not None:
        rows.append(FigureRow(spec.interviews_label, str(insp.cases_interviewed)))
    return FigureTable("key-data", spec.caption, tuple(rows))


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
    """The survey and interview results, a table per survey of the framework, each as
    "N out of M"."""
    tables: list[SurveyTable] = []
    for survey in results.framework.surveys:
        rows = tuple(
            SurveyRow(
                s.question,
                out_of_text(s.positive, s.respondents),
                pct_text(Count(s.positive, s.respondents).pct),
            )
            for s in results.bundle.surveys
            if s.survey == survey.id
        )
        if rows:
            tables.append(SurveyTable(f"survey-{survey.id.replace('_', '-')}", survey.label, rows))
    return tuple(tables)


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
class Certainty:
    """The cases a % "Yes" rests on, and the 95% interval of that % as printed ("29–50%"; "–"
    when no case applies)."""

    count: Count
    interval: str

    @property
    def applicable(self) -> int:
        """The cases the question applies to."""
        return self.count.whole

    @property
    def yes_out_of(self) -> str:
        """Its "Yes" answers of those cases: "31 out of 79"."""
        return out_of_text(self.count.part, self.count.whole)


def certainty(count: Count) -> Certainty:
    """A question's count with the 95% Wilson score interval of its % "Yes", from the count
    the % comes from."""
    return Certainty(count, interval_text(wilson(count)))


@dataclass(frozen=True)
class AnnexeRow:
    """A question of Annexe three: its % "Yes", the cases it applies to and its interval."""

    id: str
    text: str
    markers: str
    pct: str
    certainty: Certainty


@dataclass(frozen=True)
class AnnexeGroup:
    """A key question (or the prompts belonging to none: no figure of its own) and its
    prompts."""

    heading: str
    id: str | None
    pct: str | None
    rows: tuple[AnnexeRow, ...]
    certainty: Certainty | None = None


@dataclass(frozen=True)
class AnnexeTable:
    """One standard's questions in Annexe three."""

    id: str
    caption: str
    groups: tuple[AnnexeGroup, ...]


def _prompt_row(fw: Framework, p: Prompt, figure: QuestionFigure) -> AnnexeRow:
    return AnnexeRow(
        p.id, p.text, " ".join(p.markers), percent_text(fw, figure.pct), certainty(figure.count)
    )


def annexe_three(fw: Framework, results: InspectionResults) -> tuple[AnnexeTable, ...]:
    """Every prompt's % "Yes", with the cases it applies to and its 95% interval, under its key
    question, standard by standard; prompts that belong to no key question under the heading
    the framework gives them."""
    figures = results.figures
    tables: list[AnnexeTable] = []
    for standard in fw.standards:
        if not standard.prompts:
            continue
        groups = [
            AnnexeGroup(
                kq.text,
                kq.id,
                percent_text(fw, figures[kq.id].pct),
                tuple(_prompt_row(fw, p, figures[p.id]) for p in kq.prompts),
                certainty(figures[kq.id].count),
            )
            for kq in standard.key_questions
        ]
        if standard.other_prompts is not None:
            rows = tuple(_prompt_row(fw, p, figures[p.id]) for p in standard.other_prompts.prompts)
            groups.append(AnnexeGroup(standard.other_prompts.heading, None, None, rows))
        tables.append(
            AnnexeTable(
                f"annexe-three-{standard.id.replace('.', '-')}",
                f"{standard.id} {standard.name}",
                tuple(groups),
            )
        )
    return tuple(tables)
