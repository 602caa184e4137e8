"""The rating engine: pure functions from percentages and judgements to ratings."""

from probity.rating.bands import (
    band_for,
    banded_value,
    exact,
    overall_rating,
    percentage_rating,
    round_half_up,
)
from probity.rating.caps import caps_in_force, effective_cap, judgement_problem
from probity.rating.engine import rate, rate_casework
from probity.rating.results import (
    Cap,
    InputProblem,
    InspectionRatings,
    KeyQuestionResult,
    RatingInputError,
    StandardResult,
)

__all__ = [
    "Cap",
    "InputProblem",
    "InspectionRatings",
    "KeyQuestionResult",
    "RatingInputError",
    "StandardResult",
    "band_for",
    "banded_value",
    "caps_in_force",
    "effective_cap",
    "exact",
    "judgement_problem",
    "overall_rating",
    "percentage_rating",
    "rate",
    "rate_casework",
    "round_half_up",
]
