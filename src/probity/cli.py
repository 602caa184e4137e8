"""The ``probity`` command: a thin layer over the core. Bad input exits 2 with every problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import duckdb
import typer
import yaml
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from probity import console as show
from probity.aggregation import AnswersError, rate_national
from probity.bundle import (
    Bundle,
    DataError,
    Problem,
    is_bundle,
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
from probity.pipeline import (
    SUBGROUP_COLUMNS,
    implied_summary,
    inspect_bundle,
    subgroup_figures,
)
from probity.rating import InspectionRatings, RatingInputError, rate
from probity.rating.document import ratings_document
from probity.report.command import report_command
from probity.web.commands import export_command, import_command
from probity.web.serve import serve_command

app = typer.Typer(
    help="Probity: inspect the quality of probation work, rate it by the published rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_BAD_INPUT = 2
JSON_OPTION = typer.Option("--json", help="Print machine-readable JSON.")
BUNDLE_ARGUMENT = typer.Argument(help="A bundle: a folder of CSV files, or an .xlsx workbook.")


@app.callback()
def main() -> None:
    """Probity: inspect the quality of probation work, rate it by the published rules."""


app.command("report")(report_command)
app.command("import")(import_command)
app.command("export")(export_command)
app.command("serve")(serve_command)


def _fail(problems: list[Problem], as_json: bool) -> NoReturn:
    if as_json:
        print(json.dumps({"errors": [p.as_dict() for p in problems]}, indent=2))
    else:
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        err.print(f"[bold red]{len(problems)} problem(s):[/]")
        for p in problems:
            err.print(f"  {p}", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def _framework_problems(e: FrameworkError) -> list[Problem]:
    return [Problem(e.source, place, reason) for place, reason in e.problems]


def _bundle(path: Path, as_json: bool) -> Bundle:
    try:
        return read_bundle(path)
    except DataError as e:
        _fail(e.problems, as_json)


@app.command("rate")
def rate_command(
    path: Annotated[
        Path,
        typer.Argument(
            help="An inspection summary (.yaml, .yml, .json) or "
            "a bundle (a CSV folder or an .xlsx workbook)."
        ),
    ],
    as_json: Annotated[bool, JSON_OPTION] = False,
    framework_file: Annotated[
        Path | None,
        typer.Option(
            "--framework-file", help="Rate a summary against a framework YAML file of your own."
        ),
    ] = None,
) -> None:
    """Rate one inspection and print its ratings page."""
    if is_bundle(path):
        results = inspect_bundle(_bundle(path, as_json))
        if results.ratings is None:
            _fail([Problem(str(path), p.field, p.message) for p in results.problems], as_json)
        _show_ratings(results.framework, results.ratings, results.bundle.inspection.pdu, as_json)
        return
    try:
        fw = load_framework_file(framework_file) if framework_file else None
        summary = read_summary(path, framework=fw)
        ratings = rate(summary.framework, summary.key_questions, summary.judgements)
    except FrameworkError as e:
        _fail(_framework_problems(e), as_json)
    except DataError as e:
        _fail(e.problems, as_json)
    except RatingInputError as e:
        _fail([Problem(str(path), p.field, p.message) for p in e.problems], as_json)
    _show_ratings(summary.framework, ratings, summary.inspection, as_json)


def _show_ratings(fw: Framework, ratings: InspectionRatings, title: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps(ratings_document(fw, ratings, title), indent=2))
    else:
        show.print_ratings(Console(highlight=False), fw, ratings, title)


@app.command("summary")
def summary_command(bundle: Annotated[Path, BUNDLE_ARGUMENT]) -> None:
    """Print the inspection summary (for ``probity rate SUMMARY``) that a bundle implies."""
    results = inspect_bundle(_bundle(bundle, False))
    print(yaml.safe_dump(implied_summary(results), sort_keys=False, allow_unicode=True), end="")


@app.command("stats")
def stats_command(
    bundle: Annotated[Path, BUNDLE_ARGUMENT],
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help=f"Break key questions down by a case column: {', '.join(SUBGROUP_COLUMNS)}.",
        ),
    ] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Print the sample, the case characteristics and every question's % "Yes"."""
    if by is not None and by not in SUBGROUP_COLUMNS:
        _fail(
            [
                Problem(
                    "--by",
                    by,
                    f"not a case column to break down by; choose one of "
                    f"{', '.join(SUBGROUP_COLUMNS)}",
                )
            ],
            as_json,
        )
    data = _bundle(bundle, as_json)
    results = inspect_bundle(data)
    groups = subgroup_figures(data, by) if by else None
    if as_json:
        print(json.dumps(_stats_document(results, by, groups), indent=2))
        return
    console = Console(highlight=False)
    if groups is not None:
        show.print_subgroups(console, results.framework, by or "", groups)
        return
    show.print_sample(console, results.composition, results.characteristics)
    show.print_questions(console, results)


def _stats_document(results: Any, by: str | None, groups: Any) -> dict[str, Any]:
    def figures(fs: Any) -> dict[str, Any]:
        return {
            k: {"yes": f.yes, "applicable": f.applicable, "pct": f.rounded} for k, f in fs.items()
        }

    def proportions(ps: Any) -> dict[str, Any]:
        return {p.name: {"count": p.count, "of": p.of, "pct": p.rounded_pct} for p in ps}

    c, s = results.characteristics, results.composition
    document: dict[str, Any] = {
        "inspection": results.bundle.inspection.inspection_id,
        "questions": figures(results.figures),
        "characteristics": proportions(
            [c.female, c.black_asian_minority_ethnic, c.disability, c.drug_misuse, c.alcohol_misuse]
        ),
        "sample": {
            "case_type": proportions(s.by_case_type),
            "court_reports": proportions([s.court_reports])[s.court_reports.name],
            "unpaid_work_only": proportions([s.unpaid_work_only])[s.unpaid_work_only.name],
            "rosh": proportions(s.by_rosh),
            "practitioner_grade": proportions(s.by_practitioner_grade),
            "gender": proportions(s.by_gender),
        },
    }
    if groups is not None:
        document["by"] = by
        document["groups"] = {label: figures(fs) for label, fs in groups.items()}
    return document


@app.command("validate")
def validate_command(
    path: Annotated[Path, BUNDLE_ARGUMENT],
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Check an inspection bundle; list every problem (exit 2) or say it is sound."""
    bundle = _bundle(path, as_json)
    counts = {"cases": len(bundle.cases), "answers": len(bundle.answers)}
    if as_json:
        print(json.dumps({"errors": [], **counts}))
    else:
        print(f"{path}: valid ({counts['cases']} cases, {counts['answers']} answers)")


@app.command("template")
def template_command(
    out: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    framework: Annotated[str, typer.Option("--framework", help="The framework id.")] = (
        DEFAULT_FRAMEWORK
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write an empty bundle workbook: headers, the question list and drop-downs."""
    if out.exists() and not force:
        _fail([Problem(str(out), "file", "already exists; use --force to overwrite it")], False)
    try:
        fw = load_framework(framework)
    except FrameworkError as e:
        _fail(_framework_problems(e), False)
    if out.suffix.lower() != ".xlsx":
        _fail([Problem(str(out), "file", "the template is a workbook: name it .xlsx")], False)
    write_template(fw, out)
    print(f"wrote {out}")


@app.command("convert")
def convert_command(
    source: Annotated[Path, BUNDLE_ARGUMENT],
    out: Annotated[Path, typer.Argument(help="Where to write it: an .xlsx, or a folder.")],
) -> None:
    """Convert a bundle between its two forms (checked first; nothing is written if faulty)."""
    bundle = _bundle(source, False)
    if out.suffix.lower() == ".xlsx":
        write_workbook(bundle, out, load_framework(bundle.inspection.framework))
    else:
        write_csv_folder(bundle, out)
    print(f"wrote {out}")


@app.command("national")
def national_command(
    answers: Annotated[
        Path,
        typer.Argument(help="Parquet of answers: inspection_id, case_id, question_id, answer."),
    ],
    out: Annotated[Path, typer.Option("--out", help="The parquet file to write.")],
    framework: Annotated[str, typer.Option("--framework", help="The framework id.")] = (
        DEFAULT_FRAMEWORK
    ),
) -> None:
    """Every inspection's prompt and key-question percentages and domain-two ratings."""
    if not answers.is_file():
        _fail([Problem(str(answers), "file", "no such file")], False)
    try:
        fw = load_framework(framework)
    except FrameworkError as e:
        _fail(_framework_problems(e), False)
    columns = [
        TextColumn("Rating inspections"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("rate", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            summary = rate_national(fw, answers, out, advance)
        except AnswersError as e:
            _fail([Problem(str(answers), "answers", p) for p in e.problems], False)
        except duckdb.Error as e:
            reason = " ".join(str(e).split())
            _fail([Problem(str(answers), "file", f"cannot be read as parquet: {reason}")], False)
    print(
        f"wrote {out}: {summary.inspections} inspections ({summary.rated} rated), "
        f"{summary.answers:,} answers, {summary.rows:,} rows"
    )
    for nr in summary.not_rated:
        print(f"  not rated: {nr.inspection_id}: {nr.reason}")
