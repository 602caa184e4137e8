"""What the example generators share: paths, the error they raise and the answering of a
framework's questions on fictional cases."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# The demonstration's generator (examples/demo_generator) has them already: the error for a
# generated bundle that is not what it is meant to be, and the count of "yes" answers nearest
# a percentage.
from demo_generator.common import GenerationError, yes_count

from probity.bundle.model import Answer, Case
from probity.framework import Framework
from probity.framework.applicability import question_rules

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples"

__all__ = ["EXAMPLES", "ROOT", "GenerationError", "inspectors", "yes_count"]


def inspectors(n: int) -> list[str]:
    """Fictional inspectors: "Inspector A", "Inspector B", …"""
    return [f"Inspector {chr(ord('A') + i)}" for i in range(n)]


@dataclass(frozen=True)
class AnswerStyle:
    """How prompts follow their key question: the chance of a prompt "yes" under a key
    question answered yes, and under one answered no; the chance an inspector answers "na"
    where the framework lets them."""

    yes_under_yes: float = 0.9
    yes_under_no: float = 0.4
    na_where_allowed: float = 0.15


def answer_cases(
    fw: Framework,
    cases: Sequence[Case],
    targets: Mapping[str, int],
    rng: random.Random,
    style: AnswerStyle = AnswerStyle(),
) -> list[Answer]:
    """Every answer the framework asks for on every case.

    Each key question is answered "yes" on as many of the cases it is asked on as make its
    % "Yes" nearest ``targets[kq_id]``; which cases are "yes" follows a per-case quality (so a
    case done well tends to be done well throughout) with noise. Prompts follow their key
    question as ``style`` says; a key question answered "no" has at least one prompt "no".
    A question not asked gets no answer; one that must be "na" gets "na".
    """
    rules = {c.case_id: question_rules(fw, c.attributes) for c in cases}
    quality = {c.case_id: rng.random() for c in cases}
    kq_answer: dict[tuple[str, str], str] = {}
    for kq in fw.key_questions:
        asked = [c.case_id for c in cases if rules[c.case_id][kq.id].asked]
        if not asked:
            continue
        if kq.id not in targets:
            raise GenerationError([f"no target for key question {kq.id}"])
        yes = yes_count(targets[kq.id], len(asked))
        ranked = sorted(asked, key=lambda cid: quality[cid] + rng.gauss(0, 0.25), reverse=True)
        for i, cid in enumerate(ranked):
            kq_answer[(cid, kq.id)] = "yes" if i < yes else "no"

    answers: list[Answer] = []
    for case in cases:
        case_rules = rules[case.case_id]
        for kq in fw.key_questions:
            if not case_rules[kq.id].asked:
                continue
            top = kq_answer[(case.case_id, kq.id)]
            answers.append(Answer(case.case_id, kq.id, top))
            given: list[Answer] = []
            for p in kq.prompts:
                allowed = case_rules[p.id].allowed
                if not allowed:
                    continue
                if allowed == {"na"}:
                    given.append(Answer(case.case_id, p.id, "na"))
                    continue
                if "na" in allowed and rng.random() < style.na_where_allowed:
                    given.append(Answer(case.case_id, p.id, "na"))
                    continue
                chance = style.yes_under_yes if top == "yes" else style.yes_under_no
                given.append(Answer(case.case_id, p.id, "yes" if rng.random() < chance else "no"))
            answered = [i for i, a in enumerate(given) if a.answer != "na"]
            if top == "no" and answered and all(given[i].answer == "yes" for i in answered):
                i = rng.choice(answered)
                given[i] = Answer(case.case_id, given[i].question_id, "no")
            answers.extend(given)
    return answers


def spread(rng: random.Random, counts: Sequence[tuple[object, int]]) -> list[object]:
    """Each value as many times as its count, in a shuffled order."""
    values = [v for v, n in counts for _ in range(n)]
    rng.shuffle(values)
    return values


def with_notes(answers: Sequence[Answer], notes: Mapping[str, str]) -> list[Answer]:
    """The answers with an inspector's note on the first "no" answer to each key question
    ``notes`` names."""
    noted: dict[tuple[str, str], str] = {}
    for kq_id, text in notes.items():
        first = next(a for a in answers if a.question_id == kq_id and a.answer == "no")
        noted[(first.case_id, kq_id)] = text
    return [
        Answer(a.case_id, a.question_id, a.answer, noted.get((a.case_id, a.question_id)))
        for a in answers
    ]
