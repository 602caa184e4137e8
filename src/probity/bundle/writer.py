"""Writing a bundle as a CSV folder or an XLSX workbook, and the empty template workbook.

Writes go to a temporary file or folder beside the target and are moved into place at the
end, so a failure never leaves half a bundle behind. Text values are written as
:mod:`probity.bundle.formulas` says (never as a formula; control characters a workbook cannot
hold escaped), so that every string reads back as it was.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from probity.bundle.formulas import csv_cell_text, xlsx_cell_text
from probity.bundle.model import Bundle
from probity.bundle.problems import DataError, Problem
from probity.bundle.records import column_value
from probity.bundle.schema import ColumnType, Table, tables_for
from probity.files import atomic_path, share_like_new
from probity.framework import Framework, Prompt
from probity.framework.conditions import describe

# Rows that the template's drop-downs cover.
TEMPLATE_ROWS = 20_000
# The most characters a workbook's cell holds (Excel's limit; openpyxl cuts longer text short
# without a word, so the writer refuses it instead).
CELL_LIMIT = 32_767
# The columns whose values are text a person wrote or chose; the others are typed cells.
_TEXT_TYPES = (ColumnType.TEXT, ColumnType.CHOICE)


def csv_text(value: Any) -> str:
    """A value as a CSV cell: yes/no for booleans, ISO dates, blank for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _written(bundle: Bundle | None, table: Table) -> Table:
    """The table as written: optional later columns left out where no row has a value."""
    records = bundle.rows(table.name) if bundle is not None else ()
    kept = tuple(
        c
        for c in table.columns
        if not c.omit_when_blank or any(column_value(r, c) is not None for r in records)
    )
    return replace(table, columns=kept)


def _rows(bundle: Bundle, table: Table) -> Iterator[list[tuple[Any, bool]]]:
    """Each record's values, each with whether it is text (to be written as text)."""
    for record in bundle.rows(table.name):
        yield [
            (v, isinstance(v, str) and c.type in _TEXT_TYPES)
            for c in table.columns
            for v in (column_value(record, c),)
        ]


def _tables(bundle: Bundle, fw: Framework) -> Iterator[Table]:
    """The tables written: every one, but an optional later table only where it has rows."""
    for table in tables_for(fw):
        if not table.omit_when_empty or bundle.rows(table.name):
            yield table


def write_csv_folder(bundle: Bundle, folder: Path, fw: Framework) -> None:
    """Write every table as ``folder/TABLE.csv`` (UTF-8, ``\\n`` line ends), its columns as
    the bundle's framework ``fw`` gives them."""
    with _replacing_folder(folder) as tmp:
        for schema in _tables(bundle, fw):
            table = _written(bundle, schema)
            with (tmp / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as f:
                out = csv.writer(f, lineterminator="\n")
                # The csv module quotes a cell holding a line feed (the line end) but not one
                # holding a carriage return, which a reader takes for a line end: a row with
                # one is written with every cell quoted.
                quoted = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL)
                out.writerow(table.column_names)
                for row in _rows(bundle, table):
                    cells = [csv_cell_text(v) if text else csv_text(v) for v, text in row]
                    (quoted if any("\r" in c for c in cells) else out).writerow(cells)


def write_workbook(bundle: Bundle, path: Path, fw: Framework, *, help_sheets: bool = True) -> None:
    """Write every table as a sheet of one workbook, its columns as the bundle's framework
    ``fw`` gives them; with ``help_sheets``, add the question sheet and drop-downs as the
    template has. :class:`DataError` (nothing written) for every text too long for a
    workbook's cell."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    problems: list[Problem] = []
    for schema in _tables(bundle, fw):
        table = _written(bundle, schema)
        ws = _sheet(wb, table)
        for number, row in enumerate(_rows(bundle, table), start=2):
            cells = []
            for i, (value, text) in enumerate(row):
                if not text:
                    cells.append(_xlsx_value(value))
                    continue
                written = xlsx_cell_text(value)
                if len(written) > CELL_LIMIT:
                    problems.append(_too_long(path, table, number, i, len(written)))
                cells.append(_text_cell(ws, written))
            ws.append(cells)
    if problems:
        raise DataError(problems)
    if help_sheets:
        _add_help(wb, fw, bundle)
    _save(wb, path)


def _too_long(path: Path, table: Table, row: int, index: int, length: int) -> Problem:
    column = table.columns[index].name
    return Problem(
        str(path),
        f"sheet {table.name}, row {row}, column {_letter(index)} ({column})",
        f"{length:,} characters as a workbook holds them (control characters are written as "
        f"_xHHHH_): a workbook's cell holds at most {CELL_LIMIT:,}; CSV files hold any length",
    )


def write_template(fw: Framework, path: Path) -> None:
    """An empty workbook: a sheet per table with its header, a sheet of the framework's
    question ids and wording, and drop-downs for every column with a closed set of values."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for table in tables_for(fw):
        _sheet(wb, _written(None, table))
    _add_help(wb, fw, None)
    _save(wb, path)


def _text_cell(ws: Worksheet, written: str) -> Cell:
    """A string cell holding ``written`` (text as :func:`xlsx_cell_text` writes it), never a
    formula, whatever the text begins with."""
    cell = Cell(ws, row=1, column=1, value=written)  # append places it
    cell.data_type = "s"  # openpyxl would make a formula of a value beginning with "="
    return cell


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _sheet(wb: Workbook, table: Table) -> Worksheet:
    ws: Worksheet = wb.create_sheet(table.name)
    ws.append(list(table.column_names))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, column in enumerate(table.columns):
        width = max(len(column.name) + 2, 12 if column.type is not ColumnType.TEXT else 24)
        ws.column_dimensions[_letter(i)].width = width
    return ws


def _add_help(wb: Workbook, fw: Framework, bundle: Bundle | None) -> None:
    questions = wb.create_sheet("questions")
    questions.append(["question_id", "kind", "standard", "markers", "text"])
    for cell in questions[1]:
        cell.font = Font(bold=True)
    for s in fw.standards:
        for kq in s.key_questions:
            questions.append([kq.id, "key question", f"{s.id} {s.name}", "", kq.text])
            for p in kq.prompts:
                questions.append([p.id, "prompt", f"{s.id} {s.name}", _markers(fw, p), p.text])
        if s.other_prompts:
            for p in s.other_prompts.prompts:
                questions.append([p.id, "prompt", f"{s.id} {s.name}", _markers(fw, p), p.text])
    questions.column_dimensions["A"].width = 12
    questions.column_dimensions["C"].width = 30
    questions.column_dimensions["E"].width = 100
    last = questions.max_row
    written = _tables(bundle, fw) if bundle is not None else tables_for(fw)
    for table in (_written(bundle, t) for t in written):
        ws = wb[table.name]
        for i, column in enumerate(table.columns):
            formula = None
            if column.type is ColumnType.CHOICE:
                formula = '"' + ",".join(column.choices) + '"'
            elif column.type is ColumnType.BOOLEAN:
                formula = '"yes,no"'
            elif column.name == "question_id":
                formula = f"=questions!$A$2:$A${last}"
            elif table.name != "cases" and column.name == "case_id":
                formula = f"=cases!$A$2:$A${TEMPLATE_ROWS}"
            elif column.name == "framework":
                formula = f'"{fw.id}"'
            if formula:
                dv = DataValidation(type="list", formula1=formula, allow_blank=not column.required)
                dv.error = f"Choose a value from the list for {column.name}."
                dv.errorTitle = f"Invalid {column.name}"
                dv.showErrorMessage = True
                ws.add_data_validation(dv)
                col = _letter(i)
                dv.add(f"{col}2:{col}{TEMPLATE_ROWS}")


def _markers(fw: Framework, prompt: Prompt) -> str:
    """The prompt's markers, and in words when it is not applicable or not asked."""
    marks = " ".join(prompt.markers)
    words = fw.case_profile.words
    if prompt.na_when is not None:
        marks = (marks + " " if marks else "") + f"(na where {describe(prompt.na_when, words)})"
    if prompt.applies_when is not None:
        asked = describe(prompt.applies_when, words)
        marks = (marks + " " if marks else "") + f"(asked where {asked})"
    return marks


def _letter(index: int) -> str:
    return str(get_column_letter(index + 1))


def _save(wb: Workbook, path: Path) -> None:
    with atomic_path(path) as part:
        wb.save(part)


@contextmanager
def _replacing_folder(folder: Path) -> Iterator[Path]:
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    share_like_new(tmp)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        folder.rename(old)
    tmp.rename(folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
