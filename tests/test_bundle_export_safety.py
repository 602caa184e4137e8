"""Text that a spreadsheet would take for a formula, or that a workbook cannot hold as it is,
is written safely and reads back exactly as it was."""

from __future__ import annotations

import csv
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from typer.testing import CliRunner

from probity.bundle import DataError, read_bundle, write_csv_folder, write_workbook
from probity.bundle.formulas import csv_cell_text, restored, xlsx_cell_text
from probity.bundle.model import Bundle
from probity.cli import app
from probity.framework import load_framework

from .bundles import valid_tables, write_csv_tables

FW = load_framework()
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _small_bundle() -> Bundle:
    with tempfile.TemporaryDirectory() as tmp:
        return read_bundle(write_csv_tables(valid_tables(FW), Path(tmp) / "in"))


SMALL = _small_bundle()


def _with_note(note: str) -> Bundle:
    """The small bundle with ``note`` as its first answer's note."""
    first, *rest = SMALL.answers
    return replace(SMALL, answers=(replace(first, note=note), *rest))


def _first_note_cell(path: Path):  # type: ignore[no-untyped-def]
    sheet = load_workbook(path)["answers"]
    header = [c.value for c in sheet[1]]
    return sheet.cell(row=2, column=header.index("note") + 1)


def _first_note_in_csv(folder: Path) -> str:
    with (folder / "answers.csv").open(encoding="utf-8", newline="") as f:
        return next(csv.DictReader(f))["note"]


@pytest.mark.parametrize("note", ['=HYPERLINK("http://example.invalid","Click")', "+1", "@SUM(A1)"])
def test_a_note_beginning_like_a_formula_is_a_quoted_text_cell_in_the_workbook(tmp_path, note):
    bundle = _with_note(note)
    write_workbook(bundle, tmp_path / "out.xlsx", FW)
    cell = _first_note_cell(tmp_path / "out.xlsx")
    assert cell.data_type == "s"
    assert cell.value == "'" + note
    assert read_bundle(tmp_path / "out.xlsx") == bundle


def test_a_note_beginning_like_a_formula_is_quoted_in_the_csv_and_reads_back(tmp_path):
    bundle = _with_note("-2+3")
    write_csv_folder(bundle, tmp_path / "out", FW)
    assert _first_note_in_csv(tmp_path / "out") == "'-2+3"
    assert read_bundle(tmp_path / "out") == bundle


@pytest.mark.parametrize("note", ["'=x", "'quoted'", "''", "it's"])
def test_a_note_beginning_with_a_quote_reads_back_as_it_was(tmp_path, note):
    bundle = _with_note(note)
    write_csv_folder(bundle, tmp_path / "out", FW)
    write_workbook(bundle, tmp_path / "out.xlsx", FW)
    assert read_bundle(tmp_path / "out") == bundle
    assert read_bundle(tmp_path / "out.xlsx") == bundle


def test_a_value_typed_by_hand_with_a_quote_before_an_equals_sign_reads_without_the_quote(
    tmp_path,
):
    tables = valid_tables(FW)
    tables["answers"][0]["note"] = "'=1+1"
    tables["answers"][1]["note"] = "'plain"
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "in"))
    assert [a.note for a in bundle.answers[:2]] == ["=1+1", "'plain"]


@pytest.mark.parametrize("note", ["pasted\x0bfrom a word processor", "a\x00b", "x\x1fy\x08z"])
def test_a_note_with_a_control_character_is_written_to_the_workbook_and_reads_back(tmp_path, note):
    bundle = _with_note(note)
    write_workbook(bundle, tmp_path / "out.xlsx", FW)
    assert read_bundle(tmp_path / "out.xlsx") == bundle


def test_a_control_character_is_written_in_the_workbook_as_ooxml_escapes_it(tmp_path):
    write_workbook(_with_note("a\x0bb"), tmp_path / "out.xlsx", FW)
    assert _first_note_cell(tmp_path / "out.xlsx").value == "a_x000B_b"


@pytest.mark.parametrize("note", ["_x000B_", "_x005F_", "a_x0041_b", "_x000B", "__x000B__"])
def test_text_that_looks_like_an_escape_reads_back_as_it_was(tmp_path, note):
    bundle = _with_note(note)
    write_csv_folder(bundle, tmp_path / "out", FW)
    write_workbook(bundle, tmp_path / "out.xlsx", FW)
    assert read_bundle(tmp_path / "out") == bundle
    assert read_bundle(tmp_path / "out.xlsx") == bundle


def test_a_note_with_a_carriage_return_inside_reads_back_from_csv(tmp_path):
    bundle = _with_note("first line\rsecond line")
    write_csv_folder(bundle, tmp_path / "out", FW)
    assert read_bundle(tmp_path / "out") == bundle


def test_numbers_and_dates_stay_typed_cells_in_the_workbook(tmp_path):
    write_workbook(SMALL, tmp_path / "out.xlsx", FW)
    sheet = load_workbook(tmp_path / "out.xlsx")["inspection"]
    header = [c.value for c in sheet[1]]
    start = sheet.cell(row=2, column=header.index("fieldwork_start") + 1)
    assert start.is_date


# Text as the pages keep it: Django's forms strip what is typed, so a note neither begins nor
# ends with white space (and the readers strip a cell likewise); anything else may be in it.
notes = (
    st.one_of(
        st.text(),
        st.builds(
            lambda lead, rest: lead + rest,
            st.sampled_from([*TRIGGERS, "'", "''", "_x000B_", "_x005F_", "\x0b", "_x"]),
            st.text(),
        ),
    )
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(note=notes)
def test_any_text_reads_back_exactly_from_csv_and_from_a_workbook(note):
    bundle = _with_note(note)
    with tempfile.TemporaryDirectory() as tmp:
        write_csv_folder(bundle, Path(tmp) / "out", FW)
        assert read_bundle(Path(tmp) / "out").answers[0].note == note
        write_workbook(bundle, Path(tmp) / "out.xlsx", FW)
        assert read_bundle(Path(tmp) / "out.xlsx").answers[0].note == note


@settings(max_examples=500, derandomize=True)
@given(text=st.one_of(st.text(), notes))
def test_any_string_comes_back_from_its_cell_text_in_either_form(text):
    assert restored(csv_cell_text(text)) == text
    assert restored(xlsx_cell_text(text)) == text
    assert not ILLEGAL_CHARACTERS_RE.search(xlsx_cell_text(text))
    assert not xlsx_cell_text(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_text_too_long_for_a_workbook_cell_is_refused_where_it_is_and_nothing_written(tmp_path):
    # 5,000 vertical tabs are 35,000 characters once escaped: within what a note may hold in
    # the pages (10,000), beyond what a workbook's cell holds (32,767).
    bundle = _with_note("a" + "\x0b" * 5_000 + "b")
    with pytest.raises(DataError) as raised:
        write_workbook(bundle, tmp_path / "out.xlsx", FW)
    [problem] = raised.value.problems
    assert problem.place == "sheet answers, row 2, column D (note)"
    assert "35,002 characters" in problem.message
    assert "at most 32,767" in problem.message
    assert not (tmp_path / "out.xlsx").exists()
    write_csv_folder(bundle, tmp_path / "out", FW)
    assert read_bundle(tmp_path / "out") == bundle


def test_converting_to_a_workbook_that_cannot_hold_a_text_exits_2_and_writes_nothing(tmp_path):
    tables = valid_tables(FW)
    tables["answers"][0]["note"] = "a" + "\x0b" * 5_000 + "b"
    source = write_csv_tables(tables, tmp_path / "in")
    result = CliRunner().invoke(app, ["convert", str(source), str(tmp_path / "out.xlsx")])
    assert result.exit_code == 2
    assert "sheet answers, row 2, column D (note)" in result.output
    assert not (tmp_path / "out.xlsx").exists()
