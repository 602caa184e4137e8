"""Decision rules: the caps that casework results put on inspectors' judgements."""

from __future__ import annotations

from collections.abc import Mapping

from probity.framework.models import CapAtRatingOf, CapWhenAllAtMost, Framework
from probity.rating.results import Cap


def caps_in_force(fw: Framework, casework: Mapping[str, str]) -> dict[str, tuple[Cap, ...]]:
    """The decision-rule caps in force, by the standard they cap.

    ``casework`` maps each casework standard's id to its rating. A standard with no cap in
    force is absent from the result.
    """
    caps: dict[str, list[Cap]] = {}
    for rule in fw.decision_rules:
        cap = _cap(fw, rule, casework)
        if cap is not None:
            caps.setdefault(rule.standard, []).append(cap)
    return {k: tuple(v) for k, v in caps.items()}


def effective_cap(fw: Framework, caps: tuple[Cap, ...]) -> str | None:
    """The lowest of several caps on one standard (None if there are none)."""
    lowest: str | None = None
    for c in caps:
        lowest = c.cap if lowest is None else fw.worse_of(lowest, c.cap)
    return lowest


def judgement_problem(
    fw: Framework, standard_id: str, rating: str, caps: tuple[Cap, ...]
) -> str | None:
    """Why a judgement is refused under the caps in force, or None if it stands."""
    for c in caps:
        if fw.is_better(rating, c.cap):
            return (
                f"{fw.rating(rating).label} is above {fw.rating(c.cap).label}, the highest rating "
                f"the decision rule {c.rule_id!r} allows for {standard_id}: {c.reason}"
            )
    return None


def _label(fw: Framework, standard_id: str, rating: str) -> str:
    return f"{standard_id} {fw.standard(standard_id).name}: {fw.rating(rating).label}"


def _cap(
    fw: Framework, rule: CapWhenAllAtMost | CapAtRatingOf, casework: Mapping[str, str]
) -> Cap | None:
    if isinstance(rule, CapAtRatingOf):
        rating = casework[rule.of_standard]
        reason = f"it can be rated no higher than {_label(fw, rule.of_standard, rating)}"
        return Cap(rule.id, rule.standard, rating, reason, rule.text)
    domain = next(d for d in fw.domains if d.id == rule.of_domain)
    sources = [s.id for s in domain.standards if s.rule.is_casework]
    if any(fw.is_better(casework[s], rule.at_most) for s in sources):
        return None
    allowed = [r.label for r in fw.ratings if not fw.is_better(r.id, rule.at_most)]
    listed = "; ".join(_label(fw, s, casework[s]) for s in sources)
    reason = f"every rated standard of domain {domain.id} is {' or '.join(allowed)} ({listed})"
    return Cap(rule.id, rule.standard, rule.cap, reason, rule.text)
