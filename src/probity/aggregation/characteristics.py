"""Who was in the sample: the case characteristics table (report §1.3) and the composition of
the sample, counted from the cases table.

Every figure is a count of the cases given ("8 of 79, 10%"); pass one inspection's cases for
one report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information

from probity.bundle.schema import CASE_TYPES, GENDERS, GRADES, ROSH_LEVELS
from probity.rating.bands import round_half_up

# Black, Asian or minority ethnic: every recorded ethnic group but white.
NOT_MINORITY_ETHNIC = ("white", "not_recorded")


@dataclass(frozen=True)
class Proportion:
    """``count`` of ``of`` cases have the characteristic (or value) ``name``."""

    name: str
    count: int
    of: int

    @property
    def pct(self) -> Fraction | None:
        """The exact percentage; None when there are no cases."""
        return Fraction(100 * self.count, self.of) if self.of else None

    @property
    def rounded_pct(self) -> int | None:
        """The percentage rounded half up to a whole number, as published."""
        pct = self.pct
        return None if pct is None else round_half_up(pct)

    def __str__(self) -> str:
        """As printed: ``8 of 79, 10%``."""
        if self.of == 0:
            return "0 of 0"
        return f"{self.count} of {self.of}, {self.rounded_pct}%"


@dataclass(frozen=True)
class CaseCharacteristics:
    """The case characteristics table: each a proportion of all the cases inspected."""

    cases: int
    female: Proportion
    black_asian_minority_ethnic: Proportion
    disability: Proportion
    drug_misuse: Proportion
    alcohol_misuse: Proportion

    @property
    def rows(self) -> tuple[Proportion, ...]:
        """The rows in the order the report prints them."""
        return (
            self.female,
            self.black_asian_minority_ethnic,
            self.disability,
            self.drug_misuse,
            self.alcohol_misuse,
        )


@dataclass(frozen=True)
class SampleComposition:
    """The sample by kind of case: each breakdown lists every value the bundle format allows,
    in its order, with zero counts kept; a value outside them follows, rather than vanishing."""

    cases: int
    by_case_type: tuple[Proportion, ...]
    court_reports: Proportion
    unpaid_work_only: Proportion
    by_rosh: tuple[Proportion, ...]
    by_practitioner_grade: tuple[Proportion, ...]
    by_gender: tuple[Proportion, ...]


def case_characteristics(cases: pa.Table) -> CaseCharacteristics:
    """The case characteristics table of a cases table (columns as the bundle's ``cases``)."""
    n = cases.num_rows
    ethnic = _values(cases, "ethnic_group")
    minority = sum(1 for v in ethnic if v not in NOT_MINORITY_ETHNIC)
    return CaseCharacteristics(
        cases=n,
        female=Proportion("female", sum(1 for v in _values(cases, "gender") if v == "female"), n),
        black_asian_minority_ethnic=Proportion("black_asian_minority_ethnic", minority, n),
        disability=_flag(cases, "disability"),
        drug_misuse=_flag(cases, "drug_misuse"),
        alcohol_misuse=_flag(cases, "alcohol_misuse"),
    )


def sample_composition(cases: pa.Table) -> SampleComposition:
    """The composition of the sample in a cases table (columns as the bundle's ``cases``)."""
    return SampleComposition(
        cases=cases.num_rows,
        by_case_type=_breakdown(cases, "case_type", CASE_TYPES),
        court_reports=_flag(cases, "court_report"),
        unpaid_work_only=_flag(cases, "unpaid_work_only"),
        by_rosh=_breakdown(cases, "rosh", ROSH_LEVELS),
        by_practitioner_grade=_breakdown(cases, "practitioner_grade", GRADES),
        by_gender=_breakdown(cases, "gender", GENDERS),
    )


def _values(cases: pa.Table, column: str) -> list[object]:
    if column not in cases.column_names:
        raise ValueError(f"the cases table has no column {column!r}")
    values: list[object] = cases.column(column).to_pylist()
    if any(v is None for v in values):
        raise ValueError(f"the cases table has cases without a {column!r}")
    return values


def _flag(cases: pa.Table, column: str) -> Proportion:
    values = _values(cases, column)
    if any(not isinstance(v, bool) for v in values):
        raise ValueError(f"the cases table's {column!r} must be booleans")
    return Proportion(column, sum(1 for v in values if v), len(values))


def _breakdown(cases: pa.Table, column: str, choices: Sequence[str]) -> tuple[Proportion, ...]:
    counts = Counter(str(v) for v in _values(cases, column))
    others = sorted(v for v in counts if v not in choices)
    return tuple(Proportion(v, counts[v], cases.num_rows) for v in (*choices, *others))
