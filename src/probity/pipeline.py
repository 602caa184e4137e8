"""One inspection through the core: bundle → aggregate → rate.

The entry points (command line, web application, report) call these functions rather than
wiring aggregation and rating themselves, so that every one of them shows the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from probity.aggregation import (
    Characteristic,
    SampleComposition,
    answers_table,
    case_characteristics,
    cases_table,
    group_values,
    question_counts,
    sample_composition,
)
from probity.bundle.model import Bundle
from probity.bundle.resolution import answers_in_force
from probity.framework import Framework, Rounding, load_framework
from probity.rating import (
    Count,
    InputProblem,
    InspectionRatings,
    RatingOutcome,
    RatingsPage,
    StandardResult,
    page_from_outcome,
    rate_counts,
)

INSPECTOR = "inspector"
"""The one subgroup every framework has: the inspector who assessed the case."""


@dataclass(frozen=True)
class QuestionFigure:
    """A key question's or prompt's count of "Yes" among the cases it applies to, with its
    place in the framework."""

    question_id: str
    kind: str
    standard_id: str
    key_question_id: str | None
    count: Count

    @property
    def yes(self) -> int:
        """The "Yes" answers."""
        return self.count.part

    @property
    def applicable(self) -> int:
        """The "Yes" and "No" answers: the cases the question applied to."""
        return self.count.whole

    @property
    def pct(self) -> Fraction | None:
        """The exact % "Yes" (None when it applies to no case)."""
        return self.count.pct

    @property
    def rounded(self) -> int | None:
        """The % "Yes" as published: rounded half up to a whole number."""
        return self.count.rounded


@dataclass(frozen=True)
class InspectionResults:
    """Everything computed from one bundle: every question's figure, the rating outcome and
    its ratings page, the case characteristics and the sample's composition.

    ``ratings`` is the full ratings page when the judgements are complete and within their
    caps; otherwise it is None and ``problems`` says why (``casework`` still holds what the
    cases alone decide).
    """

    framework: Framework
    bundle: Bundle
    figures: dict[str, QuestionFigure]
    outcome: RatingOutcome
    page: RatingsPage
    characteristics: tuple[Characteristic, ...]
    composition: SampleComposition

    @property
    def casework(self) -> tuple[StandardResult, ...]:
        """The casework standards' results (empty while a key question has no answer)."""
        return self.outcome.casework

    @property
    def ratings(self) -> InspectionRatings | None:
        """The whole ratings page, once everything is rated."""
        return self.outcome.ratings

    @property
    def problems(self) -> tuple[InputProblem, ...]:
        """Why the inspection is not (yet) fully rated."""
        return self.outcome.problems

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
            Count(int(r["yes"]), int(r["applicable"])),
        )
        for r in rows
    }  # fmt: skip


def rated_answers(bundle: Bundle, fw: Framework) -> Any:
    """The answers every figure is counted from, as an Arrow table: the answers in force, a
    second look's resolved answer in place of the first (:func:`answers_in_force`)."""
    return answers_table(replace(bundle, answers=answers_in_force(bundle)), fw)


def framework_of(bundle: Bundle, fw: Framework | None = None) -> Framework:
    """The bundle's framework: ``fw`` if given (a file of one's own), else the one it names."""
    return fw if fw is not None else load_framework(bundle.inspection.framework)


def inspect_bundle(bundle: Bundle, fw: Framework | None = None) -> InspectionResults:
    """Aggregate and rate a validated bundle (under ``fw``, or the framework it names)."""
    fw = framework_of(bundle, fw)
    counts = question_counts(fw, rated_answers(bundle, fw))
    figures = figures_from_counts(counts.to_pylist())
    key_questions = {k: f.count for k, f in figures.items() if f.kind == "key_question"}
    judgements = {j.standard_id: j.rating for j in bundle.judgements}
    outcome = rate_counts(fw, key_questions, judgements)
    return InspectionResults(
        fw, bundle, figures, outcome,
        page_from_outcome(fw, outcome, bundle.inspection.organisation),
        case_characteristics(fw, bundle.cases), sample_composition(fw, bundle.cases),
    )  # fmt: skip


def subgroup_columns(fw: Framework) -> tuple[str, ...]:
    """What figures can be broken down by: the framework's subgroup attributes, then the
    inspector."""
    return (*(a.id for a in fw.case_profile.subgroups), INSPECTOR)


def subgroup_figures(
    bundle: Bundle, by: str, fw: Framework | None = None
) -> dict[str, dict[str, QuestionFigure]]:
    """Every question's figures within each subgroup of cases (by a subgroup attribute, or
    the inspector), subgroups in the framework's order of values; computed by the same
    counting as the whole inspection."""
    fw = framework_of(bundle, fw)
    if by not in subgroup_columns(fw):
        raise ValueError(
            f"cannot break figures down by {by!r}; choose one of {', '.join(subgroup_columns(fw))}"
        )
    counts = question_counts(fw, rated_answers(bundle, fw), by=by, cases=cases_table(bundle, fw))
    groups: dict[object, list[dict[str, Any]]] = {}
    for row in counts.to_pylist():
        groups.setdefault(row[by], []).append(row)
    attribute = fw.case_profile.by_id.get(by)
    order = sorted(groups, key=str) if attribute is None else group_values(attribute, list(groups))
    return {group_key(v): figures_from_counts(groups[v]) for v in order if v in groups}


def group_key(value: object) -> str:
    """A subgroup's key: the attribute's value as the bundle writes it (yes or no for a
    boolean)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def implied_summary(results: InspectionResults) -> dict[str, Any]:
    """The inspection summary (``probity rate SUMMARY``'s input) that the bundle implies:
    key-question percentages as the framework bands them (whole numbers as published, or the
    exact figure) and the judgements."""
    fw = results.framework
    exact = fw.bands.rounding is Rounding.EXACT

    def figure(kq_id: str) -> int | float | None:
        f = results.figures[kq_id]
        if exact and f.pct is not None and f.pct.denominator != 1:
            return float(f.pct)
        return f.rounded

    key_questions = {
        s.id: [figure(kq.id) for kq in s.key_questions] for s in fw.standards if s.key_questions
    }
    return {
        "framework": fw.id,
        "inspection": results.bundle.inspection.organisation,
        "key_questions": key_questions,
        "judgements": {j.standard_id: j.rating for j in results.bundle.judgements},
    }
