"""Writing the report's words: its sections in the report's order, each with its paragraphs;
adding, changing and deleting a paragraph (every change kept in the history, with who and
when); a paragraph previewed as the report will print it, with the narrative check's findings
on it and, for a figure typed but not tied to one, the references that would tie it.

Only the lead and administrators write (``Action.WRITE_REPORT``); after publication an edit is
the draft of a correction, the published versions staying as they were. Nothing here touches
cases, answers or judgements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from jinja2 import TemplateError
from markupsafe import Markup

from probity.bundle.model import NarrativeParagraph
from probity.framework.models import Framework
from probity.pipeline import InspectionResults, inspect_bundle
from probity.report.check import Finding, check_narrative, check_paragraph
from probity.report.figures import Namespace, UnknownFigureError, figures_context
from probity.report.narrative import FIRST_ROW, literal_text, markdown_html, render_text
from probity.report.proposals import Pool, candidates
from probity.workflow.access import authorise, locked
from probity.workflow.errors import InvalidError, NotFoundError
from probity.workflow.model import Actor, InspectionFacts, Part
from probity.workflow.policy import Action, decide
from probity.workflow.store import ReportRow, RowChange, Store

# No section has this id: only those who may write every section (the lead, administrators)
# may write "all sections", and the report's tables.
ALL_SECTIONS = "*"

TEXT_LIMIT = 20_000  # characters of a paragraph
HEADING_LIMIT = 300
PARTS = {"text": "Paragraph", "strength": "Strength", "improvement": "Area for improvement"}
# The families of figures a paragraph may quote, as the figure picker offers them.
PICKER_FAMILIES = ("kq", "prompt", "sample", "characteristics", "survey", "staffing")


@dataclass(frozen=True)
class Section:
    """A section of the report's words: its id (as the narrative names it), its name, the parts
    its paragraphs may be, and whether they carry sub-headings."""

    id: str
    name: str
    parts: tuple[str, ...] = ("text",)
    headings: bool = False


def sections(fw: Framework) -> list[Section]:
    """The sections in the report's order: those the framework adds at the front (such as
    acknowledgements), the foreword, the background, then each domain and its standards (the
    first domain's standards written under sub-headings)."""
    found = [Section(s.id, s.heading) for s in fw.narrative_sections]
    found += [Section("foreword", "Foreword"), Section("background", "Background")]
    for n, d in enumerate(fw.domains):
        found.append(Section(f"domain:{d.id}", f"Domain {d.id}: {d.name}", tuple(PARTS)))
        found += [Section(s.id, f"{s.id} {s.name}", headings=n == 0) for s in d.standards]
    return found


def section_of(fw: Framework, section_id: str) -> Section:
    """One section (NotFoundError for none of the report's)."""
    found = next((s for s in sections(fw) if s.id == section_id), None)
    if found is None:
        raise NotFoundError("No such section of the report")
    return found


@dataclass(frozen=True)
class Figures:
    """What a paragraph is checked and previewed against: the figures it may quote and the pool
    of figures a literal may be tied to (None until the inspection is fully rated, with why)."""

    context: dict[str, object] | None
    pool: Pool | None
    results: InspectionResults
    not_ready: str = ""

    def choices(self) -> list[tuple[str, str]]:
        """Every quotable figure as (reference, what it is and prints), for the picker."""
        if self.context is None:
            return []
        out: list[tuple[str, str]] = []
        for family in PICKER_FAMILIES:
            ns = self.context[family]
            assert isinstance(ns, Namespace)
            dotted = family not in ("kq", "prompt")
            for key, figure in ns.entries():
                ref = f"{family}.{key}" if dotted else f'{family}["{key}"]'
                about = str(getattr(figure, "text", "") or "")[:90]
                out.append((f"{{{{ {ref} }}}}", f"{ref}{' – ' + about if about else ''}"))
        return out


def figures(store: Store, inspection_id: str) -> Figures:
    """The figures of the inspection as it now stands."""
    results = inspect_bundle(store.bundle(inspection_id), store.framework_of(inspection_id))
    if results.ratings is None:
        why = "; ".join(str(p) for p in results.problems) or "the inspection is not rated yet"
        return Figures(None, None, results, why)
    context = figures_context(results)
    return Figures(context, candidates(results, context), results)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph as its section page shows it: as kept, its row in the narrative (as the
    check numbers it) and the check's findings on it, open ones and those the lead accepted."""

    row: ReportRow
    number: int
    findings: tuple[Finding, ...] = ()
    accepted: frozenset[str] = frozenset()

    @property
    def paragraph(self) -> NarrativeParagraph:
        """What it says."""
        assert isinstance(self.row.record, NarrativeParagraph)
        return self.row.record


@dataclass(frozen=True)
class SectionTask:
    """A section on the task list: how many paragraphs it has and how many of the check's
    findings are open on them (None: the figures cannot be checked yet)."""

    section: Section
    paragraphs: int
    open_findings: int | None


def task_list(store: Store, actor: Actor, inspection_id: str) -> tuple[list[SectionTask], str]:
    """Every section with its paragraphs and open findings, and why the figures cannot be
    checked yet ("" once they can). An inspector sees the sections the lead gave them."""
    facts = authorise(store, actor, Action.WRITE_REPORT, inspection_id)
    mine = _writable(store, actor, facts)
    rows = store.report_rows(inspection_id, "narrative")
    counts = Counter(_para(r).section for r in rows)
    found = figures(store, inspection_id)
    opened: Counter[str] | None = None
    if found.context is not None:
        accepted = store.accepted_findings(inspection_id)
        opened = Counter(f.section for f in check_narrative(found.results) if f.key not in accepted)
    tasks = [
        SectionTask(s, counts[s.id], None if opened is None else opened[s.id])
        for s in sections(store.framework_of(inspection_id))
        if mine is None or s.id in mine
    ]
    return tasks, found.not_ready


@dataclass(frozen=True)
class SectionPage:
    """A section's paragraphs with their findings, the history of its paragraphs (deleted ones
    too), and the figures they are checked against."""

    section: Section
    paragraphs: list[Paragraph]
    history: list[RowChange]
    figures: Figures = field(repr=False)


def _para(row: ReportRow) -> NarrativeParagraph:
    assert isinstance(row.record, NarrativeParagraph)
    return row.record


def check(found: Figures, paragraph: NarrativeParagraph, number: int) -> tuple[Finding, ...]:
    """The check's findings on one paragraph (none until the figures can be checked)."""
    if found.context is None or found.pool is None:
        return ()
    return tuple(check_paragraph(paragraph, number, found.context, found.pool))


def section_page(store: Store, actor: Actor, inspection_id: str, section_id: str) -> SectionPage:
    """One section as its page shows it."""
    authorise(store, actor, Action.WRITE_REPORT, inspection_id, section=section_id)
    section = section_of(store.framework_of(inspection_id), section_id)
    found = figures(store, inspection_id)
    accepted = frozenset(store.accepted_findings(inspection_id))
    rows = store.report_rows(inspection_id, "narrative")
    paragraphs = [
        Paragraph(r, n + FIRST_ROW, check(found, _para(r), n + FIRST_ROW), accepted)
        for n, r in enumerate(rows)
        if _para(r).section == section_id
    ]
    history = [
        c for c in store.report_history(inspection_id, "narrative")
        if any(isinstance(p, NarrativeParagraph) and p.section == section_id
               for p in (c.before, c.after))
    ]  # fmt: skip
    return SectionPage(section, paragraphs, history, found)


@dataclass(frozen=True)
class Preview:
    """A paragraph as the report will print it (its figures filled in), or the error that
    stops it printing, with the check's findings on it."""

    html: Markup | None
    error: str | None
    findings: tuple[Finding, ...]


def preview(store: Store, actor: Actor, inspection_id: str, paragraph: NarrativeParagraph,
            number: int | None = None) -> Preview:  # fmt: skip
    """Render one paragraph (not kept) as the report would, and check it."""
    authorise(store, actor, Action.WRITE_REPORT, inspection_id, section=paragraph.section)
    found = figures(store, inspection_id)
    if number is None:
        number = len(store.report_rows(inspection_id, "narrative")) + FIRST_ROW
    return render_preview(found, paragraph, number)


def render_preview(found: Figures, paragraph: NarrativeParagraph, number: int) -> Preview:
    """Render and check a paragraph against figures already read."""
    if found.context is None:
        return Preview(None, f"Figures can be filled in once the inspection is rated: "
                       f"{found.not_ready}", ())  # fmt: skip
    try:
        html = markdown_html(render_text(paragraph.text, found.context))
    except UnknownFigureError as e:
        return Preview(None, f"Unknown figure: {e}", check(found, paragraph, number))
    except TemplateError as e:
        return Preview(None, f"Bad figure reference: {e}", check(found, paragraph, number))
    return Preview(html, None, check(found, paragraph, number))


def tie(text: str, literal: str, source: str) -> str:
    """The text with the first ``literal`` typed outside a reference replaced by ``source``
    (a proposal's, which binds it to its figure); the text as it was if there is none."""
    for offset, words in literal_text(text):
        at = words.find(literal)
        if at >= 0:
            start = offset + at
            return text[:start] + source + text[start + len(literal) :]
    return text


def _checked(fw: Framework, section: Section, part: str, heading: str, text: str,
             found: Figures | None) -> NarrativeParagraph:  # fmt: skip
    problems = []
    words = text.strip()
    if part not in section.parts:
        choices = ", ".join(PARTS[p].lower() for p in section.parts)
        problems.append(f"part: choose one of {choices}")
    if not words:
        problems.append("text: write the paragraph")
    elif len(words) > TEXT_LIMIT:
        problems.append(f"text: must be {TEXT_LIMIT:,} characters or fewer")
    title = " ".join(heading.split())
    if title and not section.headings:
        problems.append("heading: this section's paragraphs have no sub-headings")
    if len(title) > HEADING_LIMIT:
        problems.append(f"heading: must be {HEADING_LIMIT} characters or fewer")
    paragraph = NarrativeParagraph(section.id, part, words, title or None)
    if not problems and found is not None and found.context is not None:
        error = render_preview(found, paragraph, FIRST_ROW).error
        if error:
            problems.append(f"text: {error[:1].lower()}{error[1:]}")
    if problems:
        raise InvalidError(problems)
    return paragraph


def _row(store: Store, inspection_id: str, row_id: int) -> ReportRow:
    found = next((r for r in store.report_rows(inspection_id, "narrative") if r.row_id == row_id),
                 None)  # fmt: skip
    if found is None:
        raise NotFoundError("No such paragraph (it may have been deleted)")
    return found


def add_paragraph(store: Store, actor: Actor, inspection_id: str, section_id: str, part: str,
                  text: str, heading: str = "") -> int:  # fmt: skip
    """Add a paragraph at the end of its section (of its sub-heading's paragraphs, where it has
    one); its id. A paragraph that quotes a figure that does not exist is refused."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=section_id)
        fw = store.framework_of(inspection_id)
        section = section_of(fw, section_id)
        paragraph = _checked(fw, section, part, heading, text, figures(store, inspection_id))
        rows = store.report_rows(inspection_id, "narrative")
        same = [r for r in rows if _para(r).section == section_id]
        under = [r for r in same if _para(r).heading == paragraph.heading and _para(r).part == part]
        last = (under or same)[-1:]
        after = last[0].row_id if last else None
        return store.add_report_row(inspection_id, "narrative", paragraph, after, actor)


def change_paragraph(store: Store, actor: Actor, inspection_id: str, row_id: int, version: int,
                     text: str, heading: str = "") -> None:  # fmt: skip
    """Change a paragraph's words (and sub-heading) as read at ``version``; StaleError if
    someone changed it since."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id)
        fw = store.framework_of(inspection_id)
        was = _para(_row(store, inspection_id, row_id))
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=was.section)
        section = section_of(fw, was.section)
        paragraph = _checked(fw, section, was.part, heading, text, figures(store, inspection_id))
        store.change_report_row(inspection_id, "narrative", row_id, paragraph, version, actor)


def delete_paragraph(store: Store, actor: Actor, inspection_id: str, row_id: int,
                     version: int) -> None:  # fmt: skip
    """Delete a paragraph as read at ``version`` (the history keeps what it said)."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id)
        was = _para(_row(store, inspection_id, row_id))
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=was.section)
        store.delete_report_row(inspection_id, "narrative", row_id, version, actor)


def _writable(store: Store, actor: Actor, facts: InspectionFacts) -> frozenset[str] | None:
    """The sections the actor may write: None for all of them (the lead, administrators)."""
    if decide(actor, Action.WRITE_REPORT, facts, today=store.today(), section=ALL_SECTIONS):
        return None
    return facts.writers.get(actor.user_id, frozenset())


def set_writers(
    store: Store, actor: Actor, inspection_id: str, user_id: int, section_ids: Sequence[str]
) -> None:
    """Give an inspector of the team the sections of the report's words they may write
    (none: they write nothing); those who manage the team do."""
    with store.transaction():
        facts = locked(store, actor, Action.MANAGE_TEAM, inspection_id)
        if facts.team.get(user_id) is not Part.INSPECTOR:
            raise InvalidError(["inspector: choose an inspector of the team"])
        known = {s.id for s in sections(store.framework_of(inspection_id))}
        unknown = sorted(set(section_ids) - known)
        if unknown:
            raise InvalidError([f"sections: not a section of the report: {', '.join(unknown)}"])
        store.set_writers(inspection_id, user_id, frozenset(section_ids), actor)
