"""Everything the report's templates print, computed from one inspection's results: the
templates only lay it out, so every number in the report comes from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from probity.bundle.model import Inspection, Recommendation
from probity.framework import Framework
from probity.pipeline import InspectionResults
from probity.rating import InspectionRatings

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
from .formatting import month_year, pdu_place
from .narrative import render_paragraphs
from .words import SectionWords, arrange


class ReportError(Exception):
    """A report cannot be made from these results; ``problems`` says why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Cover:
    """The cover: what was inspected, by whom, when."""

    title_lead: str
    pdu: str
    region_line: str
    publisher_line: str
    lead_inspector: str | None
    has_practice_examples: bool


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

    pdu: str
    fieldwork: str
    score: int
    max_score: int
    overall: RatingBadge
    domains: tuple[RatingsDomain, ...]
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


@dataclass(frozen=True)
class ReportContext:
    """The whole report, ready to lay out."""

    title: str
    description: str
    publisher: str
    cover: Cover
    contents: tuple[ContentsEntry, ...]
    foreword: SectionWords
    ratings: RatingsPage
    recommendations_intro: str
    recommendations: tuple[RecommendationGroup, ...]
    background: SectionWords
    domains: tuple[DomainView, ...]
    annexe_one: tuple[PreviousRecommendation, ...]
    annexe_two: tuple[FigureTable, ...]
    annexe_three: tuple[AnnexeTable, ...]
    annexe_note: str | None
    rating_css: str


def fieldwork_text(start: date, end: date) -> str:
    """When fieldwork took place: "June 2022", "June and July 2022"."""
    if (start.year, start.month) == (end.year, end.month):
        return month_year(start)
    if start.year == end.year:
        return f"{start:%B} and {month_year(end)}"
    return f"{month_year(start)} and {month_year(end)}"


def _region_line(region: str) -> str:
    named = region if region.lower().endswith("region") else f"{region} region"
    return f"The Probation Service – {named}"


def _cover(fw: Framework, insp: Inspection, has_examples: bool) -> Cover:
    publisher = fw.publisher or "HM Inspectorate of Probation"
    when = month_year(insp.published) if insp.published else "draft, not yet published"
    return Cover(
        title_lead="An inspection of probation services in:",
        pdu=insp.pdu,
        region_line=_region_line(insp.region),
        publisher_line=f"{publisher}, {when}",
        lead_inspector=insp.lead_inspector,
        has_practice_examples=has_examples,
    )


def _ratings_page(fw: Framework, insp: Inspection, ratings: InspectionRatings) -> RatingsPage:
    domains = tuple(
        RatingsDomain(
            f"{d.id}. {d.name}",
            tuple(
                RatingsRow(
                    s.id, s.name, anchor("standard", s.id), badge(fw, ratings.rating_of(s.id))
                )
                for s in d.standards
            ),
        )
        for d in fw.domains
    )
    return RatingsPage(
        pdu=insp.pdu,
        fieldwork=fieldwork_text(insp.fieldwork_start, insp.fieldwork_end),
        score=ratings.score,
        max_score=ratings.max_score,
        overall=badge(fw, ratings.overall),
        domains=domains,
        chart=ratings_chart(fw, ratings),
    )


def recommendation_groups(
    recommendations: tuple[Recommendation, ...], pdu: str
) -> tuple[RecommendationGroup, ...]:
    """This inspection's recommendations in order, grouped as the report prints them: a new
    group ("West Midlands region should:") wherever the body addressed changes."""
    groups: list[RecommendationGroup] = []
    current = sorted((r for r in recommendations if r.kind == "current"), key=lambda r: r.number)
    for i, r in enumerate(current, start=1):
        to = r.addressed_to or pdu
        if groups and groups[-1].addressed_to == to:
            last = groups[-1]
            groups[-1] = RecommendationGroup(last.addressed_to, last.start, (*last.items, r.text))
        else:
            groups.append(RecommendationGroup(to, i, (r.text,)))
    return tuple(groups)


def _contents(ctx: dict[str, object], domains: tuple[DomainView, ...]) -> tuple[ContentsEntry, ...]:
    entries: list[ContentsEntry] = []
    if ctx["foreword"]:
        entries.append(ContentsEntry("foreword", "Foreword"))
    entries.append(ContentsEntry("ratings", "Ratings"))
    if ctx["recommendations"]:
        entries.append(ContentsEntry("recommendations", "Recommendations"))
    if ctx["background"]:
        entries.append(ContentsEntry("background", "Background"))
    for d in domains:
        children = tuple(ContentsEntry(s.anchor, f"{s.id} {s.name}") for s in d.standards)
        entries.append(ContentsEntry(d.anchor, d.title, children))
    if ctx["annexe_one"]:
        entries.append(
            ContentsEntry("annexe-one", "Annexe one – Progress against previous recommendations")
        )
    if ctx["annexe_two"]:
        entries.append(ContentsEntry("annexe-two", "Annexe two – Staffing and workload data"))
    entries.append(ContentsEntry("annexe-three", "Annexe three – Inspection data"))
    return tuple(entries)


def build_context(results: InspectionResults) -> ReportContext:
    """The report's content from one inspection's results.

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
    recommendations = recommendation_groups(bundle.recommendations, insp.pdu)
    annexe_one = previous_recommendations(bundle.recommendations)
    annexe_two = staffing_tables(bundle.staffing)
    present = {
        "foreword": foreword.has_text,
        "recommendations": bool(recommendations),
        "background": background.has_text,
        "annexe_one": bool(annexe_one),
        "annexe_two": bool(annexe_two),
    }
    return ReportContext(
        title=f"An inspection of probation services in: {insp.pdu}",
        description=f"{fw.title}: {insp.pdu}, {insp.region}",
        publisher=fw.publisher or "HM Inspectorate of Probation",
        cover=_cover(fw, insp, bool(bundle.practice_examples)),
        contents=_contents(dict(present), domains),
        foreword=foreword,
        ratings=_ratings_page(fw, insp, ratings),
        recommendations_intro=(
            "As a result of our inspection findings, we have made a number of recommendations "
            "that we believe, if implemented, will have a positive impact on the quality of "
            f"probation services in {pdu_place(insp.pdu)}."
        ),
        recommendations=recommendations,
        background=background,
        domains=domains,
        annexe_one=annexe_one,
        annexe_two=annexe_two,
        annexe_three=annexe_three(fw, results),
        annexe_note=fw.annexe_note,
        rating_css=swatch_css(fw),
    )
