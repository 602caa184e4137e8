"""Reading a bundle from a folder of CSV files, one ``TABLE.csv`` per table (UTF-8)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

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
        if not path.exists():
            if table.required:
                problems.append(Problem(str(path), "file", "missing: this table is required"))
            continue
        raw = read_csv_table(path, table.name, problems)
        if raw is not None:
            tables[table.name] = raw
    return tables, problems


def read_csv_table(path: Path, name: str, problems: list[Problem]) -> RawTable | None:
    """One CSV file as the raw table ``name`` (None, with a problem, if it cannot be read)."""
    data = path.read_bytes()
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
    header = [h.strip() for h in next(reader)]
    raw = RawTable(name, str(path), header)
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                problems.append(
                    Problem(
                        str(path),
                        raw.place(number),
                        f"{len(cells)} cells but the header has {len(header)}",
                    )
                )
                continue
            raw.rows.append((number, dict(zip(header, cells, strict=False))))
    except csv.Error as e:
        problems.append(Problem(str(path), f"line {reader.line_num}", f"malformed CSV: {e}"))
        return None
    return raw
