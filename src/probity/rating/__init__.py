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
from probity.rating.figures import Count, percent_text, whole_percent_text
from probity.rating.fragility import BandMove, Fragility, band_moves
from probity.rating.outcome import RatingOutcome, rate_counts
from probity.rating.page import (
    RatingLabel,
    RatingsPage,
    StandardLine,
    page_from_outcome,
    page_from_ratings,
    rating_label,
)
from probity.rating.results import (
    Cap,
    InputProblem,
    InspectionRatings,
    KeyQuestionResult,
    RatingInputError,
    StandardResult,
)

__all__ = [
    "BandMove",
    "Cap",
    "Count",
    "Fragility",
    "InputProblem",
    "InspectionRatings",
    "KeyQuestionResult",
    "RatingInputError",
    "RatingLabel",
    "RatingOutcome",
    "RatingsPage",
    "StandardLine",
    "StandardResult",
    "band_for",
    "band_moves",
    "banded_value",
    "caps_in_force",
    "effective_cap",
    "exact",
    "judgement_problem",
    "overall_rating",
    "page_from_outcome",
    "page_from_ratings",
    "percent_text",
    "percentage_rating",
    "rate",
    "rate_casework",
    "rate_counts",
    "rating_label",
    "round_half_up",
    "whole_percent_text",
]
