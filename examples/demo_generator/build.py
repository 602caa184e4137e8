"""The whole bundle: build it, check it, write it; and the command line.

    uv run --locked python examples/generate_demo.py [--out DIR]

The output is deterministic: a fixed seed, rows in a fixed order, ``\\n`` line endings, UTF-8.
Before writing, every figure is recomputed from the generated answers and compared with the
published figures in ``tests/fixtures/seed_figures.yaml``, and every reference in the narrative
is looked up; any problem stops the run.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from probity.bundle.schema import TABLES
from probity.framework import load_framework

from . import content
from .answers import choose_notes, generate_answers
from .cases import build_cases
from .checks import check_figures, check_narrative, check_realism, check_rules, check_sample, tally
from .common import (
    CONTENT,
    DEFAULT_OUT,
    SEED,
    SEED_FIGURES,
    GenerationError,
    load_seed_figures,
    percent,
)
from .tables import (
    INSPECTION,
    answer_rows,
    case_row,
    render,
    sample_window_rows,
    staffing_rows,
    survey_rows,
)


@dataclass(frozen=True)
class Demo:
    """The generated bundle: CSV text per table, and what to say about it."""

    tables: dict[str, str]
    summary: list[str]


def generate(seed_path: Path = SEED_FIGURES, content_folder: Path = CONTENT) -> Demo:
    """Build and check the whole bundle; raise GenerationError naming every problem."""
    seed = load_seed_figures(seed_path)
    framework = load_framework(INSPECTION["framework"])
    rng = random.Random(SEED)
    cases = build_cases(rng)
    answers = generate_answers(framework, cases, seed, rng)
    notes = choose_notes(cases, answers, rng)

    surveys, unreproduced = survey_rows(seed)
    rows: dict[str, list[dict[str, Any]]] = {
        "inspection": [INSPECTION],
        "sample_windows": sample_window_rows(),
        "cases": [case_row(c) for c in sorted(cases, key=lambda c: c.case_id)],
        "answers": answer_rows(framework, cases, answers, notes),
        "judgements": content.judgement_rows(content_folder),
        "staffing": staffing_rows(seed),
        "surveys": surveys,
        "recommendations": content.recommendation_rows(content_folder),
        "practice_examples": content.practice_example_rows(content_folder),
        "narrative": content.narrative_rows(content_folder),
        # The framework's glossary is the seed's: the inspection adds no term of its own.
        "glossary": [],
    }

    problems = check_sample(cases, seed) + check_rules(framework, cases, answers)
    figure_problems, near = check_figures(framework, answers, seed)
    realism_problems, account = check_realism(framework, cases, answers)
    problems += figure_problems + realism_problems
    problems += check_narrative(framework, rows["narrative"], surveys, rows["staffing"])
    if problems:
        raise GenerationError(problems)

    # The demonstration has no second looks: a table written only where it has rows is left out.
    written = [t for t in TABLES if not t.omit_when_empty]
    tables = {t.name: render(t.name, rows[t.name]) for t in written}
    counts = tally(answers)
    exact = sum(percent(*counts[p.id]) == seed["prompts"][p.id] for p in framework.prompts)
    summary = [
        f"cases: {len(cases)} ({sum(c.case_type == 'community' for c in cases)} community, "
        f"{sum(c.case_type == 'post_custody' for c in cases)} post-custody, "
        f"{sum(c.court_report for c in cases)} court reports, "
        f"{sum(c.unpaid_work_only for c in cases)} unpaid work only)",
        f"answers: {len(answers)} rows, {len(notes)} with a note",
        f"key questions: all {len(framework.key_questions)} as published",
        f"prompts: {exact} of {len(framework.prompts)} as published, the rest within one point:",
        *[f"  {line}" for line in near],
        *account,
        "survey figures no count reproduces (not written):",
        *[f"  {line}" for line in unreproduced],
        "tables: " + ", ".join(f"{t.name} {len(rows[t.name])}" for t in written),
    ]
    return Demo(tables=tables, summary=summary)


def write(demo: Demo, out: Path) -> None:
    """Write one ``TABLE.csv`` per table of the schema."""
    out.mkdir(parents=True, exist_ok=True)
    for name, text in demo.tables.items():
        (out / f"{name}.csv").write_bytes(text.encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the demonstration inspection bundle.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the CSV files")
    args = parser.parse_args(argv)
    try:
        demo = generate()
    except GenerationError as error:
        print("The demonstration bundle does not reproduce the report:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    write(demo, args.out)
    print(f"Wrote {len(demo.tables)} tables to {args.out}")
    for line in demo.summary:
        print(f"  {line}")
    return 0
