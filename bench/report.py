"""Time the demonstration report: HTML and PDF, several times each.

    uv run --locked python bench/report.py [--bundle examples/demo] [--repeats R]

Reads and rates the bundle once, then times, R times each (default 5 for HTML, 3 for PDF):
(a) ``render_html`` (narrative, context, templates, charts), (b) ``render_report`` with the
PDF only, which runs WeasyPrint in its child process (what ``probity report`` does), and (c)
WeasyPrint in this process on the same HTML, split into layout and writing, to show what the
child process costs. Prints the best and median times against the targets (HTML < 0.5 s,
PDF < 5 s) and the number of pages; it asserts nothing and writes only to a temporary
directory.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from probity.bundle import read_bundle
from probity.pipeline import inspect_bundle
from probity.report import render_html, render_report

TARGETS = {"html": 0.5, "pdf": 5.0}


def timed(label: str, repeats: int, run: Callable[[], object], target: float | None) -> None:
    """Run ``run`` ``repeats`` times and print the best and median wall-clock times."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    verdict = ""
    if target is not None:
        verdict = f"  target < {target:g} s: {'met' if median < target else 'NOT met'}"
    print(f"{label:<34} best {best:6.2f} s  median {median:6.2f} s  ({repeats} runs){verdict}")


def main() -> None:
    """Time the report of a bundle and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=Path("examples/demo"))
    parser.add_argument("--repeats", type=int, default=0, help="runs of each (0: 5 HTML, 3 PDF)")
    args = parser.parse_args()
    start = time.perf_counter()
    results = inspect_bundle(read_bundle(args.bundle))
    print(f"read and rated {args.bundle} in {time.perf_counter() - start:.2f} s")
    html = render_html(results)  # the first run compiles the templates
    print(f"HTML: {len(html):,} characters")
    timed("render_html", args.repeats or 5, lambda: render_html(results), TARGETS["html"])
    with tempfile.TemporaryDirectory(prefix="probity-bench-") as tmp:
        out = Path(tmp)
        timed(
            "render_report (PDF, child process)",
            args.repeats or 3,
            lambda: render_report(results, {"pdf"}, out),
            TARGETS["pdf"],
        )
        from weasyprint import HTML  # type: ignore[import-untyped]

        document = HTML(string=html).render()
        print(f"PDF: {len(document.pages)} pages")
        timed("WeasyPrint layout (in process)", args.repeats or 3,
              lambda: HTML(string=html).render(), None)  # fmt: skip
        timed("WeasyPrint write, PDF/UA-1", args.repeats or 3,
              lambda: document.write_pdf(out / "x.pdf", pdf_variant="pdf/ua-1"), None)  # fmt: skip


if __name__ == "__main__":
    main()
