"""The ratings page as plain data (the ``--json`` output of ``probity rate``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from probity.rating.figures import Count
from probity.rating.page import KeyQuestionLine, RatingsPage, StandardLine
from probity.statistics import wilson


def _number(value: Fraction | int | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


def interval_json(count: Count | None) -> list[float] | None:
    """The 95% Wilson score interval of a count's % "Yes" as JSON gives it: ``[lower, upper]``
    in per cent to one decimal place (``[29.2, 50.3]`` for 31 of 79); None when no case
    applies, or when only the percentage is known (a summary has no counts)."""
    interval = None if count is None else wilson(count)
    return None if interval is None else interval.percent(1)


def _kq(k: KeyQuestionLine) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": k.id,
        "pct": _number(k.pct),
        "banded": _number(k.banded),
        "rating": k.band.id if k.band else None,
        "shown": k.pct_text,
    }
    if k.count is not None:
        out["yes"], out["applicable"] = k.count.part, k.count.whole
        out["interval"] = interval_json(k.count)
    return out


def _fragility(s: StandardLine) -> dict[str, Any]:
    # Only where the counts are known (a bundle, not a summary) for a rated casework standard.
    if s.fragility is None:
        return {}
    return {
        "to_move_up": s.fragility.up.answers,
        "to_move_down": s.fragility.down.answers,
        "close_to_band_boundary": s.close,
    }


def ratings_document(page: RatingsPage) -> dict[str, Any]:
    """The ratings page as JSON-ready data.

    ``standards`` maps every standard id to its rating id (None for one reported, not rated);
    ``details`` gives, per standard, the rule, whether it counts in the score, the figure that
    drove the rating and any decision rule in force; and, for a casework standard rated from
    counts, the fewest changed answers that would move it up a band and down one (None at the
    top or bottom band) and whether it is close to a band boundary.
    """
    details = [
        {
            "id": s.id,
            "name": s.name,
            "rule": s.rule.value,
            "rating": s.rating.id if s.rating else None,
            "points": s.points,
            "scored": s.scored,
            # A reported standard's key questions are not rated either.
            "key_questions": [_kq(k) for k in s.key_questions],
            "driver": _kq(s.driver) if s.driver else None,
            "decision_rules": [
                {"id": c.rule_id, "cap": c.cap.id, "reason": c.reason} for c in s.caps
            ],
            **_fragility(s),
        }
        for s in page.standards
    ]
    return {
        "framework": page.framework_id,
        "inspection": page.inspection,
        "standards": {s.id: s.rating.id if s.rating else None for s in page.standards},
        "score": page.score,
        "max_score": page.max_score,
        "overall": page.overall.id if page.overall else None,
        "details": details,
    }
