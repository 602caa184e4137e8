"""The one figure type: a count of cases out of the cases it could be ("16 of 42"), and its
percentage. Every percentage Probity prints or rates is computed here: one at a time, exact,
by :attr:`Count.pct`; a column of them at once, for the national table, by
:func:`percentages`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from probity.framework.models import Framework, Rounding
from probity.rating.bands import round_half_up


@dataclass(frozen=True)
class Count:
    """``part`` of ``whole``: the "Yes" answers of the cases a question applies to (not
    applicable answers excluded), the respondents answering positively, the cases with a
    characteristic."""

    part: int
    whole: int

    @property
    def pct(self) -> Fraction | None:
        """The exact percentage; None when the whole is nothing."""
        return Fraction(100 * self.part, self.whole) if self.whole else None

    @property
    def rounded(self) -> int | None:
        """The percentage as published: rounded half up to a whole number."""
        pct = self.pct
        return None if pct is None else round_half_up(pct)

    @property
    def rest(self) -> int:
        """The ones not counted in ``part`` ("No" answers, say)."""
        return self.whole - self.part

    def __str__(self) -> str:
        """As a count: ``16 of 42``."""
        return f"{self.part} of {self.whole}"


def percentages(part: Any, whole: Any) -> Any:
    """``100 * part / whole`` for two Arrow columns of counts, as doubles (null where the whole
    is nothing): the national table's display column, the same figure as :attr:`Count.pct`."""
    import pyarrow as pa  # type: ignore[import-untyped]  # imported here: the core's other
    import pyarrow.compute as pc  # type: ignore[import-untyped]  # users need no Arrow

    whole_or_null = pc.if_else(pc.equal(whole, 0), pa.scalar(None, pa.int64()), whole)
    return pc.divide(pc.multiply(pc.cast(part, pa.float64()), 100.0), whole_or_null)


def whole_percent_text(pct: Fraction | int | None) -> str:
    """A percentage as published, rounded half up to a whole number: "39%"; "–" for none."""
    if pct is None:
        return "–"
    return f"{pct if isinstance(pct, int) else round_half_up(pct)}%"


def percent_text(fw: Framework, pct: Fraction | int | None) -> str:
    """A question's percentage as the framework's rounding rule shows it, so that the figure
    printed never sits in another band than the rating says: rounded half up to a whole
    number ("39%") where bands apply to the rounded figure; where they apply to the exact
    figure, a whole number only when it is one, else one decimal place cut short, never
    rounded up ("54.9%" for 54.96, which is below 55)."""
    if pct is None or fw.bands.rounding is Rounding.HALF_UP or isinstance(pct, int):
        return whole_percent_text(pct)
    if pct.denominator == 1:
        return f"{pct.numerator}%"
    tenths = math.floor(pct * 10)
    return f"{tenths // 10}.{tenths % 10}%"
