"""The 95% Wilson score interval of a count's proportion: the range of percentages a
sample of this size is consistent with (31 "Yes" of 79 cases is 39%, but anything from about
29% to 50% would give such a sample)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from probity.rating.bands import round_half_up
from probity.rating.figures import Count

LEVEL = 0.95
"""The confidence level of every interval Probity shows."""


@dataclass(frozen=True)
class Interval:
    """A confidence interval for a proportion, as fractions of one (0.29, 0.50)."""

    lower: float
    upper: float

    def percent(self, places: int = 1) -> list[float]:
        """``[lower, upper]`` in per cent, to ``places`` decimal places: the JSON form."""
        return [round(100 * self.lower, places), round(100 * self.upper, places)]

    def whole_percent(self) -> tuple[int, int]:
        """Lower and upper ends in whole per cent, rounded half up as published figures are."""
        return (
            round_half_up(Fraction(repr(100 * self.lower))),
            round_half_up(Fraction(repr(100 * self.upper))),
        )


@cache
def _confint() -> Any:
    from statsmodels.stats.proportion import (  # type: ignore[import-untyped]  # untyped
        proportion_confint,
    )

    return proportion_confint


def wilson(count: Count, level: float = LEVEL) -> Interval | None:
    """The Wilson score interval of ``count.part`` of ``count.whole`` (statsmodels'
    ``proportion_confint``); None when the whole is nothing (every case not applicable)."""
    if count.whole <= 0:
        return None
    low, high = _confint()(count.part, count.whole, alpha=1 - level, method="wilson")
    # At 0% the interval starts at 0 and at 100% it ends at 1, exactly: the library's floating
    # point strays from the end by about 1e-17 either way.
    lower = 0.0 if count.part <= 0 else min(max(float(low), 0.0), 1.0)
    upper = 1.0 if count.part >= count.whole else min(max(float(high), 0.0), 1.0)
    return Interval(lower=lower, upper=upper)


def interval_text(interval: Interval | None) -> str:
    """As a page or report prints it: ``29–50%``; ``–`` where there is none."""
    if interval is None:
        return "–"
    lower, upper = interval.whole_percent()
    return f"{lower}–{upper}%"
