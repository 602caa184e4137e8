"""Files that appear whole or not at all: written beside their target, then renamed."""

from __future__ import annotations

import os
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
