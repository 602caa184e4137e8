"""An inspection as far as it can be rated: from each key question's count and the judgements
recorded, the casework ratings, the decision-rule caps, and the full ratings page once nothing
is missing. The single inspection, the live dashboard and the report take their ratings from
here; the national table from :func:`probity.rating.rate_casework`, which this calls too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from probity.framework.models import Framework
from probity.rating.caps import caps_in_force
from probity.rating.engine import rate, rate_casework
from probity.rating.figures import Count
from probity.rating.results import (
    Cap,
    InputProblem,
    InspectionRatings,
    RatingInputError,
    StandardResult,
)


@dataclass(frozen=True)
class RatingOutcome:
    """What the answers and judgements decide so far.

    ``casework`` holds the casework standards' results once every key question has at least
    one applicable answer (else it is empty); ``caps`` the decision rules in force (None while
    the casework is not rated); ``ratings`` the whole ratings page when the judgements are
    complete and within their caps, else None, with ``problems`` saying why.
    """

    framework: Framework
    key_questions: Mapping[str, Count]
    judgements: Mapping[str, str]
    casework: tuple[StandardResult, ...]
    caps: Mapping[str, tuple[Cap, ...]] | None
    ratings: InspectionRatings | None
    problems: tuple[InputProblem, ...]

    def result(self, standard_id: str) -> StandardResult | None:
        """A standard's result as far as it is known (None: not rated yet)."""
        if self.ratings is not None:
            return self.ratings.result(standard_id)
        return next((r for r in self.casework if r.standard_id == standard_id), None)


def casework_from_counts(
    fw: Framework, key_questions: Mapping[str, Count]
) -> tuple[dict[str, Fraction], tuple[StandardResult, ...], list[InputProblem]]:
    """The key questions' exact percentages and the casework standards' results (empty, with
    the problems, while a key question has no applicable answer on any case)."""
    percentages: dict[str, Fraction] = {}
    problems: list[InputProblem] = []
    for kq_id in fw.key_question_ids:
        count = key_questions.get(kq_id)
        pct = count.pct if count is not None else None
        if pct is None:
            standard = fw.standard_of[kq_id]
            problems.append(
                InputProblem(
                    f"key_questions.{kq_id}",
                    "has no answer yet on any case it is asked on, so "
                    f"{standard.id} {standard.name} cannot be rated",
                )
            )
        else:
            percentages[kq_id] = pct
    if problems:
        return percentages, (), problems
    return percentages, rate_casework(fw, percentages), problems


def rate_counts(
    fw: Framework, key_questions: Mapping[str, Count], judgements: Mapping[str, str]
) -> RatingOutcome:
    """Rate as far as the counts and judgements allow (see :class:`RatingOutcome`).

    A key question with no applicable answer on any case is a problem that leaves the
    casework unrated; so is any problem the engine finds with the judgements.
    """
    percentages, casework, problems = casework_from_counts(fw, key_questions)
    caps: dict[str, tuple[Cap, ...]] | None = None
    ratings: InspectionRatings | None = None
    if casework:
        caps = caps_in_force(fw, {r.standard_id: r.rating for r in casework if r.rating})
        try:
            ratings = rate(fw, percentages, judgements)
        except RatingInputError as e:
            problems.extend(e.problems)
    return RatingOutcome(
        fw, dict(key_questions), dict(judgements), casework, caps, ratings, tuple(problems)
    )
