"""What a framework says about publishing its reports: the front matter (the publisher's role,
copyright, licence and address), the narrative sections it adds to the report's own, the web
links and glossary of the last annexe, and its headings in other languages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FrontMatter(_Frozen):
    """The pages after the cover. ``copyright`` takes ``{year}`` (the year of publication);
    ``role`` is the publisher's statement of what it is, a paragraph an item."""

    assumption: str | None = None

    role_heading: str
    role: tuple[str, ...] = ()
    copyright: str | None = None
    licence: str | None = None
    availability: str | None = None
    publisher_heading: str = "Published by:"
    publisher_address: tuple[str, ...] = ()


class NarrativeSection(_Frozen):
    """A section of the narrative the framework adds (``acknowledgements``): the bundle's
    narrative table may then name it, and the report prints it under ``heading``."""

    assumption: str | None = None

    id: str
    heading: str


class WebLink(_Frozen):
    """A link of the web links annexe: the sentence that introduces it, its title and its
    address (printed as text, since the report is self-contained)."""

    assumption: str | None = None

    title: str
    address: str
    intro: str | None = None


class GlossaryTerm(_Frozen):
    """A term the report uses and what it means."""

    assumption: str | None = None

    term: str
    definition: str
