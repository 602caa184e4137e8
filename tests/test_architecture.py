"""The core (framework, rating, aggregation, statistics, bundle, report, workflow) imports no
Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "probity"
CORE = ["framework", "rating", "aggregation", "bundle", "report", "workflow", "statistics"]


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


def test_importing_the_whole_core_loads_no_django():
    # Follows every import, not just the text: a core module reaching Django indirectly fails.
    code = (
        "import sys, probity.framework, probity.rating, probity.aggregation, probity.bundle, "
        "probity.pipeline, probity.report, probity.files, probity.report.context, "
        "probity.report.html, probity.report.api; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith(('django.', "
        "'probity.web'))); print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
