"""Raw tables → typed records, with every bad header and cell reported by its place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from probity.bundle.cells import CellError, parse_cell
from probity.bundle.model import ROW_TYPES
from probity.bundle.problems import Problem
from probity.bundle.raw import RawTable
from probity.bundle.schema import TABLES_BY_NAME


@dataclass(frozen=True)
class Located:
    """A typed record and where it came from, for the cross-table checks to point at."""

    record: Any
    table: RawTable
    row: int

    def problem(self, column: str | None, message: str) -> Problem:
        """A problem located at this record's row (and column)."""
        return Problem(self.table.source, self.table.place(self.row, column), message)


def typed_records(raw: RawTable, problems: list[Problem]) -> list[Located]:
    """The table's rows as records of its type; bad rows are reported and left out."""
    table = TABLES_BY_NAME[raw.name]
    for name in raw.header:
        if name and name not in table.column_names:
            problems.append(
                Problem(
                    raw.source,
                    raw.place(column=name),
                    f"unknown column; expected {', '.join(table.column_names)}",
                )
            )
    missing = [c.name for c in table.columns if c.required and c.name not in raw.header]
    for name in missing:
        problems.append(Problem(raw.source, raw.place(), f"missing column {name}"))
    if missing:
        return []
    row_type = ROW_TYPES[raw.name]
    out: list[Located] = []
    for number, cells in raw.rows:
        values: dict[str, Any] = {}
        ok = True
        for column in table.columns:
            try:
                value = parse_cell(column, cells.get(column.name))
            except CellError as e:
                problems.append(Problem(raw.source, raw.place(number, column.name), str(e)))
                ok = False
                continue
            if value is None and column.required:
                problems.append(
                    Problem(raw.source, raw.place(number, column.name), "missing value")
                )
                ok = False
            values[column.name] = value
        if ok:
            out.append(Located(row_type(**values), raw, number))
    return out
