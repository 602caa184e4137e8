"""The report's words: narrative paragraphs rendered against the computed figures, and the
parts of them the author typed, which the narrative check reads (docs/narrative.md).

A paragraph is a Jinja2 template evaluated in a bounded sandbox (it comes from a bundle, so it
may not reach Python, nor take minutes or gigabytes: see sandbox.py), then Markdown rendered
without raw HTML. Every error names the paragraph's section and row and the bad name; all of
them are collected before anything is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import (
    ChainableUndefined,
    StrictUndefined,
    TemplateError,
    TemplateRuntimeError,
    TemplateSyntaxError,
)
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from probity.bundle.model import NarrativeParagraph
from probity.pipeline import InspectionResults

from .binding import about
from .figures import UnknownFigureError, figures_context
from .sandbox import BoundedEnvironment, NarrativeBoundError, bounded_render

__all__ = ["NarrativeBoundError"]  # raised by render_text, a TemplateError like the rest

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


def _stated(value: object) -> str:
    # A figure the author states from outside the inspection data: printed as written, and
    # --check does not question it (it sits inside {{ }}, which --check never reads).
    return str(value)


@cache
def _environment() -> BoundedEnvironment:
    env = BoundedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters["stated"] = _stated
    env.filters["about"] = about
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


@cache
def _lenient_environment() -> BoundedEnvironment:
    # Any name stands for nothing: what a paragraph does with its figures is checked
    # against the real ones when the report is made; only the bounds are checked here.
    env = BoundedEnvironment(undefined=ChainableUndefined, autoescape=True)
    env.filters["stated"] = _stated
    env.filters["about"] = about
    return env


def bound_problem(source: str) -> str | None:
    """Why a paragraph goes past the sandbox's bounds whatever its figures (``{{ 9**9**9
    }}``), or None. Anything else wrong with it is left to rendering against the figures."""
    try:
        template = _lenient_environment().from_string(source)
        bounded_render(lambda: template.generate({}))
    except NarrativeBoundError as e:
        return f"past the bounds of a paragraph: {e}"
    except Exception:  # any other fault is said when it is rendered with the figures
        return None
    return None


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
    """One paragraph's figure references evaluated, within the sandbox's bounds; raises a
    :class:`TemplateError` (:class:`NarrativeBoundError` past a bound) or
    :class:`UnknownFigureError`, and nothing else."""
    try:
        template = _environment().from_string(source)
        return bounded_render(lambda: template.generate(context))
    except (TemplateError, UnknownFigureError):
        raise
    # An expression's own failure (1/0, a number too large for a float, a macro calling
    # itself without end) is the paragraph's fault, said like any other.
    except (ArithmeticError, ValueError, TypeError, LookupError, RecursionError) as e:
        raise TemplateRuntimeError(f"{type(e).__name__}: {e}") from None


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


def literal_text(source: str) -> list[tuple[int, str]]:
    """The parts of a paragraph's source outside ``{{ }}``, ``{% %}`` and ``{# #}`` (what the
    author typed as it stands), each with its offset in the source."""
    try:
        tokens = list(_environment().lex(source))
    except TemplateSyntaxError:
        # The paragraph will not render either (render_paragraphs says why); what can be
        # read of it is still checked.
        blanked = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", lambda m: " " * len(m[0]), source,
                         flags=re.S)  # fmt: skip
        return [(0, blanked)]
    out: list[tuple[int, str]] = []
    offset = 0
    for _, kind, value in tokens:
        if kind == "data":
            # Data tokens are the source's own text, in order: each is found after the last.
            at = source.find(value, offset)
            at = offset if at < 0 else at
            out.append((at, value))
            offset = at + len(value)
    return out
