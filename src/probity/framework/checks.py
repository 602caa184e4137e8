"""Cross-reference checks on a framework: what the models' shapes alone cannot say.

Each check returns problems as ``(place, reason)`` pairs so that a loader can report every
problem in a file at once.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence

from probity.framework.models import (
    Band,
    CapAtRatingOf,
    CapWhenAllAtMost,
    Framework,
    RuleKind,
    Standard,
)

Problem = tuple[str, str]


def check_framework(fw: Framework) -> list[Problem]:
    """Every cross-reference problem in ``fw``; an empty list means the framework is sound."""
    problems: list[Problem] = []
    for check in (_unique_ids, _ratings, _standard_rules, _decision_rules, _bands):
        problems.extend(check(fw))
    return problems


def _unique_ids(fw: Framework) -> Iterator[Problem]:
    places: list[tuple[str, str]] = [("ratings", r.id) for r in fw.ratings]
    places += [("domains", d.id) for d in fw.domains]
    places += [("standards", s.id) for s in fw.standards]
    places += [("key questions", kq.id) for kq in fw.key_questions]
    places += [("prompts", p.id) for p in fw.prompts]
    places += [("decision_rules", r.id) for r in fw.decision_rules]
    # Standards, key questions and prompts share one namespace: answers name them by id alone.
    question_ids = Counter(
        i for kind, i in places if kind in ("standards", "key questions", "prompts")
    )
    for i, n in question_ids.items():
        if n > 1:
            yield (f"id {i!r}", f"is used {n} times among standards, key questions and prompts")
    for kind in ("ratings", "domains", "decision_rules"):
        for i, n in Counter(i for k, i in places if k == kind).items():
            if n > 1:
                yield (f"{kind}[id={i}]", f"duplicate id {i!r} ({n} times)")


def _ratings(fw: Framework) -> Iterator[Problem]:
    points = [r.points for r in fw.ratings]
    if points != sorted(points, reverse=True) or len(set(points)) != len(points):
        yield ("ratings", "must be listed best first, with strictly decreasing points")


def _standard_rules(fw: Framework) -> Iterator[Problem]:
    for s in fw.standards:
        place = f"standards[id={s.id}]"
        kqs = len(s.key_questions)
        if s.rule is RuleKind.BAND_OF_SINGLE_KEY_QUESTION and kqs != 1:
            yield (place, f"rule {s.rule.value} needs exactly one key question, found {kqs}")
        elif s.rule in (RuleKind.BAND_OF_LOWEST_KEY_QUESTION, RuleKind.REPORTED_NOT_RATED):
            if kqs == 0:
                yield (place, f"rule {s.rule.value} needs at least one key question")
        elif s.rule.is_judgement and (kqs or s.other_prompts):
            yield (
                place,
                f"rule {s.rule.value} is an inspectors' judgement: it takes no "
                "key questions or prompts",
            )
        if s.rule is RuleKind.JUDGEMENT_CAPPED and not fw.decision_rules_for(s.id):
            yield (place, "rule judgement_capped needs a decision rule naming this standard")
        if s.rule is RuleKind.JUDGEMENT and fw.decision_rules_for(s.id):
            yield (place, "a decision rule names this standard: its rule must be judgement_capped")
        yield from _nesting(s, place)


def _nesting(s: Standard, place: str) -> Iterator[Problem]:
    # Ids nest (2.2 → 2.2.1 → 2.2.1.a) so that an answer's id tells where it belongs.
    for kq in s.key_questions:
        kq_place = f"{place}.key_questions[id={kq.id}]"
        if not kq.id.startswith(s.id + "."):
            yield (kq_place, f"key question id must start with its standard's id {s.id!r}")
        if not kq.prompts:
            yield (kq_place, "key question has no prompts")
        for p in kq.prompts:
            if not p.id.startswith(kq.id + "."):
                yield (
                    f"{kq_place}.prompts[id={p.id}]",
                    f"prompt id must start with its key question's id {kq.id!r}",
                )
    if s.other_prompts:
        for p in s.other_prompts.prompts:
            if not p.id.startswith(s.id + "."):
                yield (
                    f"{place}.other_prompts[id={p.id}]",
                    f"prompt id must start with its standard's id {s.id!r}",
                )


def _decision_rules(fw: Framework) -> Iterator[Problem]:
    domains = {d.id: d for d in fw.domains}
    for rule in fw.decision_rules:
        place = f"decision_rules[id={rule.id}]"
        if not fw.has_standard(rule.standard):
            yield (place, f"names standard {rule.standard!r}, which does not exist")
        elif not fw.standard(rule.standard).rule.is_judgement:
            yield (place, f"caps standard {rule.standard!r}, which is not an inspectors' judgement")
        if isinstance(rule, CapWhenAllAtMost):
            for field in ("at_most", "cap"):
                value = getattr(rule, field)
                if not fw.has_rating(value):
                    yield (f"{place}.{field}", f"unknown rating {value!r}")
            if rule.of_domain not in domains:
                yield (
                    f"{place}.of_domain",
                    f"names domain {rule.of_domain!r}, which does not exist",
                )
            elif not any(s.rule.is_casework for s in domains[rule.of_domain].standards):
                yield (f"{place}.of_domain", f"domain {rule.of_domain!r} has no casework standard")
        elif isinstance(rule, CapAtRatingOf):
            # Caps come from casework only, so rating never depends on a judgement (no cycles).
            if not fw.has_standard(rule.of_standard):
                yield (
                    f"{place}.of_standard",
                    f"names standard {rule.of_standard!r}, which does not exist",
                )
            elif not fw.standard(rule.of_standard).rule.is_casework:
                yield (
                    f"{place}.of_standard",
                    f"standard {rule.of_standard!r} is not rated from casework",
                )


def _bands(fw: Framework) -> Iterator[Problem]:
    yield from _band_cover("bands.ranges", fw, fw.bands.ranges, 100)
    yield from _band_cover("overall.ranges", fw, fw.overall.ranges, fw.max_score)


def _band_cover(place: str, fw: Framework, bands: Sequence[Band], top: int) -> Iterator[Problem]:
    for b in bands:
        if not fw.has_rating(b.rating):
            yield (f"{place}[rating={b.rating}]", f"unknown rating {b.rating!r}")
        if b.min > b.max:
            yield (f"{place}[rating={b.rating}]", f"min {b.min} is above max {b.max}")
    counts = Counter(b.rating for b in bands)
    for rating, n in counts.items():
        if n > 1:
            yield (f"{place}[rating={rating}]", f"rating has {n} bands")
    missing = [r.id for r in fw.ratings if r.id not in counts]
    if missing:
        yield (place, f"no band for {', '.join(missing)}")
    ordered = sorted(bands, key=lambda b: (b.min, b.max))
    if ordered and ordered[0].min != 0:
        yield (place, f"bands must start at 0; the lowest starts at {ordered[0].min}")
    if ordered and ordered[-1].max != top:
        yield (place, f"bands must end at {top}; the highest ends at {ordered[-1].max}")
    for low, high in itertools.pairwise(ordered):
        if high.min <= low.max:
            yield (
                place,
                f"bands overlap: {low.rating} {low.min}–{low.max} and "
                f"{high.rating} {high.min}–{high.max}",
            )
        elif high.min > low.max + 1:
            yield (place, f"bands leave a gap: nothing covers {low.max + 1}–{high.min - 1}")
        elif all(fw.has_rating(b.rating) for b in (low, high)) and not fw.is_better(
            high.rating, low.rating
        ):
            yield (
                place,
                f"band {high.rating} ({high.min}–{high.max}) must be a better rating "
                f"than {low.rating} ({low.min}–{low.max})",
            )
