"""Build, check and write the example bundles; and the command line.

    uv run --locked python examples/generate_examples.py [--out DIR]

Each example is built in memory from a fixed seed, written by Probity's own writer
(``write_csv_folder``), read back and checked as Probity reads any bundle: it must validate,
give the ratings it was designed to give, and render its narrative with every literal figure
supported. Any problem stops the run and nothing is left half written.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from probity.bundle import DataError, read_bundle, write_csv_folder
from probity.bundle.model import Bundle
from probity.framework import Framework, load_framework
from probity.pipeline import inspect_bundle
from probity.report.check import check_narrative
from probity.report.html import render_html

from . import adult, youth
from .common import EXAMPLES, GenerationError


@dataclass(frozen=True)
class Example:
    """One example inspection: its folder, framework, how to build it and what it gives."""

    folder: str
    framework_id: str
    build: Callable[[Framework], Bundle]
    expected: dict[str, str]
    score: tuple[int, int, str]


def _example(module: ModuleType) -> Example:
    return Example(
        module.FOLDER, module.FRAMEWORK_ID, module.build, module.EXPECTED, module.EXPECTED_SCORE
    )


EXAMPLES_BUILT = (_example(youth), _example(adult))


def check(example: Example, folder: Path) -> list[str]:
    """What is wrong with the written bundle: it must read back, rate as designed and render
    its narrative with every literal figure supported."""
    try:
        bundle = read_bundle(folder)
    except DataError as error:
        return [f"{example.folder}: {p}" for p in error.problems]
    results = inspect_bundle(bundle)
    if results.ratings is None:
        return [f"{example.folder}: not rated: {p}" for p in results.problems]
    problems = []
    got = {s.id: results.ratings.result(s.id).rating for s in results.framework.rated_standards}
    for standard_id, rating in example.expected.items():
        if got.get(standard_id) != rating:
            problems.append(
                f"{example.folder}: {standard_id} is rated {got.get(standard_id)}, not {rating}"
            )
    score = (results.ratings.score, results.ratings.max_score, results.ratings.overall)
    if score != example.score:
        problems.append(
            f"{example.folder}: score, maximum and overall {score}, not {example.score}"
        )
    render_html(results)  # raises NarrativeError naming any paragraph that cannot render
    problems += [f"{example.folder}: narrative: {f}" for f in check_narrative(results)]
    return problems


def generate(out: Path = EXAMPLES) -> list[Path]:
    """Build, write and check every example under ``out``; raise GenerationError naming every
    problem (the folders already in place are then left as they were)."""
    built = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for example in EXAMPLES_BUILT:
            fw = load_framework(example.framework_id)
            bundle = example.build(fw)
            write_csv_folder(bundle, Path(tmp) / example.folder, fw)
            problems += check(example, Path(tmp) / example.folder)
            built.append((example, bundle, fw))
    if problems:
        raise GenerationError(problems)
    written = []
    for example, bundle, fw in built:
        write_csv_folder(bundle, out / example.folder, fw)
        written.append(out / example.folder)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the fictional example bundles.")
    parser.add_argument(
        "--out", type=Path, default=EXAMPLES, help="folder to write the example folders in"
    )
    args = parser.parse_args(argv)
    try:
        written = generate(args.out)
    except GenerationError as error:
        print("The example bundles are not as designed:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for folder in written:
        print(f"Wrote {folder}")
    return 0
