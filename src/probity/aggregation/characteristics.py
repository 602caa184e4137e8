"""Who was in the sample: the case characteristics table, the sample counts of the key data
table, and the composition of the sample by each subgroup attribute, all as the framework
defines them and counted from the cases given (one inspection's, for one report)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from probity.bundle.model import Case
from probity.framework.conditions import holds
from probity.framework.models import AttributeType, CaseAttribute, Framework
from probity.rating.figures import Count


@dataclass(frozen=True)
class Characteristic:
    """A row of the case characteristics table: the cases with the characteristic, of all."""

    id: str
    label: str
    count: Count


@dataclass(frozen=True)
class SampleFigure:
    """A count of the framework's key data (``sample.REF`` in the narrative)."""

    ref: str
    label: str
    count: int
    shown: bool


@dataclass(frozen=True)
class GroupCount:
    """The cases with one value of an attribute, of all the cases."""

    value: object
    label: str
    count: Count


@dataclass(frozen=True)
class Breakdown:
    """The sample by one subgroup attribute: every value the framework allows, in its order,
    zero counts kept; a value outside them follows rather than vanishing."""

    attribute: str
    label: str
    groups: tuple[GroupCount, ...]


@dataclass(frozen=True)
class SampleComposition:
    """The sample: its size, the framework's sample counts and its breakdowns."""

    cases: int
    counts: tuple[SampleFigure, ...]
    breakdowns: tuple[Breakdown, ...]


def case_characteristics(fw: Framework, cases: Sequence[Case]) -> tuple[Characteristic, ...]:
    """The framework's case characteristics table for these cases."""
    n = len(cases)
    return tuple(
        Characteristic(r.id, r.label, Count(sum(holds(r.when, c.attributes) for c in cases), n))
        for r in fw.characteristics.rows
    )


def sample_composition(fw: Framework, cases: Sequence[Case]) -> SampleComposition:
    """The sample counts and the breakdown by every subgroup attribute of these cases."""
    counts = tuple(
        SampleFigure(
            c.ref,
            c.label,
            sum(1 for case in cases if c.when is None or holds(c.when, case.attributes)),
            c.shown,
        )
        for c in fw.key_data.counts
    )
    return SampleComposition(
        len(cases), counts, tuple(breakdown(a, cases) for a in fw.case_profile.subgroups)
    )


def group_values(attribute: CaseAttribute, found: Sequence[object]) -> list[object]:
    """The values a breakdown by the attribute lists: those the framework allows, in its
    order, then any other value found, in sorted order."""
    if attribute.type is AttributeType.BOOLEAN:
        allowed: list[object] = [True, False]
    else:
        allowed = list(attribute.value_ids)
    others = sorted({v for v in found if v not in allowed}, key=lambda v: (v is None, str(v)))
    return allowed + others


def breakdown(attribute: CaseAttribute, cases: Sequence[Case]) -> Breakdown:
    """The cases by one attribute's values."""
    values = [c.attributes.get(attribute.id) for c in cases]
    tally = Counter(values)
    groups = tuple(
        GroupCount(
            v, attribute.value_label(v) or "Not recorded", Count(tally.get(v, 0), len(cases))
        )
        for v in group_values(attribute, values)
    )
    return Breakdown(attribute.id, attribute.label, groups)
