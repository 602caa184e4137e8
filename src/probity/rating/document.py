"""The ratings page as plain data (the ``--json`` output of ``probity rate``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from probity.framework.models import Framework
from probity.rating.results import InspectionRatings, KeyQuestionResult


def _number(value: Fraction | int) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def _kq(r: KeyQuestionResult, rated: bool = True) -> dict[str, Any]:
    rating = r.rating if rated else None
    return {"id": r.id, "pct": _number(r.pct), "banded": _number(r.banded), "rating": rating}


def ratings_document(
    fw: Framework, ratings: InspectionRatings, inspection: str = ""
) -> dict[str, Any]:
    """The ratings page as JSON-ready data.

    ``standards`` maps every standard id to its rating id (None for one reported, not rated);
    ``details`` gives, per standard, the rule, the figure that drove the rating and any
    decision rule in force.
    """
    details = []
    for s in ratings.standards:
        details.append(
            {
                "id": s.standard_id,
                "name": s.name,
                "rule": s.rule.value,
                "rating": s.rating,
                "points": s.points,
                # A reported standard's key questions are not rated either.
                "key_questions": [_kq(k, rated=s.rating is not None) for k in s.key_questions],
                "driver": _kq(s.driver) if s.driver else None,
                "decision_rules": [
                    {"id": c.rule_id, "cap": c.cap, "reason": c.reason} for c in s.caps
                ],
            }
        )
    return {
        "framework": fw.id,
        "inspection": inspection,
        "standards": {s.standard_id: s.rating for s in ratings.standards},
        "score": ratings.score,
        "max_score": ratings.max_score,
        "overall": ratings.overall,
        "details": details,
    }
