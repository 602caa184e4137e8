"""Whether an actor may take an action, asked once for pages, the API and every service:
:func:`authorise` before showing anything, :func:`locked` inside a service's transaction."""

from __future__ import annotations

from probity.workflow.errors import ForbiddenError, InvalidError, NotFoundError, PublishedError
from probity.workflow.model import Actor, InspectionFacts
from probity.workflow.policy import Action, Decision, decide
from probity.workflow.store import Store


def authorise(
    store: Store,
    actor: Actor,
    action: Action,
    inspection_id: str,
    case_id: str | None = None,
    *,
    section: str | None = None,
) -> InspectionFacts:
    """The inspection, if the actor may take the action there (on the case, if one is named);
    else :class:`NotFoundError` (no part in it, or no such case) or :class:`ForbiddenError` with the
    reason. Pages call this before showing anything."""
    inspection = store.inspection(inspection_id)
    case = store.case(inspection_id, case_id) if case_id is not None else None
    refuse(decide(actor, action, inspection, case, today=store.today(), section=section))
    return inspection


def refuse(decision: Decision) -> None:
    """Raise what a refused decision calls for (nothing if it is allowed)."""
    if not decision.visible:
        raise NotFoundError("No such inspection")
    if decision.published:
        raise PublishedError
    if not decision.allowed:
        raise ForbiddenError(decision.reason[:1].upper() + decision.reason[1:])


def locked(
    store: Store, actor: Actor, action: Action, inspection_id: str, *, section: str | None = None
) -> InspectionFacts:
    """Inside a transaction: the inspection held against publication, and the action allowed
    on it as it now stands (for writing the report: on ``section``)."""
    inspection = store.inspection(inspection_id, lock=True)
    refuse(decide(actor, action, inspection, today=store.today(), section=section))
    return inspection


REASON_LIMIT = 10_000  # characters of a reason given for a step


def reason_given(reason: str, what: str) -> str:
    """A reason on one line, required and at most :data:`REASON_LIMIT` characters; an
    InvalidError naming the field otherwise (``what``: what the reason is for)."""
    text = " ".join(reason.split())
    if not text:
        raise InvalidError([f"reason: say why {what}"])
    if len(text) > REASON_LIMIT:
        raise InvalidError([f"reason: must be {REASON_LIMIT:,} characters or fewer"])
    return text
