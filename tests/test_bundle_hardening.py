"""Broken input of every kind gives located problems: never a traceback, a hang or a load of
what would break later (files, sheets, cells, archives, numbers, ids, narrative expressions)."""

from __future__ import annotations

import os
import re
import resource
import signal
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from probity.bundle import read_bundle
from probity.bundle.problems import DataError, Problem

from .bundles import Rows, valid_tables, write_csv_tables, write_xlsx_tables


@pytest.fixture
def tables(adult) -> dict[str, Rows]:
    return valid_tables(adult)


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail (rather than wait for ever, or fill the machine's memory) if the test takes more
    than ten seconds or two more gigabytes of address space."""
    with open("/proc/self/status", encoding="ascii") as f:
        size_kb = int(next(line for line in f if line.startswith("VmSize:")).split()[1])
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (size_kb * 1024 + 2 * 1024**3, hard))

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("still reading after 10 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def located(path: Path) -> list[Problem]:
    """The problems read_bundle reports; each must have a place."""
    with pytest.raises(DataError) as caught:
        read_bundle(path)
    problems = caught.value.problems
    assert problems
    assert all(p.source and p.place for p in problems), problems
    return problems


def messages(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """The workbook with one member of its archive changed."""
    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    out = path.with_name("changed.xlsx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            z.writestr(info.filename, change(data) if info.filename == member else data)
    return out


def sheet_member(path: Path, name: str) -> str:
    """The archive member holding the sheet ``name`` (openpyxl numbers them in order)."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet\b[^>]*\bname="([^"]+)"', book)
    return f"xl/worksheets/sheet{names.index(name) + 1}.xml"


def replace_cell(xml: bytes, ref: str, cell: str) -> bytes:
    return re.sub(rf'<c r="{ref}"[^>]*>.*?</c>'.encode(), cell.encode(), xml, count=1)


@pytest.fixture
def workbook(tmp_path: Path, tables: dict[str, Rows]) -> Path:
    return write_xlsx_tables(tables, tmp_path / "bundle.xlsx")


# --- Files ---------------------------------------------------------------------------------


def test_a_directory_named_like_a_table_is_reported_not_read(tmp_path, tables, no_hang):
    folder = write_csv_tables(tables, tmp_path / "b")
    (folder / "narrative.csv").mkdir()
    assert "not a regular file" in messages(located(folder))


def test_a_symlink_to_a_device_is_refused_before_it_is_opened(tmp_path, tables, no_hang):
    folder = write_csv_tables(tables, tmp_path / "b")
    (folder / "narrative.csv").symlink_to("/dev/zero")
    assert "not a regular file" in messages(located(folder))


def test_a_fifo_in_place_of_a_table_is_refused_without_waiting(tmp_path, tables, no_hang):
    folder = write_csv_tables(tables, tmp_path / "b")
    os.mkfifo(folder / "narrative.csv")
    assert "not a regular file" in messages(located(folder))


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, tables, no_hang):
    folder = write_csv_tables(tables, tmp_path / "b")
    with (folder / "narrative.csv").open("wb") as f:
        f.truncate(60 * 1024 * 1024)  # sparse: nothing is written
    assert "over the limit" in messages(located(folder))


def test_a_csv_header_cell_longer_than_the_csv_module_allows_is_located(tmp_path, tables):
    folder = write_csv_tables(tables, tmp_path / "b")
    path = folder / "glossary.csv"
    path.write_text("term," + "d" * 140_000 + "\nx,y\n", encoding="utf-8")
    problems = located(folder)
    assert any(p.source == str(path) for p in problems)


def test_a_cell_longer_than_the_cell_limit_is_located(tmp_path, tables):
    tables["answers"][0]["note"] = "n" * 100_001
    problems = located(write_csv_tables(tables, tmp_path / "b"))
    assert "row 2, column note" in messages(problems)


# --- Workbooks -----------------------------------------------------------------------------


def test_malformed_xml_in_a_sheet_is_located_at_the_sheet(workbook):
    member = sheet_member(workbook, "answers")
    broken = rewrite_member(workbook, member, lambda xml: xml[: len(xml) // 2])
    assert "sheet answers" in messages(located(broken))


def test_a_number_cell_holding_letters_is_located(workbook):
    member = sheet_member(workbook, "surveys")
    broken = rewrite_member(
        workbook, member, lambda xml: replace_cell(xml, "D2", '<c r="D2" t="n"><v>abc</v></c>')
    )
    assert "sheet surveys" in messages(located(broken))


def test_a_bad_cell_reference_is_located(workbook):
    member = sheet_member(workbook, "surveys")
    broken = rewrite_member(
        workbook, member, lambda xml: replace_cell(xml, "D2", '<c r="A-5" t="n"><v>1</v></c>')
    )
    assert "sheet surveys" in messages(located(broken))


def test_an_impossible_date_cell_is_located(workbook):
    member = sheet_member(workbook, "inspection")
    broken = rewrite_member(
        workbook,
        member,
        lambda xml: replace_cell(xml, "E2", '<c r="E2" t="d"><v>2022-02-30</v></c>'),
    )
    assert "sheet inspection" in messages(located(broken))


def test_a_shared_string_index_out_of_range_is_located(workbook):
    member = sheet_member(workbook, "cases")
    broken = rewrite_member(
        workbook, member, lambda xml: replace_cell(xml, "A2", '<c r="A2" t="s"><v>99999</v></c>')
    )
    assert "sheet cases" in messages(located(broken))


def test_corrupt_compressed_data_is_located(workbook):
    data = bytearray(workbook.read_bytes())
    with zipfile.ZipFile(workbook) as z:
        info = z.getinfo(sheet_member(workbook, "answers"))
    # Past the local header (30 bytes, the name, the extra field): the compressed data.
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 40
    for i in range(start, start + 64):
        data[i] ^= 0x5A
    workbook.write_bytes(bytes(data))
    assert located(workbook)


def test_an_archive_that_expands_past_the_limit_is_refused_before_it_is_opened(workbook, no_hang):
    bomb = rewrite_member(workbook, "docProps/app.xml", lambda xml: xml + b" " * 5_000_000)
    assert "expand" in messages(located(bomb))


def test_a_sheet_declaring_too_small_a_dimension_loses_no_row(tmp_path, tables):
    tables["narrative"] = [
        {"section": "foreword", "part": "text", "text": f"Paragraph {i}."} for i in range(30)
    ]
    path = write_xlsx_tables(tables, tmp_path / "b.xlsx")
    member = sheet_member(path, "narrative")
    shrunk = rewrite_member(
        path, member, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:D2"', xml)
    )
    assert len(read_bundle(shrunk).narrative) == 30


def test_a_column_named_twice_in_a_workbook_is_reported(tmp_path, tables):
    path = write_xlsx_tables(tables, tmp_path / "b.xlsx")
    # The header's last cell takes the name of its first: "survey" twice.
    doubled = rewrite_member(
        path,
        sheet_member(path, "surveys"),
        lambda xml: replace_cell(xml, "E1", '<c r="E1" t="inlineStr"><is><t>survey</t></is></c>'),
    )
    assert "appears 2 times" in messages(located(doubled))


# --- Values that would break the database or the web pages --------------------------------


@pytest.mark.parametrize("value", ["-3", str(10**30)])
def test_a_count_outside_its_range_is_located(tmp_path, tables, value):
    tables["inspection"][0]["cases_interviewed"] = value
    problems = located(write_csv_tables(tables, tmp_path / "b"))
    assert "inspection.csv: row 2, column cases_interviewed" in messages(problems)


def test_a_negative_recommendation_number_is_located(tmp_path, tables):
    tables["recommendations"] = [
        {"kind": "current", "number": "-1", "addressed_to": "The PDU", "text": "Do better."}
    ]
    problems = located(write_csv_tables(tables, tmp_path / "b"))
    assert "recommendations.csv: row 2, column number" in messages(problems)


@pytest.mark.parametrize("bad", ["a/b", ".hidden", "x" * 81, "with space", "caf\u00e9"])
def test_an_id_outside_the_safe_alphabet_is_located(tmp_path, tables, bad):
    tables["inspection"][0]["inspection_id"] = bad
    old = tables["cases"][0]["case_id"]
    tables["cases"][0]["case_id"] = bad
    for answer in tables["answers"]:
        if answer["case_id"] == old:
            answer["case_id"] = bad
    text = messages(located(write_csv_tables(tables, tmp_path / "b")))
    assert "inspection.csv: row 2, column inspection_id" in text
    assert "cases.csv: row 2, column case_id" in text


# --- Narrative expressions ----------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "{{ 9**(9**9) }}",
        "{{ 'a'*10**10 }}",
        "{{ [1]*10**9 }}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    ],
)
def test_a_paragraph_past_the_sandbox_bounds_is_located_by_validate(
    tmp_path, tables, expression, no_hang
):
    tables["narrative"] = [{"section": "foreword", "part": "text", "text": expression}]
    started = time.monotonic()
    problems = located(write_csv_tables(tables, tmp_path / "b"))
    assert time.monotonic() - started < 5
    assert "narrative.csv: row 2, column text" in messages(problems)


def test_a_paragraph_writing_more_than_the_output_bound_fails_quickly(no_hang):
    from probity.report.narrative import NarrativeBoundError, render_text

    with pytest.raises(NarrativeBoundError):
        render_text("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", {})


def test_ordinary_arithmetic_in_a_paragraph_still_renders():
    from probity.report.narrative import render_text

    assert render_text("{{ 2**10 }} {{ 'ab' * 3 }} {{ 7 * 6 }}", {}) == "1024 ababab 42"


# --- Uploads in the web application that use the same readers ------------------------------


def test_a_broken_eligible_cases_workbook_is_located(tmp_path, adult):
    from probity.bundle.eligible import read_eligible, write_eligible_template

    path = tmp_path / "eligible.xlsx"
    write_eligible_template(adult, path)
    broken = rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml[:200])
    with pytest.raises(DataError) as caught:
        read_eligible(broken, adult)
    assert all(p.place for p in caught.value.problems)


def test_a_survey_upload_with_a_cell_too_long_for_csv_is_located():
    from probity.workflow.authoring_tables import read_surveys_csv
    from probity.workflow.errors import InvalidError

    with pytest.raises(InvalidError):
        read_surveys_csv("survey," + "q" * 140_000 + "\n")


def test_a_survey_upload_naming_a_column_twice_is_located():
    from probity.workflow.authoring_tables import read_surveys_csv
    from probity.workflow.errors import InvalidError

    text = "survey,ref,question,respondents,positive,positive\nstaff,,Q,10,7,8\n"
    with pytest.raises(InvalidError) as caught:
        read_surveys_csv(text)
    assert "positive appears 2 times" in str(caught.value.problems)


@pytest.mark.parametrize(
    "expression",
    [
        "{{ 1/0 }}",
        "{{ 10.0**400 }}",
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "{% set s = 'a' * 100000 %}{{ s ~ s ~ s }}",
        "{{ '%999999999d' % 1 }}",
        "{{ 'a'.center(10**9) }}",
        "{{ lipsum(10**6) }}",
    ],
)
def test_every_other_failure_of_a_paragraph_is_a_template_error(expression, no_hang):
    from jinja2 import TemplateError

    from probity.report.narrative import render_text

    with pytest.raises(TemplateError):
        render_text(expression, {})


def test_text_longer_than_the_database_keeps_is_located_at_its_column(tmp_path, tables):
    tables["inspection"][0]["pdu"] = "P" * 201
    tables["cases"][0]["inspector"] = "I" * 201
    text = messages(located(write_csv_tables(tables, tmp_path / "b")))
    assert "inspection.csv: row 2, column pdu: 201 characters: at most 200 are kept" in text
    assert "cases.csv: row 2, column inspector: 201 characters" in text


def test_an_archive_whose_files_add_up_past_the_limit_is_refused_unopened(workbook, monkeypatch):
    from probity.bundle import limits

    monkeypatch.setattr(limits, "MAX_EXPANDED_BYTES", 10_000)
    assert "would expand to" in messages(located(workbook))
