"""Checks of inspection inputs that need only the framework (shared by every reader)."""

from __future__ import annotations

from collections.abc import Mapping

from probity.framework.models import Framework


def judgement_problems(fw: Framework, given: Mapping[str, object]) -> list[tuple[str, str]]:
    """``(field, reason)`` for every bad domain-one judgement: an unknown standard, one rated
    from casework, an unknown rating name, or a judged standard left without a judgement."""
    problems: list[tuple[str, str]] = []
    judged = {s.id for s in fw.standards if s.rule.is_judgement}
    known_ratings = ", ".join(r.id for r in fw.ratings)
    for standard_id, rating in given.items():
        field = f"judgements.{standard_id}"
        if not fw.has_standard(standard_id):
            problems.append((field, "unknown standard"))
        elif standard_id not in judged:
            problems.append(
                (field, "this standard is rated from casework, not by inspectors' judgement")
            )
        elif not isinstance(rating, str) or not fw.has_rating(rating):
            problems.append((field, f"unknown rating {rating!r}; expected one of {known_ratings}"))
    problems.extend(
        (f"judgements.{standard_id}", "missing judgement")
        for standard_id in sorted(judged - set(given))
    )
    return problems
