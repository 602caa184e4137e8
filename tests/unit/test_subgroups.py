"""Key questions by subgroup, each group against the rest: Fisher's exact p-values against
scipy on tables counted in the test and against the hypergeometric worked by hand, the
Benjamini–Hochberg q-values against the step-up worked by hand and statsmodels, and the
groups at the ends: 0%, 100%, no applicable case, fewer cases than the minimum."""

from __future__ import annotations

from fractions import Fraction
from math import comb
from pathlib import Path

import pytest
from scipy.stats import fisher_exact  # type: ignore[import-untyped]  # scipy ships no types
from statsmodels.stats.multitest import multipletests  # type: ignore[import-untyped]

from probity.bundle import read_bundle
from probity.framework import Framework
from probity.pipeline import inspect_bundle
from probity.rating.figures import Count
from probity.statistics.subgroups import (
    NO_CASE_IN_GROUP,
    NO_CASE_IN_REST,
    benjamini_hochberg,
    compare_groups,
    fisher_p,
    subgroup_table,
)

DEMO = Path(__file__).parent.parent.parent / "examples" / "demo"
KQ = "2.2.3"


@pytest.fixture(scope="module")
def demo():
    return inspect_bundle(read_bundle(DEMO))


def test_fisher_p_on_a_tiny_table_is_the_hypergeometric_worked_by_hand():
    # Rows 2 and 2, columns 2 and 2: the top-left cell is 0, 1 or 2 with probabilities
    # C(2,a)C(2,2-a)/C(4,2) = 1/6, 4/6, 1/6. Observed 2: every table as likely or less is 0 or
    # 2, so p = 1/6 + 1/6.
    probabilities = [comb(2, a) * comb(2, 2 - a) / comb(4, 2) for a in range(3)]
    assert probabilities == pytest.approx([1 / 6, 4 / 6, 1 / 6])
    assert fisher_p(((2, 0), (0, 2))) == pytest.approx(1 / 3)
    # Rows 3 and 1: a = 3 has probability C(3,3)C(1,0)/C(4,3) = 1/4 and a = 2 has 3/4, so
    # observing a = 3 leaves p = 1/4.
    assert fisher_p(((3, 0), (0, 1))) == pytest.approx(1 / 4)


def test_each_groups_p_value_is_scipys_on_the_table_counted_from_the_cases(demo):
    bundle = demo.bundle
    grade = {c.case_id: c.attributes["practitioner_grade"] for c in bundle.cases}
    answers = [a for a in bundle.answers if a.question_id == KQ and a.answer in ("yes", "no")]
    table = subgroup_table(demo, "practitioner_grade")
    for group in table.groups:
        inside = [a.answer for a in answers if grade[a.case_id] == group.key]
        outside = [a.answer for a in answers if grade[a.case_id] != group.key]
        counted = [
            [inside.count("yes"), inside.count("no")],
            [outside.count("yes"), outside.count("no")],
        ]
        figure = group.figure(KQ)
        assert [list(row) for row in figure.comparison.table] == counted
        expected = fisher_exact(counted, alternative="two-sided")[1]
        assert figure.comparison.p == pytest.approx(expected, rel=1e-12)
    trainee = table.groups[[g.key for g in table.groups].index("PQiP")]
    assert (trainee.cases, str(trainee.figure(KQ).count)) == (7, "7 of 7")
    # 100% of 7 against 24 of 72 (33 1/3%): 66 2/3 points higher.
    assert trainee.figure(KQ).comparison.difference == Fraction(200, 3)


def test_q_values_are_the_benjamini_hochberg_step_up_worked_by_hand():
    # Sorted 0.01, 0.03, 0.04, 0.20 of m = 4: p·m/rank = 0.04, 0.06, 0.0533, 0.20; each then
    # the least of itself and those above it: 0.04, 0.0533, 0.0533, 0.20.
    qs = benjamini_hochberg([0.01, 0.04, 0.03, 0.20])
    assert qs == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20])
    assert benjamini_hochberg([]) == []


def test_the_table_corrects_every_test_together_as_statsmodels_does(demo):
    table = subgroup_table(demo, "practitioner_grade")
    figures = [f for g in table.groups for f in g.figures if f.comparison.p is not None]
    ps = [f.comparison.p for f in figures]
    reject, expected, _, _ = multipletests(ps, alpha=0.05, method="fdr_bh")
    assert [f.comparison.q for f in figures] == pytest.approx(list(expected), rel=1e-12)
    assert [f.comparison.notable for f in figures] == list(reject)
    assert len(figures) == 3 * len(demo.framework.key_question_ids)


def _counts(fw: Framework, yes: int, applicable: int) -> dict[str, Count]:
    return {kq: Count(yes, applicable) for kq in fw.key_question_ids}


def test_groups_at_0_and_100_percent_are_tested_and_a_group_of_three_is_suppressed(adult):
    groups = {
        "a": ("Group A", 10, _counts(adult, 0, 10)),
        "b": ("Group B", 10, _counts(adult, 10, 10)),
        "c": ("Group C", 3, _counts(adult, 1, 3)),
    }
    table = compare_groups(adult, "grade", "Grade", groups, _counts(adult, 11, 23))
    a, b, c = table.groups
    assert [g.suppressed for g in table.groups] == [False, False, True]
    assert table.minimum_cases == 5
    assert a.figure(KQ).count.pct == 0
    assert a.figure(KQ).comparison.table == ((0, 10), (11, 2))
    assert a.figure(KQ).comparison.p == pytest.approx(fisher_exact([[0, 10], [11, 2]])[1])
    assert b.figure(KQ).comparison.p == pytest.approx(fisher_exact([[10, 0], [1, 12]])[1])
    low, high = a.figure(KQ).interval, b.figure(KQ).interval
    assert low is not None
    assert low.lower == pytest.approx(0.0, abs=1e-12)
    assert high is not None
    assert high.upper == pytest.approx(1.0, abs=1e-12)
    assert a.figure(KQ).comparison.notable
    assert b.figure(KQ).comparison.notable
    assert c.figure(KQ).comparison.p is not None  # tested, shown internally, marked suppressed


def test_a_group_where_no_case_is_applicable_has_no_test_and_says_why(adult):
    groups = {
        "a": ("Group A", 6, _counts(adult, 0, 0)),
        "b": ("Group B", 6, _counts(adult, 4, 6)),
        "c": ("Group C", 6, _counts(adult, 2, 6)),
    }
    table = compare_groups(adult, "grade", "Grade", groups, _counts(adult, 6, 12))
    a = table.groups[0].figure(KQ)
    assert (a.comparison.p, a.comparison.q, a.comparison.notable) == (None, None, False)
    assert a.comparison.reason == NO_CASE_IN_GROUP
    assert a.interval is None
    assert a.comparison.difference is None
    assert table.groups[1].figure(KQ).comparison.p is not None
    only = {"a": ("Group A", 6, _counts(adult, 3, 6)), "b": ("Group B", 6, _counts(adult, 0, 0))}
    alone = compare_groups(adult, "grade", "Grade", only, _counts(adult, 3, 6))
    assert alone.groups[0].figure(KQ).comparison.reason == NO_CASE_IN_REST


def test_two_groups_share_one_test_and_its_q_value(adult):
    groups = {"a": ("A", 20, _counts(adult, 18, 20)), "b": ("B", 20, _counts(adult, 6, 20))}
    table = compare_groups(adult, "x", "X", groups, _counts(adult, 24, 40))
    a, b = (g.figure(KQ).comparison for g in table.groups)
    assert a.p == pytest.approx(b.p)
    # Every key question has the same table here: the correction is over one test per key
    # question, not two, so each q is the p itself.
    assert a.q == pytest.approx(a.p)
    assert b.q == a.q
