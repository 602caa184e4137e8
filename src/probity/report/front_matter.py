"""The report's parts that the framework words and the inspection completes: the front matter
(acknowledgements, the publisher's role, copyright, licence, ISBN and address), the footnotes,
Annexe four (web links and glossary) and the headings in the inspection's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from probity.bundle.model import GlossaryTerm, Inspection
from probity.framework import Framework

from .words import SectionWords

# The report's fixed headings, in English: a framework's translations give each in another
# language (with the names of its domains and standards).
HEADINGS = (
    "Contents",
    "Foreword",
    "Ratings",
    "Recommendations",
    "Background",
    "Key data",
    "Survey and interview results",
    "Strengths",
    "Areas for improvement",
    "Notes",
    "Glossary",
    "Annexe one – Progress against previous recommendations",
    "Annexe two – Staffing and workload data",
    "Annexe three – Inspection data",
    "Annexe four – Web links",
)


@dataclass(frozen=True)
class Headings:
    """The report's headings in its language: ``t("Ratings")`` is the heading to print and
    ``t.lang("Ratings")`` the ``lang`` attribute it needs, set only on a translated heading,
    since the narrative under it stays in the language it was written in."""

    language: str = "en"
    table: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, english: str) -> str:
        return self.table.get(english, english)

    def lang(self, english: str) -> Markup:
        """`` lang="cy"`` for a heading printed in translation, else nothing."""
        if english in self.table:
            return Markup(' lang="{}"').format(self.language)
        return Markup("")


def headings(fw: Framework, insp: Inspection) -> Headings:
    """The headings of this inspection's report, in the language it names."""
    language = insp.report_language
    return Headings(language, fw.translations.get(language, {}) if language != "en" else {})


@dataclass(frozen=True)
class Footnote:
    """A numbered note: a call in the text, the note at the foot of the page (PDF) or at the
    end of its chapter (HTML), with a link back to the call."""

    number: int
    text: str
    chapter: str

    @property
    def anchor(self) -> str:
        """The note's id."""
        return f"note-{self.number}"

    @property
    def call_anchor(self) -> str:
        """The id of the call in the text, which the note links back to."""
        return f"note-call-{self.number}"


class FootnoteNumbers:
    """Numbers notes in the order they are added, which must be the order of the report."""

    def __init__(self) -> None:
        self.notes: list[Footnote] = []

    def add(self, text: str | None, chapter: str) -> Footnote | None:
        """A new note in ``chapter`` (its section's id), or None when there is no text."""
        if not text:
            return None
        note = Footnote(len(self.notes) + 1, " ".join(text.split()), chapter)
        self.notes.append(note)
        return note

    def by_chapter(self) -> dict[str, tuple[Footnote, ...]]:
        """The notes of each chapter, in order."""
        out: dict[str, list[Footnote]] = {}
        for note in self.notes:
            out.setdefault(note.chapter, []).append(note)
        return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class FrontMatter:
    """The pages after the cover: acknowledgements, the publisher's role, the copyright and
    licence notice, where the report is available, its ISBN and the publisher's address."""

    sections: tuple[tuple[str, str, SectionWords], ...]
    role_heading: str | None
    role: tuple[str, ...]
    copyright: str | None
    licence: str | None
    availability: str | None
    isbn: str | None
    publisher_heading: str | None
    publisher_address: tuple[str, ...]

    @property
    def has_content(self) -> bool:
        """Whether there is anything to print."""
        return bool(self.sections or self.role or self.copyright or self.isbn)


def front_matter(fw: Framework, insp: Inspection, words: dict[str, SectionWords]) -> FrontMatter:
    """The front matter: the framework's words, the inspection's own sections (those the
    framework declares, such as acknowledgements) and its ISBN."""
    spec = fw.front_matter
    year = (insp.published or insp.fieldwork_end).year
    sections = tuple(
        (s.id, s.heading, words[s.id])
        for s in fw.narrative_sections
        if s.id in words and words[s.id].has_text
    )
    return FrontMatter(
        sections=sections,
        role_heading=spec.role_heading if spec and spec.role else None,
        role=spec.role if spec else (),
        copyright=spec.copyright.format(year=year) if spec and spec.copyright else None,
        licence=spec.licence if spec else None,
        availability=spec.availability if spec else None,
        isbn=insp.isbn.strip() if insp.isbn else None,
        publisher_heading=spec.publisher_heading if spec and spec.publisher_address else None,
        publisher_address=spec.publisher_address if spec else (),
    )


@dataclass(frozen=True)
class LinkView:
    """A web link as printed: the sentence before it, its title and its address as text."""

    intro: str | None
    title: str
    address: str


@dataclass(frozen=True)
class AnnexeFour:
    """Annexe four: web links, then the glossary."""

    links: tuple[LinkView, ...]
    glossary: tuple[tuple[str, str], ...]

    @property
    def has_content(self) -> bool:
        """Whether there is anything to print."""
        return bool(self.links or self.glossary)


def annexe_four(fw: Framework, own: Sequence[GlossaryTerm] = ()) -> AnnexeFour:
    """Annexe four from the framework: its links, and its glossary with the inspection's own
    terms (``own``: one of the same name replaces the framework's), in alphabetical order."""
    links = tuple(LinkView(link.intro, link.title, link.address) for link in fw.links)
    terms = {t.term.casefold(): (t.term, t.definition) for t in fw.glossary}
    terms.update({t.term.casefold(): (t.term, t.definition) for t in own})
    return AnnexeFour(links, tuple(terms[k] for k in sorted(terms)))


def annexe_one_intro(fw: Framework, place: str) -> str | None:
    """Annexe one's opening paragraph, in the framework's words."""
    intro = fw.wording.annexe_one_intro
    return " ".join(intro.format(place=place).split()) if intro else None
