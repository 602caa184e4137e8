"""The report's disproportionality chapter: included only when asked for (``probity report
--disproportionality``), a table per subgroup attribute and key question, and a group of three
cases withheld: "fewer than 5 cases", no figure and no count of it."""

from __future__ import annotations

from fractions import Fraction

import pytest
from typer.testing import CliRunner

from probity.bundle import read_bundle
from probity.cli import app
from probity.pipeline import inspect_bundle
from probity.rating.figures import Count
from probity.report.disproportionality import attribute_section, points_text
from probity.report.html import render_html
from probity.statistics.subgroups import compare_groups

from .bundles import small_group_tables, write_csv_tables
from .test_report_support import parse_html as parse


@pytest.fixture(scope="module")
def folder(tmp_path_factory, adult):
    return write_csv_tables(small_group_tables(adult), tmp_path_factory.mktemp("groups") / "b")


@pytest.fixture(scope="module")
def results(folder):
    return inspect_bundle(read_bundle(folder))


@pytest.fixture(scope="module")
def doc(results):
    return parse(render_html(results, disproportionality=True))


def _rows(doc, table_id):
    table = doc.find("table", id=table_id)
    return [[cell.text().strip() for cell in row.iter() if cell.tag in ("th", "td")]
            for row in table.find("tbody").find_all("tr")]  # fmt: skip


def test_a_group_of_three_cases_is_withheld_in_the_report(doc):
    rows = _rows(doc, "disproportionality-practitioner-grade-2-2-3")
    assert rows == [
        # Five "Yes" of five: 100%; Wilson's interval 57–100%. The rest is the withheld
        # group alone: the difference from it (+100) would give its 0% away.
        ["Probation officer (PO)", "100%", "57–100%", "Not shown", "Not shown"],
        ["PQiP trainee", "fewer than 5 cases"],
    ]
    section = doc.find("section", id="disproportionality-practitioner-grade")
    withheld = [r for r in section.find_all("tr") if r.has_class("withheld")]
    assert len(withheld) == 14  # every key question's table
    assert all("3" not in r.text() and "0%" not in r.text() for r in withheld)


def test_the_chapter_explains_the_test_and_the_suppression_above_the_tables(doc):
    chapter = doc.find("section", id="disproportionality")
    words = chapter.text()
    assert "Fisher’s exact test" in words
    assert "Benjamini–Hochberg" in words
    assert "fewer than 5 cases" in words
    headings = [h.text() for h in chapter.find_all("h3")]
    assert headings[0] == "Case type"
    assert "Practitioner grade" in headings
    assert doc.find("a", href="#disproportionality").text() == "Disproportionality"


def test_with_a_single_group_no_difference_is_tested(doc):
    # No case of the eight has a disability: the one group has no rest to be compared with.
    rows = _rows(doc, "disproportionality-disability-2-2-3")
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [("No", "63%", "–", "Not tested")]


def test_the_report_without_the_choice_has_no_such_chapter(results):
    html = parse(render_html(results))
    assert not [s for s in html.find_all("section") if s.attrs.get("id") == "disproportionality"]
    assert not [a for a in html.find_all("a") if a.attrs.get("href") == "#disproportionality"]


def test_probity_report_includes_the_chapter_only_with_the_flag(folder, tmp_path):
    runner = CliRunner()
    plain = runner.invoke(app, ["report", str(folder), "--format", "html", "--out", str(tmp_path)])
    assert plain.exit_code == 0, plain.output
    assert 'id="disproportionality"' not in (tmp_path / "report.html").read_text("utf-8")
    asked = runner.invoke(
        app,
        ["report", str(folder), "--format", "html", "--out", str(tmp_path), "--disproportionality"],
    )
    assert asked.exit_code == 0, asked.output
    assert 'id="disproportionality"' in (tmp_path / "report.html").read_text("utf-8")


def test_differences_are_signed_whole_points_rounded_half_up():
    assert points_text(Fraction(200, 3)) == "+67"
    assert points_text(Fraction(-11, 2)) == "−5"  # −5.5 rounds half up to −5
    assert points_text(Fraction(0)) == "0"
    assert points_text(None) == "–"


def test_beside_other_shown_groups_a_groups_difference_is_shown_and_the_small_one_withheld(adult):
    def counts(yes, applicable):
        return {kq: Count(yes, applicable) for kq in adult.key_question_ids}

    groups = {
        "a": ("Group A", 10, counts(2, 10)),
        "b": ("Group B", 10, counts(8, 10)),
        "c": ("Group C", 3, counts(3, 3)),
    }
    table = compare_groups(adult, "grade", "Grade", groups, counts(13, 23))
    section = attribute_section(adult, table)
    rows = section.tables[0].rows
    # 20% against the rest's 11 of 13 (84.6%): −64.6 points, −65 rounded half up.
    assert (rows[0].pct, rows[0].difference) == ("20%", "−65")
    # Fisher's p = 0.0034 on ((2, 8), (11, 2)); B's 0.090 and C's 0.23, each repeated for
    # the 14 key questions: A's q is 0.0034 · 42 / 14 = 0.0103 < 0.05, B's 0.135.
    assert (rows[0].notable, rows[1].notable) == ("Yes", "No")
    assert (rows[2].withheld, rows[2].pct, rows[2].difference) == ("fewer than 5 cases", "", "")
