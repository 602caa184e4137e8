"""What reads as a claim about the inspected data in a narrative's words (docs/narrative.md):
percentages ("39 per cent", "39%"), counts of a whole ("28 out of 69", "nine of 33"), counts of
cases ("seven cases", "12 of the cases") and proportions in words ("over half", "two thirds").

A claim is read from the words the author typed; whether it is true is the check's business
(:mod:`probity.report.check`), which compares it with the figure it is bound to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from .formatting import NUMBER_WORDS

# "no" is a word of NUMBER_WORDS (for printing nought) but never reads as a count here.
_WORDS = NUMBER_WORDS[1:]
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
_NUM = rf"{_DIGITS}|{'|'.join(_WORDS)}"
_PERCENT = re.compile(rf"(?<![\w.,])(?P<n>(?:{_DIGITS})(?:\.\d+)?)\s*(?:%|per\s*cent\b)", re.I)
_COUNT_OF = re.compile(
    rf"(?<![\w.,])(?P<n>{_NUM})\s+(?P<out>out\s+of|of)\s+(?P<m>{_NUM})\b(?![.,]\d)", re.I
)
_CASES = re.compile(
    rf"(?<![\w.,])(?P<n>{_NUM})\s+(?:(?:of\s+the|relevant|of\s+these)\s+)?cases\b", re.I
)

# Proportions in words, as (lowest, highest) per cent, each end included or not. The longest
# phrase is tried first, so "a little over half" is not read as "over half".
_SPANS: dict[str, tuple[Fraction, bool, Fraction, bool]] = {}


def _span(low: int, low_in: bool, high: int, high_in: bool, *phrases: str) -> None:
    for phrase in phrases:
        _SPANS[phrase] = (Fraction(low), low_in, Fraction(high), high_in)


_span(0, True, 0, True, "none of the", "none")
_span(100, True, 100, True, "all of the", "every one of the")
_span(90, True, 100, False, "nearly all", "almost all", "all but a few")
_span(50, False, 60, True, "a little over half", "just over half", "slightly over half",
      "a little more than half", "just more than half")  # fmt: skip
_span(40, True, 50, False, "a little under half", "just under half", "nearly half", "almost half",
      "slightly under half", "a little less than half", "just less than half")  # fmt: skip
_span(50, False, 100, True, "over half", "more than half", "most", "the majority", "a majority")
_span(0, True, 50, False, "fewer than half", "less than half", "under half", "below half",
      "a minority", "the minority")  # fmt: skip
_span(45, True, 55, True, "about half", "around half", "roughly half", "half")
_span(62, True, 72, True, "about two thirds", "about two-thirds", "two thirds", "two-thirds")
_span(28, True, 38, True, "about a third", "around a third", "one third", "a third")
_span(70, True, 80, True, "about three quarters", "three quarters", "three-quarters")
_span(20, True, 30, True, "about a quarter", "around a quarter", "one quarter", "a quarter")
_PHRASES = sorted(_SPANS, key=len, reverse=True)
_WORDS_RE = re.compile(
    r"(?<![\w-])(?P<w>" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _PHRASES) + r")\b",
    re.I,
)


@dataclass(frozen=True)
class Claim:
    """One figure in words the author typed: a percentage, a count (of a whole), or a
    proportion in words. ``start``/``end`` place it in the text it was read from."""

    text: str
    kind: str  # "percent" | "count_of" | "count" | "words" | "number"
    start: int = 0
    end: int = 0
    percent: Fraction | None = None
    places: int = 0
    part: int | None = None
    whole: int | None = None
    span: tuple[Fraction, bool, Fraction, bool] | None = None
    value: Fraction | None = None  # a bare number ("33.7"), with its ``places``

    def agrees_with_percent(self, exact: Fraction) -> bool:
        """Whether an exact percentage is what this claim says: the same when rounded half up
        to the places written, or inside the span its words give."""
        if self.kind == "percent" and self.percent is not None:
            return round_half_up(exact, self.places) == self.percent
        if self.kind == "words" and self.span is not None:
            low, low_in, high, high_in = self.span
            above = exact >= low if low_in else exact > low
            below = exact <= high if high_in else exact < high
            return above and below
        return False

    @property
    def described(self) -> str:
        """What the words say, for a message: "a little over half (over 50%, at most 60%)"."""
        if self.span is None:
            return f"“{self.text}”"
        low, low_in, high, high_in = self.span
        if low == high:
            return f"“{self.text}” ({low}%)"
        lower = f"{'at least' if low_in else 'over'} {low}%"
        upper = f"{'at most' if high_in else 'under'} {high}%"
        return f"“{self.text}” ({lower}, {upper})"


def round_half_up(value: Fraction, places: int) -> Fraction:
    """``value`` rounded half up to ``places`` decimal places, exactly."""
    scale = 10**places
    return Fraction(
        (2 * value.numerator * scale + value.denominator) // (2 * value.denominator), scale
    )


def number(text: str) -> int:
    """A count as written, in digits ("1,536") or in words ("nine")."""
    lowered = text.lower()
    if lowered in _WORDS:
        return _WORDS.index(lowered) + 1
    return int(text.replace(",", ""))


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


def _percent(m: re.Match[str]) -> Claim:
    digits = m["n"].replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    return Claim(" ".join(m[0].split()), "percent", m.start(), m.end(), Fraction(digits), places)


def claims_in(text: str) -> Iterator[Claim]:
    """Every claim in ``text``, in order; years ("6 of 2022"), and a count inside a count
    already read ("69 cases" in "28 out of 69 cases"), are not claims."""
    found: list[Claim] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= s or m.start() >= e for s, e in taken)

    for m in _COUNT_OF.finditer(text):
        if not m["out"].lower().startswith("out") and _is_year(m["m"]):
            continue
        whole = number(m["m"])
        found.append(Claim(" ".join(m[0].split()), "count_of", m.start(), m.end(),
                           part=number(m["n"]), whole=whole))  # fmt: skip
        taken.append(m.span())
    for m in _PERCENT.finditer(text):
        if not _is_year(m["n"]) and free(m):
            found.append(_percent(m))
            taken.append(m.span())
    for m in _CASES.finditer(text):
        if free(m):
            found.append(Claim(" ".join(m[0].split()), "count", m.start(), m.end(),
                               part=number(m["n"])))  # fmt: skip
            taken.append(m.span())
    return iter(sorted(found, key=lambda c: c.start))


def words_in(text: str) -> Iterator[Claim]:
    """Every proportion in words in ``text`` ("over half", "a third"), in order."""
    for m in _WORDS_RE.finditer(text):
        phrase = " ".join(m["w"].lower().split())
        yield Claim(" ".join(m["w"].split()), "words", m.start(), m.end(), span=_SPANS[phrase])


def read_claim(literal: str) -> Claim | None:
    """The claim a bound literal makes (``{{ "39 per cent" | about(...) }}``): the first figure
    in it, a proportion in words, or a bare number; None when it holds none."""
    for claim in claims_in(literal):
        return claim
    for claim in words_in(literal):
        return claim
    m = re.search(rf"(?<![\w.,])(?P<n>(?:{_DIGITS})(?:\.\d+)?|{'|'.join(_WORDS)})\b", literal, re.I)
    if m is None:
        return None
    if m["n"].lower() in _WORDS:
        return Claim(m[0], "count", m.start(), m.end(), part=number(m["n"]))
    digits = m["n"].replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    if places == 0:
        return Claim(m[0], "count", m.start(), m.end(), part=int(digits), value=Fraction(digits))
    return Claim(m[0], "number", m.start(), m.end(), places=places, value=Fraction(digits))
