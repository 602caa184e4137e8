"""The figures a narrative literal can be bound to, and which of them a sentence is likely
about: the check proposes them for an unbound literal and the author confirms one.

A proposal ranks figures by the words they share with the sentence (rarer words count for
more), and only then by whether the literal's value agrees: the figure a sentence is about
matters more than a coincidence of numbers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from probity.pipeline import InspectionResults

from .claims import round_half_up
from .figures import (
    CharacteristicFigure,
    CountFigure,
    Namespace,
    StaffingQuote,
    SurveyFigure,
    UnknownFigureError,
)
from .formatting import staffing_text

PROPOSALS = 3
# Words that say nothing about which figure a sentence is about.
_STOP = frozenset(re.findall(r"\w+", """
    the and for with was were are that this those these have has had been being from into than
    then there their they them which what when where who whom our out per cent only also its all
    any some such more most less over under half cases case would could should did does done how
    why other others found find
"""))  # fmt: skip
# Words that say the figure counts the cases where the answer was "No".
_NEGATIVE = frozenset(re.findall(r"\w+", """
    not insufficient insufficiently lacking lack failed inadequate unsatisfactory poor weak absent
    neither nor without
"""))  # fmt: skip


@dataclass(frozen=True)
class Target:
    """What a bound literal is compared with: a part of a whole (a count), or a number in a
    unit, and how to say it."""

    ref: str
    printed: str
    part: int | None = None
    whole: int | None = None
    value: Fraction | None = None
    unit: str = ""


@dataclass(frozen=True)
class Candidate:
    """A figure a literal may be bound to, with the words it is about."""

    ref: str
    side: str
    target: Target
    words: frozenset[str]


@dataclass(frozen=True)
class Pool:
    """Every candidate of one inspection, and how rare each word is among them."""

    items: tuple[Candidate, ...]
    weight: dict[str, float]


def _count_target(ref: str, part: int, whole: int, said: str, noun: str) -> Target:
    # The percentage as the report prints it: rounded half up.
    pct = f" ({round_half_up(Fraction(100 * part, whole), 0)}%)" if whole else ""
    said = f" {said}" if said else ""
    return Target(ref, f"{part}{said} out of {whole}{noun}{pct}", part, whole)


def target_of(figure: object, side: str) -> Target:
    """The target a literal bound to ``figure`` is compared with; an error for what holds no
    number (a rating, a family of figures, text)."""
    if isinstance(figure, CountFigure):
        part = figure.yes if side == "yes" else figure.no
        said = "“Yes”" if side == "yes" else "“No”"
        return _count_target(figure.label, part, figure.applicable, said, "")
    if isinstance(figure, SurveyFigure):
        part = figure.positive if side == "yes" else figure.respondents - figure.positive
        return _count_target(figure.label, part, figure.respondents, "", " respondents")
    if isinstance(figure, CharacteristicFigure):
        part = figure.count if side == "yes" else figure.of - figure.count
        return _count_target(figure.label, part, figure.of, "", " cases")
    if isinstance(figure, StaffingQuote):
        v = figure.figure.value
        value = None if v is None else Fraction(repr(v))
        return Target(figure.label, staffing_text(figure.figure), value=value,
                      unit=figure.figure.unit)  # fmt: skip
    if isinstance(figure, int) and not isinstance(figure, bool):
        return Target("the count it is bound to", str(figure), part=figure, value=Fraction(figure))
    if isinstance(figure, Namespace):
        raise UnknownFigureError(f"{figure} is a family of figures: bind one of them")
    raise UnknownFigureError(
        "bind a number to a key question, prompt, case count, characteristic, survey or "
        "staffing figure, not to a rating or text"
    )


def stems(text: str) -> frozenset[str]:
    """The words of ``text`` that say what it is about, each cut to its first five letters so
    that "coordinated" and "coordination" meet."""
    words = re.findall(r"[a-z]{3,}", text.lower())
    return frozenset(w[:5] for w in words if w not in _STOP)


def _entries(ns: object) -> Iterable[tuple[str, object]]:
    return ns.entries() if isinstance(ns, Namespace) else ()


def candidates(results: InspectionResults, context: dict[str, object]) -> Pool:
    """Every figure of the inspection a literal may be bound to."""
    items: list[Candidate] = []
    for family in ("kq", "prompt"):
        for _, f in _entries(context[family]):
            assert isinstance(f, CountFigure)
            if f.applicable:
                for side in ("yes", "no"):
                    items.append(Candidate(f.label, side, target_of(f, side), stems(f.text)))
    for _, f in _entries(context["survey"]):
        assert isinstance(f, SurveyFigure)
        items.append(Candidate(f.label, "yes", target_of(f, "yes"), stems(f.text)))
    for _, f in _entries(context["characteristics"]):
        assert isinstance(f, CharacteristicFigure)
        items.append(Candidate(f.label, "yes", target_of(f, "yes"), stems(f.text)))
    for _, f in _entries(context["staffing"]):
        assert isinstance(f, StaffingQuote)
        items.append(Candidate(f.label, "yes", target_of(f, "yes"),
                               stems(f"{f.figure.section} {f.figure.measure}")))  # fmt: skip
    for c in results.composition.counts:
        target = Target(f"sample.{c.ref}", f"{c.count} cases", part=c.count,
                        value=Fraction(c.count))  # fmt: skip
        items.append(Candidate(f"sample.{c.ref}", "yes", target, stems(c.label)))
    df = Counter(w for c in items for w in c.words)
    n = len(items) or 1
    weight = {w: math.log((n + 1) / (k + 0.5)) for w, k in df.items()}
    return Pool(tuple(items), weight)


def propose(
    sentence: str, pool: Pool, agrees: Callable[[Target], bool]
) -> list[tuple[Candidate, bool]]:
    """The figures ``sentence`` is most likely about, best first, each with whether the
    literal agrees with it."""
    said = stems(sentence)
    negative = bool(_NEGATIVE & set(re.findall(r"[a-z]+", sentence.lower())))
    scored: list[tuple[float, int, Candidate, bool]] = []
    agreeing: list[Candidate] = []
    for i, c in enumerate(pool.items):
        ok = agrees(c.target)
        shared = sum(pool.weight.get(w, 0.0) for w in said & c.words)
        if shared <= 0:
            if ok:
                agreeing.append(c)
            continue
        side_fits = (c.side == "no") == negative or (c.side == "yes" and c.target.whole is None)
        score = shared * (2.0 if ok else 1.0) * (1.2 if side_fits else 1.0)
        scored.append((score, -i, c, ok))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    best = [(c, ok) for _, _, c, ok in scored[:PROPOSALS]]
    # A sentence that shares no words with a figure may still be about one whose value agrees.
    best += [(c, True) for c in agreeing[: PROPOSALS - len(best)]]
    return best
