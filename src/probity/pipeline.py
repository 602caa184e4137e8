"""One inspection through the core: bundle → aggregate → rate.

The entry points (command line, web application, report) call these functions rather than
wiring aggregation and rating themselves, so that every one of them shows the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from probity.aggregation import (
    CaseCharacteristics,
    SampleComposition,
    answers_table,
    case_characteristics,
    cases_table,
    question_counts,
    sample_composition,
)
from probity.bundle.model import Bundle
from probity.framework import Framework, load_framework
from probity.rating import (
    InputProblem,
    InspectionRatings,
    RatingInputError,
    StandardResult,
    rate,
    rate_casework,
    round_half_up,
)


@dataclass(frozen=True)
class QuestionFigure:
    """A key question's or prompt's count of "Yes" among the cases it applies to."""

    question_id: str
    kind: str
    standard_id: str
    key_question_id: str | None
    yes: int
    applicable: int

    @property
    def pct(self) -> Fraction | None:
        """The exact % "Yes" (None when it applies to no case)."""
        return Fraction(100 * self.yes, self.applicable) if self.applicable else None

    @property
    def rounded(self) -> int | None:
        """The % "Yes" as published: rounded half up to a whole number."""
        pct = self.pct
        return None if pct is None else round_half_up(pct)


@dataclass(frozen=True)
class InspectionResults:
    """Everything computed from one bundle.

    ``ratings`` is the full ratings page when the judgements are complete and within their
    caps; otherwise it is None and ``problems`` says why (``casework`` still holds what the
    cases alone decide).
    """

    framework: Framework
    bundle: Bundle
    figures: dict[str, QuestionFigure]
    casework: tuple[StandardResult, ...]
    ratings: InspectionRatings | None
    problems: tuple[InputProblem, ...]
    characteristics: CaseCharacteristics
    composition: SampleComposition

    def key_question_percentages(self) -> dict[str, Fraction]:
        """The exact % "Yes" of every key question that applies to at least one case."""
        out: dict[str, Fraction] = {}
        for kq_id in self.framework.key_question_ids:
            pct = self.figures[kq_id].pct
            if pct is not None:
                out[kq_id] = pct
        return out


def figures_from_counts(rows: list[dict[str, Any]]) -> dict[str, QuestionFigure]:
    """Question figures from the rows of :func:`probity.aggregation.question_counts`."""
    return {
        r["question_id"]: QuestionFigure(
            r["question_id"], r["kind"], r["standard_id"], r["key_question_id"],
            int(r["yes"]), int(r["applicable"]),
        )
        for r in rows
    }  # fmt: skip


def inspect_bundle(bundle: Bundle) -> InspectionResults:
    """Aggregate and rate a validated bundle."""
    fw = load_framework(bundle.inspection.framework)
    counts = question_counts(fw, answers_table(bundle))
    figures = figures_from_counts(counts.to_pylist())
    cases = cases_table(bundle)
    kqs = {k: f.pct for k, f in figures.items() if f.kind == "key_question" and f.pct is not None}
    unanswerable = [
        InputProblem(f"key_questions.{kq_id}", f"has no answer on any of the "
                     f"{len(bundle.cases)} cases (court work is answered only on cases with a "
                     f"court report), so {figures[kq_id].standard_id} cannot be rated")
        for kq_id in fw.key_question_ids if kq_id not in kqs
    ]  # fmt: skip
    casework: tuple[StandardResult, ...] = ()
    ratings: InspectionRatings | None = None
    problems: list[InputProblem] = list(unanswerable)
    if not unanswerable:
        casework = rate_casework(fw, kqs)
        judgements = {j.standard_id: j.rating for j in bundle.judgements}
        try:
            ratings = rate(fw, kqs, judgements)
        except RatingInputError as e:
            problems.extend(e.problems)
    return InspectionResults(
        fw, bundle, figures, casework, ratings, tuple(problems),
        case_characteristics(cases), sample_composition(cases),
    )  # fmt: skip


SUBGROUP_COLUMNS = (
    "practitioner_grade", "gender", "ethnic_group", "rosh", "case_type", "unpaid_work_only",
    "court_report", "disability", "drug_misuse", "alcohol_misuse", "inspector",
)  # fmt: skip


def subgroup_figures(bundle: Bundle, by: str) -> dict[str, dict[str, QuestionFigure]]:
    """Every question's figures within each subgroup of cases (by a column of ``cases``),
    subgroups in sorted order; computed by the same counting as the whole inspection."""
    if by not in SUBGROUP_COLUMNS:
        raise ValueError(
            f"cannot break figures down by {by!r}; choose one of {', '.join(SUBGROUP_COLUMNS)}"
        )
    fw = load_framework(bundle.inspection.framework)
    counts = question_counts(fw, answers_table(bundle), by=by, cases=cases_table(bundle))
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in counts.to_pylist():
        value = row[by]
        label = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        groups.setdefault(label, []).append(row)
    return {label: figures_from_counts(rows) for label, rows in sorted(groups.items())}


def implied_summary(results: InspectionResults) -> dict[str, Any]:
    """The inspection summary (``probity rate SUMMARY``'s input) that the bundle implies:
    key-question percentages as published (whole numbers) and the judgements."""
    fw = results.framework
    key_questions = {
        s.id: [results.figures[kq.id].rounded for kq in s.key_questions]
        for s in fw.standards
        if s.key_questions
    }
    return {
        "framework": fw.id,
        "inspection": results.bundle.inspection.pdu,
        "key_questions": key_questions,
        "judgements": {j.standard_id: j.rating for j in results.bundle.judgements},
    }
