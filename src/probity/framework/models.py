"""The inspection framework as frozen, typed models.

These models describe the shape of a framework file; the cross-references between its parts
(ids, rules, bands) are checked by :mod:`probity.framework.checks` when a file is loaded.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class RuleKind(StrEnum):
    """How a standard's rating is produced: a small closed set, named in the framework file."""

    BAND_OF_SINGLE_KEY_QUESTION = "band_of_single_key_question"
    BAND_OF_LOWEST_KEY_QUESTION = "band_of_lowest_key_question"
    JUDGEMENT = "judgement"
    JUDGEMENT_CAPPED = "judgement_capped"
    REPORTED_NOT_RATED = "reported_not_rated"

    @property
    def is_casework(self) -> bool:
        """True for rules that band key-question percentages."""
        return self in (RuleKind.BAND_OF_SINGLE_KEY_QUESTION, RuleKind.BAND_OF_LOWEST_KEY_QUESTION)

    @property
    def is_judgement(self) -> bool:
        """True for rules where inspectors choose the rating."""
        return self in (RuleKind.JUDGEMENT, RuleKind.JUDGEMENT_CAPPED)


class Rounding(StrEnum):
    """Whether a percentage is banded as published (rounded half up) or as the exact fraction."""

    HALF_UP = "half_up"
    EXACT = "exact"


class Marker(StrEnum):
    """Annexe three's applicability markers."""

    NOT_UNPAID_WORK_ONLY = "*"
    NOT_EVERY_CASE = "**"


class CaseType(StrEnum):
    """The kinds of case an inspection samples."""

    COMMUNITY = "community"
    POST_CUSTODY = "post_custody"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class RatingLevel(_Frozen):
    """One rating a standard can receive, with the points it contributes to the score."""

    id: str
    label: str
    points: Annotated[int, Field(ge=0)]


class Band(_Frozen):
    """A whole-number range, inclusive at both ends, as published ("Good 65–79%")."""

    rating: str
    min: int
    max: int


class PercentageBands(_Frozen):
    """The bands for a key question's % "Yes", and how the % is rounded before banding."""

    rounding: Rounding = Rounding.HALF_UP
    ranges: tuple[Band, ...]


class ScoreBands(_Frozen):
    """The bands for the total score; ``assumption`` says where they are not published."""

    assumption: str | None = None
    ranges: tuple[Band, ...]


class Prompt(_Frozen):
    """A question inspectors answer under a key question (Annexe three's rows)."""

    id: str
    text: str
    markers: tuple[Marker, ...] = ()
    # Empty means every case type; ["post_custody"] marks post-custody-only prompts.
    case_types: tuple[CaseType, ...] = ()

    @property
    def excluded_in_unpaid_work_only(self) -> bool:
        """``*``: does not apply in unpaid-work-only cases."""
        return Marker.NOT_UNPAID_WORK_ONLY in self.markers

    @property
    def may_not_apply(self) -> bool:
        """``**``: does not apply in every case."""
        return Marker.NOT_EVERY_CASE in self.markers


class KeyQuestion(_Frozen):
    """A key question: its % "Yes" is what a casework standard's rating is banded on."""

    id: str
    text: str
    prompts: tuple[Prompt, ...] = ()


class PromptGroup(_Frozen):
    """Prompts that belong to a standard but to none of its key questions."""

    heading: str
    prompts: tuple[Prompt, ...]


class Standard(_Frozen):
    """A standard, its headline text and the rule that rates it."""

    id: str
    name: str
    text: str
    rule: RuleKind
    # "court_report": the standard applies only to cases with a pre-sentence report in scope.
    applies_to: Literal["court_report"] | None = None
    questions: tuple[str, ...] = ()
    key_questions: tuple[KeyQuestion, ...] = ()
    other_prompts: PromptGroup | None = None

    @property
    def rated(self) -> bool:
        """Whether the standard receives a rating (and so points)."""
        return self.rule is not RuleKind.REPORTED_NOT_RATED

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """Every prompt of the standard, in framework order."""
        inside = tuple(p for kq in self.key_questions for p in kq.prompts)
        return inside + (self.other_prompts.prompts if self.other_prompts else ())


class Domain(_Frozen):
    """A domain of the framework and its standards."""

    id: str
    name: str
    standards: tuple[Standard, ...]


class CapWhenAllAtMost(_Frozen):
    """Cap a judged standard when every rated casework standard of a domain is at most a rating."""

    id: str
    standard: str
    kind: Literal["cap_when_all_at_most"]
    of_domain: str
    at_most: str
    cap: str
    text: str


class CapAtRatingOf(_Frozen):
    """Cap a judged standard at the rating of another (casework) standard."""

    id: str
    standard: str
    kind: Literal["cap_at_rating_of"]
    of_standard: str
    text: str


DecisionRule = Annotated[CapWhenAllAtMost | CapAtRatingOf, Field(discriminator="kind")]


class Framework(_Frozen):
    """A whole inspection framework, as loaded from its YAML file."""

    id: str
    title: str
    publisher: str | None = None
    ratings: tuple[RatingLevel, ...]
    bands: PercentageBands
    overall: ScoreBands
    rule_texts: dict[RuleKind, str] = {}
    annexe_note: str | None = None
    domains: tuple[Domain, ...]
    decision_rules: tuple[DecisionRule, ...] = ()

    @cached_property
    def standards(self) -> tuple[Standard, ...]:
        """Every standard, in framework order."""
        return tuple(s for d in self.domains for s in d.standards)

    @cached_property
    def _standards_by_id(self) -> dict[str, Standard]:
        return {s.id: s for s in self.standards}

    def standard(self, standard_id: str) -> Standard:
        """The standard with this id (KeyError if none)."""
        return self._standards_by_id[standard_id]

    def has_standard(self, standard_id: str) -> bool:
        """Whether the framework has a standard with this id."""
        return standard_id in self._standards_by_id

    @cached_property
    def key_questions(self) -> tuple[KeyQuestion, ...]:
        """Every key question, in framework order."""
        return tuple(kq for s in self.standards for kq in s.key_questions)

    @cached_property
    def key_question_ids(self) -> tuple[str, ...]:
        """Every key question's id, in framework order."""
        return tuple(kq.id for kq in self.key_questions)

    @cached_property
    def prompts(self) -> tuple[Prompt, ...]:
        """Every prompt, in framework order."""
        return tuple(p for s in self.standards for p in s.prompts)

    @cached_property
    def rated_standards(self) -> tuple[Standard, ...]:
        """The standards that receive a rating, in framework order."""
        return tuple(s for s in self.standards if s.rated)

    @cached_property
    def _rating_index(self) -> dict[str, int]:
        # Ratings are listed best first: a lower index is a better rating.
        return {r.id: i for i, r in enumerate(self.ratings)}

    def has_rating(self, rating_id: str) -> bool:
        """Whether ``rating_id`` names one of the framework's ratings."""
        return rating_id in self._rating_index

    def rating(self, rating_id: str) -> RatingLevel:
        """The rating with this id (KeyError if none)."""
        return self.ratings[self._rating_index[rating_id]]

    def is_better(self, a: str, b: str) -> bool:
        """Whether rating ``a`` is strictly better than rating ``b``."""
        return self._rating_index[a] < self._rating_index[b]

    def worse_of(self, a: str, b: str) -> str:
        """The worse of two ratings."""
        return b if self.is_better(a, b) else a

    @cached_property
    def percentage_band_table(self) -> tuple[str, ...]:
        """The rating of every whole percentage 0–100, by the bands (a lookup for speed)."""
        table: list[str] = []
        for pct in range(101):
            reached = [b for b in self.bands.ranges if b.min <= pct]
            table.append(max(reached, key=lambda b: b.min).rating if reached else "")
        return tuple(table)

    @property
    def max_score(self) -> int:
        """The highest score: every rated standard at the best rating."""
        best = max(r.points for r in self.ratings)
        return best * len(self.rated_standards)

    def decision_rules_for(self, standard_id: str) -> tuple[CapWhenAllAtMost | CapAtRatingOf, ...]:
        """The decision rules that cap the given standard."""
        return tuple(r for r in self.decision_rules if r.standard == standard_id)
