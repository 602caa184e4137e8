"""The chapters of the report, a domain each: each standard with its rating, what rated it,
its tables, chart and words (judged standards by the inspectors, the others by the cases)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from probity.framework import CapAtRatingOf, CapWhenAllAtMost, Domain, Framework, RuleKind
from probity.framework.models import Standard
from probity.pipeline import InspectionResults
from probity.rating import Cap, StandardResult
from probity.rating.page import StandardLine

from .annexes import (
    Certainty,
    FigureTable,
    SurveyTable,
    certainty,
    characteristics_table,
    key_data,
    survey_tables,
)
from .charts import key_question_chart
from .colours import swatch
from .formatting import number_word, rating_label
from .narrative import markdown_html
from .words import SectionWords


@dataclass(frozen=True)
class RatingBadge:
    """A rating as printed: its words, and the class that colours it."""

    id: str | None
    label: str
    css_class: str


def badge(fw: Framework, rating_id: str | None) -> RatingBadge:
    """The badge of a rating (None: not rated)."""
    css = f"rating--{rating_id.replace('_', '-')}" if rating_id else "rating--not-rated"
    return RatingBadge(rating_id, rating_label(fw, rating_id), css)


@dataclass(frozen=True)
class KeyQuestionRow:
    """A key question's row in its standard's table: its % "Yes", and the cases it applies to
    and its 95% interval (None when only the percentage is known)."""

    id: str
    text: str
    pct: str
    band: str
    is_driver: bool
    certainty: Certainty | None = None


@dataclass(frozen=True)
class DecisionRuleView:
    """A decision rule in force on a judged standard: the framework's words, then what it
    did here."""

    text: str
    in_force: str


@dataclass(frozen=True)
class PracticeExampleView:
    """A practice example under its pseudonym."""

    kind: str
    title: str
    html: Markup


@dataclass(frozen=True)
class Item:
    """A paragraph of a standard's words, or a practice example placed after one."""

    html: Markup | None = None
    example: PracticeExampleView | None = None


@dataclass(frozen=True)
class StandardBlock:
    """A standard's paragraphs under one sub-heading, practice examples among them."""

    heading: str | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class StandardView:
    """Everything printed for one standard."""

    id: str
    name: str
    anchor: str
    headline: str
    rating: RatingBadge
    rated_by_cases: bool
    intro: str | None
    questions_listed: tuple[str, ...]
    decision_rules: tuple[DecisionRuleView, ...]
    key_questions: tuple[KeyQuestionRow, ...]
    table_caption: str
    rating_reason: str | None
    # How many changed answers would move a casework standard to another band, and the
    # framework's mark when so few would that it is close to a band boundary.
    band_moves: tuple[str, ...]
    close_mark: str | None
    rule_note: str | None
    chart: Markup | None
    words: SectionWords
    blocks: tuple[StandardBlock, ...]
    evidence: Markup | None
    practice_examples: tuple[PracticeExampleView, ...]
    characteristics: FigureTable | None
    characteristics_block: int | None

    @property
    def rules_after_opening(self) -> bool:
        """Whether the decision rules follow the narrative's opening paragraph (one under no
        heading), which says how the standard is judged, rather than precede the words."""
        return bool(self.decision_rules) and bool(self.blocks) and self.blocks[0].heading is None


@dataclass(frozen=True)
class DomainView:
    """A chapter: the domain's words, key data, strengths, improvements and standards."""

    id: str
    name: str
    anchor: str
    words: SectionWords
    standards: tuple[StandardView, ...]
    key_data: FigureTable | None
    surveys: tuple[SurveyTable, ...]

    @property
    def title(self) -> str:
        """As the contents and the heading print it: "1. Organisational delivery"."""
        return f"{self.id}. {self.name}"


def anchor(kind: str, ident: str) -> str:
    """An id for a heading: letters, digits and hyphens only."""
    return f"{kind}-{ident.replace('.', '-').replace(':', '-')}"


def _in_force(
    fw: Framework, organisation: str, standard: Standard, result: StandardResult, cap: Cap
) -> DecisionRuleView:
    rule = next(r for r in fw.decision_rules if r.id == cap.rule_id)
    name = standard.name.lower()
    if isinstance(rule, CapAtRatingOf):
        other = fw.standard(rule.of_standard)
        why = f"{other.id} {other.name} is rated ‘{rating_label(fw, cap.cap)}’"
    else:
        assert isinstance(rule, CapWhenAllAtMost)
        allowed = " or ".join(
            f"‘{r.label}’" for r in fw.ratings if not fw.is_better(r.id, rule.at_most)
        )
        why = f"every rated standard of domain {rule.of_domain} is rated {allowed}"
    statement = (
        f"For {organisation} that decision rule is in operation: {why}, so the rating for "
        f"{name} can be no higher than ‘{rating_label(fw, cap.cap)}’. It is rated "
        f"‘{rating_label(fw, result.rating)}’."
    )
    return DecisionRuleView(rule.text, statement)


def _practice_examples(
    results: InspectionResults, standard_id: str
) -> tuple[PracticeExampleView, ...]:
    out: list[PracticeExampleView] = []
    for example in results.bundle.practice_examples:
        if example.standard_id != standard_id:
            continue
        title = f"{'Good' if example.kind == 'good' else 'Poor'} practice example"
        if example.pseudonym:
            title += f": {example.pseudonym}"
        out.append(PracticeExampleView(example.kind, title, markdown_html(example.text)))
    return tuple(out)


_TAG = re.compile(r"<[^>]+>")
_INTRODUCES = re.compile(r"\b(example|case)\b", re.I)


def _introduces_example(html: Markup) -> bool:
    # The published reports introduce each practice example with a sentence ending in a
    # colon ("…as the following example demonstrates:"); the example follows it.
    text = _TAG.sub("", str(html)).strip()
    last = re.split(r"(?<=[.!?])\s+", text)[-1]
    return text.endswith(":") and bool(_INTRODUCES.search(last))


def place_examples(
    words: SectionWords, examples: tuple[PracticeExampleView, ...]
) -> tuple[tuple[StandardBlock, ...], tuple[PracticeExampleView, ...]]:
    """The standard's blocks with each practice example after the paragraph that introduces
    it, in order; the examples no paragraph introduces are returned to print at the end."""
    pending = list(examples)
    blocks: list[StandardBlock] = []
    for block in words.blocks:
        items: list[Item] = []
        for paragraph in block.paragraphs:
            items.append(Item(html=paragraph))
            if pending and _introduces_example(paragraph):
                items.append(Item(example=pending.pop(0)))
        blocks.append(StandardBlock(block.heading, tuple(items)))
    return tuple(blocks), tuple(pending)


def _plain(text: str) -> str:
    return " ".join(text.split())


def _sources(results: InspectionResults, section: str) -> str:
    """A section's narrative source, white space collapsed: to see what it quotes."""
    return " ".join(_plain(p.text) for p in results.bundle.narrative if p.section == section)


def _band_range(fw: Framework, rating: str) -> str:
    band = next(b for b in fw.bands.ranges if b.rating == rating)
    return f"{band.min}–{band.max}%"


def _casework(fw: Framework, standard: Standard, line: StandardLine) -> dict[str, object]:
    lowest = line.rule is RuleKind.BAND_OF_LOWEST_KEY_QUESTION
    rows = tuple(
        KeyQuestionRow(kq.id, kq.text, kq.pct_text, kq.band.label if kq.band else "", kq.drives,
                       None if kq.count is None else certainty(kq.count))
        for kq in line.key_questions
    )  # fmt: skip
    n = len(standard.key_questions)
    against = "the key question" if n == 1 else f"{number_word(n)} key questions"
    name = standard.name.lower()
    reason = None
    if standard.rated and line.driver is not None and line.rating is not None:
        label = line.rating.label
        which = "lowest score for the key questions" if lowest and n > 1 else "score"
        reason = (
            f"The {which} was {line.driver.pct_text}, which falls within the ‘{label}’ rating "
            f"band ({_band_range(fw, line.rating.id)}), so {name} is rated ‘{label}’."
        )
    judged = fw.wording.cases_judged
    intro = (
        f"Our rating for {name} is based on the percentage of cases we inspected being "
        f"{judged} against {against}:"
        if standard.rated
        else f"The percentage of cases we inspected {judged} on {name}:"
    )
    return {
        "intro": intro,
        "key_questions": rows,
        "table_caption": f"{standard.id} {standard.name}: percentage of cases {judged} on "
        "each key question",
        "rating_reason": reason,
        "band_moves": line.moves,
        "close_mark": fw.wording.close_to_boundary if line.close else None,
        "rule_note": fw.rule_texts.get(standard.rule),
        "chart": key_question_chart(fw, line),
    }


def _judged(
    results: InspectionResults, standard: Standard, result: StandardResult, words: SectionWords
) -> dict[str, object]:
    fw = results.framework
    organisation = results.bundle.inspection.organisation
    sources = " ".join(_plain(p.text) for p in results.bundle.narrative if p.section == standard.id)
    rules = []
    for cap in result.caps:
        rule = _in_force(fw, organisation, standard, result, cap)
        # A narrative that quotes the rule's words already prints them: the box then says
        # only what the rule did here, rather than repeat a paragraph.
        quoted = _plain(rule.text) in sources
        rules.append(DecisionRuleView("" if quoted else rule.text, rule.in_force))
    n = len(standard.questions)
    # The narrative's own opening paragraph (one under no heading, first) says how the
    # standard is judged; without one, the report says it.
    opens = bool(words.blocks) and words.blocks[0].heading is None
    intro = (
        None
        if opens or not n
        else (
            f"In making a judgement about {standard.name.lower()}, we take into account the "
            f"answers to the following {number_word(n)} question{'s' if n != 1 else ''}."
        )
    )
    headings = {b.heading for b in words.blocks}
    listed = tuple(q for q in standard.questions if q not in headings)
    return {
        "intro": intro,
        "decision_rules": tuple(rules),
        "questions_listed": listed if len(listed) == n else (),
    }


def standard_view(
    results: InspectionResults, standard: Standard, words: SectionWords
) -> StandardView:
    """One standard as the report prints it."""
    fw = results.framework
    assert results.ratings is not None
    result = results.ratings.result(standard.id)
    judged = standard.rule.is_judgement
    fields: dict[str, object] = {
        "intro": None,
        "questions_listed": (),
        "decision_rules": (),
        "key_questions": (),
        "table_caption": "",
        "rating_reason": None,
        "band_moves": (),
        "close_mark": None,
        "rule_note": None,
        "chart": None,
    }
    evidence = None
    if judged:
        fields.update(_judged(results, standard, result, words))
        judgement = next(
            (j for j in results.bundle.judgements if j.standard_id == standard.id), None
        )
        if not words.has_text and judgement is not None and judgement.evidence:
            evidence = markdown_html(judgement.evidence)
    else:
        fields.update(_casework(fw, standard, results.page.standard(standard.id)))
        if words.has_text:
            # The narrative says how the standard was rated in its own words.
            fields["rating_reason"] = None
        note = fields["rule_note"]
        if isinstance(note, str) and _plain(note) in _sources(results, standard.id):
            fields["rule_note"] = None  # the narrative prints the framework's words already
    blocks, unplaced = place_examples(words, _practice_examples(results, standard.id))
    characteristics = None
    holder = None
    if standard.id == fw.characteristics.standard:
        characteristics = characteristics_table(results)
        # As published: under the first sub-heading (the first question about services).
        holder = next((i for i, b in enumerate(blocks) if b.heading), None)
    return StandardView(
        id=standard.id,
        name=standard.name,
        anchor=anchor("standard", standard.id),
        headline=standard.text,
        rating=badge(fw, result.rating),
        rated_by_cases=not judged,
        words=words,
        blocks=blocks,
        evidence=evidence,
        practice_examples=unplaced,
        characteristics=characteristics,
        characteristics_block=holder,
        **fields,  # type: ignore[arg-type]
    )


def domain_view(
    results: InspectionResults, domain: Domain, words: dict[str, SectionWords]
) -> DomainView:
    """One chapter of the report."""
    standards = tuple(
        standard_view(results, s, words.get(s.id, SectionWords())) for s in domain.standards
    )
    fw = results.framework
    first_judged = next(
        (d.id for d in fw.domains if all(s.rule.is_judgement for s in d.standards)), None
    )
    return DomainView(
        id=domain.id,
        name=domain.name,
        anchor=anchor("domain", domain.id),
        words=words.get(f"domain:{domain.id}", SectionWords()),
        standards=standards,
        key_data=key_data(results) if domain.id == fw.key_data.domain else None,
        # The surveys of staff and of the people supervised are evidence for the judged
        # standards: they are printed in the first domain of judged standards alone.
        surveys=survey_tables(results) if domain.id == first_judged else (),
    )


def swatch_css(fw: Framework) -> str:
    """The CSS that colours each rating's badge."""
    lines = []
    for rating_id in [*(r.id for r in fw.ratings), None]:
        b = badge(fw, rating_id)
        s = swatch(fw, rating_id)
        lines.append(f".{b.css_class} {{ background: {s.fill}; color: {s.text}; }}")
    return "\n".join(lines)
