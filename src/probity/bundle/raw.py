"""Tables as read from a file, before their cells are typed: the common ground of the CSV and
XLSX readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

Cell = Any
"""A cell as the file gave it: text from CSV; text, number, date, boolean or None from XLSX."""


@dataclass
class RawTable:
    """One table's header and rows, with what is needed to say where a cell is."""

    name: str
    source: str
    header: list[str]
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)
    sheet: bool = False

    def place(self, row: int | None = None, column: str | None = None) -> str:
        """A person's description of a place in this table ("sheet answers, row 4, column
        C (answer)" or "row 4, column answer")."""
        parts = [f"sheet {self.name}"] if self.sheet else []
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            if self.sheet and column in self.header:
                parts.append(
                    f"column {get_column_letter(self.header.index(column) + 1)} ({column})"
                )
            else:
                parts.append(f"column {column}")
        return ", ".join(parts) or "table"
