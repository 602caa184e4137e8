"""What every part of the generator shares: the seed, the paths, the published figures and
the rounding rule."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from probity.rating import Count

SEED = 20220801
ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_OUT = ROOT / "examples" / "demo"
CONTENT = ROOT / "examples" / "demo_content"
SEED_FIGURES = ROOT / "tests" / "fixtures" / "seed_figures.yaml"
FRAMEWORK_ID = "hmip-adult-pdu-2021"


class GenerationError(Exception):
    """The generated bundle does not reproduce the published figures or breaks a rule."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def percent(yes: int, applicable: int) -> int:
    """100 * yes / applicable, rounded half up to a whole number (as published)."""
    rounded = Count(yes, applicable).rounded
    if rounded is None:
        raise ValueError("a percentage of nothing")
    return rounded


def yes_count(target: int, applicable: int) -> int:
    """The number of `yes` answers whose % is the target, else the nearest (ties: fewer)."""
    return min(range(applicable + 1), key=lambda y: (abs(percent(y, applicable) - target), y))


def reachable(target: int, applicable: int) -> bool:
    """Whether some number of `yes` answers out of ``applicable`` rounds to the target."""
    return percent(yes_count(target, applicable), applicable) == target


def load_yaml(path: Path) -> Any:
    """A YAML file (UTF-8)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_seed_figures(path: Path = SEED_FIGURES) -> dict[str, Any]:
    """The published figures, as transcribed from the report."""
    data: dict[str, Any] = load_yaml(path)
    return data
