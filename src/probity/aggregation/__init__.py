"""Answers → counts: per question, per inspection, per subgroup of cases, and nationally.

Counting is done in DuckDB, by one implementation whatever the scale
(:func:`question_counts`); percentages and ratings are left to :mod:`probity.rating`, which
receives the counts (:func:`key_question_counts`).
"""

from probity.aggregation.characteristics import (
    Breakdown,
    Characteristic,
    GroupCount,
    SampleComposition,
    SampleFigure,
    case_characteristics,
    group_values,
    sample_composition,
)
from probity.aggregation.convert import answers_table, cases_table, key_question_counts
from probity.aggregation.national import NationalSummary, NotRated, rate_national
from probity.aggregation.percentages import AnswersError, question_counts
from probity.aggregation.questions import question_table, standard_positions

__all__ = [
    "AnswersError",
    "Breakdown",
    "Characteristic",
    "GroupCount",
    "NationalSummary",
    "NotRated",
    "SampleComposition",
    "SampleFigure",
    "answers_table",
    "case_characteristics",
    "cases_table",
    "group_values",
    "key_question_counts",
    "question_counts",
    "question_table",
    "rate_national",
    "sample_composition",
    "standard_positions",
]
