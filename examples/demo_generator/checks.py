"""The checks made before anything is written: the answering rules, the published figures,
the report's statements about groups of cases, and the narrative's references."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from probity.framework import Framework

from .answers import APPLICABLE, case_rules
from .cases import Case
from .common import percent, reachable


def check_rules(
    framework: Framework, cases: list[Case], answers: dict[tuple[str, str], str]
) -> list[str]:
    """Every answer the framework and the case allow, and no other."""
    problems: list[str] = []
    expected: set[tuple[str, str]] = set()
    for case_id, rules in case_rules(framework, cases).items():
        for rule in rules.values():
            if not rule.asked:
                continue
            key = (case_id, rule.question_id)
            expected.add(key)
            answer = answers.get(key)
            if answer in rule.allowed:
                continue
            if rule.is_key_question:
                problems.append(f"{case_id} {rule.question_id}: a key question is yes or no")
            else:
                problems.append(f"{case_id} {rule.question_id}: {answer!r} is not allowed")
    for key in sorted(set(answers) - expected):
        problems.append(f"{key[0]} {key[1]}: answered but not in scope")
    return problems


def tally(answers: dict[tuple[str, str], str]) -> dict[str, tuple[int, int]]:
    """For each question: (yes, yes + no)."""
    counts: dict[str, list[int]] = {}
    for (_, question_id), answer in answers.items():
        yes_applicable = counts.setdefault(question_id, [0, 0])
        if answer != "na":
            yes_applicable[1] += 1
            yes_applicable[0] += answer == "yes"
    return {q: (y, n) for q, (y, n) in counts.items()}


def check_figures(
    framework: Framework, answers: dict[tuple[str, str], str], seed: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """Problems, and the figures reproduced only within one point (with why)."""
    problems: list[str] = []
    near: list[str] = []
    counts = tally(answers)
    for kq in framework.key_questions:
        yes, applicable = counts.get(kq.id, (0, 0))
        got = percent(yes, applicable) if applicable else None
        if got != seed["key_questions"][kq.id]:
            problems.append(f"{kq.id}: {got}% (published {seed['key_questions'][kq.id]}%)")
    if set(seed["prompts"]) != {p.id for p in framework.prompts}:
        problems.append("the seed figures and the framework list different prompts")
    for prompt in framework.prompts:
        target = seed["prompts"].get(prompt.id)
        yes, applicable = counts.get(prompt.id, (0, 0))
        if target is None or not applicable:
            problems.append(f"{prompt.id}: no figure or no applicable case")
            continue
        got = percent(yes, applicable)
        if "**" in prompt.markers and applicable != APPLICABLE[prompt.id][0]:
            problems.append(
                f"{prompt.id}: {applicable} applicable, planned {APPLICABLE[prompt.id][0]}"
            )
        if got == target:
            continue
        if reachable(target, applicable):
            problems.append(f"{prompt.id}: {got}% though {target}% is reachable at {applicable}")
        elif abs(got - target) > 1:
            problems.append(f"{prompt.id}: {got}% is more than a point from {target}%")
        else:
            near.append(
                f"{prompt.id}: {got}% ({yes}/{applicable}; published {target}%, "
                f"not reachable with {applicable} applicable cases)"
            )
    return problems, near


def check_sample(cases: list[Case], seed: dict[str, Any]) -> list[str]:
    """The sample's make-up and the characteristics table."""
    sample, shares = seed["sample"], seed["characteristics"]["inspection_data"]
    high = [c for c in cases if c.high_rosh]
    counted = {
        "cases": len(cases),
        "community": sum(c.case_type == "community" for c in cases),
        "post_custody": sum(c.case_type == "post_custody" for c in cases),
        "court_reports": sum(c.court_report for c in cases),
        "women": sum(c.female for c in cases),
        "pqip": sum(c.practitioner_grade == "PQiP" for c in cases),
        "high_rosh": len(high),
        "high_rosh_post_custody": sum(c.case_type == "post_custody" for c in high),
    }
    problems = [f"{k}: {v} (published {sample[k]})" for k, v in counted.items() if v != sample[k]]
    proportions = {
        "female": sum(c.female for c in cases),
        "black_asian_minority_ethnic": sum(
            c.ethnic_group not in ("white", "not_recorded") for c in cases
        ),
        "disability": sum(c.disability for c in cases),
        "drug_misuse": sum(c.drug_misuse for c in cases),
        "alcohol_misuse": sum(c.alcohol_misuse for c in cases),
    }
    for name, count in proportions.items():
        if percent(count, len(cases)) != shares[name]:
            problems.append(f"{name}: {percent(count, len(cases))}% (published {shares[name]}%)")
    if any(c.unpaid_work_only and c.case_type != "community" for c in cases):
        problems.append("an unpaid-work-only case that is not a community case")
    return problems


def yes_rate(
    cases: list[Case], answers: dict[tuple[str, str], str], kq_ids: Sequence[str]
) -> float:
    """The share of `yes` among the cases' answers to the key questions."""
    given = [answers[(c.case_id, k)] for c in cases for k in kq_ids]
    return sum(a == "yes" for a in given) / len(given)


def check_realism(
    framework: Framework, cases: list[Case], answers: dict[tuple[str, str], str]
) -> tuple[list[str], list[str]]:
    """The report's statements about groups of cases; problems and a short account."""
    kq_ids = [kq.id for kq in framework.key_questions if kq.id != "2.1.1"]
    grade = {g: [c for c in cases if c.practitioner_grade == g] for g in ("PQiP", "PO", "PSO")}
    women = [c for c in cases if c.female]
    high = [c for c in cases if c.high_rosh]
    licence_high = [c for c in high if c.case_type == "post_custody"]
    overall = yes_rate(cases, answers, kq_ids)
    rate = {g: yes_rate(members, answers, kq_ids) for g, members in grade.items()}
    problems: list[str] = []
    if not all(
        answers[(c.case_id, k)] == "yes" for c in grade["PQiP"] for k in ("2.2.1", "2.2.2", "2.2.3")
    ):
        problems.append("PQiP assessments are not good on all three key questions")
    if not rate["PQiP"] > overall > rate["PSO"] or not rate["PO"] > rate["PSO"]:
        problems.append(f"grades not in the report's order: {rate}")
    for k in ("2.4.1", "2.4.2", "2.4.3"):
        if yes_rate(women, answers, [k]) <= yes_rate(cases, answers, [k]):
            problems.append(f"work with women not better than average on {k}")
    high_yes = {k: sum(answers[(c.case_id, k)] == "yes" for c in high) for k in kq_ids}
    for k in ("2.2.3", "2.3.3"):
        if high_yes[k] * 2 <= len(high):
            problems.append(f"high-risk cases: {k} sufficient in {high_yes[k]} of {len(high)}")
    for k in ("2.4.3", "2.5.3"):
        if high_yes[k] * 2 >= len(high):
            problems.append(f"high-risk cases: {k} sufficient in {high_yes[k]} of {len(high)}")
    pc_high = {
        p: sum(answers[(c.case_id, p)] == "yes" for c in licence_high)
        for p in ("2.4.pc.a", "2.4.pc.b", "2.4.pc.c")
    }
    account = [
        f"yes on key questions: all cases {overall:.0%}, PQiP {rate['PQiP']:.0%}, "
        f"PO {rate['PO']:.0%}, PSO {rate['PSO']:.0%}, "
        f"women {yes_rate(women, answers, kq_ids):.0%}",
        "13 high/very high RoSH cases, yes on "
        + ", ".join(f"{k} {high_yes[k]}" for k in ("2.2.3", "2.3.3", "2.4.3", "2.5.3")),
        "9 high/very high RoSH licence cases, yes on "
        + ", ".join(f"{p} {n}" for p, n in pc_high.items()),
    ]
    return problems, account


# What a narrative paragraph can quote (docs/narrative.md).
FIGURE_ATTRIBUTES = ("pct", "yes", "no", "applicable", "per_cent")
SAMPLE_COUNTS = (
    "cases",
    "community",
    "post_custody",
    "court_reports",
    "women",
    "pqip",
    "high_rosh",
)
CHARACTERISTICS = (
    "female",
    "black_asian_minority_ethnic",
    "disability",
    "drug_misuse",
    "alcohol_misuse",
)
REFERENCE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
INDEXED = re.compile(r'(kq|prompt|standard)\["([^"]+)"\](?:\.(\w+))?')
DOTTED = re.compile(r"(sample|characteristics|survey|staffing)\.(\w+)(?:\.(\w+))?")
STATED = re.compile(r'"[^"{}]+"\s*\|\s*stated')
ABOUT = re.compile(r'"[^"{}]+"\s*\|\s*about\((.+?)(?:,\s*"(?:yes|no)")?\)')


def reference_problem(
    expression: str, framework: Framework, refs: dict[str, set[str]]
) -> str | None:
    """Why a ``{{ ... }}`` expression names nothing that exists, or None if it does."""
    if expression in ("score", "max_score", "overall") or STATED.fullmatch(expression):
        return None
    if m := ABOUT.fullmatch(expression):
        # A literal bound to a figure: the figure must exist (the report's check compares them).
        return reference_problem(m.group(1), framework, refs)
    if m := INDEXED.fullmatch(expression):
        kind, item, attribute = m.groups()
        if kind == "standard":
            known = framework.has_standard(item)
            attributes: Sequence[str] = ("rating", "driver")
        else:
            ids = framework.key_question_ids if kind == "kq" else [p.id for p in framework.prompts]
            known, attributes = item in ids, FIGURE_ATTRIBUTES
    elif m := DOTTED.fullmatch(expression):
        kind, item, attribute = m.groups()
        attributes = {
            "sample": (),
            "characteristics": ("count", "of", "pct"),
            "survey": ("positive", "respondents", "pct"),
            "staffing": ("value",),
        }[kind]
        names = {"sample": set(SAMPLE_COUNTS), "characteristics": set(CHARACTERISTICS)}
        known = item in names.get(kind, refs.get(kind, set()))
    else:
        return "not a name the narrative can quote"
    if not known:
        return f"no {kind} {item!r}"
    if attribute is not None and attribute not in attributes:
        return f"{kind} has no attribute {attribute!r}"
    return None


def check_narrative(
    framework: Framework,
    paragraphs: Iterable[dict[str, Any]],
    surveys: Iterable[dict[str, Any]],
    staffing: Iterable[dict[str, Any]],
) -> list[str]:
    """Every section known, every reference naming something that exists, refs unique."""
    problems: list[str] = []
    refs: dict[str, set[str]] = {}
    for table, rows in (("survey", surveys), ("staffing", staffing)):
        named = [r["ref"] for r in rows if r.get("ref")]
        refs[table] = set(named)
        repeated = sorted({name for name in named if named.count(name) > 1})
        problems += [f"{table}: ref {name!r} is not unique" for name in repeated]
        problems += [f"{table}: ref {n!r} is not a name" for n in named if not n.isidentifier()]
    sections = {"foreword", "background"} | {f"domain:{d.id}" for d in framework.domains}
    sections |= {s.id for s in framework.standards}
    sections |= {s.id for s in framework.narrative_sections}
    for row, paragraph in enumerate(paragraphs, start=2):  # as a spreadsheet numbers them
        where = f"narrative row {row} ({paragraph['section']})"
        if paragraph["section"] not in sections:
            problems.append(f"{where}: unknown section")
        text = paragraph["text"]
        if REFERENCE.sub("", text).count("{") or REFERENCE.sub("", text).count("}"):
            problems.append(f"{where}: a brace outside a reference")
        for expression in REFERENCE.findall(text):
            problem = reference_problem(expression, framework, refs)
            if problem:
                problems.append(f"{where}: {{{{ {expression} }}}}: {problem}")
    return problems
