"""How far first and second answers agree, per key question, per standard, per pair of
inspectors and overall (``probity agreement``).

A pair is one case's first answer on a question and a second inspector's answer on it
(``second_answers``): blind second looks (a reliability study) and reviews (a dip sample)
both count, unless ``mode`` picks one. Pairs where either answer is missing are left out.
The key questions' pairs make the per-key-question table; a standard's pairs are all its key
questions' pairs pooled; the inspector pairs' and the overall figures pool every key
question's pairs too. Prompts have a table of their own. Each figure is
:func:`probity.statistics.agreement.agreement`'s: observed agreement, Cohen's kappa and
Gwet's AC1, each with its interval or the reason it has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from probity.bundle.model import Bundle
from probity.bundle.schema import ANSWERS
from probity.framework import Framework
from probity.framework.applicability import question_rules
from probity.statistics.agreement import Agreement, agreement, agreement_document

# The answers every question can take; na is a category of a figure where the framework lets
# one of its pairs' questions be not applicable on the case (Gwet's AC1 depends on the number
# of answers that were possible, not only on those given).
ALWAYS = ("yes", "no")
TABLES = ("key_questions", "standards", "prompts", "inspector_pairs")


@dataclass(frozen=True)
class AnswerPair:
    """One case's first and second answer on one question, with both inspectors."""

    case_id: str
    question_id: str
    first: str
    second: str
    first_inspector: str
    second_inspector: str
    mode: str

    @property
    def inspectors(self) -> str:
        """The pair of inspectors as the report names it: first / second."""
        return f"{self.first_inspector} / {self.second_inspector}"


@dataclass(frozen=True)
class PairGroups:
    """The answer pairs grouped as the report shows them; a group without pairs is left out."""

    key_questions: dict[str, list[AnswerPair]] = field(default_factory=dict)
    standards: dict[str, list[AnswerPair]] = field(default_factory=dict)
    prompts: dict[str, list[AnswerPair]] = field(default_factory=dict)
    inspector_pairs: dict[str, list[AnswerPair]] = field(default_factory=dict)
    overall: list[AnswerPair] = field(default_factory=list)


@dataclass(frozen=True)
class AgreementReport:
    """Each group's agreement, in the framework's order (inspector pairs by name)."""

    inspection_id: str
    mode: str | None
    groups: PairGroups
    key_questions: dict[str, Agreement]
    standards: dict[str, Agreement]
    prompts: dict[str, Agreement]
    inspector_pairs: dict[str, Agreement]
    overall: Agreement | None

    @property
    def empty(self) -> bool:
        """Whether the bundle has no pair to compare (no second answers, or none of the mode)."""
        return not self.groups.key_questions and not self.groups.prompts


def answer_pairs(bundle: Bundle, mode: str | None = None) -> list[AnswerPair]:
    """Every (first, second) answer pair of the bundle, in the order of ``second_answers``;
    only second looks of ``mode`` if given."""
    first = {(a.case_id, a.question_id): a.answer for a in bundle.answers}
    assessor = {c.case_id: c.inspector for c in bundle.cases}
    pairs: list[AnswerPair] = []
    for s in bundle.second_answers:
        before = first.get((s.case_id, s.question_id))
        if before is None or not s.answer or (mode is not None and s.mode != mode):
            continue
        pairs.append(
            AnswerPair(
                s.case_id,
                s.question_id,
                before,
                s.answer,
                assessor.get(s.case_id, ""),
                s.inspector,
                s.mode,
            )
        )
    return pairs


def group_pairs(pairs: Iterable[AnswerPair], fw: Framework) -> PairGroups:
    """The pairs per key question, per standard, per prompt, per inspector pair and overall
    (every key question's pairs)."""
    by_question: dict[str, list[AnswerPair]] = {}
    for p in pairs:
        by_question.setdefault(p.question_id, []).append(p)
    groups = PairGroups()
    for standard in fw.standards:
        for kq in standard.key_questions:
            found = by_question.get(kq.id, [])
            if found:
                groups.key_questions[kq.id] = found
                groups.standards.setdefault(standard.id, []).extend(found)
                groups.overall.extend(found)
    for prompt in fw.prompts:
        if by_question.get(prompt.id):
            groups.prompts[prompt.id] = by_question[prompt.id]
    for p in groups.overall:
        groups.inspector_pairs.setdefault(p.inspectors, []).append(p)
    ordered = dict(sorted(groups.inspector_pairs.items()))
    groups.inspector_pairs.clear()
    groups.inspector_pairs.update(ordered)
    return groups


def categories(
    pairs: Sequence[AnswerPair], allowed: Mapping[tuple[str, str], frozenset[str]] | None = None
) -> tuple[str, ...]:
    """The answers that were possible for the pairs (``allowed``: by case and question, as
    the framework allows them on the case), and any answer a pair gives, in the order yes,
    no, na; yes and no always."""
    possible = set(ALWAYS)
    for p in pairs:
        possible |= {p.first, p.second} | (allowed or {}).get((p.case_id, p.question_id), set())
    return tuple(a for a in ANSWERS if a in possible)


def allowed_answers(
    bundle: Bundle, fw: Framework, pairs: Iterable[AnswerPair]
) -> dict[tuple[str, str], frozenset[str]]:
    """The answers the framework allows on each pair's case and question."""
    facts = {c.case_id: c.attributes for c in bundle.cases}
    rules: dict[str, Any] = {}
    found: dict[tuple[str, str], frozenset[str]] = {}
    for p in pairs:
        if p.case_id not in rules:
            rules[p.case_id] = question_rules(fw, facts.get(p.case_id, {}))
        rule = rules[p.case_id].get(p.question_id)
        found[(p.case_id, p.question_id)] = frozenset(rule.allowed if rule else ())
    return found


def measure(
    pairs: Sequence[AnswerPair],
    level: float = 0.95,
    allowed: Mapping[tuple[str, str], frozenset[str]] | None = None,
) -> Agreement:
    """The agreement of a group of pairs, over the answers that were possible for them."""
    return agreement(
        [(p.first, p.second) for p in pairs], level=level, categories=categories(pairs, allowed)
    )


def agreement_report(
    bundle: Bundle, framework: Framework, *, mode: str | None = None, level: float = 0.95
) -> AgreementReport:
    """First and second answers' agreement in every group, of second looks of ``mode``
    (``blind`` or ``review``) or of both."""
    pairs = answer_pairs(bundle, mode)
    groups = group_pairs(pairs, framework)
    allowed = allowed_answers(bundle, framework, pairs)

    def each(table: Mapping[str, list[AnswerPair]]) -> dict[str, Agreement]:
        return {key: measure(found, level, allowed) for key, found in table.items()}

    return AgreementReport(
        bundle.inspection.inspection_id, mode, groups, each(groups.key_questions),
        each(groups.standards), each(groups.prompts), each(groups.inspector_pairs),
        measure(groups.overall, level, allowed) if groups.overall else None,
    )  # fmt: skip


def group_document(pairs: Sequence[AnswerPair], result: Agreement) -> dict[str, Any]:
    """One group as the JSON form shows it: :func:`agreement_document`'s (each statistic a
    fraction rounded to 3 places, null where it cannot be computed, its interval and the
    reason of each null one), with ``cases`` the cases the pairs are of and ``pairs`` their
    number (more than the cases where two inspectors looked again at one case, or a group
    pools several questions)."""
    document = agreement_document(result)
    del document["cases"]  # its count of pairs, given here as "pairs"
    return {"cases": len({p.case_id for p in pairs}), "pairs": len(pairs), **document}


def report_document(report: AgreementReport) -> dict[str, Any]:
    """The report as ``probity agreement --json`` prints it."""
    g = report.groups
    tables: dict[str, Any] = {
        name: {
            key: group_document(getattr(g, name)[key], result)
            for key, result in getattr(report, name).items()
        }
        for name in TABLES
    }
    document: dict[str, Any] = {"inspection": report.inspection_id, "mode": report.mode}
    document.update(tables)
    document["overall"] = (
        group_document(g.overall, report.overall) if report.overall is not None else {}
    )
    if report.empty:
        document["message"] = NO_PAIRS
    return document


NO_PAIRS = (
    "no second answers to compare: the bundle has no second_answers table, or none of the "
    "mode asked for, or none on an answered question"
)
