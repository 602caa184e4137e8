"""A case's answers laid out as its check and review pages show them: every standard it is
assessed against, each key question with its prompts (asked first, as the standard page asks
them), the answers in words, the notes, and the key questions whose answer runs against most
of their prompts (:mod:`probity.workflow.consistency`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from probity.framework import Framework, KeyQuestion, Prompt, Standard
from probity.framework.applicability import NA_ONLY, QuestionRule
from probity.web.inspections import casework
from probity.web.inspections.forms import ANSWER_WORDS
from probity.web.inspections.models import Case
from probity.workflow import consistency
from probity.workflow.store import StoredAnswer


@dataclass(frozen=True)
class PromptRow:
    """A prompt asked on the case, with its answer in words ("" when not answered)."""

    prompt: Prompt
    answer: str
    fixed: bool  # it can only be not applicable on this case (saved so without asking)


@dataclass(frozen=True)
class KeyQuestionRows:
    """A key question with its prompts, answer, note and any inconsistency."""

    key_question: KeyQuestion
    answer: str
    note: str
    prompts: list[PromptRow]
    warning: consistency.Inconsistency | None


@dataclass(frozen=True)
class StandardRows:
    """One standard assessed on the case."""

    standard: Standard
    key_questions: list[KeyQuestionRows]
    other_prompts: list[PromptRow]


@dataclass(frozen=True)
class AnswerSheet:
    """Everything the case is asked, with its answers."""

    standards: list[StandardRows]

    @property
    def unanswered_prompts(self) -> list[tuple[Standard, Prompt]]:
        """The prompts offered on the case without an answer, in framework order."""
        found = []
        for s in self.standards:
            rows = [p for kq in s.key_questions for p in kq.prompts] + s.other_prompts
            found += [(s.standard, p.prompt) for p in rows if not p.answer and not p.fixed]
        return found

    @property
    def warnings(self) -> list[consistency.Inconsistency]:
        """Every key question answered against most of its prompts."""
        return [kq.warning for s in self.standards for kq in s.key_questions if kq.warning]


def _words(stored: Mapping[str, StoredAnswer], qid: str) -> str:
    found = stored.get(qid)
    return "" if found is None else ANSWER_WORDS.get(found.answer, found.answer)


def _prompts(
    prompts: tuple[Prompt, ...],
    rules: Mapping[str, QuestionRule],
    stored: Mapping[str, StoredAnswer],
) -> list[PromptRow]:
    return [
        PromptRow(p, _words(stored, p.id), rules[p.id].allowed == NA_ONLY)
        for p in prompts
        if rules[p.id].asked
    ]


def answer_sheet(fw: Framework, case: Case, stored: Mapping[str, StoredAnswer]) -> AnswerSheet:
    """The case's answers (``stored``, by question id) under every standard it is assessed
    against."""
    rules = casework.rules_for(fw, case)
    answers = {qid: a.answer for qid, a in stored.items()}
    standards = []
    for s in casework.assessed_standards(fw, case):
        kqs = [
            KeyQuestionRows(
                key_question=kq,
                answer=_words(stored, kq.id),
                note=(stored[kq.id].note or "") if kq.id in stored else "",
                prompts=_prompts(kq.prompts, rules, stored),
                warning=consistency.of_key_question(kq, answers),
            )
            for kq in s.key_questions
            if rules[kq.id].asked
        ]
        others = _prompts(s.other_prompts.prompts, rules, stored) if s.other_prompts else []
        standards.append(StandardRows(s, kqs, others))
    return AnswerSheet(standards)
