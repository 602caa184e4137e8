"""The dashboard's view model: the core's ratings page of an inspection as it stands, with the
formatting only the web pages add (GOV.UK tag colours, the judgements' evidence, the problems
in sentences), and the progress of its cases.

Every figure, rating, cap, score and overall rating comes from the core's one view model,
:class:`probity.rating.RatingsPage` (``results.page`` of :func:`probity.pipeline.inspect_bundle`
over the stored rows, under the framework the inspection is recorded under): nothing here
computes or re-derives any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count as Counted

from probity.framework.models import Framework
from probity.pipeline import InspectionResults, inspect_bundle
from probity.rating import Count, RatingLabel, StandardLine
from probity.rating.page import JUDGED, REPORTED
from probity.rating.results import InputProblem
from probity.report.colours import palette_position
from probity.statistics import interval_text, wilson
from probity.web.inspections.frameworks import framework_of
from probity.web.inspections.mapping import to_bundle
from probity.web.inspections.models import Case, CaseStatus, Inspection

# GOV.UK tag colours for the framework's ratings, best to worst as the framework lists them
# (the report's scheme: greens, amber, red); the tag always carries the rating's words too.
TAG_COLOURS = ("govuk-tag--green", "govuk-tag--turquoise", "govuk-tag--orange", "govuk-tag--red")


def live_results(inspection: Inspection) -> InspectionResults:
    """The core's results from the answers and judgements saved so far (every case's answers,
    whatever the case's status), under the framework the inspection is recorded under."""
    return inspect_bundle(to_bundle(inspection), framework_of(inspection))


@dataclass(frozen=True)
class RatingWords:
    """A rating as a page shows it: the framework's label, and the tag's colour class."""

    id: str
    label: str
    tag: str


def rating_words(fw: Framework, rating_id: str | None) -> RatingWords | None:
    """The words and tag class of a rating (None for no rating)."""
    if rating_id is None:
        return None
    at = palette_position(fw, rating_id, len(TAG_COLOURS))
    return RatingWords(rating_id, fw.rating(rating_id).label, TAG_COLOURS[at])


def _tag(fw: Framework, rating: RatingLabel) -> RatingWords:
    at = palette_position(fw, rating.id, len(TAG_COLOURS))
    return RatingWords(rating.id, rating.label, TAG_COLOURS[at])


def _tagged(fw: Framework, rating: RatingLabel | None) -> RatingWords | None:
    return None if rating is None else _tag(fw, rating)


@dataclass(frozen=True)
class KeyQuestionRow:
    """A key question's figure: its % "Yes" as the framework's rounding shows it, the cases it
    rests on, and how sure it is (its 95% interval)."""

    id: str
    text: str
    pct_text: str  # "–" while no case has an answer to it
    count: Count | None
    drives: bool  # the lowest key question, which gives the standard's rating

    @property
    def yes_of_applicable(self) -> str:
        """The "Yes" answers of the cases it applies to, in words."""
        if self.count is None or not self.count.whole:
            return "no answers yet"
        return f"{self.count.part} of {self.count.whole}"

    @property
    def interval_text(self) -> str:
        """The 95% Wilson score interval of its % "Yes", from the same count: "29–50%"; "–"
        while no case has an answer to it."""
        return interval_text(None if self.count is None else wilson(self.count))


@dataclass(frozen=True)
class CapWords:
    """A decision rule in force on a judged standard, in words."""

    rule_id: str
    text: str
    cap: RatingWords
    reason: str


@dataclass(frozen=True)
class StandardRow:
    """One standard on the ratings page as it stands."""

    id: str
    name: str
    kind: str  # "casework", "reported" or "judged"
    scored: bool  # a rated standard not scored is rated separately, not in the score
    rating: RatingWords | None  # None: not rated yet (or, for "reported", never rated)
    key_questions: tuple[KeyQuestionRow, ...] = ()
    evidence: str | None = None
    caps: tuple[CapWords, ...] = ()
    cap: RatingWords | None = None  # the lowest cap in force
    # The framework's mark of a standard close to a band boundary (None: not close), and
    # how few changed answers would move it up or down a band, in its words.
    close_mark: str | None = None
    moves: tuple[str, ...] = ()

    @property
    def rated_separately(self) -> bool:
        """A rated standard whose rating does not count in the score."""
        return self.kind != REPORTED and not self.scored


@dataclass(frozen=True)
class DomainRows:
    """A domain's standards, in framework order."""

    id: str
    name: str
    standards: tuple[StandardRow, ...]

    @property
    def judged(self) -> tuple[StandardRow, ...]:
        """The standards rated by the inspectors' judgement."""
        return tuple(r for r in self.standards if r.kind == JUDGED)

    @property
    def casework(self) -> tuple[StandardRow, ...]:
        """The standards rated (or reported) from the cases' answers."""
        return tuple(r for r in self.standards if r.kind != JUDGED)


@dataclass(frozen=True)
class Dashboard:
    """The ratings page as it stands. ``score`` and ``overall`` are None until every standard
    is rated; ``problems`` then say why. ``casework_known``: the casework is rated, so the
    decision rules in force are known."""

    domains: tuple[DomainRows, ...]
    score: int | None
    max_score: int
    overall: RatingWords | None
    casework_known: bool
    problems: tuple[str, ...]

    @property
    def rows(self) -> tuple[StandardRow, ...]:
        """Every standard, in framework order."""
        return tuple(r for d in self.domains for r in d.standards)

    def row(self, standard_id: str) -> StandardRow:
        """One standard (KeyError if none)."""
        for r in self.rows:
            if r.id == standard_id:
                return r
        raise KeyError(standard_id)


def standard_row(fw: Framework, line: StandardLine, evidence: str | None = None) -> StandardRow:
    """A standard of the core's ratings page, as the web pages show it."""
    return StandardRow(
        line.id, line.name, line.kind, line.scored, _tagged(fw, line.rating),
        key_questions=tuple(
            KeyQuestionRow(k.id, k.text, k.pct_text, k.count, k.drives)
            for k in line.key_questions
        ),
        evidence=evidence,
        caps=tuple(
            CapWords(c.rule_id, c.text, _tag(fw, c.cap), c.reason)
            for c in line.caps
        ),
        cap=_tagged(fw, line.cap),
        close_mark=fw.wording.close_to_boundary if line.close else None,
        moves=line.close_moves,
    )  # fmt: skip


def dashboard_ratings(results: InspectionResults) -> Dashboard:
    """The dashboard's ratings from the core's ratings page."""
    fw, page = results.framework, results.page
    evidence = {j.standard_id: j.evidence for j in results.bundle.judgements}
    domains = tuple(
        DomainRows(
            d.id, d.name, tuple(standard_row(fw, s, evidence.get(s.id)) for s in d.standards)
        )
        for d in page.domains
    )
    return Dashboard(
        domains,
        page.score,
        page.max_score,
        _tagged(fw, page.overall),
        results.outcome.caps is not None,
        problem_words(results),
    )


@dataclass(frozen=True)
class Progress:
    """How many of the inspection's cases are at each status, in the order of the work."""

    total: int
    by_status: tuple[tuple[str, int], ...]  # (status label, number of cases)


def progress(inspection: Inspection) -> Progress:
    """The inspection's cases counted by status (one query)."""
    counts = dict(
        Case.objects.filter(inspection=inspection)
        .order_by()
        .values("status")
        .annotate(n=Counted("pk"))
        .values_list("status", "n")
    )
    by_status = tuple((s.label, counts.get(s.value, 0)) for s in CaseStatus)
    return Progress(sum(counts.values()), by_status)


def problem_words(results: InspectionResults) -> tuple[str, ...]:
    """Why the inspection cannot be rated yet, one sentence a problem, naming the standard or
    key question."""
    return tuple(_problem(results.framework, p) for p in results.problems)


def _problem(fw: Framework, p: InputProblem) -> str:
    kind, _, ident = p.field.partition(".")
    if kind == "judgements" and fw.has_standard(ident):
        subject = f"{ident} {fw.standard(ident).name}"
        message = "no judgement recorded yet" if p.message == "missing judgement" else p.message
        return f"{subject}: {message}"
    if kind == "key_questions":
        return f"Key question {ident}: {p.message}"
    return str(p)
