"""Everything the report's templates print, computed from one inspection's results: the
templates only lay it out, so every number in the report comes from here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from markupsafe import Markup

from probity.bundle.model import Inspection, Recommendation
from probity.framework import Framework
from probity.pipeline import InspectionResults
from probity.rating.page import RatingsPage as Page
from probity.rating.page import StandardLine

from .annexes import (
    AnnexeTable,
    FigureTable,
    PreviousRecommendation,
    annexe_three,
    previous_recommendations,
    staffing_tables,
)
from .chapters import DomainView, RatingBadge, anchor, badge, domain_view, swatch_css
from .charts import ratings_chart
from .check import check_narrative, figures_statement
from .disproportionality import CHAPTER, Disproportionality, disproportionality_chapter
from .formatting import long_date, month_year, place_name
from .front_matter import (
    AnnexeFour,
    Footnote,
    FootnoteNumbers,
    FrontMatter,
    Headings,
    annexe_four,
    annexe_one_intro,
    front_matter,
    headings,
)
from .narrative import render_paragraphs
from .words import SectionWords, arrange


class ReportError(Exception):
    """A report cannot be made from these results; ``problems`` says why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Cover:
    """The cover: what was inspected, by whom, when, in the framework's words."""

    title_lead: str
    organisation: str
    region_line: str | None
    publisher_line: str
    lead_inspector_line: str | None
    practice_examples_note: str | None
    # What is true of the figures, by the narrative check (probity.report.check).
    figures_statement: str = ""


@dataclass(frozen=True)
class RatingsRow:
    """A standard on the ratings page."""

    id: str
    name: str
    anchor: str
    rating: RatingBadge


@dataclass(frozen=True)
class RatingsDomain:
    """A domain's standards on the ratings page."""

    title: str
    rows: tuple[RatingsRow, ...]


@dataclass(frozen=True)
class RatingsPage:
    """The ratings page: score, overall rating and every standard's rating."""

    organisation: str
    fieldwork: str
    score: int
    max_score: int
    overall: RatingBadge
    domains: tuple[RatingsDomain, ...]
    unscored: tuple[RatingsRow, ...]
    chart: Markup


@dataclass(frozen=True)
class RecommendationGroup:
    """Recommendations addressed to one body, numbered on from the group before."""

    addressed_to: str
    start: int
    items: tuple[str, ...]


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents: a link to a heading, with the lines under it."""

    anchor: str
    title: str
    children: tuple[ContentsEntry, ...] = ()
    # ' lang="cy"' where the title is printed in translation.
    lang: str = ""


@dataclass(frozen=True)
class ReportContext:
    """The whole report, ready to lay out."""

    title: str
    description: str
    publisher: str
    cover: Cover
    t: Headings
    front_matter: FrontMatter
    contents: tuple[ContentsEntry, ...]
    foreword: SectionWords
    ratings: RatingsPage
    recommendations_intro: str
    recommendations_note: Footnote | None
    recommendations: tuple[RecommendationGroup, ...]
    background: SectionWords
    domains: tuple[DomainView, ...]
    annexe_one_intro: str | None
    annexe_one: tuple[PreviousRecommendation, ...]
    annexe_two: tuple[FigureTable, ...]
    annexe_three: tuple[AnnexeTable, ...]
    annexe_note: str | None
    annexe_four: AnnexeFour
    # The footnote on each standard's opening sentence (how it is rated), by standard id, and
    # every footnote by the id of the chapter that lists it.
    standard_notes: dict[str, Footnote]
    chapter_notes: dict[str, tuple[Footnote, ...]]
    rating_css: str
    # A draft under embargo is marked as one on every page; a corrected report lists its
    # corrections (date, notice), oldest first.
    draft: bool = False
    corrections: tuple[tuple[str, str], ...] = ()
    # The disproportionality chapter, where the lead asked for it.
    disproportionality: Disproportionality | None = None


def fieldwork_text(start: date, end: date) -> str:
    """When fieldwork took place: "June 2022", "June and July 2022"."""
    if (start.year, start.month) == (end.year, end.month):
        return month_year(start)
    if start.year == end.year:
        return f"{start:%B} and {month_year(end)}"
    return f"{month_year(start)} and {month_year(end)}"


def _cover(fw: Framework, insp: Inspection, has_examples: bool) -> Cover:
    words = fw.wording
    when = month_year(insp.published) if insp.published else "draft, not yet published"
    region = (
        words.region_line.format(region=insp.region) if words.region_line and insp.region else None
    )
    lead = insp.lead_inspector
    return Cover(
        title_lead=words.cover_title,
        organisation=insp.organisation,
        region_line=region,
        publisher_line=f"{fw.publisher}, {when}" if fw.publisher else when,
        lead_inspector_line=(
            words.lead_inspector_line.format(name=lead)
            if lead and words.lead_inspector_line
            else None
        ),
        practice_examples_note=words.practice_examples_note if has_examples else None,
    )


def _ratings_page(fw: Framework, insp: Inspection, page: Page) -> RatingsPage:
    def row(s: StandardLine) -> RatingsRow:
        return RatingsRow(
            s.id, s.name, anchor("standard", s.id), badge(fw, s.rating.id if s.rating else None)
        )

    domains = tuple(
        RatingsDomain(d.title, tuple(row(s) for s in d.standards if s.scored or not s.rating))
        for d in page.domains
    )
    assert page.score is not None
    assert page.overall is not None
    return RatingsPage(
        organisation=insp.organisation,
        fieldwork=fieldwork_text(insp.fieldwork_start, insp.fieldwork_end),
        score=page.score,
        max_score=page.max_score,
        overall=badge(fw, page.overall.id),
        domains=tuple(d for d in domains if d.rows),
        unscored=tuple(row(s) for s in page.standards if s.rating and not s.scored),
        chart=ratings_chart(fw, page),
    )


def recommendation_groups(
    recommendations: tuple[Recommendation, ...], organisation: str
) -> tuple[RecommendationGroup, ...]:
    """This inspection's recommendations in order, grouped as the report prints them: a new
    group ("West Midlands region should:") wherever the body addressed changes."""
    groups: list[RecommendationGroup] = []
    current = sorted((r for r in recommendations if r.kind == "current"), key=lambda r: r.number)
    for i, r in enumerate(current, start=1):
        to = r.addressed_to or organisation
        if groups and groups[-1].addressed_to == to:
            last = groups[-1]
            groups[-1] = RecommendationGroup(last.addressed_to, last.start, (*last.items, r.text))
        else:
            groups.append(RecommendationGroup(to, i, (r.text,)))
    return tuple(groups)


def _contents(
    ctx: dict[str, bool],
    front: tuple[tuple[str, str], ...],
    domains: tuple[DomainView, ...],
    t: Headings,
) -> tuple[ContentsEntry, ...]:
    def entry(anchor: str, title: str) -> ContentsEntry:
        return ContentsEntry(anchor, t(title), lang=t.lang(title))

    entries: list[ContentsEntry] = []
    entries.extend(entry(section_id, heading) for section_id, heading in front)
    if ctx["foreword"]:
        entries.append(entry("foreword", "Foreword"))
    entries.append(entry("ratings", "Ratings"))
    if ctx["recommendations"]:
        entries.append(entry("recommendations", "Recommendations"))
    if ctx["background"]:
        entries.append(entry("background", "Background"))
    for d in domains:
        children = tuple(
            ContentsEntry(s.anchor, f"{s.id} {t(s.name)}", lang=t.lang(s.name)) for s in d.standards
        )
        entries.append(
            ContentsEntry(d.anchor, f"{d.id}. {t(d.name)}", children, lang=t.lang(d.name))
        )
    if ctx["disproportionality"]:
        entries.append(entry(CHAPTER, "Disproportionality"))
    if ctx["annexe_one"]:
        title = "Annexe one – Progress against previous recommendations"
        entries.append(entry("annexe-one", title))
    if ctx["annexe_two"]:
        entries.append(entry("annexe-two", "Annexe two – Staffing and workload data"))
    entries.append(entry("annexe-three", "Annexe three – Inspection data"))
    if ctx["annexe_four"]:
        entries.append(entry("annexe-four", "Annexe four – Web links"))
    return tuple(entries)


def _footnotes(
    fw: Framework, domains: tuple[DomainView, ...], has_annexe_one: bool
) -> tuple[Footnote | None, dict[str, Footnote], FootnoteNumbers]:
    """The report's footnotes, numbered in the order they are called: the note on the
    recommendations (where Annexe one is printed), then how each standard is rated."""
    numbers = FootnoteNumbers()
    recommendations = numbers.add(
        fw.wording.recommendations_note if has_annexe_one else None, "recommendations"
    )
    standards: dict[str, Footnote] = {}
    for d in domains:
        for s in d.standards:
            note = numbers.add(s.rule_note if s.intro else None, d.anchor)
            if note is not None:
                standards[s.id] = note
    return recommendations, standards, numbers


def build_context(
    results: InspectionResults,
    accepted: frozenset[str] = frozenset(),
    *,
    draft: bool = False,
    corrections: tuple[tuple[date, str], ...] = (),
    disproportionality: bool = False,
) -> ReportContext:
    """The report's content from one inspection's results; ``accepted`` holds the keys of the
    narrative check's findings that the lead accepted with a reason (the cover says so);
    ``disproportionality``: include the disproportionality chapter.

    Raises :class:`ReportError` when the inspection is not fully rated, and
    :class:`probity.report.narrative.NarrativeError` when the narrative cannot be rendered.
    """
    ratings = results.ratings
    if ratings is None:
        raise ReportError([str(p) for p in results.problems] or ["the inspection is not rated"])
    fw = results.framework
    bundle = results.bundle
    insp = bundle.inspection
    words = arrange(render_paragraphs(results))
    domains = tuple(domain_view(results, d, words) for d in fw.domains)
    foreword = words.get("foreword", SectionWords())
    background = words.get("background", SectionWords())
    recommendations = recommendation_groups(bundle.recommendations, insp.organisation)
    annexe_one = previous_recommendations(bundle.recommendations)
    annexe_two = staffing_tables(fw, bundle.staffing)
    t = headings(fw, insp)
    front = front_matter(fw, insp, words)
    annexe_four_view = annexe_four(fw, bundle.glossary)
    present = {
        "foreword": foreword.has_text,
        "recommendations": bool(recommendations),
        "background": background.has_text,
        "annexe_one": bool(annexe_one),
        "annexe_two": bool(annexe_two),
        "annexe_four": annexe_four_view.has_content,
        "disproportionality": disproportionality,
    }
    recommendations_note, standard_notes, notes = _footnotes(
        fw, domains, bool(annexe_one) and bool(recommendations)
    )
    intro = fw.wording.recommendations_intro
    where = ", ".join(part for part in (insp.organisation, insp.region) if part)
    place = place_name(fw, insp.organisation)
    return ReportContext(
        title=f"{fw.wording.cover_title} {insp.organisation}",
        description=f"{fw.title}: {where}",
        publisher=fw.publisher or "",
        cover=replace(
            _cover(fw, insp, bool(bundle.practice_examples)),
            figures_statement=figures_statement(check_narrative(results), set(accepted)),
        ),
        t=t,
        front_matter=front,
        contents=_contents(present, tuple((i, h) for i, h, _ in front.sections), domains, t),
        foreword=foreword,
        ratings=_ratings_page(fw, insp, results.page),
        recommendations_intro=intro.format(place=place) if intro else "",
        recommendations_note=recommendations_note,
        recommendations=recommendations,
        background=background,
        domains=domains,
        annexe_one_intro=annexe_one_intro(fw, place),
        annexe_one=annexe_one,
        annexe_two=annexe_two,
        annexe_three=annexe_three(fw, results),
        annexe_note=fw.annexe_note,
        annexe_four=annexe_four_view,
        standard_notes=standard_notes,
        chapter_notes=notes.by_chapter(),
        rating_css=swatch_css(fw),
        draft=draft,
        corrections=tuple((long_date(d), notice) for d, notice in corrections),
        disproportionality=disproportionality_chapter(results) if disproportionality else None,
    )
