"""The report's disproportionality chapter, included when the lead asks for it: for every
subgroup attribute of the framework, a table per key question of each group's % "Yes" and
interval, its difference from the rest of the sample and whether that difference is notable
after the correction (:mod:`probity.statistics.subgroups`).

The report is published: a group of fewer cases than the framework's minimum shows "fewer
than N cases" and no figure, not even its count."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from probity.framework import Framework
from probity.pipeline import InspectionResults
from probity.rating import percent_text
from probity.rating.bands import round_half_up
from probity.statistics import interval_text
from probity.statistics.subgroups import Group, SubgroupTable, disproportionality

CHAPTER = "disproportionality"


@dataclass(frozen=True)
class GroupRow:
    """A group's row in one key question's table; ``withheld`` (in place of every figure)
    where the group is under the minimum size."""

    label: str
    withheld: str | None = None
    pct: str = ""
    interval: str = ""
    difference: str = ""
    notable: str = ""


@dataclass(frozen=True)
class KeyQuestionTable:
    """One key question's table for one attribute."""

    id: str
    caption: str
    rows: tuple[GroupRow, ...]


@dataclass(frozen=True)
class AttributeSection:
    """An attribute's heading and its tables, one per key question."""

    id: str
    label: str
    tables: tuple[KeyQuestionTable, ...]


@dataclass(frozen=True)
class Disproportionality:
    """The chapter: how the figures were tested and what is withheld, then every attribute."""

    explanation: tuple[str, ...]
    sections: tuple[AttributeSection, ...]


def points_text(difference: Fraction | None) -> str:
    """A difference in percentage points, signed and rounded half up: "+67", "−6", "0"; "–"
    where there is none."""
    if difference is None:
        return "–"
    points = round_half_up(difference)
    return f"+{points}" if points > 0 else (f"−{-points}" if points < 0 else "0")


NOT_SHOWN = "Not shown"


def _row(fw: Framework, table: SubgroupTable, group: Group, kq_id: str) -> GroupRow:
    if group.suppressed:
        return GroupRow(group.label, withheld=f"fewer than {table.minimum_cases} cases")
    f = group.figure(kq_id)
    c = f.comparison
    others = [g for g in table.groups if g is not group]
    if others and all(g.suppressed for g in others):
        # The rest is made of withheld groups alone: the difference from it, or its test,
        # would give their figure away.
        difference, notable = NOT_SHOWN, NOT_SHOWN
    else:
        difference = points_text(c.difference)
        notable = "Not tested" if c.p is None else ("Yes" if c.notable else "No")
    return GroupRow(
        group.label,
        pct=percent_text(fw, f.count.pct),
        interval=interval_text(f.interval),
        difference=difference,
        notable=notable,
    )


def attribute_section(fw: Framework, table: SubgroupTable) -> AttributeSection:
    """One attribute's heading and its tables, as published."""
    anchor = f"{CHAPTER}-{table.attribute.replace('_', '-')}"
    tables = tuple(
        KeyQuestionTable(
            f"{anchor}-{kq.id.replace('.', '-')}",
            f"{table.label}: {kq.id} {kq.text}",
            tuple(_row(fw, table, g, kq.id) for g in table.groups),
        )
        for kq in fw.key_questions
    )
    return AttributeSection(anchor, table.label, tables)


def explanation(fw: Framework) -> tuple[str, ...]:
    """What the tables show, how the differences were tested and what is withheld."""
    setting = fw.subgroup_analysis
    population = fw.wording.population
    return (
        f"This chapter breaks each key question down by the characteristics recorded for the "
        f"{population} whose cases we inspected. For each group it gives the percentage of "
        "cases answered “Yes” and the 95% confidence interval of that percentage (the range of "
        "percentages a sample of this size is consistent with), and the difference, in "
        "percentage points, between the group and the rest of the inspected cases.",
        "Each difference was tested with Fisher’s exact test (two-sided). Because many "
        "differences are tested at once, the p-values of each characteristic’s tables were "
        "corrected together for the false discovery rate (Benjamini–Hochberg); a difference "
        f"is marked notable where the corrected value is below {setting.false_discovery_rate:g}."
        " A difference that is not notable may still be real: small groups give wide intervals "
        "and weak tests. “Not tested” means the key question applied to no case in the group "
        "or in the rest.",
        f"To protect the {population} concerned, a group of fewer than {setting.minimum_cases} "
        "cases is shown as “fewer than "
        f"{setting.minimum_cases} cases”, with none of its figures; where every other group "
        "is that small, a group’s difference from them is not shown either.",
    )


def disproportionality_chapter(results: InspectionResults) -> Disproportionality:
    """The chapter for an inspection's results: every subgroup attribute of its framework."""
    fw = results.framework
    return Disproportionality(
        explanation(fw), tuple(attribute_section(fw, t) for t in disproportionality(results))
    )
