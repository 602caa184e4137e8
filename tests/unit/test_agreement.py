"""Agreement between two inspectors answering the same cases: observed agreement, Cohen's kappa
and Gwet's AC1, checked against arithmetic worked by hand, statsmodels' own kappa and the
worked example published with Gwet's irrCAC package."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import cohens_kappa, to_table  # type: ignore[import-untyped]

import probity.statistics
from probity.rating.figures import Count
from probity.statistics import wilson
from probity.statistics.agreement import Agreement, Statistic, agreement, agreement_document

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


# Intervals


def test_kappas_interval_is_statsmodels_at_95_per_cent_from_the_standard_error_of_kappa() -> None:
    """statsmodels' kappa_low and kappa_upp are kappa ± 1.96 × std_kappa, the standard error
    where kappa is what it is (not std_kappa0, which assumes kappa = 0). irrCAC publishes the
    same standard error for its table, 0.05891072."""
    result = agreement(ABSTRACTORS)
    table, _ = to_table(np.array(ABSTRACTORS))
    theirs = cohens_kappa(table)
    assert result.kappa.interval == pytest.approx((theirs.kappa_low, theirs.kappa_upp), abs=1e-12)
    assert theirs.std_kappa != pytest.approx(theirs.std_kappa0)
    assert result.kappa.interval == pytest.approx(
        (0.7964094 - Z * 0.05891072, 0.7964094 + Z * 0.05891072), abs=1e-6
    )


def test_ac1s_interval_is_ac1_give_or_take_z_times_gwets_published_standard_error() -> None:
    """irrCAC's gwet.ac1.table on cont3x3abstractors: standard error 0.04321747, so 0.8493305
    ± 1.959964 × 0.04321747 = 0.7646 to 0.9340 (irrCAC prints (0.764, 0.935): it uses Student's
    t with 99 degrees of freedom, 1.984 rather than 1.960)."""
    interval = agreement(ABSTRACTORS).ac1.interval
    assert interval == pytest.approx(
        (0.8493305 - Z * 0.04321747, 0.8493305 + Z * 0.04321747), abs=1e-6
    )
    assert interval is not None
    assert (round(interval[0], 3), round(interval[1], 3)) == (0.765, 0.934)


def test_observed_agreements_interval_is_the_wilson_interval_of_the_count() -> None:
    interval = wilson(Count(89, 100))
    assert interval is not None
    assert agreement(ABSTRACTORS).observed.interval == (interval.lower, interval.upper)


def test_a_lower_level_gives_a_narrower_interval_around_the_same_value() -> None:
    wide, narrow = agreement(ABSTRACTORS), agreement(ABSTRACTORS, level=0.90)
    for name in ("observed", "kappa", "ac1"):
        w, n = getattr(wide, name), getattr(narrow, name)
        assert w.value == n.value
        assert w.interval[0] < n.interval[0] <= n.value <= n.interval[1] < w.interval[1]
    # 90%: z = 1.644854 instead of 1.959964.
    assert narrow.ac1.interval[1] == pytest.approx(0.8493305 + 1.644854 * 0.04321747, abs=1e-6)


def test_an_interval_that_would_pass_one_stops_at_one() -> None:
    """Seven cases, six agreed (yes 5, no 1; yes then no 1): kappa 0.588 and AC1 0.785 with
    standard errors so wide that value + 1.96 se is past 1; the intervals end at 1."""
    result = agreement(pairs_of({("yes", "yes"): 5, ("no", "no"): 1, ("yes", "no"): 1}))
    assert result.kappa.value == pytest.approx(10 / 17, abs=1e-12)
    assert result.kappa.interval is not None
    assert result.ac1.interval is not None
    assert result.kappa.interval[1] == 1.0
    assert result.ac1.interval[1] == 1.0


def test_at_no_agreement_the_interval_of_agreement_starts_at_nothing() -> None:
    result = agreement(pairs_of({("yes", "no"): 3, ("no", "yes"): 3}))
    assert result.observed.value == 0.0
    assert result.observed.interval is not None
    assert result.observed.interval[0] == 0.0
    assert result.kappa.value == pytest.approx(-1.0, abs=1e-12)
    # Kappa's large-sample standard error is nothing here: no zero-width interval is claimed.
    assert result.kappa.interval is None


# Edge cases


def test_no_pairs_leaves_every_statistic_undefined_for_that_reason() -> None:
    result = agreement([])
    assert result.pairs == 0
    for statistic in (result.observed, result.kappa, result.ac1):
        assert statistic == Statistic(value=None, interval=None, reason="no pairs")


def test_one_agreed_pair_has_no_kappa_and_no_interval_for_ac1() -> None:
    result = agreement([("yes", "yes")], categories=["yes", "no"])
    assert result.observed.value == 1.0
    assert result.observed.interval == pytest.approx((0.2065493, 1.0), abs=1e-6)  # Wilson 1 of 1
    assert result.kappa == Statistic(None, None, "every answer is the same")
    assert result.ac1 == Statistic(value=1.0, interval=None)


def test_one_disagreed_pair_has_kappa_nought_and_ac1_minus_one_without_intervals() -> None:
    """Yes then no: pa = 0. Kappa: pe = 1 × 0 + 0 × 1 = 0, kappa = 0. AC1: shares 0.5 and 0.5,
    pe = 0.5, AC1 = -0.5 / 0.5 = -1."""
    result = agreement([("yes", "no")])
    assert result.observed.value == 0.0
    assert result.kappa.value == pytest.approx(0.0, abs=1e-12)
    assert result.ac1.value == pytest.approx(-1.0, abs=1e-12)
    assert result.kappa.interval is None
    assert result.ac1.interval is None


def test_both_answering_yes_throughout_leaves_kappa_undefined_and_ac1_at_one() -> None:
    """pe for kappa is 1 × 1 = 1: 0/0. AC1's pe is 1 × 0 / (2 - 1) = 0, AC1 = 1 / 1 = 1."""
    result = agreement([("yes", "yes")] * 12, categories=["yes", "no", "n/a"])
    assert result.observed.value == 1.0
    assert result.kappa.value is None
    assert result.kappa.reason == "every answer is the same"
    assert result.ac1.value == 1.0
    # AC1's standard error is nothing at perfect agreement: no zero-width interval is claimed;
    # the observed agreement's Wilson interval says how sure it is.
    assert result.ac1.interval is None
    assert result.observed.interval is not None
    assert result.observed.interval[0] < 1.0


def test_one_inspector_answering_alike_throughout_gives_kappa_no_interval() -> None:
    """The first inspector says "yes" three times, the second "no", "yes", "no": pe = 1 × 1/3,
    pa = 1/3, kappa = 0; statsmodels' standard error is 0, so no interval is given."""
    result = agreement([("yes", "no"), ("yes", "yes"), ("yes", "no")], categories=["yes", "no"])
    assert result.kappa.value == pytest.approx(0.0, abs=1e-12)
    assert result.kappa.interval is None


def test_every_case_not_applicable_is_one_category_like_any_other() -> None:
    pairs = [("n/a", "n/a")] * 4
    known = agreement(pairs, categories=["yes", "no", "n/a"])
    assert (known.observed.value, known.kappa.value, known.ac1.value) == (1.0, None, 1.0)
    unknown = agreement(pairs)
    assert unknown.kappa.reason == "every answer is the same"
    assert unknown.ac1 == Statistic(
        None, None, "every answer is the same and no other answer was given as possible"
    )


def test_an_answer_outside_the_categories_is_refused() -> None:
    with pytest.raises(ValueError, match="'maybe' is not one of the categories"):
        agreement([("yes", "maybe")], categories=["yes", "no"])


# The JSON form


def test_the_document_gives_fractions_to_three_places_and_intervals() -> None:
    pairs = pairs_of({("yes", "yes"): 10, ("yes", "no"): 2, ("no", "yes"): 3, ("no", "no"): 5})
    result = agreement(pairs)
    assert agreement_document(result) == {
        "cases": 20,
        "agreement": 0.75,
        "kappa": 0.468,  # 0.22 / 0.47
        "ac1": 0.529,  # shares of yes 0.625: pe = 2 × 0.625 × 0.375 = 0.46875; 0.28125 / 0.53125
        "intervals": {
            "agreement": [round(e, 3) for e in result.observed.interval or ()],
            "kappa": [round(e, 3) for e in result.kappa.interval or ()],
            "ac1": [round(e, 3) for e in result.ac1.interval or ()],
        },
        "reasons": {},
    }
    assert agreement_document(result)["intervals"]["agreement"] == [0.531, 0.888]


def test_the_document_names_the_reason_of_each_undefined_statistic_only() -> None:
    document = agreement_document(agreement([("no", "no")] * 3, categories=["yes", "no"]))
    assert document["kappa"] is None
    assert document["intervals"]["kappa"] is None
    assert document["ac1"] == 1.0
    assert document["reasons"] == {"kappa": "every answer is the same"}
    assert json.loads(json.dumps(document)) == document


# Properties

answers = st.sampled_from(["yes", "no", "n/a"])
pair_lists = st.lists(st.tuples(answers, answers), max_size=60)
# Each example takes milliseconds, but the machine's cores are shared: no deadline to trip.
unhurried = settings(deadline=None)


@unhurried
@given(pair_lists)
def test_swapping_the_two_inspectors_changes_nothing(pairs: list[tuple[str, str]]) -> None:
    forward = agreement(pairs, categories=["yes", "no", "n/a"])
    swapped = agreement([(b, a) for a, b in pairs], categories=["yes", "no", "n/a"])
    for name in ("observed", "kappa", "ac1"):
        f, s = getattr(forward, name), getattr(swapped, name)
        assert f.reason == s.reason
        assert f.value == pytest.approx(s.value, abs=1e-9)
        assert f.interval == pytest.approx(s.interval, abs=1e-9)


@unhurried
@given(pair_lists, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_every_interval_holds_its_value_within_the_statistics_range(
    pairs: list[tuple[str, str]], level: float
) -> None:
    result = agreement(pairs, level=level)
    for statistic, bottom in ((result.observed, 0.0), (result.kappa, -1.0), (result.ac1, -1.0)):
        if statistic.value is None:
            assert statistic.interval is None
            assert statistic.reason
            continue
        assert statistic.reason is None
        assert bottom <= statistic.value <= 1.0
        if statistic.interval is not None:
            lower, upper = statistic.interval
            assert bottom <= lower <= statistic.value + 1e-12
            assert statistic.value - 1e-12 <= upper <= 1.0


def test_the_statistics_package_exports_exactly_its_public_names() -> None:
    assert sorted(probity.statistics.__all__) == [
        "Agreement",
        "Interval",
        "Statistic",
        "agreement",
        "agreement_document",
        "interval_text",
        "wilson",
    ]
