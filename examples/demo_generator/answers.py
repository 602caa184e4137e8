"""Every answer on every case, hitting the published counts, and the inspectors' notes."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from probity.framework import Framework, Prompt
from probity.framework.applicability import QuestionRule, question_rules

from .cases import Case
from .common import GenerationError, yes_count

# How many cases each ** prompt applies to (the rest are `na`), and the group of related
# prompts whose `na` cases are drawn from one shared ordering (so that, say, a case with no
# written review due is `na` on all three written-review prompts). Every number is one at
# which the published % can be reached exactly; where the narrative gives a denominator it is
# used when compatible, else the nearest compatible number (ties to the smaller).
APPLICABLE: dict[str, tuple[int, str]] = {
    # 2.1: over the 37 court reports.
    "2.1.1.d": (37, "court"),  # every report should weigh risk of harm: 29/37
    "2.1.1.h": (36, "court"),  # one report made no proposal: 33/36
    # 2.2 Assessment
    "2.2.2.b": (77, "strengths"),  # 39/77
    "2.2.3.c": (70, "risk"),  # nine low-risk cases with no identifiable victim: 32/70
    # 2.3 Planning
    "2.3.1.b": (73, "diversity"),  # 35/73 (74 cannot give 48%)
    "2.3.1.c": (77, "diversity"),  # 47/77
    "2.3.2.b": (77, "strengths"),  # 37/77
    "2.3.3.a": (74, "risk"),  # 36/74
    "2.3.3.b": (72, "risk"),  # 32/72
    "2.3.3.c": (65, "agencies"),  # cases with other agencies involved: 28/65
    "2.3.3.d": (74, "risk"),  # 34/74
    # 2.4 Implementation and delivery
    "2.4.1.d": (62, "enforcement"),  # risks of non-compliance arose: 33/62
    "2.4.1.e": (38, "enforcement"),  # enforcement was called for: 16/38
    "2.4.1.f": (34, "enforcement"),  # after enforcement or recall: 14/34
    "2.4.2.b": (74, "strengths"),  # 28/74
    "2.4.2.c": (66, "agencies"),  # the narrative's "38 out of 66 relevant cases": 23/66
    "2.4.2.d": (52, "key_people"),  # 15/52
    "2.4.2.f": (60, "local_services"),  # 20/60
    "2.4.3.a": (74, "risk"),  # the narrative's "29 out of 74 cases": 42/74
    "2.4.3.b": (64, "risk"),  # cases with actual or potential victims: 30/64
    "2.4.3.c": (63, "agencies"),  # the narrative's 64 cannot give 37%; 23/63
    "2.4.3.d": (52, "key_people"),  # 12/52
    "2.4.3.e": (60, "home_visits"),  # 14/60
    # 2.5 Reviewing
    "2.5.1.a": (76, "strengths"),  # 41/76
    "2.5.1.c": (49, "review"),  # the narrative's "fifty" cannot give 49%; 24/49
    "2.5.2.b": (72, "strengths"),  # 30/72
    "2.5.2.c": (62, "agencies"),  # 18/62
    "2.5.2.d": (50, "review"),  # written review due in fifty cases: 22/50
    "2.5.3.a": (74, "risk"),  # 25/74
    "2.5.3.b": (60, "agencies"),  # 22/60
    "2.5.3.c": (61, "key_people"),  # 22/61
    "2.5.3.d": (49, "review"),  # 20/49 (50 cannot give 41%)
    # 2.6 Outcomes
    "2.6.1.b": (72, "risk"),  # 16/72
}


# The key question each post-custody-only prompt is read alongside, for the case's quality.
POST_CUSTODY_LINK = {"2.4.pc.a": "2.4.1", "2.4.pc.b": "2.4.2", "2.4.pc.c": "2.4.3"}

NOTES = (
    # (key question, answer, who, note): a few inspectors' notes, invented.
    ("2.1.1", "yes", "any", "Well-reasoned proposal built on the person's own account."),
    ("2.1.1", "no", "any", "No domestic abuse check was requested from the police."),
    ("2.2.1", "yes", "PQiP", "Thorough analysis of motivation and barriers to engagement."),
    ("2.2.3", "no", "any", "Safeguarding information from children's services not sought."),
    ("2.3.3", "yes", "high", "Clear contingency plan agreed with the police."),
    ("2.3.3", "no", "any", "No contingency arrangements if the situation changes."),
    ("2.4.1", "yes", "female", "Good use of the women's service to support engagement."),
    ("2.4.2", "no", "any", "No referral to commissioned rehabilitative services."),
    ("2.4.3", "no", "high", "Contact dropped to fortnightly with no review of risk."),
    ("2.5.1", "no", "any", "No written review after the change of practitioner."),
    ("2.5.3", "no", "any", "Risk of harm not reviewed after a change of address."),
    ("2.6.1", "yes", "any", "Now in stable employment and abstinent from drugs."),
)


def kq_effect(kq_id: str, case: Case) -> float:
    """How the report's narrative shifts a case's chance of `yes` on a key question."""
    standard = kq_id.rsplit(".", 1)[0]
    effect = 0.0
    if case.practitioner_grade == "PQiP" and standard == "2.2":
        effect += 3.0  # PQiP assessments "consistently of a good standard" on all three
    if case.female and standard == "2.4":
        effect += 0.9  # work with women better than average, "particularly ... implementation"
    if case.high_rosh:
        if standard in ("2.2", "2.3"):
            effect += 0.7  # assessment and planning "reasonable" in most high-risk cases
        if kq_id in ("2.4.3", "2.5.3"):
            effect -= 0.8  # implementation and reviewing of risk sufficient in a minority
    return effect


def na_orders(cases: list[Case], rng: random.Random) -> dict[str, list[str]]:
    """For each group of ** prompts, the cases in the order they become `na` (first first)."""

    def shuffled(chosen: Iterable[Case]) -> list[str]:
        ids = [c.case_id for c in chosen]
        rng.shuffle(ids)
        return ids

    def unpaid_work_first() -> list[str]:
        return shuffled(c for c in cases if c.unpaid_work_only) + shuffled(
            c for c in cases if not c.unpaid_work_only
        )

    compliance = sorted((-(c.quality + rng.gauss(0.0, 1.0)), c.case_id) for c in cases)
    return {
        "court": shuffled(c for c in cases if c.court_report),
        "strengths": shuffled(cases),
        "diversity": shuffled(cases),
        # Risk-of-harm prompts never lapse on a high or very high risk case.
        "risk": shuffled(c for c in cases if c.rosh == "low")
        + shuffled(c for c in cases if c.rosh == "medium"),
        "agencies": unpaid_work_first(),
        "key_people": unpaid_work_first(),
        "local_services": unpaid_work_first(),
        "home_visits": unpaid_work_first(),
        "review": shuffled(cases),
        # Enforcement questions lapse first where compliance was good.
        "enforcement": [case_id for _, case_id in compliance],
    }


Rules = dict[str, dict[str, QuestionRule]]


def case_rules(framework: Framework, cases: Iterable[Case]) -> Rules:
    """For each case, what the framework allows on each of its questions."""
    return {c.case_id: question_rules(framework, c.attributes) for c in cases}


@dataclass
class StandardContext:
    """What the answers of one standard are drawn from."""

    scope: list[Case]
    stage: dict[str, float]
    kq_yes: dict[str, set[str]]
    orders: dict[str, list[str]]
    rules: Rules
    seed: dict[str, Any]
    rng: random.Random


def applicable_cases(prompt: Prompt, ctx: StandardContext) -> list[Case]:
    """The cases of the scope a prompt applies to; it is `na` on the others. The framework
    decides where it cannot apply; among the cases where it may not apply (``**``), the planned
    number of cases (``APPLICABLE``) keep it, in the order of the prompt's group."""
    pool = [c for c in ctx.scope if ctx.rules[c.case_id][prompt.id].allowed - {"na"}]
    if "**" in prompt.markers:
        wanted, group = APPLICABLE[prompt.id]
        in_pool = {c.case_id for c in pool}
        order = [case_id for case_id in ctx.orders[group] if case_id in in_pool]
        surplus = len(pool) - wanted
        if surplus < 0 or surplus > len(order):
            raise GenerationError([f"{prompt.id}: cannot apply to {wanted} cases"])
        lapsed = set(order[:surplus])
        pool = [c for c in pool if c.case_id not in lapsed]
    return pool


def top(cases: list[Case], n: int, score: dict[str, float]) -> set[str]:
    """The ids of the n best-scoring cases."""
    ranked = sorted(cases, key=lambda c: (-score[c.case_id], c.case_id))
    return {c.case_id for c in ranked[:n]}


def answer_prompt(
    answers: dict[tuple[str, str], str],
    prompt: Prompt,
    kq_id: str,
    ctx: StandardContext,
    bonus: Callable[[Case], float] | None = None,
) -> None:
    """Answer one prompt on every case in scope: `na` where it does not apply, else the
    published number of `yes`, given to the cases whose work was best."""
    applicable = applicable_cases(prompt, ctx)
    n = yes_count(ctx.seed["prompts"][prompt.id], len(applicable))
    score = {
        c.case_id: c.quality
        + ctx.stage[c.case_id]
        + (1.5 if c.case_id in ctx.kq_yes[kq_id] else 0.0)
        + 0.5 * kq_effect(kq_id, c)
        + (bonus(c) if bonus else 0.0)
        + ctx.rng.gauss(0.0, 0.6)
        for c in applicable
    }
    chosen = top(applicable, n, score)
    applicable_ids = {c.case_id for c in applicable}
    for c in ctx.scope:
        if c.case_id not in applicable_ids:
            answers[(c.case_id, prompt.id)] = "na"
        else:
            answers[(c.case_id, prompt.id)] = "yes" if c.case_id in chosen else "no"


def high_risk_release_planning(prompt_id: str) -> Callable[[Case], float]:
    """Nine of the 13 high-risk cases are on licence. The report finds their resettlement needs
    addressed before release in eight and their risk of harm needs in half, well above the rate
    for all licence cases; it says nothing of their contact before release."""

    def bonus(case: Case) -> float:
        return 4.0 if case.high_rosh and prompt_id != "2.4.pc.a" else 0.0

    return bonus


def generate_answers(
    framework: Framework, cases: list[Case], seed: dict[str, Any], rng: random.Random
) -> dict[tuple[str, str], str]:
    """Every answer, keyed by (case id, question id), hitting the published counts."""
    answers: dict[tuple[str, str], str] = {}
    orders = na_orders(cases, rng)
    rules = case_rules(framework, cases)
    for standard in framework.standards:
        if not standard.key_questions:
            continue
        asked = standard.key_questions[0].id
        scope = [c for c in cases if rules[c.case_id][asked].asked]
        ctx = StandardContext(
            scope=scope,
            stage={c.case_id: rng.gauss(0.0, 0.5) for c in scope},
            kq_yes={},
            orders=orders,
            rules=rules,
            seed=seed,
            rng=rng,
        )
        for kq in standard.key_questions:
            n = yes_count(seed["key_questions"][kq.id], len(scope))
            score = {
                c.case_id: c.quality
                + ctx.stage[c.case_id]
                + kq_effect(kq.id, c)
                + rng.gauss(0.0, 0.5)
                for c in scope
            }
            ctx.kq_yes[kq.id] = top(scope, n, score)
            for c in scope:
                answers[(c.case_id, kq.id)] = "yes" if c.case_id in ctx.kq_yes[kq.id] else "no"
            for prompt in kq.prompts:
                answer_prompt(answers, prompt, kq.id, ctx)
        if standard.other_prompts:
            for prompt in standard.other_prompts.prompts:
                link = POST_CUSTODY_LINK[prompt.id]
                answer_prompt(answers, prompt, link, ctx, high_risk_release_planning(prompt.id))
    return answers


def choose_notes(
    cases: list[Case], answers: dict[tuple[str, str], str], rng: random.Random
) -> dict[tuple[str, str], str]:
    """A handful of short inspectors' notes on key-question answers."""
    notes: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    who_fits = {
        "any": lambda c: True,
        "PQiP": lambda c: c.practitioner_grade == "PQiP",
        "high": lambda c: c.high_rosh,
        "female": lambda c: c.female,
    }
    for kq_id, answer, who, note in NOTES:
        candidates = [
            c
            for c in cases
            if answers.get((c.case_id, kq_id)) == answer
            and c.case_id not in used
            and who_fits[who](c)
        ]
        if not candidates:
            raise GenerationError([f"no case for the note on {kq_id} ({answer}, {who})"])
        chosen = rng.choice(candidates)
        used.add(chosen.case_id)
        notes[(chosen.case_id, kq_id)] = note
    return notes
