"""Where framework files are found: the frameworks directory, and the files in it.

By default the frameworks shipped inside the package are the ones available. The environment
variable ``PROBITY_FRAMEWORKS`` replaces them with directories of one's own (several separated
by the system's path separator, ``:`` on Linux), searched in order; a file ``ID.yaml`` in
one of them is the framework ``ID``. This module is the one place that reads it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

ENVIRONMENT_VARIABLE = "PROBITY_FRAMEWORKS"
SUFFIX = ".yaml"


def shipped_dir() -> Path:
    """The directory of the frameworks shipped with Probity."""
    return Path(str(resources.files("probity.framework") / "frameworks"))


def framework_dirs() -> tuple[Path, ...]:
    """The directories searched for framework files, in order."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not value:
        return (shipped_dir(),)
    return tuple(Path(part).expanduser() for part in value.split(os.pathsep) if part.strip())


def content_hash(data: bytes) -> str:
    """The SHA-256 of a framework file's bytes, in hex: what an inspection records."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FrameworkSource:
    """A framework file found in the frameworks directories."""

    id: str
    path: Path
    content_hash: str


def available_frameworks() -> list[FrameworkSource]:
    """Every framework file in the frameworks directories, by id; where one id is found in
    two directories, each file is listed (loading that id is refused)."""
    found: list[FrameworkSource] = []
    for folder in framework_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix != SUFFIX or not path.is_file():
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            found.append(FrameworkSource(path.stem, path, content_hash(data)))
    return sorted(found, key=lambda f: (f.id, str(f.path)))


def framework_paths(framework_id: str) -> list[Path]:
    """The files of the framework with this id, in the order of the directories."""
    return [f.path for f in available_frameworks() if f.id == framework_id]
