"""Checks of the ``second_answers`` table against the cases, the first answers and the
framework: each second answer is a second look at a first answer that is there, by another
inspector, with an answer the question allows."""

from __future__ import annotations

from collections.abc import Iterable

from probity.bundle.model import SecondAnswer
from probity.bundle.problems import Problem
from probity.bundle.records import Located
from probity.bundle.schema import ANSWERS
from probity.framework import Framework
from probity.framework.applicability import QuestionRule, question_rules

REVIEW = "review"  # the mode in which a disagreement needs its reason


def second_answer_checks(
    fw: Framework, cases: list[Located], answers: list[Located], seconds: list[Located],
    listed: set[str],
) -> Iterable[Problem]:  # fmt: skip
    """Every problem of the second answers: an unknown case or question, no first answer to
    look at again, the case's own inspector looking again, an answer or resolved answer the
    question does not allow, a review's disagreement without its reason. ``cases``: the
    cases whose facts hold together; ``listed``: every case id of the cases table (a case
    with a fault is reported where it is, not again here)."""
    by_case = {loc.record.case_id: loc.record for loc in cases}
    first = {(loc.record.case_id, loc.record.question_id): loc.record.answer for loc in answers}
    known = {kq.id for kq in fw.key_questions} | {p.id for p in fw.prompts}
    rules: dict[str, dict[str, QuestionRule]] = {}
    for loc in seconds:
        s: SecondAnswer = loc.record
        case = by_case.get(s.case_id)
        if case is None:
            if s.case_id not in listed:
                yield loc.problem("case_id", f"unknown case {s.case_id!r}: not in the cases table")
            continue
        if s.question_id not in known:
            yield loc.problem(
                "question_id", f"unknown question {s.question_id!r} in framework {fw.id}"
            )
            continue
        if s.inspector == case.inspector:
            yield loc.problem(
                "inspector",
                f"{s.inspector!r} assessed case {s.case_id} first: a second look is another "
                "inspector's",
            )
        before = first.get((s.case_id, s.question_id))
        if before is None:
            yield loc.problem(
                "question_id",
                f"case {s.case_id} has no first answer on {s.question_id} in the answers table: "
                "a second answer looks again at a first one",
            )
            continue
        if s.case_id not in rules:
            rules[s.case_id] = question_rules(fw, case.attributes)
        allowed = rules[s.case_id][s.question_id].allowed
        for column, value in (("answer", s.answer), ("resolved", s.resolved)):
            if value is not None and value not in allowed:
                shown = " or ".join(a for a in ANSWERS if a in allowed)
                yield loc.problem(
                    column,
                    f"{value} is not allowed on {s.question_id} of case {s.case_id}: it is "
                    f"answered {shown}",
                )
        if s.mode == REVIEW and s.answer != before and not (s.reason or "").strip():
            yield loc.problem(
                "reason",
                f"missing value: the review answers {s.answer} where the first answer is "
                f"{before}, and a disagreement needs its reason",
            )
