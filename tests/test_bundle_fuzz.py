"""A property over random mutations of a small bundle, as CSV and as a workbook: reading it
either gives a bundle or raises DataError whose every problem has a place; nothing else
escapes (bench/fuzz.py runs the same mutations by the thousand on the demonstration bundle)."""

from __future__ import annotations

import atexit
import random
import shutil
import tempfile
from pathlib import Path

from bench.mutations import mutate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probity.bundle import read_bundle
from probity.bundle.problems import DataError
from probity.framework import load_framework

from .bundles import with_second_answers, write_csv_tables, write_xlsx_tables


def _sources() -> tuple[Path, Path]:
    # Every table, the optional ones too (second looks), so that each reader path is mutated.
    tables = with_second_answers(load_framework())
    tables["narrative"] = [
        {"section": "foreword", "part": "text", "text": f"Paragraph {i}: {{{{ 2 * {i} }}}}."}
        for i in range(5)
    ]
    root = Path(tempfile.mkdtemp(prefix="probity-fuzz-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return (
        write_csv_tables(tables, root / "folder"),
        write_xlsx_tables(tables, root / "book.xlsx"),
    )


SOURCES = _sources()


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False), workbook=st.booleans())
def test_a_mutated_bundle_is_read_or_refused_with_every_problem_located(
    tmp_path_factory, rng: random.Random, workbook: bool
):
    work = tmp_path_factory.mktemp("mutation")
    path, done = mutate(rng, SOURCES[workbook], work)
    problems = []
    try:
        read_bundle(path)
    except DataError as e:
        problems = e.problems or [None]
    unplaced = [p for p in problems if p is None or not (p.source and p.place and p.message)]
    assert not unplaced, (done, unplaced)
