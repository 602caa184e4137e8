"""Restoring a backup: the archive checked whole first (:func:`.archive.verify`), then, in one
transaction, every table emptied and filled with the archive's rows (ids kept), the keys
checked, PostgreSQL's sequences set past the ids loaded, and every erasure the ledger records
that the backup does not applied again; then the files written back.

Refused, with nothing written: an archive altered, cut short or not a backup; one made on
another database engine or at another migration state; a database that holds anything beyond
what ``migrate`` fills (unless ``force``: everything in it is then replaced).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction

from probity.web.backup import archive
from probity.web.backup.create import applied_migrations
from probity.web.backup.tables import (
    MADE_BY_MIGRATE,
    all_models,
    backed_up_models,
    columns,
    insert_rows,
    label,
)
from probity.web.inspections import erasure_ledger
from probity.web.inspections.erasure import Erasure, apply_entry
from probity.web.settings.environment import data_dir

RestoreError = archive.ArchiveError


@dataclass(frozen=True)
class Restored:
    """What was restored, and the erasures applied again from the ledger."""

    tables: int
    rows: int
    files: int
    erasures: int
    created_at: str
    reapplied: tuple[Erasure, ...] = ()


def restore_backup(source: Path, *, using: str, force: bool = False) -> Restored:
    """Restore the archive at ``source`` into database ``using``; raises
    :class:`RestoreError` with every reason it is refused."""
    where = str(source)
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as e:
        raise RestoreError(
            [(where, f"not a readable backup archive (damaged or cut short?): {e}")]
        ) from e
    with zf:
        manifest = archive.verify(zf, where).manifest
        _check_target(manifest, using, force)
        try:
            ledger = erasure_ledger.read_entries()
        except erasure_ledger.LedgerError as e:
            raise RestoreError([(f"{e.path}, line {n}", why) for n, why in e.problems]) from e
        try:
            rows, reapplied = _load(zf, manifest, using, ledger)
        except (DatabaseError, ValidationError, ValueError, KeyError, TypeError) as e:
            # Checksums match, yet the rows do not load (an archive made by hand?): the
            # transaction is rolled back, nothing is written.
            raise RestoreError([(where, f"its rows cannot be loaded: {e}")]) from e
        files = _write_files(zf, manifest["files"])
    return Restored(
        len(manifest["tables"]), rows, files, len(reapplied), manifest["created_at"], reapplied
    )


def _check_target(manifest: dict[str, Any], using: str, force: bool) -> None:
    """Refuse another engine, another migration state, other tables, or a database in use."""
    connection = connections[using]
    if manifest["engine"] != connection.vendor:
        raise RestoreError(
            [(using, f"the backup is of a {manifest['engine']} database; this one is "
              f"{connection.vendor}: restore it into a {manifest['engine']} database")]
        )  # fmt: skip
    here = applied_migrations(using)
    if manifest["migrations"] != here:
        theirs, present = set(manifest["migrations"]), set(here)
        missing = ", ".join(sorted(theirs - present)) or "none"
        extra = ", ".join(sorted(present - theirs)) or "none"
        raise RestoreError(
            [(using, "the database is not at the backup's migration state (migrations the "
              f"backup has and it lacks: {missing}; it has and the backup lacks: {extra}): "
              f"restore with Probity {manifest['probity_version']}, migrated")]
        )  # fmt: skip
    problems = []
    known = {label(m): m for m in backed_up_models()}
    for name in sorted(set(manifest["tables"]) - set(known)):
        problems.append((name, "a table of the backup this database does not have"))
    for name in sorted(set(known) - set(manifest["tables"])):
        problems.append((name, "a table of this database the backup does not have"))
    for name in sorted(set(known) & set(manifest["tables"])):
        ours = [c.attname for c in columns(known[name])]
        if manifest["tables"][name]["columns"] != ours:
            problems.append((name, "its columns differ from this database's"))
    if problems:
        raise RestoreError(problems)
    if not force:
        used = [
            f"{label(m)} ({n} rows)"
            for m in all_models()
            if label(m) not in MADE_BY_MIGRATE and (n := m._base_manager.using(using).count())
        ]
        if used:
            raise RestoreError(
                [(using, "the database is not empty (it holds "
                  f"{', '.join(used)}): restore only into a newly migrated database, or give "
                  "--force to replace everything in it")]
            )  # fmt: skip


def _load(
    zf: zipfile.ZipFile,
    manifest: dict[str, Any],
    using: str,
    ledger: list[Any],
) -> tuple[int, tuple[Erasure, ...]]:
    connection = connections[using]
    known = {label(m): m for m in backed_up_models()}
    every = all_models()
    rows = 0
    with transaction.atomic(using=using):
        tables = [m._meta.db_table for m in every]
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
                cursor.execute(sql)
        for name, table in sorted(manifest["tables"].items()):
            loaded = insert_rows(known[name], _lines(zf, table["member"]), using)
            if loaded != table["rows"]:
                raise RestoreError(
                    [(table["member"], f"{loaded} rows, the manifest says {table['rows']}")]
                )
            rows += loaded
        # Every key points at a row (checked now: the database would only at commit).
        connection.check_constraints(table_names=tables)
        _reset_sequences(using, every)
        recorded = {str(u) for u in Erasure.objects.using(using).values_list("uid", flat=True)}
        again = tuple(
            apply_entry(entry, using=using) for entry in ledger if entry.uid not in recorded
        )
    return rows, again


def _lines(zf: zipfile.ZipFile, member: str) -> Iterator[dict[str, Any]]:
    with zf.open(member) as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            if line.strip():
                yield json.loads(line)


def _reset_sequences(using: str, every: list[type[models.Model]]) -> None:
    """Set each table's id sequence past the ids loaded (PostgreSQL; SQLite needs none), so
    that the next row made does not take an id in use."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), every)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _write_files(zf: zipfile.ZipFile, names: list[str]) -> int:
    """Write the archive's files back, each through a temporary file moved into place."""
    for name in names:
        path = PurePosixPath(name)
        if path.parts[0] == "media":
            target = Path(settings.MEDIA_ROOT).joinpath(*path.parts[1:])
        else:
            target = data_dir().joinpath(*path.parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(fd, "wb") as out, zf.open(name) as source:
            while chunk := source.read(archive.CHUNK):
                out.write(chunk)
        os.replace(temp, target)
    return len(names)
