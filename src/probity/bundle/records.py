"""Raw tables → typed records, with every bad header and cell reported by its place."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from probity.bundle.cells import CellError, parse_cell
from probity.bundle.model import ROW_TYPES
from probity.bundle.problems import Problem
from probity.bundle.raw import RawTable
from probity.bundle.schema import Column, Table


@dataclass(frozen=True)
class Located:
    """A typed record and where it came from, for the cross-table checks to point at."""

    record: Any
    table: RawTable
    row: int

    def problem(self, column: str | None, message: str) -> Problem:
        """A problem located at this record's row (and column)."""
        return Problem(self.table.source, self.table.place(self.row, column), message)


def column_value(record: Any, column: Column) -> Any:
    """The value a record holds for one column of its table."""
    if column.attribute:
        return record.attributes.get(column.name)
    return getattr(record, column.field_name)


def header_problems(raw: RawTable, table: Table) -> list[Problem]:
    """Unknown, repeated and missing columns of a table's header."""
    problems: list[Problem] = []
    for name, n in Counter(h for h in raw.header if h).items():
        if n > 1:
            problems.append(
                Problem(raw.source, raw.place(column=name), f"column {name} appears {n} times")
            )
    for name in raw.header:
        if name and name not in table.column_names:
            problems.append(
                Problem(
                    raw.source,
                    raw.place(column=name),
                    f"unknown column; expected {', '.join(table.column_names)}",
                )
            )
    problems.extend(
        Problem(raw.source, raw.place(), f"missing column {c.name}")
        for c in table.columns
        if c.required and c.name not in raw.header
    )
    return problems


def typed_records(raw: RawTable, table: Table, problems: list[Problem]) -> list[Located]:
    """The table's rows as records of its type; bad rows are reported and left out."""
    found = header_problems(raw, table)
    problems.extend(found)
    if any(p.message.startswith(("missing column", "column ")) for p in found):
        return []
    row_type = ROW_TYPES[raw.name]
    has_attributes = any(c.attribute for c in table.columns)
    out: list[Located] = []
    for number, cells in raw.rows:
        values: dict[str, Any] = {}
        attributes: dict[str, Any] = {}
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
            if column.attribute:
                attributes[column.name] = value
            else:
                values[column.field_name] = value
        if ok:
            if has_attributes:
                values["attributes"] = attributes
            out.append(Located(row_type(**values), raw, number))
    return out
