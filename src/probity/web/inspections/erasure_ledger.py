"""The erasure ledger: every erasure also recorded outside the database, one JSON object a
line, appended and never rewritten (``PROBITY_ERASURE_LEDGER``, by default ``erasures.jsonl``
in the data folder). A backup restored into an empty database brings back the data as it was
when the backup was taken; the restore then reads this file and erases again every case erased
since, so that erased data never comes back. Keep the file where the backups are not: on the
server's disk, backed up with it but never replaced by an older copy.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import datetime
from pathlib import Path

from django.conf import settings

from probity.web.inspections.erasure import ErasureEntry

FIELDS = ("uid", "inspection_id", "case_id", "kind", "reason", "by", "at")


class LedgerError(Exception):
    """The ledger cannot be read: each problem located by line."""

    def __init__(self, path: Path, problems: list[tuple[int, str]]) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.path = path
        self.problems = problems


def ledger_path() -> Path:
    """Where the ledger is kept (the setting ``PROBITY_ERASURE_LEDGER``)."""
    return Path(settings.PROBITY_ERASURE_LEDGER)


def append(entry: ErasureEntry) -> None:
    """Add one entry at the end of the ledger, on disk before returning (fsync)."""
    path = ledger_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry.as_dict(), ensure_ascii=False, sort_keys=True) + "\n"
    with path.open("a", encoding="utf-8") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


def read_entries(path: Path | None = None) -> list[ErasureEntry]:
    """Every entry of the ledger, in order (none when there is no ledger yet). A last line cut
    short (no newline: written when the machine stopped) is left out, since its erasure's
    transaction never committed; any other line that is not an entry is located
    (:class:`LedgerError`)."""
    path = path or ledger_path()
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise LedgerError(path, [(0, f"cannot be read: {e}")]) from e
    lines = text.split("\n")
    cut_short = lines.pop()  # "" when the file ends with a newline
    entries: list[ErasureEntry] = []
    problems: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entries.append(_entry(line))
        except (ValueError, TypeError, KeyError) as e:
            problems.append((number, f"not an erasure entry: {e}"))
    if cut_short.strip():
        with contextlib.suppress(ValueError, TypeError, KeyError):
            entries.append(_entry(cut_short))
    if problems:
        raise LedgerError(path, problems)
    return entries


def _entry(line: str) -> ErasureEntry:
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("a JSON object is expected")
    missing = [f for f in FIELDS if not isinstance(data.get(f), str)]
    if missing:
        raise ValueError(f"missing or not text: {', '.join(missing)}")
    at = datetime.fromisoformat(data["at"])
    if at.tzinfo is None:
        raise ValueError("'at' has no time zone")
    return ErasureEntry(
        data["uid"], data["inspection_id"], data["case_id"], data["kind"], data["reason"],
        data["by"], at,
    )  # fmt: skip
