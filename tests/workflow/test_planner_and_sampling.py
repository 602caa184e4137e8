"""The sample planner (worked by hand) and the stratified draw."""

from __future__ import annotations

import math

import pytest
from scipy.stats import norm

from probity.workflow.planner import PlannerError, achieved_margin, sample_size
from probity.workflow.sampling import EligibleCase, SamplingError, draw_sample


@pytest.mark.parametrize(
    ("population", "margin", "confidence", "expected", "size"),
    [
        # n0 = 1.959964² × 0.25 / 0.01 = 96.04; 96.04 / (1 + 95.04/400) = 77.6 → 78.
        (400, 0.1, 0.95, 0.5, 78),
        # 96.04 / (1 + 95.04/79) = 43.6 → 44.
        (79, 0.1, 0.95, 0.5, 44),
        # n0 = 1.644854² × 0.25 / 0.01 = 67.64; 67.64 / (1 + 66.64/1000) = 63.4 → 64.
        (1000, 0.1, 0.90, 0.5, 64),
        # p = 0.2: n0 = 3.8415 × 0.16 / 0.0025 = 245.9; / (1 + 244.9/5000) = 234.4 → 235.
        (5000, 0.05, 0.95, 0.2, 235),
        (10, 0.01, 0.99, 0.5, 10),  # never more than the population
    ],
)
def test_the_planner_gives_the_sizes_worked_by_hand(population, margin, confidence, expected, size):
    assert sample_size(population, margin, confidence, expected).size == size


def test_the_plan_carries_its_working_as_the_hand_worked_example_has_it():
    # N = 79, ±10%, 95%: z = 1.959964, n0 = 96.04, n = 96.04 / (1 + 95.04 / 79) = 43.59 → 44.
    plan = sample_size(79, 0.1)
    assert plan.z == pytest.approx(1.959964, abs=1e-6)
    assert plan.infinite == pytest.approx(96.0365, abs=1e-4)
    assert plan.corrected == pytest.approx(96.0365 / (1 + 95.0365 / 79), abs=1e-4)
    assert plan.size == 44


def test_the_margin_a_sample_achieves_inverts_the_planner():
    z = norm.ppf(0.975)
    assert achieved_margin(78, 400) == pytest.approx(z * math.sqrt(0.25 / 78 * 322 / 399))
    assert achieved_margin(78, 400) < 0.1 < achieved_margin(77, 400)
    assert achieved_margin(79, 79) == 0.0


def test_planner_inputs_out_of_range_are_named():
    with pytest.raises(PlannerError, match="population: 0 is not"):
        sample_size(0, 0.1)
    with pytest.raises(PlannerError, match="margin: 10 is not a fraction"):
        sample_size(100, 10)
    with pytest.raises(
        PlannerError, match="sample: 120 is not a number of cases between 1 and 100"
    ):
        achieved_margin(120, 100)


def cases(counts: dict[str, int]) -> list[EligibleCase]:
    out = []
    for kind, n in counts.items():
        out += [EligibleCase(f"{kind}-{i:03}", {"kind": kind}) for i in range(n)]
    return out


def test_each_stratum_gets_its_proportional_share_by_largest_remainder():
    draw = draw_sample(cases({"a": 50, "b": 30, "c": 20}), 11, ["kind"], seed=3)
    # 11 × (50, 30, 20)/100 = 5.5, 3.3, 2.2: 5, 3, 2, and the largest remainder (a's .5).
    assert [s.drawn for s in draw.strata] == [6, 3, 2]
    assert len(draw.case_ids) == 11


def test_every_stratum_gets_a_case_when_the_sample_allows_it():
    draw = draw_sample(cases({"a": 98, "b": 1, "c": 1}), 3, ["kind"], seed=1)
    assert [s.drawn for s in draw.strata] == [1, 1, 1]


def test_the_same_list_size_and_seed_draw_the_same_cases_in_any_order():
    listed = cases({"a": 30, "b": 10})
    first = draw_sample(listed, 8, ["kind"], seed=11)
    assert draw_sample(list(reversed(listed)), 8, ["kind"], seed=11) == first
    assert draw_sample(listed, 8, ["kind"], seed=12).case_ids != first.case_ids


def test_an_impossible_draw_says_why():
    with pytest.raises(SamplingError, match="a sample of 5 cannot be drawn from 4"):
        draw_sample(cases({"a": 4}), 5, ["kind"], seed=1)
    with pytest.raises(SamplingError, match="more than once"):
        draw_sample([EligibleCase("x", {}), EligibleCase("x", {})], 1, [], seed=1)
