"""The report's words: narrative paragraphs rendered against the computed figures, and the
check that no literal figure in them contradicts the data (docs/narrative.md).

A paragraph is a Jinja2 template evaluated in a sandbox (it comes from a bundle, so it may not
reach Python), then Markdown rendered without raw HTML. Every error names the paragraph's
section and row and the bad name; all of them are collected before anything is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from probity.bundle.model import NarrativeParagraph
from probity.pipeline import InspectionResults

from .figures import SupportedFigures, UnknownFigureError, figures_context, supported_figures
from .formatting import NUMBER_WORDS

# Rows are numbered as a spreadsheet shows them: the header is row 1.
FIRST_ROW = 2


@dataclass(frozen=True)
class NarrativeProblem:
    """One paragraph that cannot be rendered: where it is and why."""

    section: str
    row: int
    message: str

    def __str__(self) -> str:
        return f"narrative row {self.row} (section {self.section}): {self.message}"


class NarrativeError(Exception):
    """The narrative cannot be rendered; ``problems`` lists every paragraph at fault."""

    def __init__(self, problems: list[NarrativeProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Finding:
    """A literal figure in the narrative's source that no computed figure supports."""

    section: str
    row: int
    figure: str
    context: str
    reason: str

    def __str__(self) -> str:
        return (
            f"narrative row {self.row} (section {self.section}): “{self.figure}” {self.reason}: "
            f"“{self.context}”"
        )


def _stated(value: object) -> str:
    # A figure the author states from outside the inspection data: printed as written, and
    # --check does not question it (it sits inside {{ }}, which --check never reads).
    return str(value)


@cache
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters["stated"] = _stated
    return env


def _markdown_link_open(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    href = str(tokens[idx].attrGet("href") or "")
    # A report is one self-contained file: links within it stay links; an address elsewhere
    # is printed after the words, so that nothing in the file points outside it.
    if href.startswith("#"):
        return f'<a href="{escape(href)}">'
    return ""


def _markdown_link_close(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    opener = next((t for t in reversed(tokens[:idx]) if t.type == "link_open"), None)
    href = str(opener.attrGet("href") or "") if opener else ""
    if href.startswith("#"):
        return "</a>"
    return f" ({escape(href)})" if href else ""


@cache
def _markdown() -> MarkdownIt:
    # Raw HTML from a bundle is shown as text, never passed through; images would be
    # external resources; headings come from the narrative's own heading column, so that
    # the report's outline stays in order.
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.disable(["image", "heading", "lheading", "html_block", "html_inline"])
    md.add_render_rule("link_open", _markdown_link_open)
    md.add_render_rule("link_close", _markdown_link_close)
    return md


def markdown_html(text: str) -> Markup:
    """Markdown (from a bundle) as HTML, raw HTML escaped and no external resources."""
    return Markup(_markdown().render(text))


def _message(error: BaseException) -> str:
    if isinstance(error, TemplateSyntaxError):
        return f"bad figure reference (line {error.lineno}): {error.message}"
    if isinstance(error, UnknownFigureError):
        return f"unknown figure: {error}"
    return f"cannot render: {error}"


def render_text(source: str, context: dict[str, Any]) -> str:
    """One paragraph's figure references evaluated; raises what Jinja or a figure raises."""
    return _environment().from_string(source).render(context)


def render_paragraphs(
    results: InspectionResults,
) -> list[tuple[NarrativeParagraph, Markup]]:
    """Every narrative paragraph of the bundle rendered to HTML, in order.

    Raises :class:`NarrativeError` listing every paragraph that cannot be rendered (an
    unknown figure, a bad expression): nothing is rendered from a narrative with an error.
    """
    context = figures_context(results)
    out: list[tuple[NarrativeParagraph, Markup]] = []
    problems: list[NarrativeProblem] = []
    for index, paragraph in enumerate(results.bundle.narrative):
        row = index + FIRST_ROW
        try:
            text = render_text(paragraph.text, context)
        except (TemplateError, UnknownFigureError) as e:
            problems.append(NarrativeProblem(paragraph.section, row, _message(e)))
            continue
        out.append((paragraph, markdown_html(text)))
    if problems:
        raise NarrativeError(problems)
    return out


# What reads as a claim about the inspected data (docs/narrative.md).
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
# Counts written in words ("seven out of 38") are claims too; "no" is not a count here.
_WORD_COUNTS = NUMBER_WORDS[1:]
_PERCENT = re.compile(rf"(?<![\w.,])(?P<n>(?:{_NUMBER})(?:\.\d+)?)\s*(?:%|per\s+cent\b)", re.I)
_COUNT = re.compile(
    rf"(?<![\w.,])(?P<n>{_NUMBER}|{'|'.join(_WORD_COUNTS)})\s+(?P<out>out\s+of|of)\s+"
    rf"(?P<m>{_NUMBER})(?![\w]|[.,]\d)",
    re.I,
)
_CONTEXT = 45


def _number(text: str) -> int:
    lowered = text.lower()
    if lowered in _WORD_COUNTS:
        return _WORD_COUNTS.index(lowered) + 1
    return int(text.replace(",", ""))


def _round_to(value: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(
        (2 * value.numerator * scale + value.denominator) // (2 * value.denominator), scale
    )


def _percentage_supported(literal: str, supported: SupportedFigures) -> bool:
    number = literal.replace(",", "")
    places = len(number.split(".")[1]) if "." in number else 0
    value = Fraction(number)
    return any(_round_to(p, places) == value for p in supported.percentages)


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _CONTEXT) : start]
    right = text[end : end + _CONTEXT]
    words = " ".join(f"{left}{text[start:end]}{right}".split())
    prefix = "…" if start > _CONTEXT else ""
    suffix = "…" if end + _CONTEXT < len(text) else ""
    return f"{prefix}{words}{suffix}"


def _is_year(n: str) -> bool:
    return len(n) == 4 and n.isdigit() and 1900 <= int(n) <= 2100


def _literal_text(source: str) -> list[str]:
    """The parts of a paragraph's source outside ``{{ }}``, ``{% %}`` and ``{# #}``: what the
    author typed as it stands."""
    try:
        tokens = list(_environment().lex(source))
    except TemplateSyntaxError:
        # The paragraph will not render either (render_paragraphs says why); what can be
        # read of it is still checked.
        return [re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", source, flags=re.S)]
    return [value for _, kind, value in tokens if kind == "data"]


def _findings_in(
    paragraph: NarrativeParagraph, row: int, supported: SupportedFigures
) -> list[Finding]:
    found: list[tuple[tuple[int, int], Finding]] = []

    def add(place: tuple[int, int], text: str, m: re.Match[str], reason: str) -> None:
        figure = " ".join(m.group(0).split())
        found.append(
            (place, Finding(paragraph.section, row, figure, _context(text, *m.span()), reason))
        )

    for part, text in enumerate(_literal_text(paragraph.text)):
        for m in _COUNT.finditer(text):
            if not m["out"].lower().startswith("out") and _is_year(m["m"]):
                continue  # "6 of 2022" is a date, not a count
            if (_number(m["n"]), _number(m["m"])) not in supported.counts:
                add(
                    (part, m.start()),
                    text,
                    m,
                    "is not supported by any computed figure "
                    "(none has that count out of that whole)",
                )
        for m in _PERCENT.finditer(text):
            if not _is_year(m["n"]) and not _percentage_supported(m["n"], supported):
                add(
                    (part, m.start()),
                    text,
                    m,
                    "is not supported by any computed figure (none has that percentage)",
                )
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


def check_narrative(results: InspectionResults) -> list[Finding]:
    """Every literal figure in the narrative's source that no computed figure supports, in the
    order of the narrative (docs/narrative.md: percentages "39 per cent" and "39%", counts
    "28 out of 69" and "10 of 29"). Figures inside ``{{ }}`` (references, and those marked
    ``stated``) are not questioned; neither are years."""
    supported = supported_figures(results)
    findings: list[Finding] = []
    for index, paragraph in enumerate(results.bundle.narrative):
        findings.extend(_findings_in(paragraph, index + FIRST_ROW, supported))
    return findings
