"""The core (framework, rating, aggregation, bundle, report) imports no Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "probity"
CORE = ["framework", "rating", "aggregation", "bundle", "report"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def core_files() -> list[Path]:
    return sorted(
        p for package in CORE if (SRC / package).is_dir() for p in (SRC / package).rglob("*.py")
    )


def test_the_core_packages_exist_and_hold_code():
    assert len(core_files()) >= 10


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_core_module_imports_django_or_the_web_layer(path):
    offending = {
        m
        for m in imported_modules(path)
        if m == "django" or m.startswith(("django.", "probity.web", "probity.cli"))
    }
    assert not offending, f"{path} imports {offending}"


def test_the_check_would_catch_a_django_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from django.db import models\nimport django\n", encoding="utf-8")
    assert imported_modules(sample) == {"django.db", "django"}


def test_the_rating_engine_does_no_io():
    # Pure functions: the rating package reads no files, opens no connections.
    forbidden = {"io", "os", "pathlib", "open", "sqlite3", "yaml", "json"}
    for path in (SRC / "rating").rglob("*.py"):
        assert not imported_modules(path) & forbidden, path
        assert "open(" not in path.read_text(encoding="utf-8"), path
