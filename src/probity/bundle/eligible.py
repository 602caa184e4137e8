"""The organisation's list of cases eligible for the sample: one table, ``case_id`` and the
framework's case attributes, as a CSV file or a workbook (its sheet ``eligible_cases``, or its
first sheet). Read with every problem located by row and column, and nothing returned if
there is any; and the empty template to fill in."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from probity.bundle.csv_reader import read_csv_table
from probity.bundle.model import EligibleCase
from probity.bundle.problems import DataError, Problem
from probity.bundle.records import typed_records
from probity.bundle.schema import TEXT, Column, ColumnType, Table, attribute_column
from probity.bundle.xlsx_reader import read_one_sheet
from probity.files import atomic_path
from probity.framework.conditions import holds, tests
from probity.framework.models import Framework

NAME = "eligible_cases"
CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")
LIMIT = 100_000  # rows: far more than any organisation's list of eligible cases
TEMPLATE_ROWS = 5_000


def eligible_table(fw: Framework) -> Table:
    """The list's columns under a framework: ``case_id``, then its case attributes."""
    return Table(
        NAME,
        "The cases eligible for the sample, one row each, with the framework's case attributes.",
        (
            Column(
                "case_id",
                TEXT,
                "The case's pseudonymous reference (letters, digits, '.', '_', '-'; never a name).",
            ),
            *(attribute_column(a) for a in fw.case_profile.attributes),
        ),
        key=("case_id",),
    )


def read_eligible(path: Path, fw: Framework) -> list[EligibleCase]:
    """Read and check the list; raise :class:`DataError` listing every problem."""
    table = eligible_table(fw)
    if path.suffix.lower() == ".xlsx":
        raw, problems = read_one_sheet(path, NAME)
    elif path.suffix.lower() == ".csv":
        problems = []
        raw = read_csv_table(path, NAME, problems)
    else:
        raise DataError(
            [Problem(str(path), "file", "the list is a .csv file or an .xlsx workbook")]
        )
    if raw is None:
        raise DataError(problems)
    if len(raw.rows) > LIMIT:
        raise DataError([Problem(raw.source, raw.place(), f"more than {LIMIT:,} rows")])
    located = typed_records(raw, table, problems)
    if not raw.rows and not problems:
        problems.append(Problem(raw.source, raw.place(), "no cases: the list is empty"))
    first: dict[str, int] = {}
    for loc in located:
        case: EligibleCase = loc.record
        if not CASE_ID.match(case.case_id):
            problems.append(
                loc.problem(
                    "case_id", f"{case.case_id!r}: use 1–50 letters, digits, '.', '_' or '-'"
                )
            )
        if case.case_id in first:
            problems.append(
                loc.problem(
                    "case_id", f"duplicate: {case.case_id} is already on row {first[case.case_id]}"
                )
            )
        else:
            first[case.case_id] = loc.row
        for rule in fw.case_profile.constraints:
            if holds(rule.when, case.attributes) and not holds(rule.require, case.attributes):
                problems.append(loc.problem(next(iter(tests(rule.when))).attribute, rule.message))
    if problems:
        raise DataError(problems)
    return [loc.record for loc in located]


def eligible_template_csv(fw: Framework) -> str:
    """The empty list as CSV: its header row."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(eligible_table(fw).column_names)
    return out.getvalue()


def write_eligible_template(fw: Framework, path: Path) -> None:
    """The empty list as a workbook: the header, a drop-down for every attribute with a
    closed set of values, and a sheet saying what each column holds."""
    table = eligible_table(fw)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = NAME
    ws.append(list(table.column_names))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, column in enumerate(table.columns):
        letter = get_column_letter(i + 1)
        ws.column_dimensions[letter].width = max(len(column.name) + 2, 14)
        values = column.choices if column.type is ColumnType.CHOICE else None
        if column.type is ColumnType.BOOLEAN:
            values = ("yes", "no")
        if values:
            dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"')
            dv.error, dv.showErrorMessage = f"Choose a value from the list for {column.name}.", True
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    about = wb.create_sheet("about")
    about.append(["column", "required", "values", "meaning"])
    for cell in about[1]:
        cell.font = Font(bold=True)
    for column in table.columns:
        allowed = ", ".join(column.choices) if column.choices else column.type.value
        about.append([column.name, "yes" if column.required else "no", allowed, column.doc])
    with atomic_path(path) as part:
        wb.save(part)
