"""The audit trail read a page at a time from the database, never whole.

The trail is a union of sources: the history records of several tables (an entry for each
field a record changed from the row's record before it) and tables of their own (one entry a
row). A SQL union of them all would have to compare each history record with the one before
it in every branch, with columns that differ from table to table; instead each source is
queried on its own, newest first, with a limit, and the sources are merged in time order:
page ``n`` fetches at most ``n × 50`` records from each source, whatever the trail holds.
A history record's previous one is found by SQL's ``LAG`` over the row's records (before
the filters on days and person, which apply to the records, not to what they are compared
with), and the number of entries a record makes is counted in SQL too, so that the total is
the database's. The CSV export reads every source in chunks, through a server-side cursor on
PostgreSQL, and merges them as it streams.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any, overload

from django.db import connection
from django.db.models import F, QuerySet, Window
from django.db.models.functions import Lag
from django.utils import timezone

from probity.workflow.audit import AuditEntry, AuditQuery

CHUNK = 500  # records read at a time by the export
IMPORTED = ("imported from bundle", "as imported")  # the reasons of an import's own records


def day_bounds(query: AuditQuery) -> tuple[datetime | None, datetime | None]:
    """The query's days as times: from the start of its first day (local time) to the start
    of the day after its last."""

    def start_of(day: date | None) -> datetime | None:
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.min))

    after = query.end + timedelta(days=1) if query.end is not None else None
    return start_of(query.start), start_of(after)


@dataclass
class HistorySource:
    """One table's history records as entries: ``records`` in the scope read (not filtered
    by day or person), the names of the tracked fields compared, what to read with each
    record, and ``render``: the entries of (record, the row's record before it) pairs."""

    records: QuerySet[Any]
    fields: Sequence[str]
    render: Callable[[list[tuple[Any, Any]]], Iterable[AuditEntry]]
    related: Sequence[str] = ()

    def _columns(self) -> list[str]:
        model = self.records.model
        return [model._meta.get_field(f).column for f in self.fields]

    def _attnames(self) -> list[str]:
        model = self.records.model
        return [model._meta.get_field(f).attname for f in self.fields]

    def _sql(self, query: AuditQuery) -> tuple[str, list[Any]]:
        """The records the query admits, as a FROM part ``u`` (with ``n``, the entries each
        makes: 0 for an import's own record, 1 for a row added or deleted, else one for each
        field changed), and its parameters."""
        order = [F("history_date").asc(), F("history_id").asc()]

        def before(name: str) -> Window:
            return Window(Lag(name), partition_by=[F("id")], order_by=order)

        columns, attnames = self._columns(), self._attnames()
        inner = self.records.order_by().annotate(
            was_history_id=before("history_id"),
            **{f"was_{c}": before(a) for a, c in zip(attnames, columns, strict=True)},
        )
        names = ["history_id", "history_date", "history_user_id", "history_type",
                 "history_change_reason", *attnames, "was_history_id",
                 *(f"was_{c}" for c in columns)]  # fmt: skip
        sql, params = inner.values(*names).query.sql_with_params()
        q = connection.ops.quote_name
        differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
        changed = " + ".join(
            f"(CASE WHEN t.{q(c)} {differs} t.{q('was_' + c)} THEN 1 ELSE 0 END)" for c in columns
        )
        n = (
            "CASE WHEN t.was_history_id IS NULL AND t.history_type = '+' AND "
            "(t.history_change_reason LIKE %s OR t.history_change_reason LIKE %s) THEN 0 "
            "WHEN t.history_type = '-' OR t.was_history_id IS NULL THEN 1 "
            f"ELSE {changed or '0'} END"
        )
        where = ["u.n > 0"]
        args: list[Any] = [*(f"{i}%" for i in IMPORTED), *params]  # in the order written
        first, after = day_bounds(query)
        if first is not None:
            where.append("u.history_date >= %s")
            args.append(first)
        if after is not None:
            where.append("u.history_date < %s")
            args.append(after)
        if query.person is not None:
            where.append("u.history_user_id = %s")
            args.append(query.person)
        source = f"(SELECT t.*, {n} AS n FROM ({sql}) t) u WHERE {' AND '.join(where)}"
        return source, args

    def count(self, query: AuditQuery) -> int:
        """The entries the query admits, counted by the database."""
        source, args = self._sql(query)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(SUM(u.n), 0) FROM {source}", args)
            return int(cursor.fetchone()[0])

    def people(self, query: AuditQuery) -> set[int]:
        """Who made the entries the query admits (ids)."""
        source, args = self._sql(query)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT u.history_user_id FROM {source}", args)
            return {row[0] for row in cursor.fetchall() if row[0] is not None}

    def stream(self, query: AuditQuery, limit: int | None) -> Iterator[AuditEntry]:
        """The entries newest first, from at most ``limit`` records (None: every one, read
        in chunks)."""
        source, args = self._sql(query)
        sql = (f"SELECT u.history_id, u.was_history_id FROM {source} "
               "ORDER BY u.history_date DESC, u.history_id DESC")  # fmt: skip
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cursor = connection.cursor() if limit is not None else connection.chunked_cursor()
        try:
            cursor.execute(sql, args)
            while rows := cursor.fetchmany(CHUNK):
                yield from self._entries(rows)
        finally:
            cursor.close()

    def _entries(self, rows: Sequence[tuple[int, int | None]]) -> Iterable[AuditEntry]:
        wanted = {i for row in rows for i in row if i is not None}
        found = self.records.model.objects.filter(history_id__in=wanted)
        if self.related:
            found = found.select_related(*self.related)
        read = {r.history_id: r for r in found}
        return self.render([(read[i], read.get(was) if was else None) for i, was in rows])


@dataclass
class RowSource:
    """A table of its own as entries, one a row: ``rows`` in the scope read, the name of its
    time and of its author's id fields, and ``render``: a row's entry."""

    rows: QuerySet[Any]
    render: Callable[[Any], AuditEntry]
    at: str = "at"
    who: str = "by_id"

    def _filtered(self, query: AuditQuery) -> QuerySet[Any]:
        rows = self.rows
        first, after = day_bounds(query)
        if first is not None:
            rows = rows.filter(**{f"{self.at}__gte": first})
        if after is not None:
            rows = rows.filter(**{f"{self.at}__lt": after})
        if query.person is not None:
            rows = rows.filter(**{self.who: query.person})
        return rows

    def count(self, query: AuditQuery) -> int:
        """The rows the query admits, counted by the database."""
        return int(self._filtered(query).count())

    def people(self, query: AuditQuery) -> set[int]:
        """Who made the rows the query admits (ids)."""
        found = self._filtered(query).order_by().values_list(self.who, flat=True).distinct()
        return {p for p in found if p is not None}

    def stream(self, query: AuditQuery, limit: int | None) -> Iterator[AuditEntry]:
        """The entries newest first: at most ``limit`` (None: every one, read in chunks)."""
        rows = self._filtered(query).order_by(f"-{self.at}", "-pk")
        if limit is not None:
            yield from map(self.render, rows[:limit])
        else:
            yield from map(self.render, rows.iterator(chunk_size=CHUNK))


Source = HistorySource | RowSource


class TrailPages:
    """The trail as a sequence the paginator reads: its length from the database, and a
    slice of it read from the sources, each no further than the slice's end."""

    def __init__(self, sources: Sequence[Source], query: AuditQuery) -> None:
        self.sources, self.query = sources, query
        self._count: int | None = None

    def count(self) -> int:
        """How many entries the query admits."""
        if self._count is None:
            self._count = sum(s.count(self.query) for s in self.sources)
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, chosen: int) -> AuditEntry: ...

    @overload
    def __getitem__(self, chosen: slice) -> list[AuditEntry]: ...

    def __getitem__(self, chosen: int | slice) -> AuditEntry | list[AuditEntry]:
        if isinstance(chosen, int):
            return self[chosen : chosen + 1][0]
        start, stop = chosen.start or 0, chosen.stop
        if stop is None:
            return list(islice(self.stream(), start, None))
        streams = [s.stream(self.query, stop) for s in self.sources]
        return list(islice(_merged(streams), start, stop))

    def __iter__(self) -> Iterator[AuditEntry]:
        return self.stream()

    def stream(self) -> Iterator[AuditEntry]:
        """Every entry, newest first, read in chunks."""
        return _merged([s.stream(self.query, None) for s in self.sources])

    def people(self) -> set[int]:
        """Who made the entries, ignoring the query's person (the person filter's choices)."""
        anyone = AuditQuery(self.query.inspection, None, self.query.kind, self.query.start,
                            self.query.end)  # fmt: skip
        return set().union(*(s.people(anyone) for s in self.sources))


def _merged(streams: Sequence[Iterator[AuditEntry]]) -> Iterator[AuditEntry]:
    return heapq.merge(*streams, key=lambda e: e.at, reverse=True)
