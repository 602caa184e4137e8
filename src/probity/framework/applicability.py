"""Which answers a question allows on a given case: the framework's applicability rules.

- Standards that apply only to cases with a court report (2.1) are answered for those cases
  alone, and never for others.
- Key questions are answered yes or no.
- A prompt without markers is answered yes or no; ``*`` means it does not apply (``na``) in
  unpaid-work-only cases; ``**`` means it may not apply (``na`` allowed) in any case;
  post-custody-only prompts are ``na`` on community cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from probity.framework.models import CaseType, Framework, Prompt, Standard

YES_NO = frozenset({"yes", "no"})
ANY = frozenset({"yes", "no", "na"})
NA_ONLY = frozenset({"na"})
NOT_ASKED: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CaseScope:
    """The facts about a case that decide which questions apply to it."""

    case_type: str
    unpaid_work_only: bool
    court_report: bool


def standard_applies(standard: Standard, case: CaseScope) -> bool:
    """Whether the standard's questions are asked at all for this case."""
    return standard.applies_to != "court_report" or case.court_report


def prompt_answers(prompt: Prompt, case: CaseScope) -> frozenset[str]:
    """The answers a prompt allows on this case (its standard applying)."""
    if prompt.case_types and CaseType(case.case_type) not in prompt.case_types:
        return NA_ONLY
    if prompt.excluded_in_unpaid_work_only and case.unpaid_work_only:
        return NA_ONLY
    return ANY if prompt.may_not_apply else YES_NO


@dataclass(frozen=True)
class QuestionRule:
    """What the framework allows for one question on one case."""

    question_id: str
    standard_id: str
    is_key_question: bool
    allowed: frozenset[str]

    @property
    def asked(self) -> bool:
        """Whether the question may be answered at all on this case."""
        return bool(self.allowed)


def question_rules(fw: Framework, case: CaseScope) -> dict[str, QuestionRule]:
    """Every key question and prompt of the framework with the answers it allows on ``case``;
    a question whose standard does not apply allows none."""
    rules: dict[str, QuestionRule] = {}
    for s in fw.standards:
        applies = standard_applies(s, case)
        for kq in s.key_questions:
            rules[kq.id] = QuestionRule(kq.id, s.id, True, YES_NO if applies else NOT_ASKED)
        for p in s.prompts:
            allowed = prompt_answers(p, case) if applies else NOT_ASKED
            rules[p.id] = QuestionRule(p.id, s.id, False, allowed)
    return rules
