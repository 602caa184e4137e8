"""The narrative check: every figure an author typed is bound to the figure it is about, and
says what that figure is (docs/narrative.md).

A literal that agrees with *some* computed figure proves nothing ("30 out of 42" is a true
figure of the demonstration, about something else), so the check never matches by value alone:

- a literal bound with ``about`` is compared with its figure: a count, percentage or number
  that differs is a finding (``differs``), and so are words that misstate it (``misstated``:
  "over half" for 21%);
- a literal left unbound is a finding (``unbound``), with the figures it may be about
  proposed from the sentence around it, for the author to confirm;
- a bound literal that holds no figure, or a figure that cannot be compared, is ``unreadable``.

References (``{{ kq["2.2.3"] }}``) print the computed figure, so they cannot be wrong; figures
marked ``stated`` come from outside the inspection data and are not questioned.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial

from jinja2 import TemplateError

from probity.bundle.model import NarrativeParagraph
from probity.pipeline import InspectionResults

from .binding import Binding, recording
from .claims import Claim, claims_in, read_claim, round_half_up
from .figures import UnknownFigureError, figures_context
from .formatting import number_word
from .narrative import FIRST_ROW, literal_text, render_text
from .proposals import Candidate, Pool, Target, candidates, propose, target_of

_CONTEXT = 45


@dataclass(frozen=True)
class Proposal:
    """A figure an unbound literal may be about, and the source that binds it."""

    ref: str
    side: str
    printed: str
    agrees: bool
    source: str


@dataclass(frozen=True)
class Finding:
    """A figure in the narrative that the check questions: where, what and why."""

    section: str
    row: int
    figure: str
    context: str
    reason: str
    kind: str
    expected: str = ""
    proposals: tuple[Proposal, ...] = field(default=())

    @property
    def key(self) -> str:
        """A stable name for this finding (section, kind, words and what they are about), so
        that a lead's acceptance of it survives edits elsewhere in the narrative."""
        text = "|".join((self.section, self.kind, self.figure, self.expected, self.context))
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def __str__(self) -> str:
        out = f"narrative row {self.row} (section {self.section}): “{self.figure}” {self.reason}"
        if self.proposals:
            out += "; perhaps " + " or ".join(f"{p.ref} ({p.printed})" for p in self.proposals)
        return f"{out}: “{self.context}”"


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _CONTEXT) : start]
    right = text[end : end + _CONTEXT]
    words = " ".join(f"{left}{text[start:end]}{right}".split())
    prefix = "…" if start > _CONTEXT else ""
    suffix = "…" if end + _CONTEXT < len(text) else ""
    return f"{prefix}{words}{suffix}"


def _sentence(text: str, start: int, end: int) -> str:
    # The words about a figure are in its sentence: from the last full stop before it to the
    # next after it.
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = text.find(". ", end)
    return text[left + 1 : right if right >= 0 else len(text)]


def _percent(part: int, whole: int) -> Fraction | None:
    return Fraction(100 * part, whole) if whole else None


def _compare(claim: Claim, t: Target) -> tuple[bool, str]:
    """Whether the claim says what the target is, and what the target is, in words."""
    if claim.kind in ("percent", "words"):
        exact = t.value if t.unit == "percent" else None
        if t.part is not None and t.whole is not None:
            exact = _percent(t.part, t.whole)
        if exact is None:
            return False, f"{t.printed}, which has no percentage to compare"
        return claim.agrees_with_percent(exact), t.printed
    if claim.kind == "count_of":
        if t.part is None:
            return False, f"{t.printed}, which is not a count"
        whole_ok = t.whole is None or claim.whole == t.whole
        return claim.part == t.part and whole_ok, t.printed
    if claim.kind == "count":
        if t.part is not None:
            return claim.part == t.part, t.printed
        if t.value is not None and claim.value is not None:
            return round_half_up(t.value, 0) == claim.value, t.printed
        return False, t.printed
    # a bare number with decimals ("33.7"), compared with a figure held as a number
    if t.value is None or claim.value is None:
        return False, f"{t.printed}, which is not a number to compare"
    return round_half_up(t.value, claim.places) == claim.value, t.printed


# A bound or stated literal as the reader sees it: the words alone, without the braces.
_AS_READ = re.compile(r'\{\{\s*"([^"{}]*)"\s*\|\s*(?:about\([^{}]*\)|stated)\s*\}\}')


def _bound_finding(p: NarrativeParagraph, row: int, b: Binding, source: str) -> Finding | None:
    shown = _AS_READ.sub(lambda m: m[1], source)
    at = shown.find(b.literal)
    context = _context(shown, max(at, 0), max(at, 0) + len(b.literal))
    claim = read_claim(b.literal)
    if claim is None:
        reason = "is bound to a figure but holds no figure to compare"
        return Finding(p.section, row, b.literal, context, reason, "unreadable")
    try:
        t = target_of(b.figure, b.side)
    except UnknownFigureError as e:
        return Finding(p.section, row, b.literal, context, f"cannot be compared: {e}",
                       "unreadable")  # fmt: skip
    agrees, expected = _compare(claim, t)
    if agrees:
        return None
    if claim.kind == "words":
        reason = f"misstates {t.ref}: {claim.described} against {expected}"
        return Finding(p.section, row, b.literal, context, reason, "misstated", expected)
    return Finding(p.section, row, b.literal, context,
                   f"differs from {t.ref}, which is {expected}", "differs", expected)  # fmt: skip


def _agrees(claim: Claim, t: Target) -> bool:
    return _compare(claim, t)[0]


def _proposal(claim: Claim, c: Candidate, agrees: bool) -> Proposal:
    side = "" if c.side == "yes" else ', "no"'
    source = f'{{{{ "{claim.text}" | about({c.ref}{side}) }}}}'
    return Proposal(c.ref, c.side, c.target.printed, agrees, source)


def _unbound_findings(p: NarrativeParagraph, row: int, pool: Pool) -> list[tuple[int, Finding]]:
    out: list[tuple[int, Finding]] = []
    for offset, text in literal_text(p.text):
        for claim in claims_in(text):
            sentence = _sentence(text, claim.start, claim.end)
            ranked = propose(sentence, pool, partial(_agrees, claim))
            proposals = tuple(_proposal(claim, c, ok) for c, ok in ranked)
            finding = Finding(
                p.section, row, claim.text, _context(text, claim.start, claim.end),
                "is not bound to the figure it is about", "unbound", "", proposals,
            )  # fmt: skip
            out.append((offset + claim.start, finding))
    return out


def check_paragraph(
    paragraph: NarrativeParagraph, row: int, context: dict[str, object], pool: Pool
) -> list[Finding]:
    """The findings of one paragraph, in the order of its words. A paragraph that does not
    render is left to the renderer's errors; its typed words are still read."""
    found: list[tuple[int, Finding]] = []
    try:
        with recording() as bindings:
            render_text(paragraph.text, context)
    except (TemplateError, UnknownFigureError):
        bindings = []
    for b in bindings:
        finding = _bound_finding(paragraph, row, b, paragraph.text)
        if finding is not None:
            found.append((max(paragraph.text.find(f'"{b.literal}"'), 0), finding))
    found.extend(_unbound_findings(paragraph, row, pool))
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


def check_narrative(results: InspectionResults) -> list[Finding]:
    """Every figure of the narrative that the check questions, in the narrative's order."""
    context = figures_context(results)
    pool = candidates(results, context)
    findings: list[Finding] = []
    for index, paragraph in enumerate(results.bundle.narrative):
        findings.extend(check_paragraph(paragraph, index + FIRST_ROW, context, pool))
    return findings


def figures_statement(findings: list[Finding], accepted: set[str] | None = None) -> str:
    """What the report's cover may truly say of its figures, given the check's findings and
    the keys of those the lead accepted with a reason."""
    accepted = accepted or set()
    base = (
        "Every figure in the tables and charts of this report is computed from the inspectors’ "
        "answers on the cases inspected and from the data supplied for the inspection."
    )
    if not findings:
        return (
            f"{base} Every figure in its text is either quoted from that data or checked "
            "against the figure it is about; figures from elsewhere are marked as stated."
        )
    open_ = [f for f in findings if f.key not in accepted]
    if not open_:
        return (
            f"{base} {_figures(len(findings))} in its text differ from that data or are not "
            "tied to it; the lead inspector accepted each with a reason, kept in the record."
        )
    return (
        f"{base} {_figures(len(open_))} in its text differ from that data or are not tied to "
        "it, and have not been resolved."
    )


def _figures(n: int) -> str:
    return f"{number_word(n).capitalize()} figure{'s' if n != 1 else ''}"
