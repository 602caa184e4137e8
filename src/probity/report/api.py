"""Writing the report: ``report.html`` and ``report.pdf`` from one inspection's results."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from probity.files import atomic_path
from probity.pipeline import InspectionResults

from .context import ReportError
from .html import render_html
from .pdf import render_pdf

FORMATS = ("html", "pdf")

Progress = Callable[[str], None]


def steps(formats: Iterable[str]) -> list[str]:
    """The messages :func:`render_report` passes to ``progress``, in order (one per step), so
    that a caller can size a progress bar."""
    chosen = set(formats)
    out = ["Laying out the report"]
    if "html" in chosen:
        out.append("Writing report.html")
    if "pdf" in chosen:
        out.append("Rendering report.pdf")
    return out


def write_atomically(target: Path, data: str) -> Path:
    """Write text to ``target`` so that it appears whole or not at all: a temporary file
    beside it, then a rename."""
    with atomic_path(target) as part, part.open("w", encoding="utf-8", newline="\n") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    return target


def render_report(
    results: InspectionResults,
    formats: set[str],
    out_dir: Path,
    progress: Progress | None = None,
    *,
    disproportionality: bool = False,
) -> list[Path]:
    """Write the report in each format asked for (``"html"``, ``"pdf"``) into ``out_dir``
    as ``report.html`` and ``report.pdf``; return the files written, HTML first. An inspection
    with no publication date is a draft: every page is marked as one. ``disproportionality``:
    with the disproportionality chapter.

    Raises :class:`ReportError` if the inspection is not fully rated or a format is unknown,
    :class:`probity.report.NarrativeError` if the narrative cannot be rendered (nothing is
    written then), and :class:`probity.report.PdfError` if the PDF renderer fails.
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise ReportError([f"unknown report format(s) {unknown}; choose from {list(FORMATS)}"])
    say = progress or (lambda _message: None)
    plan = iter(steps(formats))
    say(next(plan))
    # A report without a publication date is a draft, and says so on every page.
    html = render_html(
        results, draft=results.bundle.inspection.published is None,
        disproportionality=disproportionality,
    )  # fmt: skip
    written: list[Path] = []
    if "html" in formats:
        say(next(plan))
        written.append(write_atomically(out_dir / "report.html", html))
    if "pdf" in formats:
        say(next(plan))
        written.append(render_pdf(html, out_dir / "report.pdf"))
    return written
