"""Key questions by subgroup, each group compared with the rest of the sample: the figures
behind ``probity stats --by`` and the report's disproportionality annexe.

For one attribute (or the inspector), every group's "Yes" of applicable cases on every key
question, its Wilson interval, and the comparison with the rest of the sample: the 2×2 table
(the group's "Yes" and "No" against the rest's), Fisher's exact test (two-sided, scipy), the
difference in percentage points, and the Benjamini–Hochberg q-value across every test of the
table (statsmodels), notable below the framework's false discovery rate. A group of fewer
cases than the framework's minimum is marked ``suppressed``: what is published shows no
figure of it. The counts are the pipeline's (:func:`probity.pipeline.subgroup_figures`); the
percentages are :class:`~probity.rating.figures.Count`'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from probity.framework import Framework
from probity.pipeline import INSPECTOR, InspectionResults, group_key, subgroup_figures
from probity.rating.figures import Count
from probity.statistics.intervals import Interval, wilson

NO_CASE_IN_GROUP = "the key question applies to no case of the group"
NO_CASE_IN_REST = "the key question applies to no case outside the group"
NO_REST = "the group holds every case of the sample"

Table = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Comparison:
    """A group against the rest of the sample on one key question: the 2×2 table (group
    yes, no; rest yes, no), the rest's count, the difference of the group's % "Yes" from the
    rest's in percentage points, Fisher's exact p, its q after the Benjamini–Hochberg
    correction, and whether it is notable. Without a test (``p`` None), ``reason`` says why."""

    table: Table
    rest: Count
    difference: Fraction | None
    p: float | None
    q: float | None
    notable: bool
    reason: str | None = None


@dataclass(frozen=True)
class GroupFigure:
    """One key question within one group: its count, interval and comparison."""

    key_question_id: str
    count: Count
    interval: Interval | None
    comparison: Comparison


@dataclass(frozen=True)
class Group:
    """A subgroup of the sample: its key (the value as the bundle writes it), label, cases,
    whether it is under the minimum size, and its key questions' figures in framework order."""

    key: str
    label: str
    cases: int
    suppressed: bool
    figures: tuple[GroupFigure, ...]

    def figure(self, key_question_id: str) -> GroupFigure:
        """The figure of one key question (KeyError if none)."""
        for f in self.figures:
            if f.key_question_id == key_question_id:
                return f
        raise KeyError(key_question_id)


@dataclass(frozen=True)
class SubgroupTable:
    """Every group of one attribute, with the settings the table was made under."""

    attribute: str
    label: str
    minimum_cases: int
    false_discovery_rate: float
    groups: tuple[Group, ...]


@cache
def _fisher() -> Any:
    from scipy.stats import fisher_exact  # type: ignore[import-untyped]  # imported on first use

    return fisher_exact


@cache
def _multipletests() -> Any:
    from statsmodels.stats.multitest import (  # type: ignore[import-untyped]  # untyped
        multipletests,
    )

    return multipletests


def fisher_p(table: Table) -> float:
    """The two-sided p-value of Fisher's exact test on a 2×2 table (scipy's ``fisher_exact``)."""
    return float(_fisher()([list(table[0]), list(table[1])], alternative="two-sided").pvalue)


def benjamini_hochberg(ps: Sequence[float]) -> list[float]:
    """The Benjamini–Hochberg q-values of p-values, in their order (statsmodels'
    ``multipletests(method="fdr_bh")``)."""
    if not ps:
        return []
    return [float(q) for q in _multipletests()(list(ps), method="fdr_bh")[1]]


def _untested(table: Table, rest: Count, difference: Fraction | None, reason: str) -> Comparison:
    return Comparison(table, rest, difference, None, None, False, reason)


def _compare(group: Count, whole: Count, everyone: bool) -> Comparison:
    rest = Count(whole.part - group.part, whole.whole - group.whole)
    table: Table = ((group.part, group.rest), (rest.part, rest.rest))
    g_pct, r_pct = group.pct, rest.pct
    difference = g_pct - r_pct if g_pct is not None and r_pct is not None else None
    if everyone:
        return _untested(table, rest, difference, NO_REST)
    if group.whole == 0:
        return _untested(table, rest, difference, NO_CASE_IN_GROUP)
    if rest.whole == 0:
        return _untested(table, rest, difference, NO_CASE_IN_REST)
    return Comparison(table, rest, difference, fisher_p(table), None, False)


def compare_groups(
    fw: Framework,
    attribute: str,
    label: str,
    groups: Mapping[str, tuple[str, int, Mapping[str, Count]]],
    whole: Mapping[str, Count],
) -> SubgroupTable:
    """Compare each group with the rest of the sample on every key question.

    ``groups``: by key, in the order to show them, its label, its number of cases and each key
    question's count within it; ``whole``: each key question's count over the whole sample
    (the groups add up to it). Every test of the table is corrected together; where there are
    only two groups, each test of one is the other's (the same 2×2 table, its rows swapped)
    and is counted once."""
    setting = fw.subgroup_analysis
    total_cases = sum(cases for _, cases, _ in groups.values())
    comparisons: dict[tuple[str, str], Comparison] = {}
    for key, (_, cases, counts) in groups.items():
        for kq in fw.key_question_ids:
            everyone = cases == total_cases
            comparisons[key, kq] = _compare(counts[kq], whole[kq], everyone)
    keys = list(groups)
    # With two groups, the second group's tests are the first's: tested once, shown for both.
    tested = [k for k in comparisons if comparisons[k].p is not None]
    distinct = [k for k in tested if len(keys) != 2 or k[0] == keys[0]]
    qs = benjamini_hochberg([p for k in distinct if (p := comparisons[k].p) is not None])
    level = setting.false_discovery_rate
    for (key, kq), q in zip(distinct, qs, strict=True):
        c = comparisons[key, kq]
        comparisons[key, kq] = Comparison(c.table, c.rest, c.difference, c.p, q, q < level)
    if len(keys) == 2:
        for kq in fw.key_question_ids:
            first, second = comparisons[keys[0], kq], comparisons[keys[1], kq]
            if first.p is not None and second.p is not None:
                comparisons[keys[1], kq] = Comparison(
                    second.table, second.rest, second.difference, second.p, first.q, first.notable
                )
    return SubgroupTable(
        attribute=attribute,
        label=label,
        minimum_cases=setting.minimum_cases,
        false_discovery_rate=level,
        groups=tuple(
            Group(
                key, group_label, cases, cases < setting.minimum_cases,
                tuple(
                    GroupFigure(kq, counts[kq], wilson(counts[kq]), comparisons[key, kq])
                    for kq in fw.key_question_ids
                ),
            )
            for key, (group_label, cases, counts) in groups.items()
        ),
    )  # fmt: skip


def subgroup_table(results: InspectionResults, by: str) -> SubgroupTable:
    """One attribute's table (or the inspector's) for an inspection's results, from the
    pipeline's counts (ValueError for what figures cannot be broken down by)."""
    fw, bundle = results.framework, results.bundle
    figures = subgroup_figures(bundle, by, fw)
    attribute = fw.case_profile.by_id.get(by)

    def key_of(case: Any) -> str:
        return case.inspector if by == INSPECTOR else group_key(case.attributes.get(by))

    cases = Counter(key_of(c) for c in bundle.cases)
    groups: dict[str, tuple[str, int, Mapping[str, Count]]] = {}
    for key, fs in figures.items():
        value = {"yes": True, "no": False}.get(key, key)
        shown = attribute.value_label(value) if attribute else key
        counts = {kq: fs[kq].count for kq in fw.key_question_ids}
        groups[key] = (shown or key or "Not recorded", cases[key], counts)
    whole = {kq: results.figures[kq].count for kq in fw.key_question_ids}
    return compare_groups(fw, by, attribute.label if attribute else by, groups, whole)


def disproportionality(results: InspectionResults) -> tuple[SubgroupTable, ...]:
    """Every subgroup attribute's table, in the framework's order: the report's
    disproportionality annexe."""
    return tuple(subgroup_table(results, a.id) for a in results.framework.case_profile.subgroups)
