"""The backup archive: one zip file holding

- ``tables/<app_label.model>.jsonl``: a table, one row a line (:mod:`.tables`);
- ``files/<path>``: the files kept beside the database (the published reports' PDFs under the
  data folder's ``reports``; ``media/<path>`` for any uploads under ``MEDIA_ROOT``);
- ``manifest.json``: the format, Probity's version, the database engine, the migrations
  applied, when it was made, each table's row count and columns, and the SHA-256 of every
  member above and one over them all (``digest``);
- ``manifest.sha256``: the SHA-256 of ``manifest.json``.

:func:`verify` checks every one of them before anything is read into a database.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

FORMAT = "probity-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
CHUNK = 1 << 20
# What a manifest must hold, and of which JSON type, for a restore to read it.
REQUIRED: dict[str, type] = {
    "probity_version": str, "engine": str, "migrations": list, "created_at": str,
    "tables": dict, "files": list, "members": dict, "digest": str,
}  # fmt: skip


class ArchiveError(Exception):
    """The archive cannot be restored: every reason found."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{where}: {why}" for where, why in problems))
        self.problems = problems


def digest(members: dict[str, str]) -> str:
    """One SHA-256 over every member's (name, SHA-256), in name order."""
    text = "".join(f"{name} {members[name]}\n" for name in sorted(members))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class HashingWriter:
    """A member being written, with its SHA-256 computed on the way."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> None:
        """Write bytes to the member."""
        self.sha.update(data)
        self.stream.write(data)


@dataclass(frozen=True)
class Verified:
    """An archive whose every checksum matched: its manifest."""

    manifest: dict[str, Any]


def verify(zf: zipfile.ZipFile, source: str) -> Verified:
    """Check the archive whole: the manifest against its checksum, every member against the
    manifest's, no member missing or added, and the digest over them all. Raises
    :class:`ArchiveError` with every problem."""
    names = set(zf.namelist())
    for required in (MANIFEST, MANIFEST_SUM):
        if required not in names:
            raise ArchiveError([(source, f"not a Probity backup: it has no {required}")])
    raw = zf.read(MANIFEST)
    expected = zf.read(MANIFEST_SUM).decode("ascii", "replace").strip()
    if hashlib.sha256(raw).hexdigest() != expected:
        raise ArchiveError([(MANIFEST, "its SHA-256 does not match manifest.sha256: altered")])
    try:
        manifest = json.loads(raw)
    except ValueError as e:
        raise ArchiveError([(MANIFEST, f"not JSON: {e}")]) from e
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError([(MANIFEST, f"not a {FORMAT} manifest")])
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            [(MANIFEST, f"format version {manifest.get('format_version')!r} is not "
              f"{FORMAT_VERSION}, the one this Probity reads")]
        )  # fmt: skip
    wrong = [
        f"{key} ({kind.__name__} expected)"
        for key, kind in REQUIRED.items()
        if not isinstance(manifest.get(key), kind)
    ]
    if wrong:
        raise ArchiveError([(MANIFEST, f"missing or wrong: {', '.join(wrong)}")])
    members: dict[str, str] = manifest["members"]
    problems: list[tuple[str, str]] = []
    for name, table in sorted(manifest["tables"].items()):
        if not (
            isinstance(table, dict)
            and table.get("member") in members
            and isinstance(table.get("rows"), int)
            and isinstance(table.get("columns"), list)
        ):
            problems.append((name, "its entry in the manifest is not a table's"))
    for name in manifest["files"]:
        if name not in members:
            problems.append((str(name), "a file the manifest does not give a checksum for"))
    if digest(members) != manifest.get("digest"):
        problems.append((MANIFEST, "the digest over the members does not match them"))
    for name in sorted(names - set(members) - {MANIFEST, MANIFEST_SUM}):
        problems.append((name, "a member the manifest does not list: added"))
    for name, sha in sorted(members.items()):
        if not _safe(name):
            problems.append((name, "a member name outside the archive's folders"))
        elif name not in names:
            problems.append((name, "listed in the manifest but missing"))
        else:
            problems.extend(_check_member(zf, name, sha))
    if problems:
        raise ArchiveError(problems)
    return Verified(manifest)


def _check_member(zf: zipfile.ZipFile, name: str, sha: str) -> list[tuple[str, str]]:
    actual = hashlib.sha256()
    try:
        with zf.open(name) as f:
            while chunk := f.read(CHUNK):
                actual.update(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as e:  # a CRC error, cut short…
        return [(name, f"cannot be read: {e}")]
    if actual.hexdigest() != sha:
        return [(name, "its SHA-256 does not match the manifest: altered")]
    return []


def _safe(name: str) -> bool:
    """A member name restore may write from: under tables/, files/ or media/, no way up."""
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and len(path.parts) >= 2
        and path.parts[0] in ("tables", "files", "media")
    )
