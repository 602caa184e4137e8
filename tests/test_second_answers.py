"""The ``second_answers`` table: read, checked with located problems, written back, and the
answers in force once second looks are resolved."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from probity.bundle import DataError, read_bundle, write_csv_folder, write_workbook
from probity.bundle.model import SecondAnswer
from probity.bundle.resolution import answers_in_force, discrepancies
from probity.pipeline import inspect_bundle

from .bundles import with_second_answers, write_csv_tables, write_xlsx_tables
from .conftest import ROOT

DEMO = ROOT / "examples" / "demo"


@pytest.fixture
def tables(adult):
    return with_second_answers(adult)


def located(tmp_path, tables, form: str) -> list[str]:
    """The problems of the tables written as a CSV folder or a workbook, the path left off."""
    if form == "csv":
        path = write_csv_tables(tables, tmp_path / "bundle")
    else:
        path = write_xlsx_tables(tables, tmp_path / "bundle.xlsx")
    with pytest.raises(DataError) as caught:
        read_bundle(path)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


PLACES = {
    "csv": lambda row, column, _letter: f"bundle/second_answers.csv: row {row}, column {column}",
    "xlsx": lambda row, column, letter: (
        f"bundle.xlsx: sheet second_answers, row {row}, column {letter} ({column})"
    ),
}


def test_the_fixture_with_second_looks_reads_the_same_from_csv_and_a_workbook(tmp_path, tables):
    from_csv = read_bundle(write_csv_tables(tables, tmp_path / "b"))
    assert read_bundle(write_xlsx_tables(tables, tmp_path / "b.xlsx")) == from_csv
    assert len(from_csv.second_answers) == 9
    assert from_csv.second_answers[-1] == SecondAnswer(
        "T3", "2.2.3", "no", "Inspector B", "review",
        reason="The plan does not weigh the risk to others.", resolved="no",
    )  # fmt: skip


@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("row", "column", "letter", "value", "reason"),
    [
        (0, "case_id", "A", "T9", "unknown case 'T9': not in the cases table"),
        (1, "question_id", "B", "2.2.9",
         "unknown question '2.2.9' in framework hmip-adult-pdu-2021"),
        (1, "answer", "C", "maybe", "'maybe' is not one of yes, no, na"),
        (1, "answer", "C", "na", "na is not allowed on 2.2.1 of case T1: it is answered yes or no"),
        (2, "inspector", "E", "Inspector A",
         "'Inspector A' assessed case T1 first: a second look is another inspector's"),
        (3, "mode", "F", "later", "'later' is not one of blind, review"),
        (5, "resolved", "H", "na",
         "na is not allowed on 2.2.3 of case T2: it is answered yes or no"),
        (5, "resolved", "H", "perhaps", "'perhaps' is not one of yes, no, na"),
        (8, "reason", "G", "",
         "missing value: the review answers no where the first answer is yes, and a "
         "disagreement needs its reason"),
    ],
)  # fmt: skip
def test_a_bad_second_answer_is_located(tmp_path, tables, form, row, column, letter, value, reason):
    tables["second_answers"][row][column] = value
    # Rows are numbered from 2, below the header.
    assert located(tmp_path, tables, form) == [f"{PLACES[form](row + 2, column, letter)}: {reason}"]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_second_answer_without_a_first_answer_is_located(tmp_path, tables, form):
    # T2 is an unpaid-work-only case: 2.1.1 is not asked of it, so it has no first answer.
    tables["second_answers"].append(
        {"case_id": "T2", "question_id": "2.1.1", "answer": "yes", "inspector": "Inspector C",
         "mode": "blind"}
    )  # fmt: skip
    assert located(tmp_path, tables, form) == [
        f"{PLACES[form](11, 'question_id', 'B')}: case T2 has no first answer on 2.1.1 in the "
        "answers table: a second answer looks again at a first one"
    ]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_second_look_by_the_same_inspector_twice_is_a_located_duplicate(tmp_path, tables, form):
    tables["second_answers"].append(dict(tables["second_answers"][7]))
    assert located(tmp_path, tables, form) == [
        f"{PLACES[form](11, 'inspector', 'E')}: duplicate: case_id T3, question_id 2.2.1, "
        "inspector Inspector B is already on row 9"
    ]


def test_a_review_that_agrees_needs_no_reason_and_a_blind_look_never_does(tmp_path, tables):
    assert tables["second_answers"][7]["mode"] == "review"  # agrees with the first: yes
    assert "reason" not in tables["second_answers"][2]  # blind, differs
    assert len(read_bundle(write_csv_tables(tables, tmp_path / "b")).second_answers) == 9


def test_second_answers_written_as_csv_read_back_equal(tmp_path, tables, adult):
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "in"))
    write_csv_folder(bundle, tmp_path / "out", adult)
    assert read_bundle(tmp_path / "out") == bundle
    assert (tmp_path / "out" / "second_answers.csv").read_text(encoding="utf-8").splitlines()[
        0
    ] == "case_id,question_id,answer,note,inspector,mode,reason,resolved"


def test_second_answers_written_as_a_workbook_read_back_equal(tmp_path, tables, adult):
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "in"))
    write_workbook(bundle, tmp_path / "out.xlsx", adult)
    assert read_bundle(tmp_path / "out.xlsx") == bundle


def test_a_reason_beginning_like_a_formula_is_written_as_text_and_reads_back(
    tmp_path, tables, adult
):
    tables["second_answers"][8]["reason"] = '=HYPERLINK("x")'
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "in"))
    write_workbook(bundle, tmp_path / "out.xlsx", adult)
    write_csv_folder(bundle, tmp_path / "out", adult)
    assert read_bundle(tmp_path / "out.xlsx") == bundle
    assert read_bundle(tmp_path / "out") == bundle
    assert "'=HYPERLINK" in (tmp_path / "out" / "second_answers.csv").read_text(encoding="utf-8")


def test_a_bundle_without_second_answers_is_written_without_the_table(tmp_path, adult):
    bundle = read_bundle(DEMO)
    write_csv_folder(bundle, tmp_path / "out", adult)
    assert not (tmp_path / "out" / "second_answers.csv").exists()
    for path in DEMO.glob("*.csv"):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_answers_in_force_take_the_resolved_answer_and_keep_the_rest(tmp_path, tables):
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "b"))
    in_force = answers_in_force(bundle)
    changed = [(a, b) for a, b in zip(bundle.answers, in_force, strict=True) if a != b]
    assert [(a.case_id, a.question_id, a.answer, b.answer) for a, b in changed] == [
        ("T3", "2.2.3", "yes", "no")
    ]
    assert changed[0][1] == replace(changed[0][0], answer="no")


def test_without_second_answers_the_answers_in_force_are_the_first_answers():
    bundle = read_bundle(DEMO)
    assert answers_in_force(bundle) is bundle.answers


def test_the_discrepancies_list_each_second_answer_that_differs_or_was_resolved(tmp_path, tables):
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "b"))
    assert [
        (d.case_id, d.question_id, d.first_answer, d.second_answer, d.first_inspector,
         d.second_inspector, d.mode, d.resolved)
        for d in discrepancies(bundle)
    ] == [
        ("T1", "2.2.3", "yes", "no", "Inspector A", "Inspector C", "blind", None),
        ("T2", "2.3.1", "yes", "no", "Inspector B", "Inspector C", "blind", None),
        ("T3", "2.2.3", "yes", "no", "Inspector A", "Inspector B", "review", "no"),
    ]  # fmt: skip


def test_a_resolved_answer_moves_the_demo_figure_by_exactly_one_case(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    bundle = read_bundle(folder)
    before = inspect_bundle(bundle).figures["2.2.3"]
    assert (before.yes, before.applicable) == (31, 79)
    # A case whose first answer on 2.2.3 is no, looked at again by another inspector.
    first = next(a for a in bundle.answers if a.question_id == "2.2.3" and a.answer == "no")
    assessor = next(c.inspector for c in bundle.cases if c.case_id == first.case_id)
    other = next(c.inspector for c in bundle.cases if c.inspector != assessor)
    (folder / "second_answers.csv").write_text(
        "case_id,question_id,answer,inspector,mode,reason,resolved\n"
        f"{first.case_id},2.2.3,yes,{other},review,The plan names the risks.,yes\n",
        encoding="utf-8",
    )
    resolved = read_bundle(folder)
    after = inspect_bundle(resolved).figures["2.2.3"]
    assert (after.yes, after.applicable) == (32, 79)
    assert resolved.answers == bundle.answers  # the first answers are kept as given


def test_the_template_has_a_second_answers_sheet_with_its_lists(tmp_path, adult):
    from openpyxl import load_workbook

    from probity.bundle import write_template

    write_template(adult, tmp_path / "template.xlsx")
    sheet = load_workbook(tmp_path / "template.xlsx")["second_answers"]
    assert [c.value for c in sheet[1]] == [
        "case_id", "question_id", "answer", "note", "inspector", "mode", "reason", "resolved",
    ]  # fmt: skip
    lists = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert {'"blind,review"', '"yes,no,na"'} <= lists
