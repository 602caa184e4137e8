"""The narrative arranged for the report: each section's paragraphs under their headings, its
strengths and its areas for improvement, in the order the bundle gives them."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from probity.bundle.model import NarrativeParagraph


@dataclass(frozen=True)
class Block:
    """Consecutive paragraphs under one sub-heading (or under none)."""

    heading: str | None
    paragraphs: tuple[Markup, ...]


@dataclass(frozen=True)
class SectionWords:
    """One section's words: text blocks, strengths and areas for improvement."""

    blocks: tuple[Block, ...] = ()
    strengths: tuple[Markup, ...] = ()
    improvements: tuple[Markup, ...] = ()

    @property
    def has_text(self) -> bool:
        """Whether the section has any paragraph of text."""
        return bool(self.blocks)


def _unwrap(html: Markup) -> Markup:
    # A strength is one item of a list: a lone paragraph's <p> would only add space.
    text = str(html).strip()
    if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
        return Markup(text[3:-4])
    return Markup(text)


def arrange(rendered: list[tuple[NarrativeParagraph, Markup]]) -> dict[str, SectionWords]:
    """The rendered narrative by section; a new block starts where the heading changes."""
    blocks: dict[str, list[Block]] = {}
    strengths: dict[str, list[Markup]] = {}
    improvements: dict[str, list[Markup]] = {}
    for paragraph, html in rendered:
        section = paragraph.section
        if paragraph.part == "strength":
            strengths.setdefault(section, []).append(_unwrap(html))
        elif paragraph.part == "improvement":
            improvements.setdefault(section, []).append(_unwrap(html))
        else:
            runs = blocks.setdefault(section, [])
            if runs and runs[-1].heading == paragraph.heading:
                runs[-1] = Block(runs[-1].heading, (*runs[-1].paragraphs, html))
            else:
                runs.append(Block(paragraph.heading, (html,)))
    sections = set(blocks) | set(strengths) | set(improvements)
    return {
        s: SectionWords(
            tuple(blocks.get(s, ())), tuple(strengths.get(s, ())), tuple(improvements.get(s, ()))
        )
        for s in sections
    }
