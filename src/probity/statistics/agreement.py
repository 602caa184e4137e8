"""How far two inspectors who answered the same question on the same cases agree: the share of
cases on which they gave the same answer, Cohen's kappa and Gwet's AC1, each with its 95%
interval. docs/agreement.md says what each means and when each is undefined.

Observed agreement's interval is the Wilson interval of :mod:`.intervals`; kappa and its
standard error are statsmodels' (``cohens_kappa``); AC1, which no maintained Python library
computes, is written here after Gwet (2008), "Computing inter-rater reliability and its
variance in the presence of high agreement", Br J Math Stat Psychol 61:29-48, and checked in
tests/unit/test_agreement.py against the worked example published with Gwet's irrCAC package.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist
from typing import Any

from probity.rating.figures import Count
from probity.statistics.intervals import LEVEL, wilson

NO_PAIRS = "no pairs"
ONE_ANSWER = "every answer is the same"
ONE_CATEGORY = "every answer is the same and no other answer was given as possible"


@dataclass(frozen=True)
class Statistic:
    """One agreement statistic: its value, its interval, and why it has none."""

    value: float | None
    """None when the statistic is undefined for these answers (``reason`` says why)."""
    interval: tuple[float, float] | None
    """The interval at the level asked for, clamped to the statistic's range ([0, 1] for
    agreement, [-1, 1] for kappa and AC1); None when the value is, and for kappa and AC1 when
    there is a single pair (a standard error from one case means nothing)."""
    reason: str | None = None
    """Why ``value`` is None: ``"no pairs"``, ``"every answer is the same"``, ..."""


@dataclass(frozen=True)
class Agreement:
    """Two inspectors' agreement over the cases both answered."""

    pairs: int
    observed: Statistic
    kappa: Statistic
    ac1: Statistic


def agreement(
    pairs: Sequence[tuple[str, str]],
    level: float = LEVEL,
    categories: Iterable[str] | None = None,
) -> Agreement:
    """Two raters' categorical answers on the same items (nominal categories, any number,
    e.g. "yes"/"no"/"n/a"), one ``(first, second)`` pair per item: the share of pairs that
    agree, Cohen's kappa and Gwet's AC1, each with its interval at ``level``.

    ``categories`` are the answers that were possible. AC1's chance agreement divides by one
    less than their number, so a question answered from three possible answers of which the
    raters used two is reckoned with three; without ``categories`` the answers seen are taken
    as all that were possible. Kappa does not depend on unused categories. An answer outside
    ``categories`` raises ValueError: the caller checked the answers against the framework.
    """
    possible = _categories(pairs, categories)
    if not pairs:
        nothing = Statistic(value=None, interval=None, reason=NO_PAIRS)
        return Agreement(pairs=0, observed=nothing, kappa=nothing, ac1=nothing)
    table = _table(pairs, possible)
    return Agreement(
        pairs=len(pairs),
        observed=_observed(pairs, level),
        kappa=_kappa(table, level),
        ac1=_ac1(table, level),
    )


def _categories(
    pairs: Sequence[tuple[str, str]], categories: Iterable[str] | None
) -> tuple[str, ...]:
    seen = tuple(dict.fromkeys(answer for pair in pairs for answer in pair))
    if categories is None:
        return seen
    possible = tuple(dict.fromkeys(categories))
    unknown = [answer for answer in seen if answer not in possible]
    if unknown:
        raise ValueError(f"answer {unknown[0]!r} is not one of the categories {list(possible)}")
    return possible


def _table(pairs: Sequence[tuple[str, str]], possible: tuple[str, ...]) -> list[list[int]]:
    """The square table of counts: the first rater's answer by row, the second's by column."""
    counts = Counter(pairs)
    return [[counts[(row, column)] for column in possible] for row in possible]


def _observed(pairs: Sequence[tuple[str, str]], level: float) -> Statistic:
    agreed = Count(sum(first == second for first, second in pairs), len(pairs))
    interval = wilson(agreed, level)
    assert interval is not None  # there is at least one pair
    return Statistic(value=agreed.part / agreed.whole, interval=(interval.lower, interval.upper))


@cache
def _cohens_kappa() -> Any:
    from statsmodels.stats.inter_rater import (  # type: ignore[import-untyped]  # untyped
        cohens_kappa,
    )

    return cohens_kappa


def _kappa(table: list[list[int]], level: float) -> Statistic:
    """Cohen's kappa, (pa - pe) / (1 - pe) with pe from each rater's own marginal shares."""
    used = [i for i, row in enumerate(table) if sum(row) or sum(r[i] for r in table)]
    if len(used) == 1:
        # Both raters gave one and the same answer throughout: pe is 1 and kappa is 0/0.
        return Statistic(value=None, interval=None, reason=ONE_ANSWER)
    import numpy as np

    # statsmodels also tests kappa = 0, dividing by its standard error under that hypothesis,
    # which is 0 for some tables (one pair that disagrees): numpy's warning of it is silenced,
    # since that test is not used here.
    with np.errstate(divide="ignore", invalid="ignore"):
        result = _cohens_kappa()(np.asarray(table, dtype=float))
    value = float(result.kappa)
    # statsmodels' std_kappa is the large-sample standard error of kappa where kappa is what
    # it is (Fleiss, Cohen and Everitt 1969), not the one under kappa = 0 (std_kappa0): the
    # one a confidence interval needs. Its own kappa_low/kappa_upp are fixed at 95%.
    variance = max(float(result.var_kappa), 0.0)  # -1e-17 at perfect agreement
    pairs = sum(map(sum, table))
    return Statistic(value=value, interval=_normal_interval(value, variance, pairs, level))


def _ac1(table: list[list[int]], level: float) -> Statistic:
    """Gwet's AC1 for two raters (Gwet 2008, two-rater case):

    pa = sum of p_kk; pi_k = (p_k+ + p_+k) / 2, the mean of the raters' shares of answer k;
    pe = sum of pi_k (1 - pi_k) / (q - 1) over the q possible answers; AC1 = (pa - pe)/(1 - pe).
    (Gwet's weighted form, AC2, writes pe as T_w sum pi_k (1 - pi_k) / (q (q - 1)), T_w the sum
    of the weights; unweighted, T_w = q, which leaves q - 1: for two answers pe = 2 pi (1 - pi).)

    Its variance, after Gwet (2008): each item's own agreement pa_i (1 when the two agree, 0
    when not) and chance agreement pe_i = (1 - (pi_k + pi_l) / 2) / (q - 1), for an item
    answered k and l, give d_i = pa_i - 2 (1 - AC1) pe_i, and v = s² / (n (1 - pe)²), s² the
    mean of (d_i - mean d)² over the n items: the variance irrCAC's gwet.ac1.table computes,
    summed here over the table's cells, whose items share one d, rather than item by item.
    """
    q = len(table)
    n = sum(map(sum, table))
    if q < 2:
        # With one possible answer chance agreement is 0/0: AC1 needs a second answer to be
        # possible, given by ``categories`` even when nobody used it.
        return Statistic(value=None, interval=None, reason=ONE_CATEGORY)
    shares = [(sum(table[k]) + sum(row[k] for row in table)) / (2 * n) for k in range(q)]  # pi_k
    pa = sum(table[k][k] for k in range(q)) / n
    pe = sum(pi * (1 - pi) for pi in shares) / (q - 1)
    # pe is at most 1/q (every answer equally common), so 1 - pe is never nothing.
    value = (pa - pe) / (1 - pe)
    cells = [(k, m, table[k][m] / n) for k in range(q) for m in range(q) if table[k][m]]
    d = {
        (k, m): (k == m) - 2 * (1 - value) * (1 - (shares[k] + shares[m]) / 2) / (q - 1)
        for k, m, _ in cells
    }
    mean = sum(p * d[k, m] for k, m, p in cells)  # equals pa - 2 (1 - AC1) pe
    spread = sum(p * (d[k, m] - mean) ** 2 for k, m, p in cells)
    variance = max(spread, 0.0) / (n * (1 - pe) ** 2)
    return Statistic(value=value, interval=_normal_interval(value, variance, n, level))


def _normal_interval(
    value: float, variance: float, pairs: int, level: float
) -> tuple[float, float] | None:
    """value ± z·se at ``level``, clamped to [-1, 1]; None for a single pair, whose standard
    error is nothing (a lone agreement or disagreement) whatever the truth, as irrCAC also
    holds, and None wherever the large-sample standard error comes out as nothing (perfect
    agreement; one inspector giving one answer throughout): a zero-width interval would claim
    a certainty a few cases cannot give, so none is shown (the observed agreement's Wilson
    interval still says how sure the agreement is)."""
    if pairs < 2 or variance <= 1e-15:
        return None
    spread = NormalDist().inv_cdf(0.5 + level / 2) * math.sqrt(variance)
    return (max(value - spread, -1.0), min(value + spread, 1.0))


def agreement_document(a: Agreement) -> dict[str, Any]:
    """The JSON form of an agreement: ``{"cases": 20, "agreement": 0.75, "kappa": 0.468,
    "ac1": 0.529, "intervals": {"agreement": [0.531, 0.888], "kappa": [0.071, 0.865],
    "ac1": [0.15, 0.909]}, "reasons": {}}``; where both gave "yes" on every case, ``"kappa":
    null`` and ``"reasons": {"kappa": "every answer is the same"}``.

    Every value and interval end is a fraction (agreement 0.75 is 75%; kappa and AC1 run
    from -1 to 1) rounded to 3 decimal places; a statistic or interval that is undefined is
    null, and ``reasons`` holds the reason of each null statistic, only those.
    """
    named = {"agreement": a.observed, "kappa": a.kappa, "ac1": a.ac1}
    return {
        "cases": a.pairs,
        **{name: _rounded(s.value) for name, s in named.items()},
        "intervals": {
            name: None if s.interval is None else [_rounded(end) for end in s.interval]
            for name, s in named.items()
        },
        "reasons": {name: s.reason for name, s in named.items() if s.value is None},
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
