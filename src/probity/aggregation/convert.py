"""Between the core's records and Arrow tables: a bundle's answers and cases in, exact
percentages for the rating engine out."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information
import pyarrow.compute as pc  # type: ignore[import-untyped]

from probity.bundle.model import Bundle
from probity.bundle.schema import TABLES_BY_NAME, ColumnType
from probity.framework.models import Framework

_COUNTED = ("inspection_id", "question_id", "yes", "applicable")

_ARROW_TYPES: Mapping[ColumnType, pa.DataType] = {
    ColumnType.TEXT: pa.string(),
    ColumnType.CHOICE: pa.string(),
    ColumnType.BOOLEAN: pa.bool_(),
    ColumnType.INTEGER: pa.int64(),
    ColumnType.NUMBER: pa.float64(),
    ColumnType.DATE: pa.date32(),
}


def _schema(table: str) -> pa.Schema:
    columns = TABLES_BY_NAME[table].columns
    return pa.schema(
        [pa.field("inspection_id", pa.string(), nullable=False)]
        + [pa.field(c.name, _ARROW_TYPES[c.type], nullable=not c.required) for c in columns]
    )


def _table(bundle: Bundle, table: str) -> pa.Table:
    schema = _schema(table)
    rows = bundle.rows(table)
    inspection_id = bundle.inspection.inspection_id
    columns: dict[str, list[object]] = {"inspection_id": [inspection_id] * len(rows)}
    for name in schema.names[1:]:
        columns[name] = [getattr(r, name) for r in rows]
    return pa.Table.from_pydict(columns, schema=schema)


def answers_table(bundle: Bundle) -> pa.Table:
    """The bundle's answers as an Arrow table: ``inspection_id`` (the bundle's), then the
    columns of the ``answers`` table (``case_id``, ``question_id``, ``answer``, ``note``)."""
    return _table(bundle, "answers")


def cases_table(bundle: Bundle) -> pa.Table:
    """The bundle's cases as an Arrow table: ``inspection_id`` (the bundle's), then the columns
    of the ``cases`` table, booleans as ``bool``."""
    return _table(bundle, "cases")


def key_question_percentages(fw: Framework, table: pa.Table) -> dict[str, dict[str, Fraction]]:
    """Each inspection's key-question % "Yes", exact, as the rating engine takes them.

    ``table`` holds counts as :func:`~probity.aggregation.question_counts` gives them (columns
    ``inspection_id``, ``question_id``, ``yes``, ``applicable``); rows of prompts are ignored.
    Every inspection of the table is a key of the result; a key question with no applicable
    answer has no % and is left out, which the engine reports as missing. Raises ValueError
    for a table of subgroups (two rows for one inspection's key question).
    """
    result: dict[str, dict[str, Fraction]] = {
        i: {} for i in pc.unique(table.column("inspection_id")).to_pylist()
    }
    # Filtered in Arrow first: prompts outnumber key questions about five to one.
    is_key_question = pc.is_in(
        table.column("question_id"), value_set=pa.array([kq.id for kq in fw.key_questions])
    )
    rows = table.filter(is_key_question).select(list(_COUNTED))
    seen: set[tuple[str, str]] = set()
    columns = (rows.column(c).to_pylist() for c in _COUNTED)
    for inspection_id, question_id, yes, applicable in zip(*columns, strict=True):
        if (inspection_id, question_id) in seen:
            raise ValueError(
                f"two rows for key question {question_id} of inspection {inspection_id}: "
                "counts per subgroup are not an inspection's"
            )
        seen.add((inspection_id, question_id))
        if applicable:
            result[inspection_id][question_id] = Fraction(100 * yes, applicable)
    return result
