"""Typing cells: text from CSV or typed values from XLSX → Python values, or a reason why not."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from probity.bundle.formulas import restored
from probity.bundle.raw import Cell
from probity.bundle.schema import Column, ColumnType

TRUE = {"yes", "true", "y"}
FALSE = {"no", "false", "n"}


class CellError(ValueError):
    """A cell that cannot be read as its column's type."""


def is_blank(cell: Cell) -> bool:
    """Whether a cell holds nothing."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def parse_cell(column: Column, cell: Cell) -> Any:
    """The cell's value as its column's type (None for a blank cell)."""
    if is_blank(cell):
        return None
    parser = _PARSERS[column.type]
    return parser(column, cell)


def _text(column: Column, cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return restored(str(cell).strip())  # as the writer neutralised and escaped it


def _integer(column: Column, cell: Cell) -> int:
    value = _whole(cell)
    # Out of range: stored, it would overflow the database's integer columns (or make no
    # sense, like a negative count).
    if not column.minimum <= value <= column.maximum:
        shown = str(value) if len(str(value)) <= 20 else f"{str(value)[:20]}…"
        raise CellError(f"{shown} is not between {column.minimum} and {column.maximum:,}")
    return value


def _whole(cell: Cell) -> int:
    if isinstance(cell, bool):
        raise CellError(f"{cell!r} is not a whole number")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = str(cell).strip()
    # int() of a long run of digits is slow (quadratic) and Python refuses over 4,300 digits.
    if len(text) > 30:
        raise CellError(f"{text[:20]!r}… is not a whole number in range")
    try:
        return int(text)
    except ValueError:
        raise CellError(f"{text!r} is not a whole number") from None


def _number(column: Column, cell: Cell) -> float:
    if isinstance(cell, bool):
        raise CellError(f"{cell!r} is not a number")
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        text = str(cell).strip().removesuffix("%").strip()
        try:
            value = float(text)
        except ValueError:
            raise CellError(f"{str(cell).strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise CellError(f"{cell!r} is not a finite number")
    return value


def _date(column: Column, cell: Cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _boolean(column: Column, cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    text = str(cell).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError(f"{str(cell).strip()!r} is not yes or no")


def _choice(column: Column, cell: Cell) -> str:
    text = _text(column, cell)
    for choice in column.choices:
        if text.lower() == choice.lower():
            return choice
    raise CellError(f"{text!r} is not one of {', '.join(column.choices)}")


_PARSERS = {
    ColumnType.TEXT: _text,
    ColumnType.INTEGER: _integer,
    ColumnType.NUMBER: _number,
    ColumnType.DATE: _date,
    ColumnType.BOOLEAN: _boolean,
    ColumnType.CHOICE: _choice,
}
