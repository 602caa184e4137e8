"""The ratings page as one view model: every standard with its rating, what drove it and the
caps on it, the score and the overall rating, in the framework's words. The console, the
JSON, the web pages and the report all format this one model, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from probity.framework.models import Framework, RuleKind, Standard
from probity.rating.caps import effective_cap
from probity.rating.figures import Count, percent_text
from probity.rating.fragility import Fragility, band_moves, move_sentence
from probity.rating.outcome import RatingOutcome
from probity.rating.results import Cap, InputProblem, InspectionRatings, StandardResult

CASEWORK, JUDGED, REPORTED = "casework", "judged", "reported"


@dataclass(frozen=True)
class RatingLabel:
    """A rating in the framework's words; ``position`` counts from the best (0)."""

    id: str
    label: str
    position: int


def rating_label(fw: Framework, rating_id: str | None) -> RatingLabel | None:
    """The framework's label of a rating (None for no rating)."""
    if rating_id is None:
        return None
    position = next(i for i, r in enumerate(fw.ratings) if r.id == rating_id)
    return RatingLabel(rating_id, fw.ratings[position].label, position)


@dataclass(frozen=True)
class KeyQuestionLine:
    """A key question's figure: its count (None when only its percentage is known, as from a
    summary), its exact % "Yes" and the text it is printed as, the value the engine banded
    and the band it gave (None until the standard is rated, and for a reported standard),
    and whether it is the lowest, which drives its standard's rating."""

    id: str
    text: str
    count: Count | None
    pct: Fraction | None
    pct_text: str
    banded: Fraction | int | None
    band: RatingLabel | None
    drives: bool


@dataclass(frozen=True)
class CapLine:
    """A decision rule in force on a judged standard."""

    rule_id: str
    text: str
    cap: RatingLabel
    reason: str


@dataclass(frozen=True)
class StandardLine:
    """One standard on the ratings page."""

    id: str
    name: str
    headline: str
    rule: RuleKind
    kind: str  # CASEWORK, JUDGED or REPORTED
    scored: bool
    rating: RatingLabel | None
    points: int | None
    key_questions: tuple[KeyQuestionLine, ...] = ()
    driver: KeyQuestionLine | None = None
    caps: tuple[CapLine, ...] = ()
    cap: RatingLabel | None = None  # the lowest cap in force
    # How many changed answers would move a rated casework standard up or down a band (None
    # where the counts are not known, as from a summary), whether so few would that it is
    # close to a band boundary (``bands.close_within``), both moves said in the framework's
    # words (up, then down, where there is a band to move to), and those that are so close.
    fragility: Fragility | None = None
    close: bool = False
    moves: tuple[str, ...] = ()
    close_moves: tuple[str, ...] = ()

    @property
    def driven_by(self) -> str:
        """What gave the rating, in a few words ("2.2.3: 39%", "judgement, capped at …")."""
        if self.driver is not None and self.rating is not None:
            return f"{self.driver.id}: {self.driver.pct_text}"
        if self.kind == REPORTED:
            shown = ", ".join(f"{k.id}: {k.pct_text}" for k in self.key_questions)
            return f"{shown} (reported)"
        if self.kind == JUDGED:
            return f"judgement, capped at {self.cap.label}" if self.cap else "judgement"
        return "not rated yet"


@dataclass(frozen=True)
class DomainLines:
    """A domain's standards."""

    id: str
    name: str
    standards: tuple[StandardLine, ...]

    @property
    def title(self) -> str:
        """As headings print it: "1. Organisational delivery"."""
        return f"{self.id}. {self.name}"


@dataclass(frozen=True)
class RatingsPage:
    """The ratings page. ``score`` and ``overall`` are None until every standard is rated;
    ``problems`` then says what is missing."""

    framework_id: str
    inspection: str
    domains: tuple[DomainLines, ...]
    score: int | None
    max_score: int
    overall: RatingLabel | None
    problems: tuple[InputProblem, ...] = ()
    close_mark: str = ""  # the framework's words for a standard close to a band boundary

    @property
    def close(self) -> tuple[StandardLine, ...]:
        """The standards close to a band boundary, in framework order."""
        return tuple(s for s in self.standards if s.close)

    @property
    def standards(self) -> tuple[StandardLine, ...]:
        """Every standard, in framework order."""
        return tuple(s for d in self.domains for s in d.standards)

    def standard(self, standard_id: str) -> StandardLine:
        """One standard (KeyError if none)."""
        for s in self.standards:
            if s.id == standard_id:
                return s
        raise KeyError(standard_id)

    @property
    def complete(self) -> bool:
        """Whether every standard is rated, with a score and an overall rating."""
        return self.overall is not None


def page_from_outcome(fw: Framework, outcome: RatingOutcome, inspection: str = "") -> RatingsPage:
    """The ratings page as far as the answers and judgements so far rate it."""
    return _page(
        fw, inspection, outcome.key_questions, outcome.result, outcome.judgements,
        outcome.caps or {}, outcome.ratings, outcome.problems,
    )  # fmt: skip


def page_from_ratings(
    fw: Framework, ratings: InspectionRatings, inspection: str = ""
) -> RatingsPage:
    """The ratings page of a fully rated inspection known by its percentages alone (a
    summary: no counts)."""
    judgements = {s.standard_id: s.rating for s in ratings.standards if s.rule.is_judgement}
    caps = {s.standard_id: s.caps for s in ratings.standards if s.caps}
    results = {s.standard_id: s for s in ratings.standards}
    return _page(
        fw, inspection, {}, results.get, {k: v for k, v in judgements.items() if v},
        caps, ratings, (),
    )  # fmt: skip


def _page(
    fw: Framework,
    inspection: str,
    counts: Mapping[str, Count],
    result: Callable[[str], StandardResult | None],
    judgements: Mapping[str, str],
    caps: Mapping[str, tuple[Cap, ...]],
    ratings: InspectionRatings | None,
    problems: tuple[InputProblem, ...],
) -> RatingsPage:
    domains = tuple(
        DomainLines(
            d.id,
            d.name,
            tuple(
                _line(fw, s, result(s.id), counts, judgements.get(s.id), caps.get(s.id, ()))
                for s in d.standards
            ),
        )
        for d in fw.domains
    )
    return RatingsPage(
        fw.id,
        inspection,
        domains,
        ratings.score if ratings else None,
        fw.max_score,
        rating_label(fw, ratings.overall) if ratings else None,
        problems,
        fw.wording.close_to_boundary,
    )


def _line(
    fw: Framework,
    s: Standard,
    result: StandardResult | None,
    counts: Mapping[str, Count],
    judgement: str | None,
    caps: tuple[Cap, ...],
) -> StandardLine:
    kind = JUDGED if s.rule.is_judgement else (CASEWORK if s.rated else REPORTED)
    if kind == JUDGED:
        rating = result.rating if result is not None else judgement
        cap_lines = tuple(
            CapLine(c.rule_id, c.text, rating_label(fw, c.cap), c.reason)  # type: ignore[arg-type]
            for c in caps
        )
        return StandardLine(
            s.id, s.name, s.text, s.rule, kind, s.scored, rating_label(fw, rating),
            result.points if result is not None else None,
            caps=cap_lines, cap=rating_label(fw, effective_cap(fw, caps)),
        )  # fmt: skip
    engine = {k.id: k for k in result.key_questions} if result is not None else {}
    several = len(s.key_questions) > 1 and s.rule is RuleKind.BAND_OF_LOWEST_KEY_QUESTION
    driver_id = result.driver.id if result is not None and result.driver else None
    lines = []
    for kq in s.key_questions:
        count = counts.get(kq.id)
        banded = engine.get(kq.id)
        pct = banded.pct if banded is not None else (count.pct if count else None)
        band = rating_label(fw, banded.rating) if banded is not None and s.rated else None
        lines.append(
            KeyQuestionLine(
                kq.id, kq.text, count, pct, percent_text(fw, pct),
                banded.banded if banded is not None else None, band,
                several and kq.id == driver_id,
            )
        )  # fmt: skip
    driver = next((k for k in lines if k.id == driver_id), None)
    known = [(kq.id, counts[kq.id]) for kq in s.key_questions if kq.id in counts]
    rated = kind == CASEWORK and result is not None and result.rating is not None
    # A summary gives percentages alone: without every count there is nothing to change.
    fragile = band_moves(fw, known) if rated and len(known) == len(s.key_questions) else None
    return StandardLine(
        s.id, s.name, s.text, s.rule, kind, s.scored,
        rating_label(fw, result.rating if result else None),
        result.points if result else None, tuple(lines), driver,
        fragility=fragile,
        close=fragile is not None and fragile.within(fw.bands.close_within),
        moves=_moves(fw, fragile),
        close_moves=_moves(fw, fragile, within=fw.bands.close_within),
    )  # fmt: skip


def _moves(fw: Framework, fragile: Fragility | None, within: int | None = None) -> tuple[str, ...]:
    """The moves up and down in words: every one, or those of ``within`` answers or fewer."""
    if fragile is None:
        return ()
    said = []
    for direction, move in (("up", fragile.up), ("down", fragile.down)):
        sentence = move_sentence(fw, direction, move)
        near = within is None or (move.answers is not None and move.answers <= within)
        if sentence is not None and near:
            said.append(sentence)
    return tuple(said)
