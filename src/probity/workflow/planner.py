"""The sample planner: how many cases to inspect to estimate a proportion within a margin,
and the margin a sample of a given size achieves.

For a proportion ``p`` at confidence ``c`` (its two-sided normal quantile ``z``) and margin
``m``, the sample size of an infinite population is ``n0 = z² p (1 − p) / m²``; from a
population of ``N`` eligible cases, with the finite-population correction,
``n = n0 / (1 + (n0 − 1) / N)``, rounded up. ``p = 0.5`` (the largest variance) unless an
expected proportion is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import norm  # type: ignore[import-untyped]  # scipy ships no type information


class PlannerError(ValueError):
    """A planner input out of its range; the message names it."""


@dataclass(frozen=True)
class Plan:
    """A sample size and what it rests on: ``z``, the two-sided normal quantile of the
    confidence; ``infinite``, n0 = z² p (1 − p) / m²; ``corrected``, n = n0 / (1 + (n0 − 1) /
    N) before rounding up to ``size`` (pages show this working)."""

    population: int
    margin: float
    confidence: float
    expected: float
    size: int
    z: float
    infinite: float
    corrected: float

    def __str__(self) -> str:
        return (
            f"{self.size} of {self.population} cases for ±{self.margin * 100:g} percentage points "
            f"at {self.confidence * 100:g}% confidence (expected proportion {self.expected:g})"
        )


def _z(confidence: float) -> float:
    return float(norm.ppf(1 - (1 - confidence) / 2))


def _check(population: int, margin: float, confidence: float, expected: float) -> None:
    problems = []
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        problems.append(f"population: {population!r} is not a whole number of cases, 1 or more")
    if not 0 < margin < 1:
        problems.append(f"margin: {margin!r} is not a fraction between 0 and 1 (0.1 for ±10%)")
    if not 0 < confidence < 1:
        problems.append(f"confidence: {confidence!r} is not a fraction between 0 and 1 (0.95)")
    if not 0 < expected < 1:
        problems.append(f"expected proportion: {expected!r} is not a fraction between 0 and 1")
    if problems:
        raise PlannerError("; ".join(problems))


def sample_size(
    population: int, margin: float, confidence: float = 0.95, expected: float = 0.5
) -> Plan:
    """The sample size for a proportion within ``margin`` at ``confidence`` from
    ``population`` eligible cases (all as fractions: 0.1 for ±10 percentage points)."""
    _check(population, margin, confidence, expected)
    z = _z(confidence)
    n0 = z**2 * expected * (1 - expected) / margin**2
    n = n0 / (1 + (n0 - 1) / population)
    # A hair of floating-point error must not add a case: 44.0000000001 is 44.
    size = min(population, math.ceil(round(n, 9)))
    return Plan(population, margin, confidence, expected, size, z, n0, n)


def achieved_margin(
    sample: int, population: int, confidence: float = 0.95, expected: float = 0.5
) -> float:
    """The margin (a fraction) a sample of ``sample`` cases from ``population`` achieves for a
    proportion at ``confidence``: the inverse of :func:`sample_size` before rounding."""
    _check(population, 0.5, confidence, expected)
    if isinstance(sample, bool) or not isinstance(sample, int) or not 1 <= sample <= population:
        raise PlannerError(
            f"sample: {sample!r} is not a number of cases between 1 and {population}"
        )
    if sample == population:
        return 0.0
    finite = (population - sample) / (population - 1)
    return _z(confidence) * math.sqrt(expected * (1 - expected) / sample * finite)
