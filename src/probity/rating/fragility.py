"""How far a casework standard's rating is from a band boundary: the fewest key-question
answers which, changed one case at a time ("No" becoming "Yes", or the reverse), would move
the standard's rating up a band, and down one, under the framework's bands and rounding.

A changed answer moves one key question's "Yes" count by one and leaves the cases it applies
to as they are. The lowest key question drives the rating, so to move up every key question
below the next band must reach it (the changes add up over them), while to move down one key
question falling below the current band is enough (the fewest over any one of them).

Pure functions over exact counts: every percentage is :attr:`Count.pct`, banded by
:func:`probity.rating.bands.banding` as the engine bands it; no floats.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from probity.framework.models import Framework
from probity.rating.bands import banding
from probity.rating.figures import Count


@dataclass(frozen=True)
class Changes:
    """Answers to change on one key question."""

    key_question_id: str
    answers: int


@dataclass(frozen=True)
class BandMove:
    """The fewest changed answers that would move a standard to another band: ``answers``
    (None when no change can, ``reason`` saying why), the rating it would then have, and the
    changes on each key question that add up to it."""

    answers: int | None
    rating: str | None = None
    changes: tuple[Changes, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Fragility:
    """A casework standard's distance from the band above (``up``) and below (``down``)."""

    up: BandMove
    down: BandMove

    def within(self, answers: int) -> bool:
        """Whether so few changed answers (``answers`` or fewer) would move it either way."""
        return any(m.answers is not None and m.answers <= answers for m in (self.up, self.down))


def band_moves(fw: Framework, counts: Sequence[tuple[str, Count]]) -> Fragility:
    """The fewest changed answers that would move a standard rated by the lowest of its key
    questions (``counts``: each key question's id and count, in framework order) up a band
    and down a band."""
    rate = _rater(fw)
    if not counts:
        none = BandMove(None, reason="the standard has no key question")
        return Fragility(none, none)
    empty = [kq for kq, c in counts if not c.whole]
    if empty:
        none = BandMove(None, reason=f"key question {empty[0]} applies to no case")
        return Fragility(none, none)
    current = _worst(fw, [rate(c.part, c.whole) for _, c in counts])
    ladder = sorted(fw.bands.ranges, key=lambda b: b.min)
    at = next(i for i, b in enumerate(ladder) if b.rating == current)
    up = (
        _up(fw, rate, counts, ladder[at + 1].rating)
        if at + 1 < len(ladder)
        else BandMove(None, reason=f"{current} is the top band")
    )
    down = (
        _down(fw, rate, counts, current)
        if at > 0
        else BandMove(None, reason=f"{current} is the bottom band")
    )
    return Fragility(up, down)


Rater = Callable[[int, int], str]


def _rater(fw: Framework) -> Rater:
    band = banding(fw)

    def rate(yes: int, applicable: int) -> str:
        pct = Count(yes, applicable).pct
        assert pct is not None  # only called for key questions that apply to some case
        return band(pct)[1]

    return rate


def _worst(fw: Framework, ratings: Sequence[str]) -> str:
    worst = ratings[0]
    for r in ratings[1:]:
        worst = fw.worse_of(worst, r)
    return worst


def _at_least(fw: Framework, rating: str, target: str) -> bool:
    return not fw.is_better(target, rating)


def _up(fw: Framework, rate: Rater, counts: Sequence[tuple[str, Count]], target: str) -> BandMove:
    changes: list[Changes] = []
    after: list[str] = []
    for kq, c in counts:
        # The "Yes" counts from now to every case: the first that reaches the target band.
        # Banding is monotone in the count, so a bisection finds it.
        reachable = range(c.part, c.whole + 1)
        i = bisect_left(reachable, True, key=lambda yes: _at_least(fw, rate(yes, c.whole), target))
        if i == len(reachable):
            return BandMove(None, reason=f"key question {kq} cannot reach {target}")
        if i:
            changes.append(Changes(kq, i))
        after.append(rate(c.part + i, c.whole))
    return BandMove(sum(x.answers for x in changes), _worst(fw, after), tuple(changes))


def _down(
    fw: Framework, rate: Rater, counts: Sequence[tuple[str, Count]], current: str
) -> BandMove:
    best: BandMove | None = None
    for kq, c in counts:
        # The "Yes" counts from none to now: those below the current band come first.
        below = bisect_left(
            range(c.part + 1), True, key=lambda yes: _at_least(fw, rate(yes, c.whole), current)
        )
        if below == 0:
            continue  # not even no "Yes" at all falls below the current band
        answers = c.part - (below - 1)
        # On a tie the first key question in framework order is named.
        if best is None or answers < best.changes[0].answers:
            # Every other key question is at the current band or above: this one drives.
            best = BandMove(answers, rate(below - 1, c.whole), (Changes(kq, answers),))
    return best or BandMove(None, reason=f"no key question can fall below {current}")


def move_sentence(fw: Framework, direction: str, move: BandMove) -> str | None:
    """How many changed answers would move the standard ``"up"`` or ``"down"``, in the
    framework's words (``wording.band_move_up`` or ``band_move_down``): numbers and key
    questions, never cases. None when no change would."""
    if move.answers is None or move.rating is None:
        return None
    template = fw.wording.band_move_up if direction == "up" else fw.wording.band_move_down
    if len(move.changes) == 1:
        questions = move.changes[0].key_question_id
    else:
        each = [f"{c.key_question_id} ({c.answers})" for c in move.changes]
        questions = f"{', '.join(each[:-1])} and {each[-1]}"
    return template.format(
        count=move.answers,
        s="" if move.answers == 1 else "s",
        qs="" if len(move.changes) == 1 else "s",
        questions=questions,
        rating=fw.rating(move.rating).label,
    )
