"""What a bundle may hold at most, and the checks made before a file is opened.

A bundle comes from outside: a file of any kind, size or shape must end in located problems,
never in a hang, a traceback or the machine's memory filled. The limits are far above any
real inspection's (the demonstration bundle's largest table, answers, has 5,900 rows)
and are stated in docs/bundle-format.md.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from probity.bundle.problems import Problem

MAX_FILE_BYTES = 50 * 1024 * 1024
"""A table's CSV file, or the whole workbook."""
MAX_ROWS = 200_000
"""Rows of one table (not counting its header)."""
MAX_COLUMNS = 256
"""Columns of one table's header."""
MAX_CELL_CHARS = 100_000
"""Characters in one cell."""
MAX_SHEETS = 64
"""Sheets in a workbook."""
MAX_SHEET_ROW = 1_048_576
"""The last row a sheet may name (a spreadsheet's own last row): blank rows below the data
are skipped, but a row numbered past this is refused rather than walked to."""
MAX_ARCHIVE_MEMBERS = 1_000
"""Files inside a workbook's zip archive."""
MAX_EXPANDED_BYTES = 250 * 1024 * 1024
"""The sum of the archive's files' uncompressed sizes."""
MAX_COMPRESSION_RATIO = 200
"""Uncompressed to compressed size of any one archive member of more than a megabyte."""
_RATIO_FROM_BYTES = 1024 * 1024


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "of another kind"


def file_problem(path: Path) -> Problem | None:
    """Why the file may not be read (None: it may): missing, not a regular file (checked by
    ``os.stat``, which follows symlinks and never blocks, unlike opening a FIFO), or over
    the size limit."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return Problem(str(path), "file", "no such file (or a link to nothing)")
    except OSError as e:
        return Problem(str(path), "file", f"cannot be read: {e.strerror or e}")
    if not stat.S_ISREG(info.st_mode):
        return Problem(
            str(path), "file", f"{_kind(info.st_mode)}, not a regular file: nothing is read from it"
        )
    if info.st_size > MAX_FILE_BYTES:
        return Problem(
            str(path),
            "file",
            f"{info.st_size:,} bytes: over the limit of {MAX_FILE_BYTES:,} bytes for one file",
        )
    return None


def read_limited(path: Path) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or why not: :func:`file_problem`, checked again on the bytes read,
    since the file may grow between the check and the read."""
    wrong = file_problem(path)
    if wrong is not None:
        return None, wrong
    try:
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return None, Problem(str(path), "file", f"cannot be read: {e.strerror or e}")
    if len(data) > MAX_FILE_BYTES:
        return None, Problem(
            str(path), "file", f"over the limit of {MAX_FILE_BYTES:,} bytes for one file"
        )
    return data, None


def archive_problems(path: Path) -> list[Problem]:
    """Why a workbook's zip archive may not be opened: too many members, too large once
    expanded, or compressed suspiciously far (a zip bomb). Read from its directory alone,
    before anything is decompressed; the sizes it declares bound what is decompressed
    (Python's zipfile reads no more than a member's declared size)."""
    src = str(path)
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        return [Problem(src, "file", f"not a readable XLSX workbook (a zip archive): {e}")]
    if len(members) > MAX_ARCHIVE_MEMBERS:
        return [
            Problem(
                src,
                "file",
                f"the archive holds {len(members):,} files: over the limit of "
                f"{MAX_ARCHIVE_MEMBERS:,}",
            )
        ]
    problems: list[Problem] = []
    expanded = sum(m.file_size for m in members)
    if expanded > MAX_EXPANDED_BYTES:
        problems.append(
            Problem(
                src,
                "file",
                f"the archive would expand to {expanded:,} bytes: over the limit of "
                f"{MAX_EXPANDED_BYTES:,}",
            )
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > _RATIO_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            problems.append(
                Problem(
                    src,
                    f"archive member {m.filename}",
                    f"compressed {ratio:,.0f} to 1: over the limit of "
                    f"{MAX_COMPRESSION_RATIO} to 1 (it would expand to {m.file_size:,} bytes)",
                )
            )
    return problems
