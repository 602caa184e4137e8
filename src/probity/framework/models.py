"""The inspection framework as frozen, typed models.

These models describe the shape of a framework file; the cross-references between its parts
(ids, rules, bands) are checked by :mod:`probity.framework.checks` when a file is loaded.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, PrivateAttr

from probity.framework.conditions import Condition, condition_data, parse_condition
from probity.framework.publication import FrontMatter, GlossaryTerm, NarrativeSection, WebLink


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


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", use_enum_values=False, arbitrary_types_allowed=True
    )


def _condition(value: Any) -> Condition:
    try:
        return parse_condition(value)
    except ValueError as e:
        raise ValueError(str(e)) from None


When = Annotated[
    Condition, BeforeValidator(_condition), PlainSerializer(condition_data, return_type=dict)
]
"""A condition over a case's attributes (:mod:`probity.framework.conditions`)."""


class AttributeType(StrEnum):
    """How a case attribute's values are written."""

    CHOICE = "choice"
    BOOLEAN = "boolean"
    TEXT = "text"
    INTEGER = "integer"


class AttributeValue(_Frozen):
    """One value a choice attribute may take, and how it is printed."""

    id: str
    label: str


class CaseAttribute(_Frozen):
    """A fact recorded about every case: a column of the bundle's ``cases`` table.

    ``subgroup``: figures may be broken down by it (``probity stats --by``) and the sample's
    composition lists it; ``filter``: case lists offer it as a filter; ``listed``: case lists
    show it as a column.
    """

    assumption: str | None = None

    id: str
    label: str
    type: AttributeType
    doc: str = ""
    required: bool = True
    values: tuple[AttributeValue, ...] = ()
    subgroup: bool = False
    filter: bool = False
    listed: bool = False

    @property
    def value_ids(self) -> tuple[str, ...]:
        """The allowed values of a choice attribute, in order."""
        return tuple(v.id for v in self.values)

    def value_label(self, value: object) -> str:
        """A value as printed: its label (a choice), Yes or No (a boolean), or as it is."""
        if isinstance(value, bool):
            return "Yes" if value else "No"
        for v in self.values:
            if v.id == value:
                return v.label
        return "" if value is None else str(value)


class CaseConstraint(_Frozen):
    """A rule between a case's attributes: where ``when`` holds, ``require`` must too."""

    assumption: str | None = None

    when: When
    require: When
    message: str


class CaseProfile(_Frozen):
    """The attributes every case of an inspection carries, and the rules between them."""

    attributes: tuple[CaseAttribute, ...] = ()
    constraints: tuple[CaseConstraint, ...] = ()

    @cached_property
    def by_id(self) -> dict[str, CaseAttribute]:
        """The attributes by id."""
        return {a.id: a for a in self.attributes}

    @property
    def subgroups(self) -> tuple[CaseAttribute, ...]:
        """The attributes figures may be broken down by, in order."""
        return tuple(a for a in self.attributes if a.subgroup)

    def words(self, attribute: str, value: object) -> tuple[str, str]:
        """An attribute's label and one of its values' label, for describing a condition."""
        a = self.by_id.get(attribute)
        if a is None:
            return attribute, str(value)
        return a.label, a.value_label(value)


class MarkerRule(_Frozen):
    """What a marker on a prompt means (Annexe three's ``*`` and ``**``): where ``na_when``
    holds the prompt must be answered "na"; with ``may_be_na`` the inspector may answer "na"
    on any case."""

    assumption: str | None = None

    symbol: str
    meaning: str
    na_when: When | None = None
    may_be_na: bool = False


class RatingLevel(_Frozen):
    """One rating a standard can receive, with the points it contributes to the score."""

    assumption: str | None = None

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

    assumption: str | None = None

    rounding: Rounding = Rounding.HALF_UP
    ranges: tuple[Band, ...]
    # A casework standard that so few changed answers (this many or fewer, up or down) would
    # move to another band is marked close to a band boundary; 0 marks none.
    close_within: Annotated[int, Field(ge=0)] = 2


class ScoreBands(_Frozen):
    """The bands for the total score; ``assumption`` says where they are not published (any
    part of a framework may carry an ``assumption``: what it rests on that the publisher has
    not confirmed)."""

    assumption: str | None = None
    ranges: tuple[Band, ...]


class Prompt(_Frozen):
    """A question inspectors answer under a key question (Annexe three's rows).

    On a given case a prompt is not asked (``applies_when`` does not hold: no answer may be
    given), must be "na" (``na_when`` holds, or a marker's does), may be "na" (``may_be_na``,
    or a marker that says so) or is answered yes or no.
    """

    assumption: str | None = None

    id: str
    text: str
    markers: tuple[str, ...] = ()
    guidance: str | None = None
    applies_when: When | None = None
    na_when: When | None = None
    may_be_na: bool = False


class KeyQuestion(_Frozen):
    """A key question: its % "Yes" is what a casework standard's rating is banded on. It is
    answered yes or no on every case it applies to."""

    assumption: str | None = None

    id: str
    text: str
    guidance: str | None = None
    applies_when: When | None = None
    prompts: tuple[Prompt, ...] = ()


class PromptGroup(_Frozen):
    """Prompts that belong to a standard but to none of its key questions."""

    heading: str
    prompts: tuple[Prompt, ...]


class Standard(_Frozen):
    """A standard, its headline text and the rule that rates it."""

    assumption: str | None = None

    id: str
    name: str
    text: str
    rule: RuleKind
    # A rated standard counts towards the score unless ``scored: false`` (rated apart).
    scored: bool = True
    # The cases the standard is asked on (all, without a condition).
    applies_when: When | None = None
    questions: tuple[str, ...] = ()
    key_questions: tuple[KeyQuestion, ...] = ()
    other_prompts: PromptGroup | None = None

    @property
    def rated(self) -> bool:
        """Whether the standard receives a rating."""
        return self.rule is not RuleKind.REPORTED_NOT_RATED

    @property
    def counts_in_score(self) -> bool:
        """Whether the standard's rating adds points to the score (and to its maximum)."""
        return self.rated and self.scored

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """Every prompt of the standard, in framework order."""
        inside = tuple(p for kq in self.key_questions for p in kq.prompts)
        return inside + (self.other_prompts.prompts if self.other_prompts else ())


class Domain(_Frozen):
    """A domain of the framework and its standards (``applies_when``: the cases every one of
    its standards is asked on)."""

    assumption: str | None = None

    id: str
    name: str
    applies_when: When | None = None
    standards: tuple[Standard, ...]


class CapWhenAllAtMost(_Frozen):
    """Cap a judged standard when every rated casework standard of a domain is at most a rating."""

    assumption: str | None = None

    id: str
    standard: str
    kind: Literal["cap_when_all_at_most"]
    of_domain: str
    at_most: str
    cap: str
    text: str


class CapAtRatingOf(_Frozen):
    """Cap a judged standard at the rating of another (casework) standard."""

    assumption: str | None = None

    id: str
    standard: str
    kind: Literal["cap_at_rating_of"]
    of_standard: str
    text: str


DecisionRule = Annotated[CapWhenAllAtMost | CapAtRatingOf, Field(discriminator="kind")]


class Labelled(_Frozen):
    """An id and how it is printed."""

    assumption: str | None = None

    id: str
    label: str


class StaffingSection(_Frozen):
    """A section of the staffing figures: a table of Annexe two (``annexe``) or rows added
    to the case characteristics table (``characteristics``)."""

    assumption: str | None = None

    id: str
    label: str
    place: Literal["annexe", "characteristics"] = "annexe"


class CharacteristicRow(_Frozen):
    """A row of the case characteristics table: the share of cases for which ``when``
    holds."""

    assumption: str | None = None

    id: str
    label: str
    when: When


class Characteristics(_Frozen):
    """The report's case characteristics table and the standard it is printed under."""

    assumption: str | None = None

    standard: str | None = None
    caption: str = "Characteristics of inspected cases"
    source: str | None = None
    rows: tuple[CharacteristicRow, ...] = ()


class SampleCount(_Frozen):
    """A count of the inspected cases (all of them, or those for which ``when`` holds),
    quoted by the narrative as ``sample.REF`` and, unless ``shown`` is false, printed in the
    key data table."""

    assumption: str | None = None

    ref: str
    label: str
    when: When | None = None
    shown: bool = True


class KeyData(_Frozen):
    """The key data table: what was inspected, printed under one domain's heading."""

    assumption: str | None = None

    domain: str | None = None
    caption: str = "The cases we inspected"
    counts: tuple[SampleCount, ...] = ()
    fieldwork_label: str = "Fieldwork"
    windows_label: str | None = None
    interviews_label: str | None = None


class Sampling(_Frozen):
    """How a case sample is drawn and sized: the attributes it is stratified by (each stratum
    gets its share of the sample), and the planner's default margin and confidence for a
    proportion (fractions: 0.1 for ±10 percentage points)."""

    assumption: str | None = None
    strata: tuple[str, ...] = ()
    margin: float = Field(default=0.1, gt=0, lt=1)
    confidence: float = Field(default=0.95, gt=0, lt=1)
    expected: float = Field(default=0.5, gt=0, lt=1)


class SubgroupAnalysis(_Frozen):
    """How figures broken down by subgroup are compared and published: a group of fewer than
    ``minimum_cases`` cases is suppressed in anything published (and marked where figures are
    shown internally), and a difference between a group and the rest of the sample is notable
    where its false-discovery-rate adjusted p-value (q) is below ``false_discovery_rate``."""

    assumption: str | None = None
    minimum_cases: int = Field(default=5, ge=1)
    false_discovery_rate: float = Field(default=0.05, gt=0, lt=1)


class Organisation(_Frozen):
    """What is inspected: the column of the bundle's ``inspection`` table that names it, how
    pages and reports call it, and whether a region is recorded."""

    assumption: str | None = None

    column: str = "organisation"
    label: str = "Organisation"
    region_label: str = "Region"
    region_required: bool = True


class Wording(_Frozen):
    """The framework's own words for the report and the pages. Templates (``{name}``) are
    filled in by the code: ``{region}``, ``{place}`` (the organisation's name less
    ``place_suffix``), ``{name}`` (the lead inspector)."""

    assumption: str | None = None

    inspection_kind: str
    cover_title: str
    population: str
    # How the report says a case met the standard of a key question.
    cases_judged: str = "judged satisfactory"
    region_line: str | None = None
    place_suffix: str | None = None
    recommendations_intro: str | None = None
    lead_inspector_line: str | None = None
    practice_examples_note: str | None = None
    inspection_data_source: str | None = None
    # Annexe one's opening paragraph (with ``{place}``), and the footnote on the
    # recommendations' introduction that points to it.
    annexe_one_intro: str | None = None
    recommendations_note: str | None = None
    # How many changed answers would move a casework standard to another band, and the mark
    # of one close to a band boundary (``bands.close_within``). Filled in: ``{count}``
    # answers (``{s}`` is "s" for more than one), on key question ``{questions}`` (``{qs}``
    # is "s" for more than one), to the rating ``{rating}``.
    band_move_up: str = (
        "{count} more ‘Yes’ answer{s} on key question{qs} {questions} would move this "
        "standard to ‘{rating}’."
    )
    band_move_down: str = (
        "{count} ‘Yes’ answer{s} on key question{qs} {questions} becoming ‘No’ would move "
        "this standard to ‘{rating}’."
    )
    close_to_boundary: str = "Close to a band boundary"


class Framework(_Frozen):
    """A whole inspection framework, as loaded from its YAML file."""

    id: str
    title: str
    publisher: str | None = None
    assumptions: tuple[str, ...] = ()
    wording: Wording
    organisation: Organisation = Organisation()
    case_profile: CaseProfile = CaseProfile()
    markers: tuple[MarkerRule, ...] = ()
    ratings: tuple[RatingLevel, ...]
    bands: PercentageBands
    overall: ScoreBands
    rule_texts: dict[RuleKind, str] = {}
    annexe_note: str | None = None
    characteristics: Characteristics = Characteristics()
    key_data: KeyData = KeyData()
    surveys: tuple[Labelled, ...] = ()
    staffing_sections: tuple[StaffingSection, ...] = ()
    sampling: Sampling = Sampling()
    subgroup_analysis: SubgroupAnalysis = SubgroupAnalysis()
    domains: tuple[Domain, ...]
    decision_rules: tuple[DecisionRule, ...] = ()
    front_matter: FrontMatter | None = None
    narrative_sections: tuple[NarrativeSection, ...] = ()
    links: tuple[WebLink, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    # The report's fixed headings (and domain and standard names) in other languages: by
    # language code, each English heading and its translation.
    translations: dict[str, dict[str, str]] = {}
    # Set by the loader: the SHA-256 of the file's bytes, which an inspection records.
    _content_hash: str = PrivateAttr(default="")

    @property
    def content_hash(self) -> str:
        """The SHA-256 (hex) of the file the framework was loaded from ("" if none)."""
        return self._content_hash

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

    @cached_property
    def scored_standards(self) -> tuple[Standard, ...]:
        """The rated standards whose ratings add up to the score, in framework order."""
        return tuple(s for s in self.standards if s.counts_in_score)

    @property
    def max_score(self) -> int:
        """The highest score: every scored standard at the best rating."""
        best = max(r.points for r in self.ratings)
        return best * len(self.scored_standards)

    @cached_property
    def _markers_by_symbol(self) -> dict[str, MarkerRule]:
        return {m.symbol: m for m in self.markers}

    def marker(self, symbol: str) -> MarkerRule:
        """The rule a marker stands for (KeyError if none)."""
        return self._markers_by_symbol[symbol]

    @cached_property
    def standard_of(self) -> dict[str, Standard]:
        """Each key question's and prompt's standard, by question id."""
        out = {kq.id: s for s in self.standards for kq in s.key_questions}
        out.update({p.id: s for s in self.standards for p in s.prompts})
        return out

    @cached_property
    def domain_of(self) -> dict[str, Domain]:
        """Each standard's domain, by standard id."""
        return {s.id: d for d in self.domains for s in d.standards}

    def decision_rules_for(self, standard_id: str) -> tuple[CapWhenAllAtMost | CapAtRatingOf, ...]:
        """The decision rules that cap the given standard."""
        return tuple(r for r in self.decision_rules if r.standard == standard_id)
