"""How the ``probity`` command shows results in a terminal (rich tables)."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console
from rich.table import Table

from probity.aggregation import CaseCharacteristics, Proportion, SampleComposition
from probity.framework import Framework
from probity.pipeline import InspectionResults, QuestionFigure
from probity.rating import InspectionRatings, StandardResult, effective_cap, round_half_up


def pct_text(value: Fraction | int | None) -> str:
    """A percentage for people: whole numbers as they are, others to one decimal place."""
    if value is None:
        return "–"
    if isinstance(value, int) or value.denominator == 1:
        return f"{int(value)}%"
    return f"{float(value):.1f}%"


def print_ratings(console: Console, fw: Framework, ratings: InspectionRatings, title: str) -> None:
    """The ratings page: every standard, its rating and what drove it (the % "Yes" shown as
    published, a whole number); the score; the overall rating."""
    table = Table(title=title or "Ratings", title_justify="left")
    table.add_column("Standard")
    table.add_column("Rating")
    table.add_column("Driven by")
    for domain in fw.domains:
        table.add_section()
        table.add_row(f"[bold]{domain.id}. {domain.name}[/]", "", "")
        for standard in domain.standards:
            result = ratings.result(standard.id)
            label = fw.rating(result.rating).label if result.rating else "Not rated"
            table.add_row(f"{standard.id} {standard.name}", label, _driven_by(fw, result))
    console.print(table)
    console.print(
        f"Score [bold]{ratings.score}/{ratings.max_score}[/]    "
        f"Overall rating [bold]{fw.rating(ratings.overall).label}[/]"
    )


def _driven_by(fw: Framework, result: StandardResult) -> str:
    if result.driver is not None:
        return f"{result.driver.id}: {pct_text(round_half_up(result.driver.pct))}"
    if result.caps:
        lowest = effective_cap(fw, result.caps)
        return f"judgement, capped at {fw.rating(lowest).label}" if lowest else "judgement"
    if result.rating is None:
        shown = ", ".join(f"{k.id}: {pct_text(round_half_up(k.pct))}" for k in result.key_questions)
        return f"{shown} (reported)"
    return "judgement"


def print_sample(
    console: Console, composition: SampleComposition, characteristics: CaseCharacteristics
) -> None:
    """The sample's composition and the case characteristics table."""
    table = Table(title="Sample", title_justify="left")
    table.add_column("Cases")
    table.add_column("Number", justify="right")
    table.add_column("%", justify="right")
    groups: list[tuple[str, tuple[Proportion, ...]]] = [
        ("Case type", composition.by_case_type),
        ("Court reports", (composition.court_reports,)),
        ("Unpaid work only", (composition.unpaid_work_only,)),
        ("Risk of serious harm", composition.by_rosh),
        ("Practitioner grade", composition.by_practitioner_grade),
        ("Gender", composition.by_gender),
    ]
    for heading, proportions in groups:
        table.add_section()
        table.add_row(f"[bold]{heading}[/]", "", "")
        for p in proportions:
            table.add_row(p.name, f"{p.count} of {p.of}", pct_text(p.rounded_pct))
    console.print(table)
    chars = Table(title="Characteristics of inspected cases", title_justify="left")
    chars.add_column("Proportion of inspected cases")
    chars.add_column("Number", justify="right")
    chars.add_column("%", justify="right")
    for p in (
        characteristics.female,
        characteristics.black_asian_minority_ethnic,
        characteristics.disability,
        characteristics.drug_misuse,
        characteristics.alcohol_misuse,
    ):
        chars.add_row(p.name.replace("_", " "), f"{p.count} of {p.of}", pct_text(p.rounded_pct))
    console.print(chars)


def print_questions(console: Console, results: InspectionResults) -> None:
    """Every key question and prompt with yes / applicable / % "Yes" (Annexe three)."""
    fw = results.framework
    table = Table(title='Inspection data: % "Yes" (not applicable excluded)', title_justify="left")
    table.add_column("Question")
    table.add_column("Yes", justify="right")
    table.add_column("Applicable", justify="right")
    table.add_column('% "Yes"', justify="right")
    for s in fw.standards:
        if not s.prompts:
            continue
        table.add_section()
        table.add_row(f"[bold]{s.id} {s.name}[/]", "", "", "")
        for kq in s.key_questions:
            _question_row(table, results.figures[kq.id], bold=True)
            for p in kq.prompts:
                _question_row(table, results.figures[p.id], markers=p.markers)
        for p in s.other_prompts.prompts if s.other_prompts else ():
            _question_row(table, results.figures[p.id], markers=p.markers)
    console.print(table)


def _question_row(
    table: Table, f: QuestionFigure, bold: bool = False, markers: tuple[object, ...] = ()
) -> None:
    marks = " " + " ".join(str(getattr(m, "value", m)) for m in markers) if markers else ""
    label = f"[bold]{f.question_id}[/]" if bold else f"  {f.question_id}{marks}"
    table.add_row(label, str(f.yes), str(f.applicable), pct_text(f.rounded))


def print_subgroups(
    console: Console, fw: Framework, by: str, groups: dict[str, dict[str, QuestionFigure]]
) -> None:
    """Key-question % "Yes" for each subgroup, with the cases each rests on."""
    table = Table(title=f'Key questions by {by}: % "Yes" (yes/applicable)', title_justify="left")
    table.add_column("Key question")
    for label in groups:
        table.add_column(label, justify="right")
    for kq in fw.key_questions:
        cells = []
        for figures in groups.values():
            f = figures[kq.id]
            cells.append(f"{pct_text(f.rounded)} ({f.yes}/{f.applicable})" if f.applicable else "–")
        table.add_row(kq.id, *cells)
    console.print(table)
