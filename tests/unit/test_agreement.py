"""Agreement between two inspectors answering the same cases: observed agreement, Cohen's kappa
and Gwet's AC1, checked against arithmetic worked by hand, statsmodels' own kappa and the
worked example published with Gwet's irrCAC package."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa, to_table  # type: ignore[import-untyped]

from probity.statistics.agreement import Agreement, agreement

Z = 1.959963984540054  # the normal distribution's 97.5th percentile


def pairs_of(counts: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """The pairs of a table of counts: ``{("yes", "no"): 2}`` is two cases answered yes, then
    no."""
    return [pair for pair, n in counts.items() for _ in range(n)]


# The 3×3 table published with irrCAC (Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed.;
# the package's README and vignette "overview"): two abstractors classifying 100 pregnancies.
ABSTRACTORS = pairs_of(
    {
        ("ectopic", "ectopic"): 13,
        ("abnormal", "abnormal"): 20,
        ("abnormal", "normal"): 7,
        ("normal", "abnormal"): 4,
        ("normal", "normal"): 56,
    }
)


def test_kappa_on_a_two_by_two_table_is_as_worked_by_hand() -> None:
    """20 cases: both "yes" 10, yes then no 2, no then yes 3, both "no" 5.

    pa = (10 + 5) / 20 = 0.75. The first says yes on 12 of 20 (0.6), the second on 13 (0.65):
    pe = 0.6 × 0.65 + 0.4 × 0.35 = 0.39 + 0.14 = 0.53; kappa = (0.75 - 0.53) / (1 - 0.53)
    = 0.22 / 0.47 = 0.468085...
    """
    result = agreement(
        pairs_of({("yes", "yes"): 10, ("yes", "no"): 2, ("no", "yes"): 3, ("no", "no"): 5})
    )
    assert result.pairs == 20
    assert result.observed.value == 0.75
    assert result.kappa.value == pytest.approx(0.22 / 0.47, abs=1e-12)


def test_kappa_is_statsmodels_kappa_of_the_same_answers() -> None:
    pairs = pairs_of(
        {
            ("yes", "yes"): 7,
            ("yes", "no"): 3,
            ("no", "n/a"): 1,
            ("n/a", "n/a"): 4,
            ("no", "no"): 6,
            ("n/a", "yes"): 2,
        }
    )
    table, _ = to_table(np.array(pairs))
    assert agreement(pairs).kappa.value == pytest.approx(cohens_kappa(table).kappa, abs=1e-12)


def test_kappa_and_agreement_match_irrcacs_published_example() -> None:
    """irrCAC's kappa2.table and pa2.table on its cont3x3abstractors table: Cohen's kappa
    0.7964094, percent agreement 0.89 (89 of the 100 on the diagonal)."""
    result = agreement(ABSTRACTORS)
    assert result.observed.value == 0.89
    assert result.kappa.value == pytest.approx(0.7964094, abs=5e-8)


def test_ac1_matches_irrcacs_published_example() -> None:
    """irrCAC's gwet.ac1.table on cont3x3abstractors: AC1 0.8493305.

    Worked: pa = 0.89. Shares of each answer, the mean of the two abstractors' (rows, columns):
    ectopic (13 + 13) / 200 = 0.13, abnormal (27 + 24) / 200 = 0.255, normal (60 + 63) / 200
    = 0.615. pe = (0.13 × 0.87 + 0.255 × 0.745 + 0.615 × 0.385) / (3 - 1)
    = (0.1131 + 0.189975 + 0.236775) / 2 = 0.26992500; AC1 = (0.89 - 0.269925) / 0.730075
    = 0.849330548...
    """
    result = agreement(ABSTRACTORS)
    assert result.ac1.value == pytest.approx(0.8493305, abs=5e-8)
    assert result.ac1.value == pytest.approx((0.89 - 0.269925) / (1 - 0.269925), abs=1e-12)


def test_kappa_at_no_agreement_at_all_is_below_zero_as_worked_by_hand() -> None:
    """5 cases, none agreed: yes then no 3, no then yes 2. pa = 0; the first says yes on 0.6,
    the second on 0.4: pe = 0.6 × 0.4 + 0.4 × 0.6 = 0.48; kappa = -0.48 / 0.52 = -12/13.
    AC1: each answer's share is 0.5, pe = (0.25 + 0.25) / 1 = 0.5, AC1 = -0.5 / 0.5 = -1."""
    result = agreement(pairs_of({("yes", "no"): 3, ("no", "yes"): 2}))
    assert result.observed.value == 0.0
    assert result.kappa.value == pytest.approx(-12 / 13, abs=1e-12)
    assert result.ac1.value == pytest.approx(-1.0, abs=1e-12)


def test_high_agreement_with_a_rare_yes_gives_a_low_kappa_and_a_high_ac1() -> None:
    """The kappa paradox. 50 cases: both "no" 46, yes then no 2, no then yes 2, both "yes" 0.

    pa = 46/50 = 0.92. Each says yes on 2 of 50 (0.04): kappa's pe = 0.04² + 0.96² = 0.9232,
    kappa = (0.92 - 0.9232) / 0.0768 = -1/24 = -0.0417. AC1's pe = 2 × 0.04 × 0.96 / 1
    = 0.0768, AC1 = (0.92 - 0.0768) / 0.9232 = 0.913345...
    """
    result = agreement(pairs_of({("no", "no"): 46, ("yes", "no"): 2, ("no", "yes"): 2}))
    assert result.observed.value == 0.92
    assert result.kappa.value == pytest.approx(-1 / 24, abs=1e-12)
    assert result.ac1.value == pytest.approx(0.8432 / 0.9232, abs=1e-12)


def test_ac1_counts_the_possible_answers_not_only_those_given() -> None:
    """The paradox's 50 cases with "n/a" possible but never given: q = 3, shares 0.04, 0.96,
    0: pe = (0.0384 + 0.0384 + 0) / 2 = 0.0384; AC1 = (0.92 - 0.0384) / 0.9616 = 0.916805...
    Kappa is the same either way (-1/24)."""
    pairs = pairs_of({("no", "no"): 46, ("yes", "no"): 2, ("no", "yes"): 2})
    result = agreement(pairs, categories=["yes", "no", "n/a"])
    assert result.ac1.value == pytest.approx(0.8816 / 0.9616, abs=1e-12)
    assert result.kappa.value == pytest.approx(-1 / 24, abs=1e-12)


def test_agreement_on_every_case_with_varied_answers_is_a_kappa_of_one() -> None:
    result = agreement(pairs_of({("yes", "yes"): 3, ("no", "no"): 2, ("n/a", "n/a"): 1}))
    assert (result.observed.value, result.kappa.value, result.ac1.value) == (1.0, 1.0, 1.0)


def test_two_cases_agreed_on_one_give_each_statistic_as_worked_by_hand() -> None:
    """Yes then no, yes then yes: pa = 0.5. Kappa: the first says yes on 1, the second on 0.5;
    pe = 1 × 0.5 + 0 × 0.5 = 0.5, kappa = 0. AC1: the share of yes is 0.75, pe = 2 × 0.75
    × 0.25 = 0.375, AC1 = (0.5 - 0.375) / 0.625 = 0.2."""
    result = agreement([("yes", "no"), ("yes", "yes")])
    assert isinstance(result, Agreement)
    assert result.pairs == 2
    assert result.observed.value == 0.5
    assert result.kappa.value == pytest.approx(0.0, abs=1e-12)
    assert result.ac1.value == pytest.approx(0.2, abs=1e-12)
    assert result.observed.reason is None
    assert result.kappa.reason is None
    assert result.ac1.reason is None
