"""How the ``probity`` command shows results in a terminal (rich tables)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from probity.aggregation import Characteristic, SampleComposition
from probity.framework import Framework, FrameworkSource
from probity.pipeline import InspectionResults, QuestionFigure
from probity.rating import RatingsPage, percent_text, whole_percent_text
from probity.statistics import interval_text, wilson
from probity.statistics.agreement_report import AgreementReport, group_document
from probity.statistics.subgroups import SubgroupTable


def print_ratings(console: Console, page: RatingsPage) -> None:
    """The ratings page: every standard, its rating and what drove it (the % "Yes" shown as
    the framework's rounding rule shows it); the score; the overall rating."""
    table = Table(title=page.inspection or "Ratings", title_justify="left")
    table.add_column("Standard")
    table.add_column("Rating")
    table.add_column("Driven by")
    for domain in page.domains:
        table.add_section()
        table.add_row(f"[bold]{domain.title}[/]", "", "")
        for s in domain.standards:
            label = s.rating.label if s.rating else "Not rated"
            if s.rating and not s.scored:
                label += " (not scored)"
            table.add_row(f"{s.id} {s.name}", label, s.driven_by)
    console.print(table)
    if page.overall is not None:
        console.print(
            f"Score [bold]{page.score}/{page.max_score}[/]    "
            f"Overall rating [bold]{page.overall.label}[/]"
        )
    print_close(console, page)


def print_close(console: Console, page: RatingsPage) -> None:
    """Each standard close to a band boundary, marked, with how few changed answers would
    move it, and to which rating (numbers, never cases)."""
    for s in page.close:
        console.print(f"[bold]{s.id} {s.name}[/]: {page.close_mark}. {' '.join(s.close_moves)}")


def print_sample(
    console: Console, composition: SampleComposition, characteristics: tuple[Characteristic, ...]
) -> None:
    """The sample's counts and composition, and the case characteristics table."""
    table = Table(title="Sample", title_justify="left")
    table.add_column("Cases")
    table.add_column("Number", justify="right")
    table.add_column("%", justify="right")
    for figure in composition.counts:
        table.add_row(figure.label, f"{figure.count} of {composition.cases}", "")
    for b in composition.breakdowns:
        table.add_section()
        table.add_row(f"[bold]{b.label}[/]", "", "")
        for g in b.groups:
            table.add_row(g.label, str(g.count), whole_percent_text(g.count.pct))
    console.print(table)
    if not characteristics:
        return
    chars = Table(title="Characteristics of inspected cases", title_justify="left")
    chars.add_column("Characteristic")
    chars.add_column("Number", justify="right")
    chars.add_column("%", justify="right")
    for c in characteristics:
        chars.add_row(c.label, str(c.count), whole_percent_text(c.count.pct))
    console.print(chars)


def print_questions(console: Console, results: InspectionResults) -> None:
    """Every key question and prompt with yes / applicable / % "Yes" (Annexe three) and the
    95% Wilson score interval of that %, from the same count."""
    fw = results.framework
    table = Table(title='Inspection data: % "Yes" (not applicable excluded)', title_justify="left")
    table.add_column("Question")
    table.add_column("Yes", justify="right")
    table.add_column("Applicable", justify="right")
    table.add_column('% "Yes"', justify="right")
    table.add_column("95% interval", justify="right")
    for s in fw.standards:
        if not s.prompts:
            continue
        table.add_section()
        table.add_row(f"[bold]{s.id} {s.name}[/]", "", "", "", "")
        for kq in s.key_questions:
            _question_row(fw, table, results.figures[kq.id], bold=True)
            for p in kq.prompts:
                _question_row(fw, table, results.figures[p.id], markers=p.markers)
        for p in s.other_prompts.prompts if s.other_prompts else ():
            _question_row(fw, table, results.figures[p.id], markers=p.markers)
    console.print(table)


def _question_row(
    fw: Framework,
    table: Table,
    f: QuestionFigure,
    bold: bool = False,
    markers: tuple[str, ...] = (),
) -> None:
    marks = " " + " ".join(markers) if markers else ""
    label = f"[bold]{f.question_id}[/]" if bold else f"  {f.question_id}{marks}"
    interval = interval_text(wilson(f.count))
    table.add_row(label, str(f.yes), str(f.applicable), percent_text(fw, f.pct), interval)


SUPPRESSED_MARK = "†"
NOTABLE_MARK = "*"


def print_subgroups(console: Console, fw: Framework, table: SubgroupTable) -> None:
    """Key-question % "Yes" for each subgroup, with the cases each rests on and its interval;
    a group under the framework's minimum is marked (its figures still shown: an internal
    view), and so is a difference from the rest of the sample that is notable after the
    correction; a legend under the table says what the marks mean."""
    legend = (
        f"{SUPPRESSED_MARK} fewer than {table.minimum_cases} cases: suppressed in anything "
        f"published.  {NOTABLE_MARK} differs notably from the rest of the sample (Fisher's "
        f"exact test, Benjamini-Hochberg q < {table.false_discovery_rate:g})."
    )
    out = Table(
        title=f'Key questions by {table.label}: % "Yes" (yes/applicable) and 95% interval',
        title_justify="left",
        caption=legend,
        caption_justify="left",
    )
    out.add_column("Key question")
    for g in table.groups:
        mark = f" {SUPPRESSED_MARK}" if g.suppressed else ""
        out.add_column(f"{g.label}{mark}\n{g.cases} cases", justify="right")
    for i, kq_id in enumerate(fw.key_question_ids):
        cells = []
        for g in table.groups:
            f = g.figures[i]
            if not f.count.whole:
                cells.append("–")
                continue
            mark = f" {NOTABLE_MARK}" if f.comparison.notable else ""
            cells.append(
                f"{percent_text(fw, f.count.pct)}{mark} ({f.count})\n{interval_text(f.interval)}"
            )
        out.add_row(kq_id, *cells)
    console.print(out)


def print_frameworks(
    console: Console, sources: list[FrameworkSource], loaded: dict[str, str]
) -> None:
    """The frameworks found: id, content hash and title (or why it cannot be loaded), with the
    directories they were found in."""
    folders = sorted({str(f.path.parent) for f in sources})
    table = Table(
        title="Frameworks",
        title_justify="left",
        caption="in " + ", ".join(folders) if folders else None,
        caption_justify="left",
    )
    table.add_column("Id", no_wrap=True)
    table.add_column("Content hash", no_wrap=True)
    table.add_column("Title")
    for f in sources:
        table.add_row(f.id, f.content_hash[:12], loaded.get(str(f.path), ""))
    console.print(table)


def _fraction(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def print_agreement(console: Console, report: AgreementReport) -> None:
    """First and second answers' agreement: a table per grouping (key questions, standards,
    prompts, inspector pairs) and the overall row; each figure a fraction with its interval,
    "–" where it cannot be computed."""
    mode = f" ({report.mode} second looks)" if report.mode else ""
    sections = (
        ("Key question", report.key_questions, report.groups.key_questions),
        ("Standard", report.standards, report.groups.standards),
        ("Inspectors (first / second)", report.inspector_pairs, report.groups.inspector_pairs),
        ("Prompt", report.prompts, report.groups.prompts),
    )
    for heading, results, pairs in sections:
        if not results:
            continue
        table = Table(title=f"Agreement by {heading.lower()}{mode}", title_justify="left")
        table.add_column(heading)
        for name in ("Cases", "Pairs", "Agreement", "Kappa", "AC1"):
            table.add_column(name, justify="right")
        rows = [(key, group_document(pairs[key], result)) for key, result in results.items()]
        if heading == "Key question" and report.overall is not None:
            rows.append(("Overall", group_document(report.groups.overall, report.overall)))
        for key, doc in rows:
            cells = []
            for name in ("agreement", "kappa", "ac1"):
                interval = doc["intervals"][name]
                shown = _fraction(doc[name])
                if interval is not None:
                    shown += f" ({interval[0]:.2f} to {interval[1]:.2f})"
                cells.append(shown)
            table.add_row(key, str(doc["cases"]), str(doc["pairs"]), *cells)
        console.print(table)
