"""Writing a backup: every table Django knows (:mod:`.tables`) read in one consistent
snapshot, the files kept beside the database, and the manifest (:mod:`.archive`), into a
temporary file beside the target, moved into place only once whole."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from probity.web.backup import archive
from probity.web.backup.tables import backed_up_models, columns, encode_row, label, read_rows
from probity.web.settings.environment import data_dir

# The folders of the data folder whose files a backup holds: the PDFs of published reports
# (probity.web.inspections.reports keeps them there; their HTML is in the database).
DATA_FOLDERS = ("reports",)


@dataclass(frozen=True)
class Written:
    """What a backup holds, and the SHA-256 of the whole file."""

    path: Path
    tables: int
    rows: int
    files: int
    sha256: str


def probity_version() -> str:
    """The installed Probity's version."""
    try:
        return version("probity")
    except PackageNotFoundError:  # run from a source tree not installed
        return "unknown"


def applied_migrations(using: str) -> list[str]:
    """Every migration applied to the database, as ``app.name``, sorted."""
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def create_backup(out: Path, *, using: str) -> Written:
    """Write the backup of database ``using`` to ``out`` (replaced only once whole)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by its owner only: the archive holds personal data and password hashes.
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            summary = _write(f, using)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Written(out, *summary, _file_sha256(out))


def _write(f: Any, using: str) -> tuple[int, int, int]:
    members: dict[str, str] = {}
    tables: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with _snapshot(using):
            created_at = timezone.now()
            migrations = applied_migrations(using)
            for model in backed_up_models():
                name = f"tables/{label(model)}.jsonl"
                count = 0
                with zf.open(name, "w", force_zip64=True) as raw:
                    member = archive.HashingWriter(raw)
                    for row in read_rows(model, using):
                        member.write((encode_row(row) + "\n").encode("utf-8"))
                        count += 1
                members[name] = member.sha.hexdigest()
                tables[label(model)] = {
                    "member": name,
                    "rows": count,
                    "columns": [c.attname for c in columns(model)],
                }
        files = []
        for name, path in _files():
            with zf.open(name, "w", force_zip64=True) as raw, path.open("rb") as source:
                member = archive.HashingWriter(raw)
                while chunk := source.read(archive.CHUNK):
                    member.write(chunk)
            members[name] = member.sha.hexdigest()
            files.append(name)
        manifest = {
            "format": archive.FORMAT,
            "format_version": archive.FORMAT_VERSION,
            "probity_version": probity_version(),
            "django_version": django.get_version(),
            "engine": connections[using].vendor,
            "migrations": migrations,
            "created_at": created_at.isoformat(),
            "tables": tables,
            "files": files,
            "members": members,
            "digest": archive.digest(members),
        }
        raw_manifest = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8")
        zf.writestr(archive.MANIFEST, raw_manifest)
        zf.writestr(archive.MANIFEST_SUM, hashlib.sha256(raw_manifest).hexdigest() + "\n")
    return len(tables), sum(t["rows"] for t in tables.values()), len(files)


@contextlib.contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """Every table read as of one moment, while the application goes on writing: one
    transaction; on PostgreSQL at REPEATABLE READ (each query would otherwise see the changes
    committed since the one before); on SQLite a deferred one, whose first read fixes the
    snapshot (WAL) without holding the write lock the settings' IMMEDIATE transactions take,
    so saves are not kept waiting while the backup reads."""
    connection: Any = connections[using]
    connection.ensure_connection()  # connecting sets the mode from the settings again
    outermost = not connection.in_atomic_block
    sqlite_mode = getattr(connection, "transaction_mode", None)
    if outermost and connection.vendor == "sqlite":
        connection.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic(using=using):
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    finally:
        if outermost and connection.vendor == "sqlite":
            connection.transaction_mode = sqlite_mode


def _files() -> list[tuple[str, Path]]:
    """The files to back up, by member name: the data folder's ``reports`` and
    ``MEDIA_ROOT``'s files, if any."""
    roots = [(f"files/{folder}", data_dir() / folder) for folder in DATA_FOLDERS]
    media = getattr(settings, "MEDIA_ROOT", "")
    if media:
        roots.append(("media", Path(media)))
    found = []
    for prefix, root in roots:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                found.append((f"{prefix}/{path.relative_to(root).as_posix()}", path))
    return found


def _file_sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(archive.CHUNK):
            sha.update(chunk)
    return sha.hexdigest()
