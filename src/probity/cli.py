"""The ``probity`` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from probity.bundle import (
    DataError,
    Problem,
    read_bundle,
    read_summary,
    write_csv_folder,
    write_template,
    write_workbook,
)
from probity.framework import (
    DEFAULT_FRAMEWORK,
    Framework,
    FrameworkError,
    load_framework,
    load_framework_file,
)
from probity.rating import InspectionRatings, RatingInputError, effective_cap, rate
from probity.rating.document import ratings_document

app = typer.Typer(
    help="Probity: inspect the quality of probation work, rate it by the published rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_BAD_INPUT = 2


@app.callback()
def main() -> None:
    """Probity: inspect the quality of probation work, rate it by the published rules."""


def _fail(problems: list[Problem], as_json: bool) -> NoReturn:
    if as_json:
        print(json.dumps({"errors": [p.as_dict() for p in problems]}, indent=2))
    else:
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        err.print(f"[bold red]{len(problems)} problem(s):[/]")
        for p in problems:
            err.print(f"  {p}", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


@app.command("rate")
def rate_command(
    path: Annotated[Path, typer.Argument(help="An inspection summary (.yaml, .yml or .json).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
    framework_file: Annotated[
        Path | None,
        typer.Option("--framework-file", help="Rate against a framework YAML file of your own."),
    ] = None,
) -> None:
    """Rate one inspection and print its ratings page."""
    try:
        fw = load_framework_file(framework_file) if framework_file else None
        summary = read_summary(path, framework=fw)
        ratings = rate(summary.framework, summary.key_questions, summary.judgements)
    except FrameworkError as e:
        _fail([Problem(e.source, place, reason) for place, reason in e.problems], as_json)
    except DataError as e:
        _fail(e.problems, as_json)
    except RatingInputError as e:
        _fail([Problem(str(path), p.field, p.message) for p in e.problems], as_json)
    document = ratings_document(summary.framework, ratings, summary.inspection)
    if as_json:
        print(json.dumps(document, indent=2))
    else:
        _print_ratings(summary.framework, ratings, document)


@app.command("validate")
def validate_command(
    path: Annotated[Path, typer.Argument(help="A bundle: a folder of CSV files or an .xlsx.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Check an inspection bundle; list every problem (exit 2) or say it is sound."""
    try:
        bundle = read_bundle(path)
    except DataError as e:
        _fail(e.problems, as_json)
    counts = {"cases": len(bundle.cases), "answers": len(bundle.answers)}
    if as_json:
        print(json.dumps({"errors": [], **counts}))
    else:
        print(f"{path}: valid ({counts['cases']} cases, {counts['answers']} answers)")


@app.command("template")
def template_command(
    out: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    framework: Annotated[
        str, typer.Option("--framework", help="The framework id.")
    ] = DEFAULT_FRAMEWORK,
) -> None:
    """Write an empty bundle workbook: headers, the question list and drop-downs."""
    try:
        fw = load_framework(framework)
    except FrameworkError as e:
        _fail([Problem(e.source, place, reason) for place, reason in e.problems], False)
    if out.suffix.lower() != ".xlsx":
        _fail([Problem(str(out), "file", "the template is a workbook: name it .xlsx")], False)
    write_template(fw, out)
    print(f"wrote {out}")


@app.command("convert")
def convert_command(
    source: Annotated[Path, typer.Argument(help="A bundle: a CSV folder or an .xlsx.")],
    out: Annotated[Path, typer.Argument(help="Where to write it: an .xlsx, or a folder.")],
) -> None:
    """Convert a bundle between its two forms (checked first; nothing is written if faulty)."""
    try:
        bundle = read_bundle(source)
    except DataError as e:
        _fail(e.problems, False)
    if out.suffix.lower() == ".xlsx":
        write_workbook(bundle, out, load_framework(bundle.inspection.framework))
    else:
        write_csv_folder(bundle, out)
    print(f"wrote {out}")


def _print_ratings(fw: Framework, ratings: InspectionRatings, document: dict[str, Any]) -> None:
    console = Console(highlight=False)
    title = document["inspection"] or "Ratings"
    table = Table(title=title, title_justify="left", show_lines=False)
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


def _driven_by(fw: Framework, result: Any) -> str:
    if result.driver is not None:
        return f"{result.driver.id}: {_pct(result.driver.pct)}%"
    if result.caps:
        lowest = effective_cap(fw, result.caps)
        return f"judgement, capped at {fw.rating(lowest).label}" if lowest else "judgement"
    if result.rating is None:
        return ", ".join(f"{k.id}: {_pct(k.pct)}%" for k in result.key_questions) + " (reported)"
    return "judgement"


def _pct(value: Any) -> str:
    return str(int(value)) if value.denominator == 1 else f"{float(value):.1f}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
