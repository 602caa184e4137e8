"""Placing a percentage or a score in its band."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from probity.framework.models import Band, Framework, Rounding

Percentage = int | float | Fraction
"""A percentage: an ``int``, a ``Fraction`` (exact, as aggregation gives) or a ``float``."""


def exact(value: Percentage) -> Fraction:
    """The value as an exact fraction; a float is read as the decimal it prints as (38.1, not
    38.10000000000000142…), which is what a person who typed it meant."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def round_half_up(value: Fraction) -> int:
    """Round half up to a whole number, as published figures are (64.5 → 65)."""
    return math.floor(value + Fraction(1, 2))


def banded_value(fw: Framework, pct: Percentage) -> Fraction:
    """The value a percentage is banded on under the framework's rounding setting."""
    value = exact(pct)
    if fw.bands.rounding is Rounding.HALF_UP:
        return Fraction(round_half_up(value))
    return value


def band_for(bands: Sequence[Band], value: Fraction) -> str:
    """The rating of the band covering ``value``.

    Bands are whole-number ranges as published; an exact fraction between two ranges (79.6 with
    Good 65–79 and Outstanding 80–100) belongs to the lower one, since it has not reached the
    higher band's minimum.
    """
    reached = [b for b in bands if b.min <= value]
    if not reached:
        raise ValueError(f"{value} is below every band")
    return max(reached, key=lambda b: b.min).rating


def percentage_rating(fw: Framework, pct: Percentage) -> str:
    """The rating band of a key question's % "Yes"."""
    return band_for(fw.bands.ranges, banded_value(fw, pct))


def overall_rating(fw: Framework, score: int) -> str:
    """The overall rating for a total score."""
    return band_for(fw.overall.ranges, Fraction(score))
