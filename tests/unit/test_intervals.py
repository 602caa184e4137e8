"""The 95% Wilson score interval on every % "Yes": checked against the formula worked by hand
and against scipy's own Wilson interval, at the ends (0%, 100%, one case) and with no case."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binomtest  # type: ignore[import-untyped]  # scipy ships no types

from probity.rating.figures import Count
from probity.statistics import interval_text, wilson

Z = 1.959963984540054  # the normal distribution's 97.5th percentile


def by_hand(yes: int, n: int) -> tuple[float, float]:
    """Wilson (1927): (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    p = yes / n
    centre = p + Z * Z / (2 * n)
    spread = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - spread) / (1 + Z * Z / n), (centre + spread) / (1 + Z * Z / n)


@pytest.mark.parametrize(("yes", "n"), [(31, 79), (0, 5), (5, 5), (1, 1), (0, 1), (16, 42)])
def test_the_interval_is_wilsons_score_interval_as_worked_by_hand(yes: int, n: int) -> None:
    interval = wilson(Count(yes, n))
    assert interval is not None
    low, high = by_hand(yes, n)
    assert interval.lower == pytest.approx(max(low, 0.0), abs=1e-12)
    assert interval.upper == pytest.approx(min(high, 1.0), abs=1e-12)


@pytest.mark.parametrize(("yes", "n"), [(31, 79), (0, 7), (9, 9), (1, 1), (40, 41)])
def test_the_interval_agrees_with_scipys_wilson_interval(yes: int, n: int) -> None:
    interval = wilson(Count(yes, n))
    theirs = binomtest(yes, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert interval is not None
    assert (interval.lower, interval.upper) == pytest.approx((theirs.low, theirs.high), abs=1e-12)


def test_the_demonstrations_assessment_figure_of_39_per_cent_spans_29_to_50() -> None:
    interval = wilson(Count(31, 79))
    assert interval is not None
    assert interval.percent() == [29.2, 50.3]
    assert interval_text(interval) == "29–50%"


def test_at_0_and_100_per_cent_the_interval_ends_exactly_at_the_end() -> None:
    none_yes, all_yes = wilson(Count(0, 5)), wilson(Count(5, 5))
    assert none_yes is not None
    assert all_yes is not None
    assert none_yes.lower == 0.0
    assert none_yes.percent() == [0.0, 43.4]
    assert all_yes.upper == 1.0
    assert all_yes.percent() == [56.6, 100.0]


def test_every_count_of_none_or_all_ends_exactly_at_0_or_1() -> None:
    # statsmodels gives 0 of 6 a lower end of about 2.8e-17, not 0.
    for whole in range(1, 101):
        none_yes, all_yes = wilson(Count(0, whole)), wilson(Count(whole, whole))
        assert none_yes is not None
        assert all_yes is not None
        assert (none_yes.lower, all_yes.upper) == (0.0, 1.0), whole


def test_one_case_gives_a_wide_interval() -> None:
    interval = wilson(Count(1, 1))
    assert interval is not None
    assert interval.whole_percent() == (21, 100)


def test_a_question_with_every_case_not_applicable_has_no_interval() -> None:
    assert wilson(Count(0, 0)) is None
    assert interval_text(None) == "–"
