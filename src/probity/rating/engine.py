"""The rating engine: key-question percentages and judgements → the ratings page.

Pure functions: no I/O, no state. Every input problem is reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from operator import attrgetter

from probity.framework.inputs import judgement_problems
from probity.framework.models import Framework, RuleKind, Standard
from probity.rating.bands import Percentage, banding, exact, overall_rating
from probity.rating.caps import caps_in_force, judgement_problem
from probity.rating.results import (
    InputProblem,
    InspectionRatings,
    KeyQuestionResult,
    RatingInputError,
    StandardResult,
)

# Looked up once: rate_casework runs for every inspection of a national table.
_JUDGED = tuple(kind for kind in RuleKind if kind.is_judgement)
_REPORTED = RuleKind.REPORTED_NOT_RATED
_pct = attrgetter("pct")


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
                s.id, s.name, s.rule, rating, _points(fw, s, rating), caps=caps.get(s.id, ())
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
    band = banding(fw)
    kq_results: dict[str, KeyQuestionResult] = {}
    for kq_id in fw.key_question_ids:
        pct = exact(key_questions[kq_id])
        kq_results[kq_id] = KeyQuestionResult(kq_id, pct, *band(pct))
    return tuple(
        [_casework_result(fw, s, kq_results) for s in fw.standards if s.rule not in _JUDGED]
    )


def _casework_result(
    fw: Framework, s: Standard, kq_results: Mapping[str, KeyQuestionResult]
) -> StandardResult:
    own = tuple([kq_results[kq.id] for kq in s.key_questions])
    if s.rule is _REPORTED:
        return StandardResult(s.id, s.name, s.rule, None, None, own)
    # The lowest key question drives the rating; on a tie, the first in framework order.
    driver = min(own, key=_pct)
    return StandardResult(
        s.id, s.name, s.rule, driver.rating, _points(fw, s, driver.rating), own, driver
    )


def _points(fw: Framework, s: Standard, rating: str) -> int | None:
    """What the rating adds to the score: nothing for a standard rated apart from it."""
    return fw.rating(rating).points if s.scored else None


def _check_key_questions(fw: Framework, given: Mapping[str, Percentage]) -> list[InputProblem]:
    problems: list[InputProblem] = []
    known = fw.key_question_ids
    expected = set(known)
    for kq_id in given:
        if kq_id not in expected:
            problems.append(InputProblem(f"key_questions.{kq_id}", "unknown key question"))
    for kq_id in known:
        value = given.get(kq_id)
        if value is None:
            problems.append(
                InputProblem(
                    f"key_questions.{kq_id}", "missing: every key question needs its % 'Yes'"
                )
            )
        elif not _in_range(value):
            reason = (
                f"{value} is outside 0–100" if _is_number(value) else f"{value!r} is not a number"
            )
            problems.append(InputProblem(f"key_questions.{kq_id}", reason))
    return problems


def _is_number(value: object) -> bool:
    return type(value) in (int, float, Fraction)  # bool is an int subclass, and no number


def _in_range(value: object) -> bool:
    # Integer arithmetic for fractions: a national table checks thousands of them.
    if type(value) is Fraction:
        return 0 <= value.numerator <= 100 * value.denominator
    if type(value) in (int, float):
        return 0 <= value <= 100  # type: ignore[operator]  # NaN fails both comparisons
    return False


def _check_judgement_names(fw: Framework, given: Mapping[str, str]) -> list[InputProblem]:
    return [InputProblem(field, message) for field, message in judgement_problems(fw, given)]
