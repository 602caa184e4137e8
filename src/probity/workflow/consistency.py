"""Whether a key question's answer runs against the answers to its own prompts: a warning for
the inspector to look again, never a block (a key question is the inspector's judgement and
may rightly differ from its prompts).

A key question answered "yes" while most of its prompts answered yes or no are "no", or "no"
while most are "yes", is inconsistent. "Most" is more than half: exactly half is not. Prompts
answered "na", or not answered, are not counted; a key question without prompts answered yes
or no is never inconsistent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from probity.framework import KeyQuestion, Standard

WORDS = {"yes": "Yes", "no": "No"}
OPPOSITE = {"yes": "no", "no": "yes"}


@dataclass(frozen=True)
class Inconsistency:
    """A key question answered against most of its answered prompts."""

    key_question: str
    answer: str  # the key question's answer: yes or no
    against: int  # its prompts answered the other way
    counted: int  # its prompts answered yes or no

    @property
    def sentence(self) -> str:
        """The warning in words."""
        other = WORDS[OPPOSITE[self.answer]]
        return (
            f"Key question {self.key_question} is answered {WORDS[self.answer]}, but "
            f"{self.against} of its {self.counted} prompts answered yes or no are answered "
            f"{other}. Check the answer is the one you mean."
        )


def inconsistency(
    key_question: str, answer: str | None, prompt_answers: Iterable[str | None]
) -> Inconsistency | None:
    """The inconsistency of one key question's answer with its prompts' answers, if any."""
    if answer not in OPPOSITE:
        return None
    counted = [a for a in prompt_answers if a in OPPOSITE]
    against = sum(a == OPPOSITE[answer] for a in counted)
    if 2 * against > len(counted):  # more than half; no prompts counted: 0 > 0 is false
        return Inconsistency(key_question, answer, against, len(counted))
    return None


def of_key_question(kq: KeyQuestion, answers: Mapping[str, str]) -> Inconsistency | None:
    """The key question's inconsistency with its own prompts, from answers by question id."""
    return inconsistency(kq.id, answers.get(kq.id), (answers.get(p.id) for p in kq.prompts))


def of_standards(standards: Iterable[Standard], answers: Mapping[str, str]) -> list[Inconsistency]:
    """Every inconsistent key question of the standards, in framework order."""
    found = (of_key_question(kq, answers) for s in standards for kq in s.key_questions)
    return [i for i in found if i is not None]
