"""Reading a whole bundle: a folder of CSV files or one XLSX workbook, checked as one."""

from __future__ import annotations

from pathlib import Path

from probity.bundle.csv_reader import read_csv_folder
from probity.bundle.model import Bundle
from probity.bundle.problems import DataError, Problem
from probity.bundle.validate import build_bundle
from probity.bundle.xlsx_reader import read_workbook
from probity.framework import Framework


def is_bundle(path: Path) -> bool:
    """Whether the path looks like a bundle (a folder, or an .xlsx workbook)."""
    return path.is_dir() or path.suffix.lower() == ".xlsx"


def read_bundle(path: Path, *, framework: Framework | None = None) -> Bundle:
    """Read and validate a bundle; raise :class:`DataError` listing every problem found.

    ``framework``: a framework file of one's own to read it under (the bundle must name its
    id); by default, the framework the bundle names, from the frameworks directories."""
    if path.is_dir():
        tables, problems = read_csv_folder(path)
    elif path.suffix.lower() == ".xlsx" and (path.exists() or path.is_symlink()):
        # Not only a regular file: the reader says why anything else is refused.
        tables, problems = read_workbook(path)
    elif not path.exists():
        raise DataError([Problem(str(path), "file", "no such file or folder")])
    else:
        raise DataError(
            [Problem(str(path), "file", "a bundle is a folder of CSV files or an .xlsx workbook")]
        )
    return build_bundle(tables, problems, framework=framework)
