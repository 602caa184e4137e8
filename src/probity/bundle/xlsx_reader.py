"""Reading a bundle from one XLSX workbook, a sheet per table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from probity.bundle.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_ROW,
    MAX_SHEETS,
    archive_problems,
    file_problem,
)
from probity.bundle.problems import Problem
from probity.bundle.raw import RawTable
from probity.bundle.schema import TABLES

# Sheets that ``probity template`` adds for people, not data.
HELP_SHEETS = ("questions", "lists", "about")


class _UnreadableError(Exception):
    """The workbook cannot be read; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(problems)


def _reason(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__


@contextmanager
def _workbook(path: Path) -> Iterator[Any]:
    """The workbook opened read-only, once the file and its archive are within the limits;
    raises :class:`_UnreadableError`."""
    src = str(path)
    wrong = file_problem(path)
    if wrong is not None:
        raise _UnreadableError([wrong])
    too_much = archive_problems(path)
    if too_much:
        raise _UnreadableError(too_much)
    # The file is opened here, not by openpyxl, so that it is closed whatever openpyxl meets
    # (a workbook it fails to open would otherwise leave its archive open).
    with path.open("rb") as handle:
        try:
            wb = load_workbook(handle, read_only=True, data_only=True)
        # openpyxl raises whatever its zip, XML and type parsing meet in a broken part (zip,
        # zlib, XML, value, key and index errors among others); each is a fault of the file.
        except Exception as e:
            wrong = Problem(src, "file", f"not a readable XLSX workbook: {_reason(e)}")
            raise _UnreadableError([wrong]) from None
        try:
            if len(wb.sheetnames) > MAX_SHEETS:
                raise _UnreadableError(
                    [Problem(src, "file", f"{len(wb.sheetnames)} sheets: over the limit of "
                             f"{MAX_SHEETS}")]
                )  # fmt: skip
            yield wb
        finally:
            with suppress(Exception):  # closing a broken archive: nothing more to say of it
                wb.close()


def read_workbook(path: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Every table (sheet) of the workbook, and every problem met reading them."""
    src = str(path)
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    try:
        with _workbook(path) as wb:
            names = {t.name for t in TABLES}
            for sheet_name in wb.sheetnames:
                if sheet_name not in names and sheet_name not in HELP_SHEETS:
                    problems.append(
                        Problem(src, f"sheet {sheet_name}", "not a table of the bundle")
                    )
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
    except _UnreadableError as e:
        return {}, e.problems
    return tables, problems


def _sheet(wb: Any, sheet: str, name: str, src: str, problems: list[Problem]) -> RawTable | None:
    """One sheet as the raw table ``name`` (None, with a problem, if it cannot be read)."""
    try:
        return _read_sheet(wb, sheet, name, src, problems)
    # The sheet's XML is parsed as it is read: a broken part surfaces here, as any of the
    # errors openpyxl's parsing raises (see _workbook).
    except Exception as e:
        problems.append(Problem(src, f"sheet {sheet}", f"cannot be read: {_reason(e)}"))
        return None


def _read_sheet(
    wb: Any, sheet: str, name: str, src: str, problems: list[Problem]
) -> RawTable | None:
    ws = wb[sheet]
    # The dimension a file declares may be wrong (too small, and read-only openpyxl would
    # stop there, losing rows): every row the sheet holds is read instead.
    ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None or not any(c is not None for c in first):
        problems.append(Problem(src, f"sheet {sheet}", "empty: a header row is needed at least"))
        return None
    header = [str(c).strip() if c is not None else "" for c in first]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS or any(len(h) > MAX_CELL_CHARS for h in header):
        problems.append(
            Problem(src, f"sheet {sheet}, row 1", f"not a header: over the limits of "
                    f"{MAX_COLUMNS} columns or {MAX_CELL_CHARS:,} characters in a cell")
        )  # fmt: skip
        return None
    raw = RawTable(name, src, header, sheet=True)
    number = 1
    try:
        for number, cells in enumerate(rows, start=2):
            if number > MAX_SHEET_ROW:
                problems.append(
                    Problem(src, raw.place(number), f"past a sheet's last row, {MAX_SHEET_ROW:,}")
                )
                return None
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            if len(raw.rows) >= MAX_ROWS:
                problems.append(Problem(src, raw.place(number), f"over the limit of "
                                        f"{MAX_ROWS:,} rows"))  # fmt: skip
                return None
            values = dict(zip(header, cells, strict=False))
            long = [h for h, c in values.items() if isinstance(c, str) and len(c) > MAX_CELL_CHARS]
            for h in long:
                problems.append(
                    Problem(src, raw.place(number, h), f"more than {MAX_CELL_CHARS:,} "
                            "characters: over the limit for one cell")
                )  # fmt: skip
            if not long:
                raw.rows.append((number, values))
    except Exception as e:  # see _sheet: the row after the last read is the broken one
        problems.append(
            Problem(src, f"sheet {sheet}, row {number + 1}", f"cannot be read: {_reason(e)}")
        )
        return None
    return raw


def read_one_sheet(path: Path, name: str) -> tuple[RawTable | None, list[Problem]]:
    """A workbook of one table: the sheet named ``name``, or else its first sheet."""
    problems: list[Problem] = []
    try:
        with _workbook(path) as wb:
            if not wb.sheetnames:
                return None, [Problem(str(path), "file", "the workbook has no sheet")]
            sheet = name if name in wb.sheetnames else wb.sheetnames[0]
            return _sheet(wb, sheet, name, str(path), problems), problems
    except _UnreadableError as e:
        return None, e.problems
