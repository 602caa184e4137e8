"""Each chart of the demonstration PDF is on the page of the table it draws.

Read with poppler's ``pdftotext -bbox-layout``, which gives every line of text with its page in
reading order. A table's caption is its first line and a chart's caption (its figcaption,
after the chart's own words) its last, so the two captions on one page put the table, the
notes between them and the whole chart on that page. Captions are found by their opening
words, which the report writes from the standard's id and name, rather than by position."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from probity.bundle import read_bundle
from probity.pipeline import inspect_bundle
from probity.report import render_report

from .conftest import ROOT
from .test_report_fonts import _poppler
from .test_report_support import demo_results

pytestmark = [pytest.mark.integration, pytest.mark.slow]

Line = tuple[int, str]  # page (from 1) and the line's words
UNSCORED = "Rated separately, not counted in the score"  # report.html.j2's caption


def _lines(pdf: Path) -> list[Line]:
    """Every line of text in the PDF, in reading order, with its page."""
    out = subprocess.run(
        [_poppler("pdftotext"), "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines: list[Line] = []
    for page, body in enumerate(out.split("<page ")[1:], start=1):
        for line in re.findall(r"<line [^>]*>(.*?)</line>", body, re.S):
            words = re.findall(r"<word [^>]*>(.*?)</word>", line)
            lines.append((page, " ".join(html.unescape(w) for w in words)))
    return lines


def _page_of_last(lines: list[Line], before: int, opening: str) -> int:
    """The page of the last line before index ``before`` that opens with ``opening``."""
    found = [page for page, text in lines[:before] if text.startswith(opening)]
    assert found, opening
    return found[-1]


def _charts_and_tables(lines: list[Line], results) -> list[tuple[str, int, int]]:
    """Each chart's caption with its page and the page of its table's caption."""
    pairs = []
    for d in results.page.domains:
        for s in d.standards:
            if not s.key_questions:
                continue
            name = f"{s.id} {s.name}:"
            at = next(
                i
                for i, (_, text) in enumerate(lines)
                if text.startswith(f"{name} each key question")
            )
            table = _page_of_last(lines, at, f"{name} percentage of cases")
            pairs.append((lines[at][1], lines[at][0], table))
    # The ratings chart draws the ratings tables: the last of them is the standards rated
    # apart from the score, or else the last domain's.
    at = next(
        i for i, (_, text) in enumerate(lines) if text == "The rating of each rated standard."
    )
    apart = any(s.rating is not None and not s.scored for s in results.page.standards)
    last = UNSCORED if apart else results.page.domains[-1].title
    pairs.append((lines[at][1], lines[at][0], _page_of_last(lines, at, last)))
    return pairs


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory) -> Path:
    [pdf] = render_report(demo_results(), {"pdf"}, tmp_path_factory.mktemp("report"))
    return pdf


def test_each_chart_of_the_pdf_is_on_the_page_of_its_table(demo_pdf):
    results = demo_results()
    pairs = _charts_and_tables(_lines(demo_pdf), results)
    assert len(pairs) == 7  # six standards' charts and the ratings chart
    for caption, chart_page, table_page in pairs:
        assert chart_page == table_page, caption


@pytest.mark.parametrize("bundle", ["youth-demo", "adult-2023-demo"])
def test_each_chart_is_on_the_page_of_its_table_in_the_other_frameworks_examples(bundle, tmp_path):
    results = inspect_bundle(read_bundle(ROOT / "examples" / bundle))
    [pdf] = render_report(results, {"pdf"}, tmp_path)
    pairs = _charts_and_tables(_lines(pdf), results)
    assert len(pairs) > 1
    for caption, chart_page, table_page in pairs:
        assert chart_page == table_page, caption


def test_the_page_check_sees_a_chart_parted_from_its_table(demo_pdf):
    lines = _lines(demo_pdf)
    results = demo_results()
    [(caption, chart_page, table_page), *_] = _charts_and_tables(lines, results)
    # The same lines with the first chart's caption moved on a page.
    moved = [(p + 1, text) if text == caption else (p, text) for p, text in lines]
    [(_, moved_chart, moved_table), *_] = _charts_and_tables(moved, results)
    assert (moved_chart, moved_table) == (chart_page + 1, table_page)
