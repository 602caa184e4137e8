"""What the rating engine returns, and the errors it raises."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from probity.framework.models import RuleKind


@dataclass(frozen=True)
class KeyQuestionResult:
    """A key question's % "Yes", the value it was banded on, and its band."""

    id: str
    pct: Fraction
    banded: Fraction | int
    rating: str


@dataclass(frozen=True)
class Cap:
    """A decision rule in force: the standard can be rated no higher than ``cap``."""

    rule_id: str
    standard_id: str
    cap: str
    reason: str
    text: str


@dataclass(frozen=True)
class StandardResult:
    """One standard's rating, the rule that produced it and what drove it.

    ``rating`` is None for a standard that is reported, not rated; ``points`` is None too for
    a standard rated apart from the score (``scored: false``). ``driver`` is the key
    question whose band gave the rating (the lowest, for band_of_lowest_key_question).
    ``caps`` are the decision rules in force on a judged standard.
    """

    standard_id: str
    name: str
    rule: RuleKind
    rating: str | None
    points: int | None
    key_questions: tuple[KeyQuestionResult, ...] = ()
    driver: KeyQuestionResult | None = None
    caps: tuple[Cap, ...] = ()


@dataclass(frozen=True)
class InspectionRatings:
    """The ratings page: every standard, the score out of its maximum, the overall rating."""

    framework_id: str
    standards: tuple[StandardResult, ...]
    score: int
    max_score: int
    overall: str

    def rating_of(self, standard_id: str) -> str | None:
        """The rating of one standard (None if it is not rated)."""
        return self.result(standard_id).rating

    def result(self, standard_id: str) -> StandardResult:
        """One standard's full result."""
        for s in self.standards:
            if s.standard_id == standard_id:
                return s
        raise KeyError(standard_id)


@dataclass(frozen=True)
class InputProblem:
    """One problem with the engine's input: the field it is in and why."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class RatingInputError(ValueError):
    """The engine's input cannot be rated; ``problems`` lists every reason at once."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
