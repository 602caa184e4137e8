"""The report's disproportionality chapter, included when the lead asks for it: for every
subgroup attribute of the framework, one table whose rows are the key questions (grouped by
standard) and whose columns are the attribute's groups, each cell the group's % "Yes" and
interval, its difference from the rest of the sample and a mark where that difference is
notable after the correction (:mod:`probity.statistics.subgroups`). One table per attribute
lets a reader compare a group across key questions and keeps the chapter a few pages long.

The report is published: a group of fewer cases than the framework's minimum shows "fewer
than N cases" in its heading and no figure, not even its count."""

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
NOT_SHOWN = "Not shown"
NOT_TESTED = "Not tested"
# The mark beside a notable difference, explained in the note under each table.
NOTABLE_MARK = "*"
# More groups than this and an attribute's table is split into several, each with every key
# question, so that no table is wider than an A4 page holds.
GROUPS_PER_TABLE = 5


@dataclass(frozen=True)
class GroupColumn:
    """A group's column heading: its label and its number of cases, or "fewer than N
    cases" where it is under the minimum size (``withheld``)."""

    label: str
    cases: str
    withheld: bool = False


@dataclass(frozen=True)
class Cell:
    """One group's figures on one key question: % "Yes", interval and difference in points,
    ``notable`` where the difference is; ``note`` in place of the difference where it is not
    shown or not tested; ``withheld`` (no figure at all) for a group under the minimum."""

    pct: str = ""
    interval: str = ""
    difference: str = ""
    notable: bool = False
    note: str = ""
    withheld: bool = False


@dataclass(frozen=True)
class KeyQuestionRow:
    """A key question's row: its id, text and one cell per group of the table."""

    id: str
    text: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class StandardRows:
    """A standard's key questions in the table, under the standard's id and name."""

    id: str
    name: str
    rows: tuple[KeyQuestionRow, ...]


@dataclass(frozen=True)
class AttributeTable:
    """One table of an attribute: its groups (all of them, or a part where there are more
    than :data:`GROUPS_PER_TABLE`), every key question, and the note under it."""

    id: str
    caption: str
    columns: tuple[GroupColumn, ...]
    standards: tuple[StandardRows, ...]
    note: str
    mark: str = NOTABLE_MARK


@dataclass(frozen=True)
class AttributeSection:
    """An attribute's heading and its table (or tables, where its groups are many)."""

    id: str
    label: str
    tables: tuple[AttributeTable, ...]


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


def cases_text(cases: int) -> str:
    """A number of cases as a column heading gives it: "52 cases", "1 case"."""
    return f"{cases} case" if cases == 1 else f"{cases} cases"


def _column(table: SubgroupTable, group: Group) -> GroupColumn:
    if group.suppressed:
        return GroupColumn(group.label, f"fewer than {table.minimum_cases} cases", withheld=True)
    return GroupColumn(group.label, cases_text(group.cases))


def _cell(fw: Framework, table: SubgroupTable, group: Group, kq_id: str) -> Cell:
    if group.suppressed:
        return Cell(withheld=True)
    f = group.figure(kq_id)
    c = f.comparison
    pct = percent_text(fw, f.count.pct)
    # No interval where the key question applies to no case of the group: "–" alone.
    interval = interval_text(f.interval) if f.interval is not None else ""
    others = [g for g in table.groups if g is not group]
    if others and all(g.suppressed for g in others):
        # The rest is made of withheld groups alone: the difference from it, or its test,
        # would give their figure away.
        return Cell(pct, interval, note=NOT_SHOWN)
    if c.p is None:
        return Cell(pct, interval, note=NOT_TESTED)
    return Cell(pct, interval, points_text(c.difference), notable=c.notable)


def _table(
    fw: Framework, table: SubgroupTable, anchor: str, groups: tuple[Group, ...], part: str
) -> AttributeTable:
    standards = tuple(
        StandardRows(
            s.id,
            s.name,
            tuple(
                KeyQuestionRow(kq.id, kq.text, tuple(_cell(fw, table, g, kq.id) for g in groups))
                for kq in s.key_questions
            ),
        )
        for s in fw.standards
        if s.key_questions
    )
    return AttributeTable(
        anchor,
        f"{table.label}: % “Yes” and difference from the rest of the sample{part}",
        tuple(_column(table, g) for g in groups),
        standards,
        table_note(fw, any(c.notable for s in standards for r in s.rows for c in r.cells)),
    )


def attribute_section(fw: Framework, table: SubgroupTable) -> AttributeSection:
    """One attribute's heading and its table, as published: split into tables of at most
    :data:`GROUPS_PER_TABLE` groups where there are more."""
    anchor = f"{CHAPTER}-{table.attribute.replace('_', '-')}"
    groups = table.groups
    if len(groups) <= GROUPS_PER_TABLE:
        only = _table(fw, table, f"{anchor}-table", groups, "")
        return AttributeSection(anchor, table.label, (only,))
    parts = [groups[i : i + GROUPS_PER_TABLE] for i in range(0, len(groups), GROUPS_PER_TABLE)]
    return AttributeSection(
        anchor,
        table.label,
        tuple(
            _table(fw, table, f"{anchor}-table-{n}", part, f" (part {n} of {len(parts)})")
            for n, part in enumerate(parts, start=1)
        ),
    )


def table_note(fw: Framework, any_notable: bool) -> str:
    """The note under a table: what a cell shows, and what the mark beside a difference
    means (or that no difference of the table is notable)."""
    level = fw.subgroup_analysis.false_discovery_rate
    cells = (
        "Each cell gives the group’s % “Yes”, its 95% interval in brackets and, below, its "
        "difference from the rest of the sample in percentage points."
    )
    if any_notable:
        return (
            f"{cells} {NOTABLE_MARK} Notable difference: the corrected value of Fisher’s exact "
            f"test is below {level:g}."
        )
    return f"{cells} No difference in this table is notable after the correction."


def explanation(fw: Framework) -> tuple[str, ...]:
    """What the tables show, how the differences were tested and what is withheld."""
    setting = fw.subgroup_analysis
    population = fw.wording.population
    return (
        f"This chapter breaks each key question down by the characteristics recorded for the "
        f"{population} whose cases we inspected. For each group it gives the percentage of "
        "cases answered “Yes” and the 95% confidence interval of that percentage (the range of "
        "percentages a sample of this size is consistent with), and the difference, in "
        "percentage points, between the group and the rest of the inspected cases. Each "
        "characteristic has one table: a row for each key question, a column for each group, "
        "headed with its number of cases.",
        "Each difference was tested with Fisher’s exact test (two-sided). Because many "
        "differences are tested at once, the p-values of each characteristic’s table were "
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
        explanation(fw),
        tuple(attribute_section(fw, t) for t in disproportionality(results)),
    )
