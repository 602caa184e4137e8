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
from probity.bundle.schema import SECOND_LOOKS
from probity.framework import (
    DEFAULT_FRAMEWORK,
    Framework,
    FrameworkError,
    available_frameworks,
    framework_dirs,
    load_framework,
    load_framework_file,
)
from probity.pipeline import (
    framework_of,
    group_key,
    implied_summary,
    inspect_bundle,
    subgroup_columns,
)
from probity.rating import RatingInputError, RatingsPage, page_from_ratings, rate
from probity.rating.document import interval_json, ratings_document
from probity.report.command import report_command
from probity.statistics.agreement_report import NO_PAIRS, agreement_report, report_document
from probity.statistics.document import subgroup_document
from probity.statistics.subgroups import SubgroupTable, subgroup_table
from probity.web.account_commands import token_app, users_app
from probity.web.backup.commands import backup_command, restore_command
from probity.web.commands import export_command, import_command
from probity.web.erasure_commands import erase_command, retention_command
from probity.web.serve import serve_command
from probity.workflow.planner import PlannerError, sample_size

app = typer.Typer(
    help="Probity: inspect the quality of probation work, rate it by the published rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_BAD_INPUT = 2
JSON_OPTION = typer.Option("--json", help="Print machine-readable JSON.")
BUNDLE_ARGUMENT = typer.Argument(help="A bundle: a folder of CSV files, or an .xlsx workbook.")
FRAMEWORK_FILE_OPTION = typer.Option(
    "--framework-file",
    help="Read the data under a framework YAML file of your own (its id must be the one the "
    "data names), instead of the frameworks directory's.",
)
FrameworkFile = Annotated[Path | None, FRAMEWORK_FILE_OPTION]


@app.callback()
def main() -> None:
    """Probity: inspect the quality of probation work, rate it by the published rules."""


app.command("report")(report_command)
app.command("import")(import_command)
app.command("export")(export_command)
app.command("serve")(serve_command)
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.command("erase")(erase_command)
app.command("retention")(retention_command)
app.add_typer(users_app, name="users")
app.add_typer(token_app, name="token")


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


def _framework_file(path: Path | None, as_json: bool = False) -> Framework | None:
    """The framework file given with ``--framework-file``, loaded (None without one)."""
    if path is None:
        return None
    try:
        return load_framework_file(path)
    except FrameworkError as e:
        _fail(_framework_problems(e), as_json)


def _bundle(path: Path, as_json: bool, framework_file: Path | None = None) -> Bundle:
    fw = _framework_file(framework_file, as_json)
    try:
        return read_bundle(path, framework=fw)
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
    framework_file: FrameworkFile = None,
) -> None:
    """Rate one inspection and print its ratings page."""
    if is_bundle(path):
        bundle = _bundle(path, as_json, framework_file)
        results = inspect_bundle(bundle, _framework_file(framework_file))
        if results.ratings is None:
            _fail([Problem(str(path), p.field, p.message) for p in results.problems], as_json)
        _show_ratings(results.page, as_json)
        return
    fw = _framework_file(framework_file, as_json)
    try:
        summary = read_summary(path, framework=fw)
        ratings = rate(summary.framework, summary.key_questions, summary.judgements)
    except DataError as e:
        _fail(e.problems, as_json)
    except RatingInputError as e:
        _fail([Problem(str(path), p.field, p.message) for p in e.problems], as_json)
    _show_ratings(page_from_ratings(summary.framework, ratings, summary.inspection), as_json)


def _show_ratings(page: RatingsPage, as_json: bool) -> None:
    if as_json:
        print(json.dumps(ratings_document(page), indent=2))
    else:
        show.print_ratings(Console(highlight=False), page)


@app.command("summary")
def summary_command(
    bundle: Annotated[Path, BUNDLE_ARGUMENT], framework_file: FrameworkFile = None
) -> None:
    """Print the inspection summary (for ``probity rate SUMMARY``) that a bundle implies."""
    results = inspect_bundle(
        _bundle(bundle, False, framework_file), _framework_file(framework_file)
    )
    print(yaml.safe_dump(implied_summary(results), sort_keys=False, allow_unicode=True), end="")


@app.command("stats")
def stats_command(
    bundle: Annotated[Path, BUNDLE_ARGUMENT],
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Break key questions down by one of the framework's subgroup attributes "
            "(see `probity frameworks` and docs/bundle-format.md) or by inspector.",
        ),
    ] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
    framework_file: FrameworkFile = None,
) -> None:
    """Print the sample, the case characteristics and every question's % "Yes"."""
    data = _bundle(bundle, as_json, framework_file)
    fw = framework_of(data, _framework_file(framework_file))
    if by is not None and by not in subgroup_columns(fw):
        reason = (
            f"not a subgroup of framework {fw.id}; choose one of {', '.join(subgroup_columns(fw))}"
        )
        _fail([Problem("--by", by, reason)], as_json)
    results = inspect_bundle(data, fw)
    table = subgroup_table(results, by) if by else None
    if as_json:
        print(json.dumps(_stats_document(results, table), indent=2))
        return
    console = Console(highlight=False)
    if table is not None:
        show.print_subgroups(console, fw, table)
        return
    show.print_sample(console, results.composition, results.characteristics)
    show.print_questions(console, results)


def _stats_document(results: Any, table: SubgroupTable | None) -> dict[str, Any]:
    def figures(fs: Any) -> dict[str, Any]:
        return {
            k: {
                "yes": f.yes,
                "applicable": f.applicable,
                "pct": f.rounded,
                "interval": interval_json(f.count),
            }
            for k, f in fs.items()
        }

    def share(count: Any) -> dict[str, Any]:
        return {"count": count.part, "of": count.whole, "pct": count.rounded}

    composition = results.composition
    document: dict[str, Any] = {
        "inspection": results.bundle.inspection.inspection_id,
        "framework": results.framework.id,
        "questions": figures(results.figures),
        "characteristics": {c.id: share(c.count) for c in results.characteristics},
        "sample": {
            "cases": composition.cases,
            "counts": {c.ref: c.count for c in composition.counts},
            **{
                b.attribute: {group_key(g.value): share(g.count) for g in b.groups}
                for b in composition.breakdowns
            },
        },
    }
    if table is not None:
        document.update(subgroup_document(table))
    return document


@app.command("agreement")
def agreement_command(
    bundle: Annotated[Path, BUNDLE_ARGUMENT],
    mode: Annotated[
        str | None,
        typer.Option(
            "--mode",
            help="Only second looks of this mode: blind (a reliability study) or review (a "
            "dip-sample review); both by default.",
        ),
    ] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
    framework_file: FrameworkFile = None,
) -> None:
    """Print how far first and second answers agree (observed agreement, kappa, AC1) per key
    question, per standard, per pair of inspectors and overall."""
    if mode is not None and mode not in SECOND_LOOKS:
        _fail([Problem("--mode", mode, f"choose one of {', '.join(SECOND_LOOKS)}")], as_json)
    data = _bundle(bundle, as_json, framework_file)
    report = agreement_report(data, framework_of(data, _framework_file(framework_file)), mode=mode)
    if as_json:
        print(json.dumps(report_document(report), indent=2))
    elif report.empty:
        print(f"{bundle}: {NO_PAIRS}.")
    else:
        show.print_agreement(Console(highlight=False), report)


@app.command("validate")
def validate_command(
    path: Annotated[Path, BUNDLE_ARGUMENT],
    as_json: Annotated[bool, JSON_OPTION] = False,
    framework_file: FrameworkFile = None,
) -> None:
    """Check an inspection bundle; list every problem (exit 2) or say it is sound."""
    bundle = _bundle(path, as_json, framework_file)
    counts = {"cases": len(bundle.cases), "answers": len(bundle.answers)}
    if bundle.second_answers:  # an optional later table: said only where the bundle has it
        counts["second_answers"] = len(bundle.second_answers)
    if as_json:
        print(json.dumps({"errors": [], **counts}))
    else:
        seconds = f", {len(bundle.second_answers)} second answers" if bundle.second_answers else ""
        print(f"{path}: valid ({counts['cases']} cases, {counts['answers']} answers{seconds})")


@app.command("template")
def template_command(
    out: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    framework: Annotated[str, typer.Option("--framework", help="The framework id.")] = (
        DEFAULT_FRAMEWORK
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    framework_file: Annotated[
        Path | None,
        typer.Option("--framework-file", help="A framework YAML file of your own, instead."),
    ] = None,
) -> None:
    """Write an empty bundle workbook: headers, the question list and drop-downs."""
    if out.exists() and not force:
        _fail([Problem(str(out), "file", "already exists; use --force to overwrite it")], False)
    try:
        fw = load_framework_file(framework_file) if framework_file else load_framework(framework)
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
    framework_file: FrameworkFile = None,
) -> None:
    """Convert a bundle between its two forms (checked first; nothing is written if faulty)."""
    bundle = _bundle(source, False, framework_file)
    fw = framework_of(bundle, _framework_file(framework_file))
    try:
        if out.suffix.lower() == ".xlsx":
            write_workbook(bundle, out, fw)
        else:
            write_csv_folder(bundle, out, fw)
    except DataError as e:  # a text too long for a workbook's cell; nothing written
        _fail(e.problems, False)
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
    framework_file: Annotated[
        Path | None,
        typer.Option("--framework-file", help="A framework YAML file of your own, instead."),
    ] = None,
) -> None:
    """Every inspection's prompt and key-question percentages and casework ratings."""
    if not answers.is_file():
        _fail([Problem(str(answers), "file", "no such file")], False)
    try:
        fw = load_framework_file(framework_file) if framework_file else load_framework(framework)
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


@app.command("frameworks")
def frameworks_command(as_json: Annotated[bool, JSON_OPTION] = False) -> None:
    """List the frameworks available: the files in the frameworks directory
    (PROBITY_FRAMEWORKS, or those shipped with Probity), each checked."""
    sources = available_frameworks()
    titles: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    for f in sources:
        try:
            titles[str(f.path)] = load_framework_file(f.path, expected_id=f.id).title
        except FrameworkError as e:
            problems[str(f.path)] = [f"{place}: {reason}" for place, reason in e.problems]
    twice = {f.id for f in sources if sum(1 for g in sources if g.id == f.id) > 1}
    if as_json:
        listed = [
            {"id": f.id, "title": titles.get(str(f.path)), "content_hash": f.content_hash,
             "path": str(f.path), "problems": problems.get(str(f.path), [])
             + (["found in more than one place"] if f.id in twice else [])}
            for f in sources
        ]  # fmt: skip
        print(
            json.dumps(
                {"directories": [str(d) for d in framework_dirs()], "frameworks": listed}, indent=2
            )
        )
    else:
        shown = dict(titles.items())
        shown.update({p: "cannot be loaded: " + "; ".join(m) for p, m in problems.items()})
        show.print_frameworks(Console(highlight=False), sources, shown)
        if not sources:
            where = ", ".join(str(d) for d in framework_dirs())
            print(f"No framework files (*.yaml) in {where}.")
    if problems or twice:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command("sample-size")
def sample_size_command(
    population: Annotated[int, typer.Option("--population", help="Eligible cases (N).")],
    margin: Annotated[
        float, typer.Option("--margin", help="Margin of error, a fraction: 0.1 for ±10 points.")
    ],
    confidence: Annotated[
        float, typer.Option("--confidence", help="Confidence level, a fraction.")
    ] = 0.95,
    expected: Annotated[
        float, typer.Option("--expected", help="Expected proportion, a fraction.")
    ] = 0.5,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """The sample size for a proportion at a margin and confidence, from N eligible cases
    (with the finite-population correction)."""
    try:
        plan = sample_size(population, margin, confidence, expected)
    except PlannerError as e:
        _fail([Problem("sample-size", "options", str(e))], as_json)
    if as_json:
        print(json.dumps(
            {"population": plan.population, "margin": plan.margin, "confidence": plan.confidence,
             "expected": plan.expected, "size": plan.size}
        ))  # fmt: skip
    else:
        print(plan)
