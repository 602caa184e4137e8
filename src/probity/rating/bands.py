"""Placing a percentage or a score in its band."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from probity.framework.models import Band, Framework, Rounding

Percentage = int | float | Fraction
"""A percentage: an ``int``, a ``Fraction`` (exact, as aggregation gives) or a ``float``."""


def exact(value: Percentage) -> Fraction:
    """The value as an exact fraction; a float is read as the decimal it prints as (38.1, not
    38.10000000000000142…), which is what a person who typed it meant."""
    if type(value) is Fraction:
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def round_half_up(value: Fraction) -> int:
    """Round half up to a whole number, as published figures are (64.5 → 65)."""
    # floor(n/d + 1/2) in integers: exact, and cheap enough for a national table.
    denominator = value.denominator
    return (2 * value.numerator + denominator) // (2 * denominator)


def banded_value(fw: Framework, pct: Percentage) -> Fraction | int:
    """The value a percentage is banded on under the framework's rounding setting: the whole
    number it rounds to (half up), or the exact fraction."""
    value = exact(pct)
    if fw.bands.rounding is Rounding.HALF_UP:
        return round_half_up(value)
    return value


def banding(fw: Framework) -> Callable[[Fraction], tuple[Fraction | int, str]]:
    """The framework's banding of an exact percentage: the value it is banded on (as
    :func:`banded_value` gives it) and its rating (as :func:`whole_band` gives it), with the
    framework's settings looked up once for all the key questions of an inspection."""
    table = fw.percentage_band_table
    half_up = fw.bands.rounding is Rounding.HALF_UP

    def band(pct: Fraction) -> tuple[Fraction | int, str]:
        value = round_half_up(pct) if half_up else pct
        return value, table[math.floor(value)]

    return band


def whole_band(fw: Framework, value: Fraction | int) -> str:
    """The rating for a banded value, by the framework's table of whole percentages.

    Bands are whole-number ranges, so a fraction belongs where its floor does (79.6 is not
    yet 80).
    """
    return fw.percentage_band_table[math.floor(value)]


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
    return whole_band(fw, banded_value(fw, pct))


def overall_rating(fw: Framework, score: int) -> str:
    """The overall rating for a total score."""
    return band_for(fw.overall.ranges, Fraction(score))
