"""Reading a bundle from one XLSX workbook, a sheet per table."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from probity.bundle.problems import Problem
from probity.bundle.raw import RawTable
from probity.bundle.schema import TABLES

# Sheets that ``probity template`` adds for people, not data.
HELP_SHEETS = ("questions", "lists", "about")


def read_workbook(path: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Every table (sheet) of the workbook, and every problem met reading them."""
    src = str(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as e:
        return {}, [Problem(src, "file", f"not a readable XLSX workbook: {e}")]
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    try:
        names = {t.name for t in TABLES}
        for sheet_name in wb.sheetnames:
            if sheet_name not in names and sheet_name not in HELP_SHEETS:
                problems.append(Problem(src, f"sheet {sheet_name}", "not a table of the bundle"))
        for table in TABLES:
            if table.name not in wb.sheetnames:
                if table.required:
                    problems.append(
                        Problem(src, f"sheet {table.name}", "missing: this sheet is required")
                    )
                continue
            raw = _sheet(wb, table.name, table.name, src, problems)
            if raw is not None:
                tables[table.name] = raw
    finally:
        wb.close()
    return tables, problems


def _sheet(wb: Any, sheet: str, name: str, src: str, problems: list[Problem]) -> RawTable | None:
    """One sheet as the raw table ``name`` (None, with a problem, if it has no header)."""
    rows = wb[sheet].iter_rows(values_only=True)
    first = next(rows, None)
    if first is None or not any(c is not None for c in first):
        problems.append(Problem(src, f"sheet {sheet}", "empty: a header row is needed at least"))
        return None
    header = [str(c).strip() if c is not None else "" for c in first]
    while header and not header[-1]:
        header.pop()
    raw = RawTable(name, src, header, sheet=True)
    for number, cells in enumerate(rows, start=2):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        raw.rows.append((number, dict(zip(header, cells, strict=False))))
    return raw


def read_one_sheet(path: Path, name: str) -> tuple[RawTable | None, list[Problem]]:
    """A workbook of one table: the sheet named ``name``, or else its first sheet."""
    src = str(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as e:
        return None, [Problem(src, "file", f"not a readable XLSX workbook: {e}")]
    problems: list[Problem] = []
    try:
        sheet = name if name in wb.sheetnames else wb.sheetnames[0]
        return _sheet(wb, sheet, name, src, problems), problems
    finally:
        wb.close()
