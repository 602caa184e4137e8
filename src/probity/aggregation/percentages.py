"""Answers → each question's "Yes" count and applicable count, in DuckDB.

One implementation serves one inspection (a bundle's answers as an Arrow table), a national
parquet file of hundreds of inspections, and subgroups of cases within either. As Annexe three
says, not-applicable answers are excluded: ``yes`` counts the ``yes`` answers, ``applicable``
counts ``yes`` and ``no``; the % "Yes" is ``100 * yes / applicable`` (none when nothing
applies).

The answers are first tallied by inspection, question and answer in a single pass (the only
heavy step, as cheap as a bare ``GROUP BY`` over the file); everything else, the checks
included, works on those few tallies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TypeAlias

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information

from probity.aggregation.connections import Registry, registry, session
from probity.aggregation.questions import question_table
from probity.framework.models import Framework

ANSWER_COLUMNS = ("inspection_id", "case_id", "question_id", "answer")
ANSWER_VALUES = ("yes", "no", "na")
COUNT_COLUMNS = (
    "inspection_id",
    "question_id",
    "kind",
    "standard_id",
    "key_question_id",
    "position",
    "yes",
    "applicable",
)
_LISTED = 10

Answers: TypeAlias = pa.Table | str | os.PathLike[str]
"""Answers: an Arrow table, or the path of a parquet file (or glob) of them."""


class AnswersError(ValueError):
    """The answers cannot be counted as given; ``problems`` lists every reason at once."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problems))


def question_counts(
    fw: Framework,
    answers: Answers,
    *,
    by: str | None = None,
    cases: pa.Table | None = None,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> pa.Table:
    """Each question's ``yes`` and ``applicable`` counts, per inspection (and per subgroup).

    ``answers`` has the columns ``inspection_id``, ``case_id``, ``question_id`` and ``answer``
    (others are ignored). Without ``by``, the result has the columns :data:`COUNT_COLUMNS`:
    the question's framework details (see :func:`~probity.aggregation.question_table`) and the
    int64 counts, one row per inspection and framework question, ordered by inspection and
    framework position. A framework question without answers in an inspection has a row with
    ``yes = applicable = 0``.

    Subgroups: ``by`` names a column, placed after ``inspection_id`` in the result, whose values
    split the cases. It is a column of ``cases`` when that table (one row per case, columns as
    the bundle's ``cases`` table, optionally with ``inspection_id``) is given, joined to the
    answers on ``case_id`` (and ``inspection_id`` when ``cases`` has it; without it the case
    ids must be unique across the answers), or else a column of ``answers`` itself. Each
    subgroup found in an inspection gets a row for every framework question.

    Raises :class:`AnswersError` (a ``ValueError``) naming every question id the framework does
    not know, every answer other than ``yes``, ``no`` or ``na``, missing columns, and, with
    ``cases``, answers of cases the table lacks and cases listed twice.
    """
    with session(connection) as con, registry(con) as reg:
        counted = count_answers(con, reg, fw, answers, by=by, cases=cases)
        result: pa.Table = con.sql(counted.rows(ordered=True)).to_arrow_table()
        return result


@dataclass(frozen=True)
class Counted:
    """What :func:`count_answers` leaves on the connection, by name: the tallies and the
    framework's questions (registered Arrow tables, both small whatever the number of
    answers); and how many ``answers`` were counted."""

    tallies: str
    questions: str
    column: _Column
    answers: int

    def rows(self, *, ordered: bool = False) -> str:
        """A query of the rows :func:`question_counts` returns, in its order if ``ordered``
        (else in none). It reads the tallies, not the answers."""
        g = self.column
        order = f"ORDER BY s.inspection_id {g.of('s')}, q.position" if ordered else ""
        return f"""
            WITH scope AS (SELECT DISTINCT inspection_id {g.lead} FROM {self.tallies}),
            counts AS (
                SELECT inspection_id {g.lead}, question_id,
                       sum(n) FILTER (WHERE answer = 'yes') AS yes,
                       sum(n) FILTER (WHERE answer <> 'na') AS applicable
                FROM {self.tallies}
                GROUP BY ALL
            )
            SELECT s.inspection_id {g.of("s")}, q.question_id, q.kind, q.standard_id,
                   q.key_question_id, q.position,
                   coalesce(c.yes, 0)::BIGINT AS yes,
                   coalesce(c.applicable, 0)::BIGINT AS applicable
            FROM scope AS s
            CROSS JOIN {self.questions} AS q
            LEFT JOIN counts AS c
              ON c.inspection_id = s.inspection_id
             AND c.question_id = q.question_id {g.matched("c", "s")}
            {order}
        """


def count_answers(
    con: duckdb.DuckDBPyConnection,
    reg: Registry,
    fw: Framework,
    answers: Answers,
    *,
    by: str | None = None,
    cases: pa.Table | None = None,
) -> Counted:
    """Count ``answers`` as :func:`question_counts` does (which calls this), but leave the
    counts on ``con``, in tables of ``reg`` (gone when it closes), for a caller that goes on in
    SQL: the national table adds its columns to :meth:`Counted.rows` and fetches them unordered.

    Raises :class:`AnswersError` as :func:`question_counts` does.
    """
    source, params, columns = _source(con, reg, answers)
    missing = [c for c in ANSWER_COLUMNS if c not in columns]
    if missing:
        raise AnswersError([f"the answers have no column {c!r}" for c in missing])
    group = _Group.of(con, reg, by, cases, columns)
    questions = reg.add(question_table(fw))
    # The one pass over the answers; everything after reads these few tallies, which are
    # kept as Arrow (cheaper for DuckDB to write and to scan again than a temporary table).
    tally = con.sql(
        f"""
        SELECT a.inspection_id, {group.select}
               a.question_id, a.answer, count(*) AS n
        FROM {source} AS a {group.join}
        GROUP BY ALL
        """,
        params=params,
    )
    tallies = reg.add(tally.to_arrow_table())
    total, problems = _survey(con, tallies, questions, group, source, params)
    if problems:
        raise AnswersError(problems)
    return Counted(tallies, questions, group.column, total)


def _survey(
    con: duckdb.DuckDBPyConnection,
    tallies: str,
    questions: str,
    group: _Group,
    source: str,
    params: list[object],
) -> tuple[int, list[str]]:
    """How many answers the tallies hold, and every problem with them: one query when there
    are none, and a query more for each kind of problem found."""
    values = ", ".join(f"'{v}'" for v in ANSWER_VALUES)
    unknown_id = f"question_id IS NULL OR question_id NOT IN (SELECT question_id FROM {questions})"
    bad_value = f"answer IS NULL OR answer NOT IN ({values})"
    unmatched = "unmatched" if group.cases is not None else "false"
    survey = con.sql(
        f"""SELECT coalesce(sum(n), 0)::BIGINT,
                   coalesce(bool_or({unknown_id}), false),
                   coalesce(bool_or({bad_value}), false),
                   coalesce(bool_or({unmatched}), false)
            FROM {tallies}"""
    ).fetchall()
    total, any_unknown, any_bad, any_unmatched = survey[0]
    problems: list[str] = []
    if any_unknown:
        unknown = _values(con, f"SELECT DISTINCT question_id FROM {tallies} WHERE {unknown_id}")
        problems.append(f"question id(s) not in the framework: {_listing(unknown)}")
    if any_bad:
        bad = _values(con, f"SELECT DISTINCT answer FROM {tallies} WHERE {bad_value}")
        problems.append(f"answers must be yes, no or na, not {_listing(bad)}")
    if any_unmatched:
        unmatched_cases = _values(con, group.unmatched_query(source), params)
        problems.append(f"answers of case(s) not in the cases table: {_listing(unmatched_cases)}")
    return int(total), problems


def _values(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> list[str]:
    rows = con.sql(f"SELECT * FROM ({sql}) ORDER BY ALL LIMIT {_LISTED + 1}", params=params)
    return ["null" if r[0] is None else str(r[0]) for r in rows.fetchall()]


def _listing(values: list[str]) -> str:
    shown = ", ".join(repr(v) if v != "null" else v for v in values[:_LISTED])
    return shown + (", …" if len(values) > _LISTED else "")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class _Column:
    """How SQL names the grouping column (or nothing, without subgroups)."""

    name: str | None

    @property
    def lead(self) -> str:
        return f", {_ident(self.name)}" if self.name else ""

    def of(self, alias: str) -> str:
        return f", {alias}.{_ident(self.name)}" if self.name else ""

    def matched(self, left: str, right: str) -> str:
        if not self.name:
            return ""
        # A subgroup value may be null; null must meet null.
        n = _ident(self.name)
        return f"AND {left}.{n} IS NOT DISTINCT FROM {right}.{n}"


@dataclass(frozen=True)
class _Group:
    column: _Column
    select: str = ""
    join: str = ""
    cases: str | None = None
    on: str = ""
    keys: str = ""

    def unmatched_query(self, source: str) -> str:
        """The case ids of answers the cases table lacks (this reads the answers again)."""
        return f"""
            SELECT DISTINCT concat_ws(' ', {self.keys}) FROM {source} AS a
            ANTI JOIN {self.cases} AS c ON {self.on}
        """

    @staticmethod
    def of(
        con: duckdb.DuckDBPyConnection,
        reg: Registry,
        by: str | None,
        cases: pa.Table | None,
        answer_columns: list[str],
    ) -> _Group:
        if by is None:
            if cases is not None:
                raise AnswersError(["cases are joined only to group by one of their columns"])
            return _Group(_Column(None))
        if by in ANSWER_COLUMNS:
            raise AnswersError([f"cannot group by {by!r}: it is a column every answer has"])
        if cases is None:
            if by not in answer_columns:
                raise AnswersError([f"the answers have no column {by!r} to group by"])
            return _Group(_Column(by), select=f"a.{_ident(by)},")
        if "case_id" not in cases.column_names:
            raise AnswersError(["the cases table has no column 'case_id'"])
        if by not in cases.column_names:
            raise AnswersError([f"the cases table has no column {by!r} to group by"])
        keys = [k for k in ("inspection_id", "case_id") if k in cases.column_names]
        name = reg.add(cases)
        twice = _values(
            con,
            f"""SELECT concat_ws(' ', {", ".join(keys)}) FROM {name}
                GROUP BY ALL HAVING count(*) > 1""",
        )
        if twice:
            raise AnswersError([f"case(s) listed twice in the cases table: {_listing(twice)}"])
        on = " AND ".join(f"c.{k} = a.{k}" for k in keys)
        return _Group(
            _Column(by),
            # Unmatched answers are tallied apart, so that they can be reported, not dropped.
            select=f"c.{_ident(by)}, c.case_id IS NULL AS unmatched,",
            join=f"LEFT JOIN {name} AS c ON {on}",
            cases=name,
            on=on,
            keys=", ".join(f"a.{k}" for k in keys),
        )


def _source(
    con: duckdb.DuckDBPyConnection, reg: Registry, answers: Answers
) -> tuple[str, list[object], list[str]]:
    if isinstance(answers, str | os.PathLike):
        params: list[object] = [os.fspath(answers)]
        source = "read_parquet(?)"
        # Binding reads the file's schema only, not its rows.
        columns = con.sql(f"SELECT * FROM {source}", params=params).columns
        return source, params, columns
    if not isinstance(answers, pa.Table):
        raise TypeError(f"answers must be an Arrow table or a parquet path, not {type(answers)}")
    names: list[str] = answers.column_names
    return reg.add(answers), [], names
