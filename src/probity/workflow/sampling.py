"""Drawing the case sample from the eligible cases: stratified by the framework's sampling
attributes, proportionally, reproducible from a seed.

Each stratum (one combination of the strata attributes' values) gets its share of the sample
by the largest-remainder method (a stratum of eligible cases gets at least one case where the
sample is large enough to give every stratum one, taken from the largest share); within a
stratum the cases are drawn at random from a generator seeded with the seed, over the cases
in the order of their ids, so that the same list, size and seed always draw the same
sample.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from probity.bundle.model import EligibleCase

__all__ = ["Draw", "EligibleCase", "SamplingError", "Stratum", "draw_sample"]


@dataclass(frozen=True)
class Stratum:
    """One combination of the strata attributes' values, with how many eligible cases it has
    and how many the sample takes."""

    values: tuple[tuple[str, object], ...]
    eligible: int
    drawn: int


@dataclass(frozen=True)
class Draw:
    """A drawn sample: the case ids chosen (in the order of their ids) and the strata."""

    seed: int
    size: int
    strata_attributes: tuple[str, ...]
    strata: tuple[Stratum, ...]
    case_ids: tuple[str, ...]


class SamplingError(ValueError):
    """A draw that cannot be made; the message says why."""


def _stratum_key(case: EligibleCase, attributes: Sequence[str]) -> tuple[tuple[str, object], ...]:
    return tuple((a, case.attributes.get(a)) for a in attributes)


def _allocate(sizes: Sequence[int], total: int) -> list[int]:
    """Shares of ``total`` proportional to ``sizes``, by the largest remainder; then, where
    ``total`` allows it, a stratum left with none takes one from the largest share."""
    population = sum(sizes)
    quotas = [Fraction(total * size, population) for size in sizes]
    shares = [int(q) for q in quotas]
    by_remainder = sorted(range(len(sizes)), key=lambda i: (-(quotas[i] - shares[i]), -sizes[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    if total >= sum(1 for size in sizes if size):
        for i, size in enumerate(sizes):
            if size and not shares[i]:
                largest = max(range(len(sizes)), key=lambda j: (shares[j], -j))
                shares[largest] -= 1
                shares[i] = 1
    return shares


def draw_sample(
    eligible: Sequence[EligibleCase], size: int, strata: Sequence[str], seed: int
) -> Draw:
    """Draw ``size`` cases from ``eligible``, stratified by the attributes ``strata``."""
    ids = [c.case_id for c in eligible]
    if len(set(ids)) != len(ids):
        raise SamplingError("the eligible cases list a case id more than once")
    if not 1 <= size <= len(eligible):
        raise SamplingError(
            f"a sample of {size} cannot be drawn from {len(eligible)} eligible case(s)"
        )
    ordered = sorted(eligible, key=lambda c: c.case_id)
    groups: dict[tuple[tuple[str, object], ...], list[EligibleCase]] = {}
    for case in ordered:
        groups.setdefault(_stratum_key(case, strata), []).append(case)
    keys = sorted(groups, key=lambda k: tuple((a, str(v)) for a, v in k))
    shares = _allocate([len(groups[k]) for k in keys], size)
    rng = random.Random(seed)
    chosen: list[str] = []
    strata_out = []
    for key, share in zip(keys, shares, strict=True):
        members = groups[key]
        chosen.extend(c.case_id for c in rng.sample(members, share))
        strata_out.append(Stratum(key, len(members), share))
    return Draw(seed, size, tuple(strata), tuple(strata_out), tuple(sorted(chosen)))
