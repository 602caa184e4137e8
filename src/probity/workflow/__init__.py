"""The work of an inspection, without the web: inspection and case states, the transitions
allowed, who may take each step (the policy), the sample planner and the stratified draw, and
one service function per use case over a small store interface."""

from probity.workflow.errors import (
    ForbiddenError,
    InvalidError,
    NotAllowedNowError,
    NotFoundError,
    PublishedError,
    StaleError,
    WorkflowError,
)
from probity.workflow.model import (
    Actor,
    CaseEvent,
    CaseFacts,
    CaseState,
    InspectionFacts,
    Part,
    Role,
)
from probity.workflow.policy import Action, Decision, Standing, decide, standing
from probity.workflow.store import InspectionSpec, Store, StoredAnswer

__all__ = [
    "Action",
    "Actor",
    "CaseEvent",
    "CaseFacts",
    "CaseState",
    "Decision",
    "ForbiddenError",
    "InspectionFacts",
    "InspectionSpec",
    "InvalidError",
    "NotAllowedNowError",
    "NotFoundError",
    "Part",
    "PublishedError",
    "Role",
    "StaleError",
    "Standing",
    "Store",
    "StoredAnswer",
    "WorkflowError",
    "decide",
    "standing",
]
