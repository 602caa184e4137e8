"""Cross-reference checks on a framework: what the models' shapes alone cannot say.

Each check returns problems as ``(place, reason)`` pairs so that a loader can report every
problem in a file at once.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence

from probity.framework.conditions import Condition, tests
from probity.framework.models import (
    AttributeType,
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
    checks = (
        _unique_ids, _ratings, _standard_rules, _decision_rules, _bands, _case_profile,
        _conditions, _markers, _report_tables, _publication, _band_move_words,
    )  # fmt: skip
    for check in checks:
        problems.extend(check(fw))
    return problems


# Columns of the bundle's cases table that are not case attributes.
RESERVED_ATTRIBUTES = frozenset({"case_id", "inspector"})
# Columns of the inspection table that the organisation's column may not take.
INSPECTION_COLUMNS = frozenset(
    {"inspection_id", "region", "framework", "framework_hash", "fieldwork_start",
     "fieldwork_end", "published", "lead_inspector", "cases_interviewed", "isbn", "language"}
)  # fmt: skip


def _case_profile(fw: Framework) -> Iterator[Problem]:
    seen: Counter[str] = Counter(a.id for a in fw.case_profile.attributes)
    for a in fw.case_profile.attributes:
        place = f"case_profile.attributes[id={a.id}]"
        if seen[a.id] > 1:
            yield (place, f"duplicate attribute id {a.id!r} ({seen[a.id]} times)")
            seen[a.id] = 0  # said once
        if not a.id.isidentifier() or a.id in RESERVED_ATTRIBUTES:
            yield (
                place,
                "an attribute id is a name (letters, digits, _), not case_id or inspector",
            )
        if a.type is AttributeType.CHOICE:
            if not a.values:
                yield (place, "a choice attribute needs its values")
            for value, n in Counter(a.value_ids).items():
                if n > 1:
                    yield (place, f"value {value!r} is listed {n} times")
        elif a.values:
            yield (place, f"only a choice attribute lists values; this one is {a.type.value}")
        if a.filter and a.type not in (AttributeType.CHOICE, AttributeType.BOOLEAN):
            yield (place, "only a choice or boolean attribute can be a filter")
    for strata in fw.sampling.strata:
        found = fw.case_profile.by_id.get(strata)
        if found is None or found.type not in (AttributeType.CHOICE, AttributeType.BOOLEAN):
            yield ("sampling.strata", f"{strata!r} is not a choice or boolean case attribute")
    column = fw.organisation.column
    if not column.isidentifier() or column in INSPECTION_COLUMNS:
        yield (
            "organisation.column",
            f"{column!r} is not a free column name of the inspection table",
        )


def _conditions(fw: Framework) -> Iterator[Problem]:
    """Every condition names an attribute of the case profile and values it can take."""
    places: list[tuple[str, Condition | None]] = []
    for d in fw.domains:
        places.append((f"domains[id={d.id}].applies_when", d.applies_when))
        for s in d.standards:
            places.append((f"standards[id={s.id}].applies_when", s.applies_when))
            for kq in s.key_questions:
                places.append((f"key_questions[id={kq.id}].applies_when", kq.applies_when))
            for p in s.prompts:
                places.append((f"prompts[id={p.id}].applies_when", p.applies_when))
                places.append((f"prompts[id={p.id}].na_when", p.na_when))
    places += [(f"markers[symbol={m.symbol}].na_when", m.na_when) for m in fw.markers]
    for i, c in enumerate(fw.case_profile.constraints):
        places += [(f"case_profile.constraints[{i}].when", c.when)]
        places += [(f"case_profile.constraints[{i}].require", c.require)]
    places += [(f"characteristics.rows[id={r.id}].when", r.when) for r in fw.characteristics.rows]
    places += [(f"key_data.counts[ref={c.ref}].when", c.when) for c in fw.key_data.counts]
    attributes = fw.case_profile.by_id
    for place, condition in places:
        if condition is None:
            continue
        for test in tests(condition):
            a = attributes.get(test.attribute)
            if a is None:
                yield (place, f"names {test.attribute!r}, which is not a case attribute")
                continue
            for value in test.values:
                if not _value_fits(a.type, a.value_ids, value):
                    yield (place, f"{test.attribute} cannot be {value!r}")


def _value_fits(kind: AttributeType, choices: tuple[str, ...], value: object) -> bool:
    if kind is AttributeType.BOOLEAN:
        return isinstance(value, bool)
    if kind is AttributeType.CHOICE:
        return isinstance(value, str) and value in choices
    if kind is AttributeType.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


def _markers(fw: Framework) -> Iterator[Problem]:
    symbols = Counter(m.symbol for m in fw.markers)
    for symbol, n in symbols.items():
        if n > 1:
            yield (f"markers[symbol={symbol}]", f"listed {n} times")
    for p in fw.prompts:
        for symbol in p.markers:
            if symbol not in symbols:
                yield (f"prompts[id={p.id}].markers", f"unknown marker {symbol!r}")


def _report_tables(fw: Framework) -> Iterator[Problem]:
    standard = fw.characteristics.standard
    if standard is not None and not fw.has_standard(standard):
        yield ("characteristics.standard", f"names standard {standard!r}, which does not exist")
    domain = fw.key_data.domain
    if domain is not None and domain not in {d.id for d in fw.domains}:
        yield ("key_data.domain", f"names domain {domain!r}, which does not exist")
    for kind, ids in (
        ("characteristics.rows", [r.id for r in fw.characteristics.rows]),
        ("key_data.counts", [c.ref for c in fw.key_data.counts]),
        ("surveys", [s.id for s in fw.surveys]),
        ("staffing_sections", [s.id for s in fw.staffing_sections]),
    ):
        for ident, n in Counter(ids).items():
            if n > 1:
                yield (f"{kind}[id={ident}]", f"duplicate id {ident!r} ({n} times)")
            if not ident.isidentifier():
                yield (f"{kind}[id={ident}]", f"{ident!r} is not a name (letters, digits and _)")


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
        if not s.scored and not s.rated:
            yield (place, "scored: false is for a rated standard; this one is reported, not rated")
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


# What the code fills in the sentences on how many changed answers would move a standard.
BAND_MOVE_FIELDS = {"count": 2, "s": "s", "qs": "", "questions": "1.1.1", "rating": "Good"}


def _band_move_words(fw: Framework) -> Iterator[Problem]:
    for name in ("band_move_up", "band_move_down"):
        try:
            getattr(fw.wording, name).format(**BAND_MOVE_FIELDS)
        except (KeyError, IndexError, ValueError) as e:
            allowed = ", ".join(f"{{{k}}}" for k in BAND_MOVE_FIELDS)
            yield (f"wording.{name}", f"cannot be filled in ({e!r}); it may use {allowed}")


# The narrative sections every report has: a framework's own may not take their names.
BUILT_IN_SECTIONS = frozenset({"foreword", "background"})


def _publication(fw: Framework) -> Iterator[Problem]:
    taken = set(BUILT_IN_SECTIONS) | {s.id for s in fw.standards}
    for section in fw.narrative_sections:
        place = f"narrative_sections[id={section.id}]"
        if not section.id.isidentifier() or section.id in taken:
            yield (place, f"section id {section.id!r} is not a free name (letters, digits and _)")
        taken.add(section.id)
    seen: set[str] = set()
    for term in fw.glossary:
        if term.term.casefold() in seen:
            yield (f"glossary[term={term.term}]", "the term is defined twice")
        seen.add(term.term.casefold())
    for language in fw.translations:
        if language == "en" or not (language.isalpha() and language.islower()):
            yield (f"translations.{language}", "not a language code other than en (cy)")
