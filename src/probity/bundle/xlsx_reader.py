"""Reading a bundle from one XLSX workbook, a sheet per table."""

from __future__ import annotations

import zipfile
from pathlib import Path

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
            rows = wb[table.name].iter_rows(values_only=True)
            first = next(rows, None)
            if first is None or not any(c is not None for c in first):
                problems.append(
                    Problem(src, f"sheet {table.name}", "empty: a header row is needed at least")
                )
                continue
            header = [str(c).strip() if c is not None else "" for c in first]
            while header and not header[-1]:
                header.pop()
            raw = RawTable(table.name, src, header, sheet=True)
            for number, cells in enumerate(rows, start=2):
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                raw.rows.append((number, dict(zip(header, cells, strict=False))))
            tables[table.name] = raw
    finally:
        wb.close()
    return tables, problems
