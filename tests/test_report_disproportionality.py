"""The report's disproportionality chapter: included only when asked for (``probity report
--disproportionality``), one table per subgroup attribute (a row per key question, a column
per group), and a group of three cases withheld: "fewer than 5 cases" in its heading, no
figure and no count of it."""

from __future__ import annotations

from fractions import Fraction

import pytest
from typer.testing import CliRunner

from probity.bundle import read_bundle
from probity.cli import app
from probity.pipeline import inspect_bundle
from probity.rating.figures import Count
from probity.report.disproportionality import GROUPS_PER_TABLE, attribute_section, points_text
from probity.report.html import render_html
from probity.statistics.subgroups import compare_groups

from .bundles import CASES, answers_for, small_group_tables, write_csv_tables
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


@pytest.fixture(scope="module")
def contrasted(tmp_path_factory, adult):
    """Ten cases by probation officers answered "yes", ten by PSOs "no" and three by a
    trainee "no": the officers' and the PSOs' differences are far beyond chance."""
    tables = small_group_tables(adult)
    yes = [dict(CASES[0], case_id=f"P{i}", practitioner_grade="PO") for i in range(1, 11)]
    no = [dict(CASES[0], case_id=f"Q{i}", practitioner_grade="PSO") for i in range(1, 11)]
    few = [dict(CASES[2], case_id=f"S{i}", practitioner_grade="PQiP") for i in range(1, 4)]
    tables["cases"] = yes + no + few
    tables["answers"] = answers_for(adult, yes, "yes") + answers_for(adult, no + few, "no")
    # Ten "Yes" of twenty-three is 43%: the judged standards capped by casework are inadequate.
    for j in tables["judgements"]:
        j["rating"] = "inadequate"
    folder = write_csv_tables(tables, tmp_path_factory.mktemp("contrasted") / "b")
    return parse(render_html(inspect_bundle(read_bundle(folder)), disproportionality=True))


def _headings(table):
    return [th.text() for th in table.find("thead").find_all("th")]


def _tr(table, key_question_id):
    """A key question's row of a table."""
    for tr in table.iter("tr"):
        th = tr.find_all("th", scope="row")
        if th and th[0].find("span").text() == key_question_id:
            return tr
    raise KeyError(key_question_id)


def _row(table, key_question_id):
    """A key question's row: its header's text, then each cell's text."""
    tr = _tr(table, key_question_id)
    return [tr.find("th").text()] + [td.text() for td in tr.find_all("td")]


def test_an_attribute_has_one_table_with_a_row_per_key_question(doc, adult):
    section = doc.find("section", id="disproportionality-practitioner-grade")
    tables = section.find_all("table")
    assert len(tables) == 1
    rows = tables[0].find_all("th", scope="row")
    assert [r.find("span").text() for r in rows] == list(adult.key_question_ids)
    # Every attribute of the framework: one table each, not one per key question.
    chapter = doc.find("section", id="disproportionality")
    assert len(chapter.find_all("table")) == len(adult.case_profile.subgroups)


def test_a_group_of_three_cases_is_withheld_in_the_report(doc):
    table = doc.find("table", id="disproportionality-practitioner-grade-table")
    assert _headings(table) == [
        "Key question",
        "Probation officer (PO) (5 cases)",
        "PQiP trainee (fewer than 5 cases)",
    ]
    # Five "Yes" of five: 100%; Wilson's interval 57–100%. The rest is the withheld group
    # alone: the difference from it (+100) would give its 0% away.
    row = _row(table, "2.2.3")
    assert row[1:] == ["100% (57–100%)Not shown", "Not shown"]
    withheld = [td for td in table.find_all("td") if td.has_class("withheld")]
    assert len(withheld) == 14  # every key question's row
    assert {td.text() for td in withheld} == {"Not shown"}
    heading = table.find("thead").find_all("th")[2]
    assert "3" not in heading.text()


def test_no_two_elements_of_the_chapter_share_an_id(doc):
    ids = [
        n.attrs["id"]
        for n in doc.find("section", id="disproportionality").iter()
        if "id" in n.attrs
    ]
    assert len(ids) == len(set(ids)) > 20


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


def test_each_table_has_a_caption_a_header_row_and_scoped_headers(doc, adult):
    table = doc.find("table", id="disproportionality-practitioner-grade-table")
    assert table.find("caption").text() == (
        "Practitioner grade: % “Yes” and difference from the rest of the sample"
    )
    header = table.find("thead").find_all("tr")
    assert len(header) == 1
    assert {th.attrs["scope"] for th in header[0].find_all("th")} == {"col"}
    standards = table.find_all("th", scope="rowgroup")
    assert [th.text() for th in standards][:2] == ["2.1 Court work", "2.2 Assessment"]
    assert len(table.find_all("th", scope="row")) == len(adult.key_question_ids)
    assert all(th.attrs.get("scope") for th in table.find("tbody").find_all("th"))


def test_a_notable_difference_is_marked_explained_and_spoken(contrasted):
    table = contrasted.find("table", id="disproportionality-practitioner-grade-table")
    assert _headings(table)[1:] == [
        "Probation officer (PO) (10 cases)",
        "Probation services officer (PSO) (10 cases)",
        "PQiP trainee (fewer than 5 cases)",
    ]
    # Officers 10 of 10 against the rest's 0 of 13: +100 points; Fisher's p = 1 / C(23, 10)
    # = 8.7e-7, far below 0.05 after any correction of the table's 42 tests or fewer.
    officers = _tr(table, "2.2.3").find_all("td")[0]
    assert officers.find("span", **{"class": "pct"}).text() == "100%"
    difference = officers.find("span", **{"class": "difference"})
    assert difference.text() == "+100 points from the rest *, notable difference"
    assert difference.find("span", **{"class": "notable-mark"}).attrs["aria-hidden"] == "true"
    hidden = [s.text() for s in difference.find_all("span", **{"class": "visually-hidden"})]
    assert hidden == ["points from the rest", ", notable difference"]
    # PSOs 0 of 10 against 10 of 13 (76.9%): −77 points; Wilson's upper bound for 0 of 10 is
    # z² / (n + z²) = 3.8415 / 13.8415 = 27.8%.
    assert _row(table, "2.2.3")[2] == "0% (0–28%)−77 points from the rest *, notable difference"
    note = table.parent.find("p", **{"class": "table-note"}).text()
    assert "* Notable difference: the corrected value of Fisher’s exact test is below 0.05." in (
        note
    )


def test_a_table_without_a_notable_difference_says_so_under_it(doc):
    table = doc.find("table", id="disproportionality-practitioner-grade-table")
    note = table.parent.find("p", **{"class": "table-note"}).text()
    assert "No difference in this table is notable after the correction." in note
    assert "*" not in table.text()


def test_with_a_single_group_no_difference_is_tested(doc):
    # No case of the eight has a disability: the one group has no rest to be compared with.
    table = doc.find("table", id="disproportionality-disability-table")
    assert _headings(table)[1:] == ["No (8 cases)"]
    assert _row(table, "2.2.3")[1:] == ["63% (31–86%)Not tested"]


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


def _counts(adult, yes, applicable):
    return {kq: Count(yes, applicable) for kq in adult.key_question_ids}


def test_beside_other_shown_groups_a_groups_difference_is_shown_and_the_small_one_withheld(adult):
    groups = {
        "a": ("Group A", 10, _counts(adult, 2, 10)),
        "b": ("Group B", 10, _counts(adult, 8, 10)),
        "c": ("Group C", 3, _counts(adult, 3, 3)),
    }
    table = compare_groups(adult, "grade", "Grade", groups, _counts(adult, 13, 23))
    (shown,) = attribute_section(adult, table).tables
    assert [c.cases for c in shown.columns] == ["10 cases", "10 cases", "fewer than 5 cases"]
    cells = shown.standards[0].rows[0].cells
    # 20% against the rest's 11 of 13 (84.6%): −64.6 points, −65 rounded half up.
    assert (cells[0].pct, cells[0].difference) == ("20%", "−65")
    # Fisher's p = 0.0034 on ((2, 8), (11, 2)); B's 0.090 and C's 0.23, each repeated for
    # the 14 key questions: A's q is 0.0034 · 42 / 14 = 0.0103 < 0.05, B's 0.135.
    assert (cells[0].notable, cells[1].notable) == (True, False)
    assert (cells[2].withheld, cells[2].pct, cells[2].difference) == (True, "", "")
    assert "* Notable difference" in shown.note


def test_an_attribute_of_many_groups_is_split_into_tables_each_with_every_key_question(adult):
    many = GROUPS_PER_TABLE + 2
    groups = {f"g{i}": (f"Group {i}", 10, _counts(adult, 5, 10)) for i in range(1, many + 1)}
    table = compare_groups(adult, "region", "Region", groups, _counts(adult, 5 * many, 10 * many))
    section = attribute_section(adult, table)
    assert [len(t.columns) for t in section.tables] == [GROUPS_PER_TABLE, 2]
    assert [t.caption[-13:] for t in section.tables] == ["(part 1 of 2)", "(part 2 of 2)"]
    ids = ["disproportionality-region-table-1", "disproportionality-region-table-2"]
    assert [t.id for t in section.tables] == ids
    for t in section.tables:
        assert sum(len(s.rows) for s in t.standards) == len(adult.key_question_ids)
