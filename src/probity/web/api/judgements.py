"""The judged standards and the ratings as they stand."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from probity.pipeline import inspect_bundle
from probity.rating.document import ratings_document
from probity.web.api.auth import caller
from probity.web.api.schemas import (
    JudgementIn,
    JudgementOut,
    Judgements,
    RatingOut,
    Ratings,
    answers,
)
from probity.workflow import services
from probity.workflow.policy import Action

router = Router(tags=["Judgements and ratings"])


@router.get(
    "/inspections/{inspection_id}/judgements",
    response=answers(Judgements, 403, 404),
    summary="Read the judgements",
    description="Every standard the framework rates by judgement, with the judgement recorded "
    "on it (version 0 and no rating: none yet), and the ratings a judgement can give.",
)
def judgements_read(request: HttpRequest, inspection_id: str) -> Judgements:
    store, actor = caller(request)
    services.authorise(store, actor, Action.READ_RATINGS, inspection_id)
    fw = store.framework_of(inspection_id)
    found = []
    for s in fw.standards:
        if s.rule.is_judgement:
            j = store.judgement(inspection_id, s.id)
            found.append(
                JudgementOut(
                    standard_id=s.id,
                    name=s.name,
                    rating=j.rating if j else None,
                    evidence=j.evidence if j else None,
                    version=j.version if j else 0,
                )
            )
    return Judgements(
        ratings=[RatingOut(id=r.id, label=r.label) for r in fw.ratings], judgements=found
    )


@router.put(
    "/inspections/{inspection_id}/judgements/{standard_id}",
    response=answers(JudgementOut, 400, 403, 404, 409),
    summary="Record a judgement",
    description="Record the inspectors' judgement on a standard rated by judgement, at the "
    "version read (0: none recorded yet; 409 if it has changed since). Refused (400) above a "
    "decision rule's cap in force as the casework stands.",
)
def judgement_record(
    request: HttpRequest, inspection_id: str, standard_id: str, payload: JudgementIn
) -> JudgementOut:
    store, actor = caller(request)
    done = services.judge(
        store, actor, inspection_id, standard_id, payload.rating, payload.evidence,
        payload.version,
    )  # fmt: skip
    fw = store.framework_of(inspection_id)
    return JudgementOut(
        standard_id=standard_id,
        name=fw.standard(standard_id).name,
        rating=done.rating,
        evidence=done.evidence,
        version=done.version,
    )


@router.get(
    "/inspections/{inspection_id}/ratings",
    response=answers(Ratings, 403, 404),
    # Fields a standard does not have (a judged standard's distance from a band boundary) are
    # left out, as `probity rate --json` leaves them out, rather than given as null.
    exclude_unset=True,
    summary="Read the ratings",
    description="The ratings page as the casework and judgements stand now, in the JSON that "
    "`probity rate --json` prints for a bundle: every standard's rating, its rule and the "
    "figure behind it, the score and the overall rating (null where not rated yet). Each key "
    'question\'s figure gives its `yes` and `applicable` counts, its % "Yes" (`pct`) and '
    "`interval`: the 95% Wilson score interval of that %, `[lower, upper]` in per cent to one "
    "decimal place, or null when no case applies.",
)
def ratings_read(request: HttpRequest, inspection_id: str) -> dict[str, Any]:
    store, actor = caller(request)
    services.authorise(store, actor, Action.READ_RATINGS, inspection_id)
    results = inspect_bundle(store.bundle(inspection_id), store.framework_of(inspection_id))
    return ratings_document(results.page)
