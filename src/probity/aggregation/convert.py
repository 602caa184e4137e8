"""Between the core's records and Arrow tables: a bundle's answers and cases in, each
inspection's key-question counts out, for the rating engine."""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information
import pyarrow.compute as pc  # type: ignore[import-untyped]

from probity.bundle.model import Bundle
from probity.bundle.records import column_value
from probity.bundle.schema import ColumnType, Table, table_for
from probity.framework.models import Framework
from probity.rating.figures import Count

_COUNTED = ("inspection_id", "question_id", "yes", "applicable")

_ARROW_TYPES: Mapping[ColumnType, pa.DataType] = {
    ColumnType.TEXT: pa.string(),
    ColumnType.CHOICE: pa.string(),
    ColumnType.BOOLEAN: pa.bool_(),
    ColumnType.INTEGER: pa.int64(),
    ColumnType.NUMBER: pa.float64(),
    ColumnType.DATE: pa.date32(),
}


def _table(bundle: Bundle, table: Table) -> pa.Table:
    schema = pa.schema(
        [pa.field("inspection_id", pa.string(), nullable=False)]
        + [pa.field(c.name, _ARROW_TYPES[c.type], nullable=not c.required) for c in table.columns]
    )
    rows = bundle.rows(table.name)
    columns: dict[str, list[object]] = {
        "inspection_id": [bundle.inspection.inspection_id] * len(rows)
    }
    for c in table.columns:
        columns[c.name] = [column_value(r, c) for r in rows]
    return pa.Table.from_pydict(columns, schema=schema)


def answers_table(bundle: Bundle, fw: Framework) -> pa.Table:
    """The bundle's answers as an Arrow table: ``inspection_id`` (the bundle's), then the
    columns of the ``answers`` table (``case_id``, ``question_id``, ``answer``, ``note``)."""
    return _table(bundle, table_for(fw, "answers"))


def cases_table(bundle: Bundle, fw: Framework) -> pa.Table:
    """The bundle's cases as an Arrow table: ``inspection_id`` (the bundle's), ``case_id``,
    a column per case attribute of the framework (booleans as ``bool``), ``inspector``."""
    return _table(bundle, table_for(fw, "cases"))


def key_question_counts(fw: Framework, table: pa.Table) -> dict[str, dict[str, Count]]:
    """Each inspection's key-question counts, as the rating engine takes them.

    ``table`` holds counts as :func:`~probity.aggregation.question_counts` gives them (columns
    ``inspection_id``, ``question_id``, ``yes``, ``applicable``); rows of prompts are ignored.
    Every inspection of the table is a key of the result. Raises ValueError for a table of
    subgroups (two rows for one inspection's key question).
    """
    result: dict[str, dict[str, Count]] = {
        i: {} for i in pc.unique(table.column("inspection_id")).to_pylist()
    }
    # Filtered in Arrow first: prompts outnumber key questions about five to one.
    is_key_question = pc.is_in(
        table.column("question_id"), value_set=pa.array([kq.id for kq in fw.key_questions])
    )
    rows = table.filter(is_key_question).select(list(_COUNTED))
    columns = (rows.column(c).to_pylist() for c in _COUNTED)
    for inspection_id, question_id, yes, applicable in zip(*columns, strict=True):
        counts = result[inspection_id]
        if question_id in counts:
            raise ValueError(
                f"two rows for key question {question_id} of inspection {inspection_id}: "
                "counts per subgroup are not an inspection's"
            )
        counts[question_id] = Count(yes, applicable)
    return result
