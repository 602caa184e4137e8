"""``probity report BUNDLE``: the report as HTML and PDF, or ``--check`` of its narrative.

The lead registers it on the ``probity`` app: ``app.command("report")(report_command)``.
Bad input (a bundle that does not validate, an inspection that cannot be rated, a narrative
that does not render) exits 2 listing every problem; ``--check`` exits 1 when it finds a
literal figure that the data does not support; a PDF renderer failure exits 1. SIGTERM
exits 143 (128 + 15) after ending the PDF renderer and removing its temporary files, as Ctrl-C
does (:mod:`probity.report.pdf`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from probity.bundle import DataError, Problem, read_bundle
from probity.framework import FrameworkError, load_framework_file
from probity.pipeline import InspectionResults, inspect_bundle

from .api import render_report, steps
from .check import check_narrative
from .context import ReportError
from .narrative import NarrativeError, render_paragraphs
from .pdf import PdfError

EXIT_FINDINGS = 1
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class ReportFormat(StrEnum):
    """Which files to write."""

    html = "html"
    pdf = "pdf"
    both = "both"

    @property
    def formats(self) -> set[str]:
        """The formats this choice writes."""
        return {"html", "pdf"} if self is ReportFormat.both else {self.value}


def _fail(problems: list[Problem], code: int = EXIT_BAD_INPUT) -> NoReturn:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    err.print(f"[bold red]{len(problems)} problem(s):[/]")
    for p in problems:
        err.print(f"  {p}", markup=False)
    raise typer.Exit(code)


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`SystemExit` instead of ending Python on the
    spot, so that the PDF renderer is ended and every temporary file removed on the way out
    (the default ends this process alone and leaves them)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread
        return
    before = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _narrative_problems(bundle: Path, e: NarrativeError) -> list[Problem]:
    return [
        Problem(str(bundle), f"narrative: row {p.row} (section {p.section})", p.message)
        for p in e.problems
    ]


def _results(bundle: Path, framework_file: Path | None) -> InspectionResults:
    fw = None
    try:
        fw = load_framework_file(framework_file) if framework_file else None
    except FrameworkError as e:
        _fail([Problem(e.source, place, reason) for place, reason in e.problems])
    try:
        results = inspect_bundle(read_bundle(bundle, framework=fw), fw)
    except DataError as e:
        _fail(e.problems)
    if results.ratings is None:
        _fail([Problem(str(bundle), p.field, p.message) for p in results.problems])
    return results


def _check(bundle: Path, results: InspectionResults) -> NoReturn:
    try:
        render_paragraphs(results)
    except NarrativeError as e:
        _fail(_narrative_problems(bundle, e))
    findings = check_narrative(results)
    out = Console(highlight=False, soft_wrap=True)
    paragraphs = len(results.bundle.narrative)
    if not findings:
        out.print(f"Every figure in {paragraphs} narrative paragraph(s) is quoted, or bound to "
                  "the figure it is about and agrees with it.")  # fmt: skip
        raise typer.Exit(0)
    out.print(f"[bold]{len(findings)} figure(s) in the narrative differ from the figure they "
              "are about, misstate it, or are not bound to one:[/]")  # fmt: skip
    for f in findings:
        out.print(f"  {f}", markup=False)
    raise typer.Exit(EXIT_FINDINGS)


def report_command(
    bundle: Annotated[
        Path, typer.Argument(help="A bundle: a folder of CSV files, or an .xlsx workbook.")
    ],
    format: Annotated[
        ReportFormat, typer.Option("--format", help="Which files to write.")
    ] = ReportFormat.both,
    out: Annotated[
        Path, typer.Option("--out", help="The folder to write report.html and report.pdf in.")
    ] = Path("out/report"),
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing: list every figure typed in the narrative that differs from "
            "the figure it is bound to, misstates it, or is bound to none (exit 1 if any).",
        ),
    ] = False,
    framework_file: Annotated[
        Path | None,
        typer.Option(
            "--framework-file",
            help="Read the bundle under a framework YAML file of your own (its id must be the "
            "one the bundle names).",
        ),
    ] = None,
    disproportionality: Annotated[
        bool,
        typer.Option(
            "--disproportionality",
            help="Include the disproportionality chapter: every key question by each of the "
            "framework's subgroup attributes, each group against the rest of the sample, "
            "groups under the framework's minimum size withheld.",
        ),
    ] = False,
) -> None:
    """Publish the inspection report (HTML and PDF), every number computed from the data."""
    if check:
        _check(bundle, _results(bundle, framework_file))
    console = Console(stderr=True, highlight=False)
    plan = ["Reading the bundle", *steps(format.formats)]
    columns = (
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )  # fmt: skip
    with _sigterm_unwinds(), Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(plan[0], total=len(plan))
        results = _results(bundle, framework_file)

        def advance(message: str) -> None:
            progress.update(task, advance=1, description=message)

        try:
            written = render_report(
                results, format.formats, out, advance, disproportionality=disproportionality
            )
        except NarrativeError as e:
            progress.stop()
            _fail(_narrative_problems(bundle, e))
        except ReportError as e:
            progress.stop()
            _fail([Problem(str(bundle), "report", m) for m in e.problems])
        except PdfError as e:
            progress.stop()
            _fail([Problem(str(out / "report.pdf"), "pdf", str(e))], code=EXIT_FAILED)
        progress.update(task, completed=len(plan))
    for path in written:
        Console(highlight=False).print(f"Wrote {path}", markup=False)
