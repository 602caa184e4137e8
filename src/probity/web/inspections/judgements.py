"""The inspectors' judgements on the standards rated by judgement: each checked by the core
against the decision rules the casework puts in force (:attr:`RatingOutcome.caps
<probity.rating.RatingOutcome.caps>`), and saved with the concurrent-edit check of its
version."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from probity.pipeline import InspectionResults
from probity.rating.caps import judgement_problem
from probity.web.inspections.casework import PublishedError
from probity.web.inspections.models import Inspection, Judgement


class JudgementAboveCapError(Exception):
    """The judgement breaks a decision rule in force; the message quotes the rule's reason."""


def judgement_check(results: InspectionResults, standard_id: str, rating: str) -> str | None:
    """Why the core refuses this judgement under the caps in force, or None if it stands.

    While the casework cannot be rated there are no caps to check against yet: the judgement
    is accepted, and the rating engine checks it again once the casework is rated (an
    inspection with a judgement above its cap is not rated, and cannot be published).
    """
    caps = results.outcome.caps
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
