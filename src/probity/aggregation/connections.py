"""DuckDB connections for the aggregation: one lent by the caller, or one opened and closed
here; and Arrow tables put on it for one computation only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information


class Registry:
    """Arrow tables put on a connection under unique names, removed at the end, so that a
    caller's connection is left as it was."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._registered: list[str] = []

    def add(self, table: pa.Table) -> str:
        """Register an Arrow table; the name SQL reads it by."""
        name = f"probity_{uuid.uuid4().hex}"
        self._con.register(name, table)
        self._registered.append(name)
        return name

    def close(self) -> None:
        """Unregister everything put on the connection."""
        for name in self._registered:
            self._con.unregister(name)


@contextmanager
def registry(con: duckdb.DuckDBPyConnection) -> Iterator[Registry]:
    """A :class:`Registry` on ``con``, closed when the block ends."""
    reg = Registry(con)
    try:
        yield reg
    finally:
        reg.close()


@contextmanager
def session(
    connection: duckdb.DuckDBPyConnection | None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The caller's connection, left open; or a new in-memory one, closed at the end."""
    if connection is not None:
        yield connection
        return
    con = duckdb.connect()
    try:
        yield con
    finally:
        con.close()
