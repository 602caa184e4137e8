"""Which answers a question allows on a given case: the framework's applicability rules.

On a case, each key question and prompt is in one of four states, decided by the case's
attributes and the framework alone:

- **not asked**: the condition its domain, standard, key question or prompt ``applies_when``
  does not hold; no answer may be given, and none is counted;
- **must be "na"**: a prompt whose ``na_when`` (its own, or a marker's) holds: the bundle
  records the explicit "na", which is never counted;
- **may be "na"**: a prompt with ``may_be_na`` (its own, or a marker's): the inspector's
  judgement, yes, no or na;
- otherwise **yes or no** (key questions are always answered yes or no where asked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from probity.framework.conditions import Condition, describe, holds
from probity.framework.models import Framework, KeyQuestion, Prompt, Standard

YES_NO = frozenset({"yes", "no"})
ANY = frozenset({"yes", "no", "na"})
NA_ONLY = frozenset({"na"})
NOT_ASKED: frozenset[str] = frozenset()

Attributes = Mapping[str, object]
"""A case's attributes by id, as the framework's case profile declares them."""


@dataclass(frozen=True)
class QuestionRule:
    """What the framework allows for one question on one case, and why (``reason``: why it
    is not asked, or why it must be "na"; empty otherwise)."""

    question_id: str
    standard_id: str
    is_key_question: bool
    allowed: frozenset[str]
    reason: str = ""

    @property
    def asked(self) -> bool:
        """Whether the question may be answered at all on this case."""
        return bool(self.allowed)


def _fails(condition: Condition | None, case: Attributes) -> bool:
    return condition is not None and not holds(condition, case)


def _words(fw: Framework, condition: Condition) -> str:
    return describe(condition, fw.case_profile.words)


def standard_applies(fw: Framework, standard: Standard, case: Attributes) -> bool:
    """Whether the standard's questions are asked at all on this case."""
    domain = fw.domain_of[standard.id]
    return not (_fails(domain.applies_when, case) or _fails(standard.applies_when, case))


def _not_asked_reason(
    fw: Framework, standard: Standard, kq: KeyQuestion | None, case: Attributes
) -> str | None:
    domain = fw.domain_of[standard.id]
    for subject, condition in (
        (f"domain {domain.id} ({domain.name})", domain.applies_when),
        (f"{standard.id} {standard.name}", standard.applies_when),
        (f"key question {kq.id}" if kq else "", kq.applies_when if kq else None),
    ):
        if condition is not None and not holds(condition, case):
            return f"{subject} is asked only where {_words(fw, condition)}"
    return None


def prompt_rule(fw: Framework, prompt: Prompt, case: Attributes) -> tuple[frozenset[str], str]:
    """The answers a prompt allows on this case (its key question and standard being asked),
    and why it must be "na" where it must."""
    if prompt.applies_when is not None and not holds(prompt.applies_when, case):
        return (
            NOT_ASKED,
            f"prompt {prompt.id} is asked only where {_words(fw, prompt.applies_when)}",
        )
    if prompt.na_when is not None and holds(prompt.na_when, case):
        return NA_ONLY, f"it is not applicable where {_words(fw, prompt.na_when)}"
    may_be_na = prompt.may_be_na
    for symbol in prompt.markers:
        marker = fw.marker(symbol)
        if marker.na_when is not None and holds(marker.na_when, case):
            return NA_ONLY, f"it is marked {symbol}: it {marker.meaning}"
        may_be_na = may_be_na or marker.may_be_na
    return (ANY if may_be_na else YES_NO), ""


def question_rules(fw: Framework, case: Attributes) -> dict[str, QuestionRule]:
    """Every key question and prompt of the framework with the answers it allows on a case
    with these attributes; a question that is not asked allows none."""
    rules: dict[str, QuestionRule] = {}
    for s in fw.standards:
        for kq in s.key_questions:
            why = _not_asked_reason(fw, s, kq, case)
            if why is not None:
                rules[kq.id] = QuestionRule(kq.id, s.id, True, NOT_ASKED, why)
                rules.update(
                    (p.id, QuestionRule(p.id, s.id, False, NOT_ASKED, why)) for p in kq.prompts
                )
                continue
            rules[kq.id] = QuestionRule(kq.id, s.id, True, YES_NO)
            for p in kq.prompts:
                rules[p.id] = QuestionRule(p.id, s.id, False, *prompt_rule(fw, p, case))
        outside = s.other_prompts.prompts if s.other_prompts else ()
        why = _not_asked_reason(fw, s, None, case)
        for p in outside:
            if why is not None:
                rules[p.id] = QuestionRule(p.id, s.id, False, NOT_ASKED, why)
            else:
                rules[p.id] = QuestionRule(p.id, s.id, False, *prompt_rule(fw, p, case))
    return rules
