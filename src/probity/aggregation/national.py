"""The national table: every inspection's question figures and casework ratings, in one file.

:func:`rate_national` reads a parquet file of answers (``inspection_id``, ``case_id``,
``question_id``, ``answer``) from many inspections, counts them as
:func:`~probity.aggregation.question_counts` does, rates each inspection's casework standards
(domain two) with :func:`probity.rating.rate_casework`, and writes one parquet file with one
row per inspection and standard, key question or prompt, ordered by inspection and position:

``inspection_id`` (string)
    The inspection.
``kind`` (string)
    ``standard``, ``key_question`` or ``prompt``.
``standard_id`` (string)
    The standard the row belongs to (or is).
``key_question_id`` (string)
    A prompt's key question; null for other rows and for prompts outside a key question.
``question_id`` (string)
    The key question or prompt; null on standard rows.
``position`` (int64)
    Framework order; each standard's row comes just before its questions.
``yes``, ``applicable`` (int64)
    The ``yes`` answers and the ``yes`` and ``no`` answers (``na`` excluded). On a rated
    standard's row, those of the key question that drove its rating, so that the exact
    percentage can be recovered; null on other standard rows.
``pct`` (double)
    ``100 * yes / applicable`` for display (the ratings were decided on the exact fraction);
    null when nothing applied.
``rule`` (string)
    Standard rows: the rule kind that rates the standard. Null on question rows.
``rating`` (string)
    Standard rows: the rating id; null when the standard is reported, not rated, or could not
    be rated. Null on question rows.
``points`` (int64)
    Standard rows: the points the rating contributes to the score; null with ``rating``.
``driver_key_question_id`` (string)
    Standard rows: the key question that drove the rating (the lowest, where the rule says so).
``reason`` (string)
    Standard rows without a rating: why not (``reported, not rated``, or the rating engine's
    problems, such as a key question without applicable answers). Null otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from probity.aggregation.connections import registry
from probity.aggregation.convert import key_question_counts
from probity.aggregation.percentages import Counted, count_answers
from probity.aggregation.questions import KEY_QUESTION, STANDARD, standard_positions
from probity.framework.models import Framework
from probity.rating.figures import Count, percentages
from probity.rating.outcome import casework_from_counts

REPORTED_NOT_RATED = "reported, not rated"

# The columns of the national table, as this module's docstring lists them.
NATIONAL_SCHEMA = pa.schema(
    [
        pa.field("inspection_id", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("standard_id", pa.string()),
        pa.field("key_question_id", pa.string()),
        pa.field("question_id", pa.string()),
        pa.field("position", pa.int64()),
        pa.field("yes", pa.int64()),
        pa.field("applicable", pa.int64()),
        pa.field("pct", pa.float64()),
        pa.field("rule", pa.string()),
        pa.field("rating", pa.string()),
        pa.field("points", pa.int64()),
        pa.field("driver_key_question_id", pa.string()),
        pa.field("reason", pa.string()),
    ]
)


def _part(*names: str) -> pa.Schema:
    return pa.schema([NATIONAL_SCHEMA.field(name) for name in names])


# The question rows' columns come from the counts; the standard rows' from the rating engine
# and, for a rated standard, the counts of the key question that drove its rating.
_QUESTION_SCHEMA = _part(*NATIONAL_SCHEMA.names[: NATIONAL_SCHEMA.get_field_index("pct") + 1])
_STANDARD_SCHEMA = _part(
    "inspection_id",
    "kind",
    "standard_id",
    "position",
    "rule",
    "rating",
    "points",
    "driver_key_question_id",
    "reason",
    "yes",
    "applicable",
    "pct",
)


@dataclass(frozen=True)
class NotRated:
    """An inspection whose casework standards could not be rated, and why."""

    inspection_id: str
    reason: str


@dataclass(frozen=True)
class NationalSummary:
    """What :func:`rate_national` read and wrote."""

    output: Path
    answers: int
    inspections: int
    rows: int
    not_rated: tuple[NotRated, ...]

    @property
    def rated(self) -> int:
        """The inspections whose casework standards were rated."""
        return self.inspections - len(self.not_rated)


def rate_national(
    fw: Framework,
    answers_parquet: Path,
    out_parquet: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    threads: int | None = None,
) -> NationalSummary:
    """Count and rate every inspection in ``answers_parquet``; write the table described in
    this module's docstring to ``out_parquet``.

    ``progress(done, total)`` is called after each inspection is rated. ``threads`` caps
    DuckDB's threads (by default, one per core). An inspection that cannot be rated (a key
    question without applicable answers, say) gets null ratings and a reason; the run goes on.
    Raises :class:`~probity.aggregation.AnswersError` for answers that cannot be counted
    (unknown question ids, answers other than yes, no or na).
    """
    config: dict[str, str | bool | int | float | list[str]] = {}
    if threads:
        config["threads"] = threads
    con = duckdb.connect(config=config)
    try:
        with registry(con) as reg:
            counted = count_answers(con, reg, fw, answers_parquet)
            questions = _question_rows(con, counted)
    finally:
        con.close()
    # Only the key questions' counts are needed to rate; every inspection has a row for each.
    key_rows = questions.filter(pc.equal(questions.column("kind"), KEY_QUESTION))
    counts = key_question_counts(fw, key_rows)
    standards, not_rated = _standard_rows(fw, counts, progress)
    # Ordered and written by Arrow: for these few rows, cheaper than DuckDB's ORDER BY and COPY.
    table = _national_table(questions, standards)
    pq.write_table(table, out_parquet)
    return NationalSummary(
        output=out_parquet,
        answers=counted.answers,
        inspections=len(counts),
        rows=table.num_rows,
        not_rated=not_rated,
    )


def _question_rows(con: duckdb.DuckDBPyConnection, counted: Counted) -> pa.Table:
    """The question rows of the national table, in no particular order."""
    table: pa.Table = con.sql(
        f"""SELECT inspection_id, kind, standard_id, key_question_id, question_id, position,
                   yes, applicable
            FROM ({counted.rows()})"""
    ).to_arrow_table()
    pct = percentages(table.column("yes"), table.column("applicable"))
    return table.append_column("pct", pct).cast(_QUESTION_SCHEMA)


def _standard_rows(
    fw: Framework,
    counts: Mapping[str, Mapping[str, Count]],
    progress: Callable[[int, int], None] | None,
) -> tuple[pa.Table, tuple[NotRated, ...]]:
    """Rate each inspection, in order of inspection id, by the same path as one inspection's
    (:func:`probity.rating.outcome.casework_from_counts`): the standard rows, and the
    inspections that could not be rated."""
    positions = standard_positions(fw)
    # The standards rate_casework rates, in its order.
    casework = [s for s in fw.standards if not s.rule.is_judgement]
    rows: list[tuple[object, ...]] = []
    not_rated: list[NotRated] = []
    total = len(counts)
    # In DuckDB's order: UTF-8 bytes sort as code points do; a null inspection id comes last.
    inspections = sorted(counts, key=lambda i: (i is None, i or ""))
    for done, inspection_id in enumerate(inspections, start=1):
        own = counts[inspection_id]
        _, results, problems = casework_from_counts(fw, own)
        if problems:
            reason = "; ".join(str(p) for p in problems)
            not_rated.append(NotRated(inspection_id, reason))
            for s in casework:
                unrated = (inspection_id, STANDARD, s.id, positions[s.id], s.rule.value)
                rows.append((*unrated, None, None, None, reason, None, None, None))
        else:
            for r in results:
                row = (inspection_id, STANDARD, r.standard_id, positions[r.standard_id])
                rated = (*row, r.rule.value, r.rating, r.points)
                if r.driver is None:
                    why = None if r.rating is not None else REPORTED_NOT_RATED
                    rows.append((*rated, None, why, None, None, None))
                    continue
                # The driving key question's counts; its exact % decided the rating.
                driver = own[r.driver.id]
                rows.append(
                    (*rated, r.driver.id, None, driver.part, driver.whole, float(r.driver.pct))
                )
        if progress is not None:
            progress(done, total)
    transposed = list(zip(*rows, strict=True)) or [()] * len(_STANDARD_SCHEMA)
    table = pa.Table.from_arrays(
        [pa.array(c, type=f.type) for c, f in zip(transposed, _STANDARD_SCHEMA, strict=True)],
        schema=_STANDARD_SCHEMA,
    )
    return table, tuple(not_rated)


def _national_table(questions: pa.Table, standards: pa.Table) -> pa.Table:
    """The question and standard rows in one table, ordered by inspection and position."""

    def widened(table: pa.Table) -> pa.Table:
        n = table.num_rows
        present = set(table.column_names)
        return pa.Table.from_arrays(
            [
                table.column(f.name) if f.name in present else pa.nulls(n, f.type)
                for f in NATIONAL_SCHEMA
            ],
            schema=NATIONAL_SCHEMA,
        )

    both = pa.concat_tables([widened(questions), widened(standards)])
    keys = [("inspection_id", "ascending"), ("position", "ascending")]
    return both.take(pc.sort_indices(both, sort_keys=keys))
