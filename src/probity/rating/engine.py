"""The rating engine: key-question percentages and judgements → the ratings page.

Pure functions: no I/O, no state. Every input problem is reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from probity.framework.inputs import judgement_problems
from probity.framework.models import Framework, RuleKind, Standard
from probity.rating.bands import Percentage, banded_value, exact, overall_rating, percentage_rating
from probity.rating.caps import caps_in_force, judgement_problem
from probity.rating.results import (
    InputProblem,
    InspectionRatings,
    KeyQuestionResult,
    RatingInputError,
    StandardResult,
)


def rate(
    fw: Framework,
    key_questions: Mapping[str, Percentage],
    judgements: Mapping[str, str],
) -> InspectionRatings:
    """Rate an inspection.

    ``key_questions`` maps every key question id (``"2.2.1"``) to its % "Yes" (0–100);
    ``judgements`` maps every judged standard id (``"1.1"``) to the inspectors' rating id.
    Raises :class:`RatingInputError` listing every problem, including a judgement above the
    cap of a decision rule in force.
    """
    problems = _check_key_questions(fw, key_questions) + _check_judgement_names(fw, judgements)
    if problems:
        raise RatingInputError(problems)

    casework = {r.standard_id: r for r in _casework(fw, key_questions)}
    casework_ratings = {k: r.rating for k, r in casework.items() if r.rating is not None}
    caps = caps_in_force(fw, casework_ratings)

    results: list[StandardResult] = []
    for s in fw.standards:
        if not s.rule.is_judgement:
            results.append(casework[s.id])
            continue
        rating = judgements[s.id]
        refused = judgement_problem(fw, s.id, rating, caps.get(s.id, ()))
        if refused:
            problems.append(InputProblem(f"judgements.{s.id}", refused))
        results.append(
            StandardResult(
                s.id, s.name, s.rule, rating, fw.rating(rating).points, caps=caps.get(s.id, ())
            )
        )
    if problems:
        raise RatingInputError(problems)

    score = sum(r.points for r in results if r.points is not None)
    return InspectionRatings(fw.id, tuple(results), score, fw.max_score, overall_rating(fw, score))


def rate_casework(
    fw: Framework, key_questions: Mapping[str, Percentage]
) -> tuple[StandardResult, ...]:
    """Rate the standards that come from casework (and report the unrated ones) alone: what a
    national table of inspections without domain-one judgements needs.

    Raises :class:`RatingInputError` for a missing, unknown or out-of-range key question.
    """
    problems = _check_key_questions(fw, key_questions)
    if problems:
        raise RatingInputError(problems)
    return _casework(fw, key_questions)


def _casework(fw: Framework, key_questions: Mapping[str, Percentage]) -> tuple[StandardResult, ...]:
    kq_results = {
        kq.id: KeyQuestionResult(
            kq.id,
            exact(key_questions[kq.id]),
            banded_value(fw, key_questions[kq.id]),
            percentage_rating(fw, key_questions[kq.id]),
        )
        for kq in fw.key_questions
    }
    return tuple(
        _casework_result(fw, s, kq_results) for s in fw.standards if not s.rule.is_judgement
    )


def _casework_result(
    fw: Framework, s: Standard, kq_results: Mapping[str, KeyQuestionResult]
) -> StandardResult:
    own = tuple(kq_results[kq.id] for kq in s.key_questions)
    if s.rule is RuleKind.REPORTED_NOT_RATED:
        return StandardResult(s.id, s.name, s.rule, None, None, own)
    # The lowest key question drives the rating; on a tie, the first in framework order.
    driver = min(own, key=lambda r: r.pct)
    return StandardResult(
        s.id, s.name, s.rule, driver.rating, fw.rating(driver.rating).points, own, driver
    )


def _check_key_questions(fw: Framework, given: Mapping[str, Percentage]) -> list[InputProblem]:
    problems: list[InputProblem] = []
    known = {kq.id for kq in fw.key_questions}
    for kq_id in given:
        if kq_id not in known:
            problems.append(InputProblem(f"key_questions.{kq_id}", "unknown key question"))
    for kq in fw.key_questions:
        field = f"key_questions.{kq.id}"
        if kq.id not in given:
            problems.append(InputProblem(field, "missing: every key question needs its % 'Yes'"))
            continue
        value = given[kq.id]
        if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
            problems.append(InputProblem(field, f"{value!r} is not a number"))
        elif value != value or not 0 <= value <= 100:
            problems.append(InputProblem(field, f"{value} is outside 0–100"))
    return problems


def _check_judgement_names(fw: Framework, given: Mapping[str, str]) -> list[InputProblem]:
    return [InputProblem(field, message) for field, message in judgement_problems(fw, given)]
