"""The organisation's list of eligible cases: read from CSV or XLSX with every problem located,
and its template."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from probity.bundle import DataError
from probity.bundle.eligible import (
    eligible_template_csv,
    read_eligible,
    write_eligible_template,
)

HEADER = (
    "case_id,case_type,unpaid_work_only,court_report,rosh,gender,ethnic_group,disability,"
    "drug_misuse,alcohol_misuse,practitioner_grade\n"
)
GOOD = "E001,community,no,yes,medium,male,white,no,no,no,PO\n"


def write(tmp_path, text: str):
    path = tmp_path / "eligible.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_list_of_eligible_cases_is_read_with_typed_attributes(tmp_path, adult):
    cases = read_eligible(write(tmp_path, HEADER + GOOD), adult)
    assert [c.case_id for c in cases] == ["E001"]
    assert cases[0].attributes["court_report"] is True
    assert cases[0].attributes["case_type"] == "community"


def test_every_problem_of_the_list_is_located_by_row_and_column(tmp_path, adult):
    bad = (
        HEADER + GOOD
        + "E001,community,no,no,low,male,white,no,no,no,PO\n"
        + "E/3,custody,no,no,low,male,white,no,no,no,PO\n"
        + "E004,post_custody,yes,no,low,male,white,no,no,no,PO\n"
    )  # fmt: skip
    with pytest.raises(DataError) as raised:
        read_eligible(write(tmp_path, bad), adult)
    found = [f"{p.place}: {p.message}" for p in raised.value.problems]
    assert "row 3, column case_id: duplicate: E001 is already on row 2" in found
    assert any(p.startswith("row 4, column case_type: 'custody' is not one of") for p in found)
    assert "row 5, column unpaid_work_only: only a community case can be unpaid work only" in found


def test_a_missing_column_is_named(tmp_path, adult):
    with pytest.raises(DataError) as raised:
        read_eligible(write(tmp_path, HEADER.replace(",rosh", "") + GOOD), adult)
    assert "table: missing column rosh" in [
        f"{p.place}: {p.message}" for p in raised.value.problems
    ]


def test_the_template_has_the_frameworks_columns_and_drop_downs(tmp_path, adult):
    assert eligible_template_csv(adult) == HEADER
    path = tmp_path / "template.xlsx"
    write_eligible_template(adult, path)
    wb = load_workbook(path)
    assert [c.value for c in wb["eligible_cases"][1]] == HEADER.strip().split(",")
    lists = [dv.formula1 for dv in wb["eligible_cases"].data_validations.dataValidation]
    assert '"community,post_custody"' in lists
    # A workbook filled in from the template reads back.
    ws = wb["eligible_cases"]
    ws.append(GOOD.strip().split(","))
    wb.save(path)
    assert [c.case_id for c in read_eligible(path, adult)] == ["E001"]
