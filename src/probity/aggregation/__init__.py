"""Answers → percentages: per question, per inspection, per subgroup of cases, and nationally.

Counting is done in DuckDB, by one implementation whatever the scale
(:func:`question_counts`); ratings are left to :mod:`probity.rating`, which receives exact
fractions (:func:`key_question_percentages`).
"""

from probity.aggregation.characteristics import (
    CaseCharacteristics,
    Proportion,
    SampleComposition,
    case_characteristics,
    sample_composition,
)
from probity.aggregation.convert import answers_table, cases_table, key_question_percentages
from probity.aggregation.national import NationalSummary, NotRated, rate_national
from probity.aggregation.percentages import AnswersError, question_counts
from probity.aggregation.questions import question_table, standard_positions

__all__ = [
    "AnswersError",
    "CaseCharacteristics",
    "NationalSummary",
    "NotRated",
    "Proportion",
    "SampleComposition",
    "answers_table",
    "case_characteristics",
    "cases_table",
    "key_question_percentages",
    "question_counts",
    "question_table",
    "rate_national",
    "sample_composition",
    "standard_positions",
]
