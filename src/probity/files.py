"""Files that appear whole or not at all: written beside their target, then renamed."""

from __future__ import annotations

import glob
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def share_like_new(path: Path) -> None:
    """Give a temporary file (or folder) the permissions a newly created one would have:
    ``mkstemp`` and ``mkdtemp`` make them private to their owner, but a report or a bundle is
    meant to be read as any other file the user writes."""
    base = 0o777 if path.is_dir() else 0o666
    path.chmod(base & ~_umask())


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` to write to; when the block ends normally it
    replaces ``target``, and when it raises it is removed, so ``target`` is never half
    written. Beside the target, so that the rename stays on one file system."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    part = Path(name)
    try:
        yield part
        share_like_new(part)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def sweep_parts(target: Path, *, older_than: float) -> list[Path]:
    """Remove the temporary files :func:`atomic_path` left beside ``target`` (a process killed
    outright cannot remove its own) that were last written more than ``older_than`` seconds
    ago: younger ones may belong to a write still under way. Returns the files removed."""
    limit = time.time() - older_than
    removed = []
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            if part.is_file() and part.stat().st_mtime < limit:
                part.unlink()
                removed.append(part)
        except OSError:
            continue  # removed by its own writer meanwhile
    return removed
