"""The answers in force once second looks are resolved, and where first and second differ.

Every first answer is kept in the bundle as it was given; where a second answer on the same
case and question carries a ``resolved`` answer, that one is in force, and the ratings use it
(:func:`answers_in_force`, which :mod:`probity.pipeline` rates from).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from probity.bundle.model import Answer, Bundle


@dataclass(frozen=True)
class Discrepancy:
    """A second answer that differs from the first, or one resolved: the case, the question,
    both answers, both inspectors, the mode of the second look and the resolved answer
    (None: not resolved)."""

    case_id: str
    question_id: str
    first_answer: str
    second_answer: str
    first_inspector: str
    second_inspector: str
    mode: str
    resolved: str | None


def _resolved(bundle: Bundle) -> dict[tuple[str, str], str]:
    """The resolved answer of each case and question that has one. Where two second looks
    at one answer are both resolved, the later row of the table stands."""
    return {
        (s.case_id, s.question_id): s.resolved
        for s in bundle.second_answers
        if s.resolved is not None
    }


def answers_in_force(bundle: Bundle) -> tuple[Answer, ...]:
    """The first answers, each with its resolved answer in its place where a second look
    gives one; every other field, and every other answer, as it is."""
    resolved = _resolved(bundle)
    if not resolved:
        return bundle.answers
    return tuple(
        a
        if (value := resolved.get((a.case_id, a.question_id))) is None or value == a.answer
        else replace(a, answer=value)
        for a in bundle.answers
    )


def discrepancies(bundle: Bundle) -> list[Discrepancy]:
    """Every second answer that differs from its first answer or was resolved, in the order
    of the ``second_answers`` table."""
    first = {(a.case_id, a.question_id): a.answer for a in bundle.answers}
    assessor = {c.case_id: c.inspector for c in bundle.cases}
    found: list[Discrepancy] = []
    for s in bundle.second_answers:
        before = first.get((s.case_id, s.question_id))
        if before is None or (before == s.answer and s.resolved is None):
            continue
        found.append(
            Discrepancy(
                s.case_id,
                s.question_id,
                before,
                s.answer,
                assessor.get(s.case_id, ""),
                s.inspector,
                s.mode,
                s.resolved,
            )
        )
    return found
