"""Reading a bundle from a folder of CSV files, one ``TABLE.csv`` per table (UTF-8)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from probity.bundle.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, read_limited
from probity.bundle.problems import Problem
from probity.bundle.raw import RawTable
from probity.bundle.schema import TABLES, TABLES_BY_NAME


def read_csv_folder(folder: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Every table of the folder, and every problem met reading them."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.csv")):
        if path.stem not in TABLES_BY_NAME:
            known = ", ".join(f"{t.name}.csv" for t in TABLES)
            problems.append(
                Problem(str(path), "file", f"not a table of the bundle; expected one of {known}")
            )
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        if not path.exists() and not path.is_symlink():
            if table.required:
                problems.append(Problem(str(path), "file", "missing: this table is required"))
            continue
        raw = read_csv_table(path, table.name, problems)
        if raw is not None:
            tables[table.name] = raw
    return tables, problems


def read_csv_table(path: Path, name: str, problems: list[Problem]) -> RawTable | None:
    """One CSV file as the raw table ``name`` (None, with a problem, if it cannot be read)."""
    data, wrong = read_limited(path)
    if data is None:
        problems.append(wrong or Problem(str(path), "file", "cannot be read"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        problems.append(
            Problem(
                str(path),
                f"line {line}",
                f"not UTF-8 text (byte "
                f"0x{data[e.start]:02x} at offset {e.start}); save it as "
                "CSV UTF-8",
            )
        )
        return None
    if not text.strip():
        problems.append(Problem(str(path), "file", "empty: a header row is needed at least"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        # The header too: the csv module refuses a field over its own limit wherever it is.
        header = [h.strip() for h in next(reader)]
        raw = RawTable(name, str(path), header)
        if len(header) > MAX_COLUMNS or any(len(h) > MAX_CELL_CHARS for h in header):
            problems.append(
                Problem(str(path), "row 1", f"not a header: over the limits of {MAX_COLUMNS} "
                        f"columns or {MAX_CELL_CHARS:,} characters in a cell")
            )  # fmt: skip
            return None
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(raw.rows) >= MAX_ROWS:
                problems.append(
                    Problem(str(path), raw.place(number), f"over the limit of {MAX_ROWS:,} rows")
                )
                return None
            if len(cells) > len(header):
                problems.append(
                    Problem(
                        str(path),
                        raw.place(number),
                        f"{len(cells)} cells but the header has {len(header)}",
                    )
                )
                continue
            long = [h for h, c in zip(header, cells, strict=False) if len(c) > MAX_CELL_CHARS]
            problems.extend(_too_long(raw, number, h) for h in long)
            if not long:
                raw.rows.append((number, dict(zip(header, cells, strict=False))))
    except csv.Error as e:
        problems.append(Problem(str(path), f"line {reader.line_num}", f"malformed CSV: {e}"))
        return None
    return raw


def _too_long(raw: RawTable, row: int, column: str) -> Problem:
    return Problem(
        raw.source,
        raw.place(row, column),
        f"more than {MAX_CELL_CHARS:,} characters: over the limit for one cell",
    )
