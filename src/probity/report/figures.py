"""The figures a narrative paragraph can quote (docs/narrative.md), built from one inspection's
computed results.

Every name is an object whose ``str()`` is the figure as printed ("39%", "30 out of 42"), so
``{{ kq["2.2.3"] }}`` prints the published figure, and whose attributes give the parts
(``.yes``, ``.applicable``…). A name that does not exist raises :class:`UnknownFigureError` with a
message naming it: the narrative renderer turns that into an error at the paragraph's place.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NoReturn

from probity.aggregation import Characteristic
from probity.bundle.model import StaffingFigure
from probity.pipeline import InspectionResults, QuestionFigure
from probity.rating import Count, InspectionRatings

from .formatting import (
    NOT_RATED,
    number_text,
    out_of_text,
    pct_text,
    per_cent_text,
    rating_label,
    staffing_text,
)


class UnknownFigureError(Exception):
    """A narrative quoted a figure that does not exist, or a part a figure does not have."""


class _Quotable(ABC):
    """Shared by every figure: an unknown attribute is an error that names it, not a silent
    blank (Jinja would otherwise print an undefined value)."""

    _attributes: tuple[str, ...] = ()

    @abstractmethod
    def _name(self) -> str:
        """How the narrative names this figure (``kq["2.2.3"]``), for error messages."""

    def __getattr__(self, attribute: str) -> NoReturn:
        # Python's own protocols (copy, pickle, Jinja's checks) look up dunder names: those
        # must stay plain AttributeErrors.
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        raise UnknownFigureError(
            f"{self._name()} has no .{attribute}; it has "
            + ", ".join(f".{a}" for a in self._attributes)
        )


@dataclass(frozen=True)
class CountFigure(_Quotable):
    """A key question's or a prompt's figure: ``str()`` is the % "Yes" as published."""

    label: str
    count: Count
    # What the figure is about (the question's words), for the check's proposals.
    text: str = ""
    _attributes = ("pct", "yes", "no", "applicable", "per_cent")

    def _name(self) -> str:
        return self.label

    @property
    def yes(self) -> int:
        """The cases answered "Yes"."""
        return self.count.part

    @property
    def applicable(self) -> int:
        """The cases it applies to (answered "Yes" or "No")."""
        return self.count.whole

    @property
    def exact(self) -> Fraction:
        """The exact % "Yes"; an error when the question applies to no case."""
        pct = self.count.pct
        if pct is None:
            raise UnknownFigureError(f"{self.label} applies to no case: it has no percentage")
        return pct

    @property
    def pct(self) -> int:
        """The % "Yes" rounded half up, as published (39)."""
        self.exact  # noqa: B018  # raises for a question that applies to no case
        return self.count.rounded or 0

    @property
    def no(self) -> int:
        """The cases answered "No" among those it applies to."""
        return self.count.rest

    @property
    def per_cent(self) -> str:
        """The % "Yes" as prose prints it: "39 per cent"."""
        return per_cent_text(self.pct)

    def __str__(self) -> str:
        return pct_text(self.pct)


@dataclass(frozen=True)
class StandardFigure(_Quotable):
    """A standard's rating: ``str()`` is its label ("Inadequate")."""

    label: str
    rating: str
    driver_figure: CountFigure | None
    _attributes = ("rating", "driver")

    def _name(self) -> str:
        return self.label

    @property
    def driver(self) -> CountFigure:
        """The figure of the key question that drove the rating."""
        if self.driver_figure is None:
            raise UnknownFigureError(
                f"{self.label} is not rated on a key question: it has no .driver"
            )
        return self.driver_figure

    def __str__(self) -> str:
        return self.rating


@dataclass(frozen=True)
class SurveyFigure(_Quotable):
    """A survey result: ``str()`` is "30 out of 42"."""

    label: str
    positive: int
    respondents: int
    text: str = ""
    _attributes = ("positive", "respondents", "pct", "per_cent")

    def _name(self) -> str:
        return self.label

    @property
    def pct(self) -> int:
        """The % positive, rounded half up."""
        rounded = Count(self.positive, self.respondents).rounded
        if rounded is None:
            raise UnknownFigureError(f"{self.label} has no respondents: it has no percentage")
        return rounded

    @property
    def per_cent(self) -> str:
        """The % positive as prose prints it."""
        return per_cent_text(self.pct)

    def __str__(self) -> str:
        return out_of_text(self.positive, self.respondents)


@dataclass(frozen=True)
class StaffingQuote(_Quotable):
    """A staffing figure: ``str()`` is the figure in its unit ("33.7", "26%")."""

    label: str
    figure: StaffingFigure
    _attributes = ("value",)

    def _name(self) -> str:
        return self.label

    @property
    def value(self) -> str:
        """The bare number, without its unit ("26")."""
        if self.figure.value is None:
            raise UnknownFigureError(f"{self.label} is not available: it has no .value")
        return number_text(self.figure.value)

    def __str__(self) -> str:
        return staffing_text(self.figure)


@dataclass(frozen=True)
class CharacteristicFigure(_Quotable):
    """A row of the case characteristics table: ``str()`` is its percentage ("10%")."""

    label: str
    share: Count
    text: str = ""
    _attributes = ("count", "of", "pct", "per_cent")

    def _name(self) -> str:
        return self.label

    @property
    def count(self) -> int:
        """The cases with the characteristic."""
        return self.share.part

    @property
    def of(self) -> int:
        """All the cases."""
        return self.share.whole

    @property
    def pct(self) -> int:
        """The percentage of the cases, rounded half up."""
        rounded = self.share.rounded
        if rounded is None:
            raise UnknownFigureError(f"{self.label}: there are no cases")
        return rounded

    @property
    def per_cent(self) -> str:
        """The percentage as prose prints it."""
        return per_cent_text(self.pct)

    def __str__(self) -> str:
        return pct_text(self.pct)


class Namespace:
    """A family of figures (``kq``, ``survey``…), looked up as ``kq["2.2.3"]`` or
    ``survey.quality_prioritised``; an unknown name is an error naming it."""

    def __init__(self, name: str, what: str, entries: Mapping[str, object], dotted: bool):
        self._ns_name = name
        self._what = what
        self._entries = dict(entries)
        self._dotted = dotted

    def entries(self) -> list[tuple[str, object]]:
        """Every figure of the family, by name, in order."""
        return list(self._entries.items())

    def _spell(self, key: object) -> str:
        if self._dotted and isinstance(key, str):
            return f"{self._ns_name}.{key}"
        return f"{self._ns_name}[{key!r}]".replace("'", '"')

    def __getitem__(self, key: object) -> object:
        if isinstance(key, str) and key in self._entries:
            return self._entries[key]
        raise UnknownFigureError(f"{self._spell(key)}: there is no {self._what} {key!r}")

    def __getattr__(self, key: str) -> object:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __str__(self) -> str:
        example = f"{self._ns_name}.NAME" if self._dotted else f'{self._ns_name}["ID"]'
        raise UnknownFigureError(f"{self._ns_name} is a family of figures: quote one, as {example}")


def _figure(label: str, f: QuestionFigure, text: str = "") -> CountFigure:
    return CountFigure(label, f.count, text)


def _quote(name: str, key: str) -> str:
    return f'{name}["{key}"]'


def _standards(results: InspectionResults, ratings: InspectionRatings) -> dict[str, object]:
    fw = results.framework
    out: dict[str, object] = {}
    for s in ratings.standards:
        label = _quote("standard", s.standard_id)
        driver = None
        if s.driver is not None:
            driver = _figure(_quote("kq", s.driver.id), results.figures[s.driver.id])
        out[s.standard_id] = StandardFigure(
            label, rating_label(fw, s.rating) if s.rating else NOT_RATED, driver
        )
    return out


def _proportion(label: str, c: Characteristic) -> CharacteristicFigure:
    return CharacteristicFigure(label, c.count, c.label)


def figures_context(results: InspectionResults) -> dict[str, Any]:
    """Every name a narrative paragraph can quote, as docs/narrative.md lists them.

    ``results.ratings`` must be complete (the report is not made without a ratings page)."""
    ratings = results.ratings
    if ratings is None:
        raise ValueError("the inspection is not rated: " + "; ".join(map(str, results.problems)))
    fw = results.framework
    kqs = {k.id: _figure(_quote("kq", k.id), results.figures[k.id], k.text)
           for k in fw.key_questions}  # fmt: skip
    prompts = {
        p.id: _figure(_quote("prompt", p.id), results.figures[p.id], p.text) for p in fw.prompts
    }
    comp = results.composition
    sample: dict[str, object] = {"cases": comp.cases}
    sample.update({c.ref: c.count for c in comp.counts})
    characteristics = {
        c.id: _proportion(f"characteristics.{c.id}", c) for c in results.characteristics
    }
    surveys = {
        s.ref: SurveyFigure(f"survey.{s.ref}", s.positive, s.respondents, s.question)
        for s in results.bundle.surveys
        if s.ref
    }
    staffing = {
        f.ref: StaffingQuote(f"staffing.{f.ref}", f) for f in results.bundle.staffing if f.ref
    }
    return {
        "kq": Namespace("kq", "key question", kqs, dotted=False),
        "prompt": Namespace("prompt", "prompt", prompts, dotted=False),
        "standard": Namespace("standard", "standard", _standards(results, ratings), dotted=False),
        "score": ratings.score,
        "max_score": ratings.max_score,
        "overall": fw.rating(ratings.overall).label,
        "sample": Namespace("sample", "sample count", sample, dotted=True),
        "characteristics": Namespace(
            "characteristics", "case characteristic", characteristics, dotted=True
        ),
        "survey": Namespace("survey", "survey result with ref", surveys, dotted=True),
        "staffing": Namespace("staffing", "staffing figure with ref", staffing, dotted=True),
    }
