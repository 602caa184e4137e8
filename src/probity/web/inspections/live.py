"""An inspection as it stands: the core's results from everything saved so far, the progress
of its cases, and the recording of domain-one judgements.

Every figure and rating here comes from :func:`probity.pipeline.inspect_bundle` over
:func:`~probity.web.inspections.mapping.to_bundle`, and every decision-rule cap from
:mod:`probity.rating.caps`: this module only arranges the core's answers for the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from probity.framework.models import Framework, Standard
from probity.pipeline import InspectionResults, inspect_bundle
from probity.rating.caps import caps_in_force, effective_cap, judgement_problem
from probity.rating.results import Cap, InputProblem, StandardResult
from probity.report.colours import palette_position
from probity.web.inspections.casework import PublishedError
from probity.web.inspections.mapping import to_bundle
from probity.web.inspections.models import Case, CaseStatus, Inspection, Judgement

# GOV.UK tag colours for the framework's ratings, best to worst as the framework lists them
# (the report's scheme: greens, amber, red); the tag always carries the rating's words too.
TAG_COLOURS = ("govuk-tag--green", "govuk-tag--turquoise", "govuk-tag--orange", "govuk-tag--red")


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


def live_results(inspection: Inspection) -> InspectionResults:
    """The core's results from the answers and judgements saved so far (every case's answers,
    whatever the case's status)."""
    return inspect_bundle(to_bundle(inspection))


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
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    by_status = tuple((s.label, counts.get(s.value, 0)) for s in CaseStatus)
    return Progress(sum(counts.values()), by_status)


@dataclass(frozen=True)
class KeyQuestionRow:
    """A key question's figure: its % "Yes" as published, and the cases it rests on."""

    id: str
    text: str
    rounded: int | None  # None while no case has an answer to it
    yes: int
    applicable: int
    drives: bool  # the lowest key question, which gives the standard's rating


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
    rating: RatingWords | None  # None: not rated yet (or, for "reported", never rated)
    key_questions: tuple[KeyQuestionRow, ...] = ()
    evidence: str | None = None
    caps: tuple[CapWords, ...] = ()
    cap: RatingWords | None = None  # the lowest cap in force


def casework_ratings(results: InspectionResults) -> dict[str, str] | None:
    """Each rated casework standard's rating, or None while the casework cannot be rated (a
    key question has no answer on any case yet)."""
    if not results.casework:
        return None
    return {r.standard_id: r.rating for r in results.casework if r.rating is not None}


def caps_by_standard(results: InspectionResults) -> dict[str, tuple[Cap, ...]] | None:
    """The decision-rule caps in force, by the standard they cap; None while the casework
    cannot be rated (the caps depend on it)."""
    casework = casework_ratings(results)
    return None if casework is None else caps_in_force(results.framework, casework)


def cap_words(fw: Framework, caps: tuple[Cap, ...]) -> tuple[CapWords, ...]:
    """The caps in words, with the framework's text of each decision rule."""
    out = []
    for c in caps:
        words = rating_words(fw, c.cap)
        assert words is not None
        out.append(CapWords(c.rule_id, c.text, words, c.reason))
    return tuple(out)


def judged_standards(fw: Framework) -> tuple[Standard, ...]:
    """The standards rated by the inspectors' judgement (domain one), in framework order."""
    return tuple(s for s in fw.standards if s.rule.is_judgement)


def standard_rows(results: InspectionResults) -> tuple[StandardRow, ...]:
    """Every standard in framework order, with its rating, figures and caps as they stand."""
    fw = results.framework
    casework = {r.standard_id: r for r in results.casework}
    judgements = {j.standard_id: j for j in results.bundle.judgements}
    caps = caps_by_standard(results) or {}
    rows: list[StandardRow] = []
    for s in fw.standards:
        if s.rule.is_judgement:
            judgement = judgements.get(s.id)
            in_force = caps.get(s.id, ())
            rows.append(
                StandardRow(
                    s.id, s.name, "judged",
                    rating_words(fw, judgement.rating if judgement else None),
                    evidence=judgement.evidence if judgement else None,
                    caps=cap_words(fw, in_force),
                    cap=rating_words(fw, effective_cap(fw, in_force)),
                )
            )  # fmt: skip
            continue
        result = casework.get(s.id)
        rows.append(
            StandardRow(
                s.id, s.name, "casework" if s.rated else "reported",
                rating_words(fw, result.rating if result else None),
                key_questions=_key_question_rows(results, s, result),
            )
        )  # fmt: skip
    return tuple(rows)


def _key_question_rows(
    results: InspectionResults, s: Standard, result: StandardResult | None
) -> tuple[KeyQuestionRow, ...]:
    driver = result.driver.id if result and result.driver and len(s.key_questions) > 1 else None
    rows = []
    for kq in s.key_questions:
        f = results.figures[kq.id]
        rows.append(KeyQuestionRow(kq.id, kq.text, f.rounded, f.yes, f.applicable, kq.id == driver))
    return tuple(rows)


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


class JudgementAboveCapError(Exception):
    """The judgement breaks a decision rule in force; the message quotes the rule's reason."""


def judgement_check(results: InspectionResults, standard_id: str, rating: str) -> str | None:
    """Why the core refuses this judgement under the caps in force, or None if it stands.

    While the casework cannot be rated there are no caps to check against yet: the judgement
    is accepted, and the rating engine checks it again once the casework is rated (an
    inspection with a judgement above its cap is not rated, and cannot be published).
    """
    caps = caps_by_standard(results)
    if caps is None:
        return None
    return judgement_problem(results.framework, standard_id, rating, caps.get(standard_id, ()))


class StaleJudgementError(Exception):
    """The judgement changed after the page was opened: nothing was saved."""

    def __init__(
        self, judgement: Judgement | None, changed_by: User | None, changed_at: datetime | None
    ) -> None:
        self.judgement = judgement  # as it is now (None: there is none any more)
        self.version = 0 if judgement is None else judgement.version
        self.changed_by, self.changed_at = changed_by, changed_at
        super().__init__(f"the judgement is at version {self.version}")


def recorded_judgement(inspection: Inspection, standard_id: str) -> Judgement | None:
    """The judgement recorded on the standard, if any (a page carries its ``version``, 0
    while there is none)."""
    return Judgement.objects.filter(inspection=inspection, standard_id=standard_id).first()


def record_judgement(
    inspection: Inspection,
    standard_id: str,
    rating: str,
    evidence: str | None,
    results: InspectionResults,
    *,
    version: int,
    user: User,
) -> Judgement:
    """Save the inspectors' judgement on a domain-one standard if it is still at ``version``
    (0: none was recorded when the page was opened), creating or updating it; the change
    history keeps who changed what, and when.

    Raises :class:`JudgementAboveCapError` when the rating is above a decision-rule cap in
    force, :class:`StaleJudgementError` when the judgement changed since ``version``, and
    :class:`~probity.web.inspections.casework.PublishedError` once the inspection is
    published.
    """
    refused = judgement_check(results, standard_id, rating)
    if refused is not None:
        raise JudgementAboveCapError(refused)
    now = timezone.now()
    with transaction.atomic():
        # One judgement saved at a time in the inspection, none once it is published (the
        # publication takes the same lock).
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.is_published:
            raise PublishedError
        judgement = recorded_judgement(locked, standard_id)
        if judgement is None and version == 0:
            last = Judgement.objects.filter(inspection=locked).aggregate(m=Max("position"))["m"]
            judgement = Judgement(
                inspection=locked,
                standard_id=standard_id,
                position=0 if last is None else last + 1,
                rating=rating,
                evidence=evidence or None,
            )
            judgement._history_user = user  # type: ignore[attr-defined]  # simple-history's hook
            judgement.save()
            return judgement
        # The version check and the change in one statement.
        claimed = judgement is not None and bool(
            Judgement.objects.filter(pk=judgement.pk, version=version).update(
                rating=rating, evidence=evidence or None, version=F("version") + 1
            )
        )
        if not claimed:
            raise _stale(locked, standard_id)
        assert judgement is not None
        judgement.rating, judgement.evidence = rating, evidence or None
        judgement.version = version + 1
        # The update bypassed save(): the historical record is made here.
        Judgement.history.bulk_history_create(
            [judgement], update=True, default_user=user, default_date=now
        )
    return judgement


def _stale(inspection: Inspection, standard_id: str) -> StaleJudgementError:
    """The judgement as it now is, with who made its last change and when."""
    judgement = recorded_judgement(inspection, standard_id)
    last = (
        Judgement.history.filter(inspection_id=inspection.pk, standard_id=standard_id)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if last is None:
        return StaleJudgementError(judgement, None, None)
    return StaleJudgementError(judgement, last.history_user, last.history_date)
