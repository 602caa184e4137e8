"""How a case moves through the work: the states each step may start from, and where it
leaves the case. One table (:data:`TRANSITIONS`)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from probity.workflow.errors import NotAllowedNowError
from probity.workflow.model import CaseState


class Step(StrEnum):
    """A step in a case's work."""

    SAVE_ANSWERS = "answers saved"
    SUBMIT = "submitted"
    RETURN = "returned to the inspector"
    QUALITY_ASSURE = "quality assured"
    ASSIGN = "assigned"


S = CaseState
TRANSITIONS: Mapping[Step, Mapping[CaseState, CaseState]] = {
    # Changing a submitted case's answers puts it back in progress: it must be submitted
    # again. A returned case stays returned (its reason in view) until it is submitted again.
    Step.SAVE_ANSWERS: {
        S.NOT_STARTED: S.IN_PROGRESS, S.IN_PROGRESS: S.IN_PROGRESS,
        S.SUBMITTED: S.IN_PROGRESS, S.RETURNED: S.RETURNED,
    },
    Step.SUBMIT: {S.NOT_STARTED: S.SUBMITTED, S.IN_PROGRESS: S.SUBMITTED, S.RETURNED: S.SUBMITTED},
    Step.RETURN: {S.SUBMITTED: S.RETURNED, S.QUALITY_ASSURED: S.RETURNED},
    Step.QUALITY_ASSURE: {S.SUBMITTED: S.QUALITY_ASSURED},
    Step.ASSIGN: {s: s for s in CaseState},
}  # fmt: skip


def next_state(case_id: str, state: CaseState, step: Step) -> CaseState:
    """Where the step leaves a case in ``state``; :class:`NotAllowedNowError` if it cannot start
    there."""
    to = TRANSITIONS[step].get(state)
    if to is None:
        starts = " or ".join(s.label.lower() for s in TRANSITIONS[step])
        raise NotAllowedNowError(
            f"Case {case_id} is {state.label.lower()}: it cannot be {step.value} "
            f"(only a case {starts} can)"
        )
    return to
