"""Band boundaries, and the rounding setting that decides which side of them a % falls."""

from __future__ import annotations

from fractions import Fraction

import pytest

from probity.framework import Framework
from probity.rating import overall_rating, percentage_rating, round_half_up


@pytest.mark.parametrize(
    ("pct", "rating"),
    [
        (0, "inadequate"),
        (49, "inadequate"),
        (50, "requires_improvement"),
        (64, "requires_improvement"),
        (65, "good"),
        (79, "good"),
        (80, "outstanding"),
        (100, "outstanding"),
    ],
)
def test_each_band_boundary_falls_where_the_framework_publishes_it(adult, pct, rating):
    assert percentage_rating(adult, pct) == rating


@pytest.mark.parametrize(
    ("pct", "rating"),
    [
        (49.4, "inadequate"),
        (49.5, "requires_improvement"),
        (64.4, "requires_improvement"),
        (64.5, "good"),
        (79.49, "good"),
        (79.5, "outstanding"),
    ],
)
def test_rounded_half_up_by_default_so_a_published_whole_number_decides(adult, pct, rating):
    assert percentage_rating(adult, pct) == rating


@pytest.fixture
def exact_framework(framework_variant) -> Framework:
    def exact(data):
        data["bands"]["rounding"] = "exact"

    return framework_variant(exact)


@pytest.mark.parametrize(
    ("pct", "rating"),
    [
        (49.5, "inadequate"),
        (Fraction(99, 2), "inadequate"),
        (50, "requires_improvement"),
        (64.5, "requires_improvement"),
        (64.999, "requires_improvement"),
        (65, "good"),
        (79.6, "good"),
        (80, "outstanding"),
    ],
)
def test_exact_banding_does_not_lift_a_fraction_into_the_band_above(exact_framework, pct, rating):
    assert percentage_rating(exact_framework, pct) == rating


def test_the_two_rounding_settings_disagree_at_sixty_four_and_a_half(adult, exact_framework):
    assert percentage_rating(adult, 64.5) == "good"
    assert percentage_rating(exact_framework, 64.5) == "requires_improvement"


def test_an_exact_fraction_from_case_counts_is_banded_without_float_error(adult):
    # 129 of 200 cases is 64.5% exactly; a float division could land a hair below it.
    assert percentage_rating(adult, Fraction(100 * 129, 200)) == "good"


@pytest.mark.parametrize(
    ("value", "rounded"), [(Fraction(1, 2), 1), (Fraction(129, 2), 65), (Fraction(641, 10), 64)]
)
def test_round_half_up_rounds_halves_up(value, rounded):
    assert round_half_up(value) == rounded


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (0, "inadequate"),
        (2, "inadequate"),
        (4, "inadequate"),
        (5, "requires_improvement"),
        (13, "requires_improvement"),
        (14, "good"),
        (22, "good"),
        (23, "outstanding"),
        (27, "outstanding"),
    ],
)
def test_the_overall_rating_follows_the_score_bands(adult, score, rating):
    assert overall_rating(adult, score) == rating


def test_the_overall_bands_are_marked_as_an_assumption(adult):
    assert adult.overall.assumption
    assert "assumption" in adult.overall.assumption
