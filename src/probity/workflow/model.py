"""The facts the workflow decides on, as plain data: who is acting, the inspection, the case.

A store (:mod:`probity.workflow.store`) reads them from wherever inspections are kept (the web
application's database; a fake in the tests) and the policy and services decide on them
alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Role(StrEnum):
    """What a user is in Probity. A user may hold several."""

    ADMIN = "admin"
    LEAD = "lead"
    INSPECTOR = "inspector"
    QUALITY_LEAD = "quality_lead"
    ANALYST = "analyst"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        """The role as pages name it."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.LEAD: "Lead inspector",
    Role.INSPECTOR: "Inspector",
    Role.QUALITY_LEAD: "Quality lead",
    Role.ANALYST: "Analyst",
    Role.VIEWER: "Organisation viewer",
}


class Part(StrEnum):
    """A user's part in one inspection (its team)."""

    LEAD = "lead"
    INSPECTOR = "inspector"
    VIEWER = "viewer"


class CaseState(StrEnum):
    """Where a case stands in the inspection's work."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    QUALITY_ASSURED = "quality_assured"

    @property
    def label(self) -> str:
        """The state as pages name it."""
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user, their roles, and the organisations they may read the published
    reports of (a viewer's own organisation, or region)."""

    user_id: int
    name: str
    roles: frozenset[Role] = frozenset()
    organisations: frozenset[str] = frozenset()

    def has(self, role: Role) -> bool:
        """Whether the user holds the role."""
        return role in self.roles


class ReportStage(StrEnum):
    """Where the report stands before publication: written (draft), read within the
    inspectorate (quality review), read by the inspected organisation's nominated viewers
    under embargo (factual accuracy), then ready to publish (final)."""

    DRAFT = "draft"
    QUALITY_REVIEW = "quality_review"
    FACTUAL_ACCURACY = "factual_accuracy"
    FINAL = "final"

    @property
    def label(self) -> str:
        """The stage as pages name it."""
        return STAGE_LABELS[self]

    @property
    def in_review(self) -> bool:
        """Whether the draft is being read and commented on."""
        return self in (ReportStage.QUALITY_REVIEW, ReportStage.FACTUAL_ACCURACY)


STAGE_LABELS = {
    ReportStage.DRAFT: "Draft",
    ReportStage.QUALITY_REVIEW: "Internal quality review",
    ReportStage.FACTUAL_ACCURACY: "Factual-accuracy review",
    ReportStage.FINAL: "Final",
}


@dataclass(frozen=True)
class InspectionFacts:
    """What the workflow needs to know of an inspection: its organisation and region (ids of
    organisation records), whether it is published, when its fieldwork ends, and the team (each
    member's part, by user id)."""

    inspection_id: str
    framework: str
    organisation: str
    region: str | None
    fieldwork_end: date
    published: bool
    team: Mapping[int, Part] = field(default_factory=dict)
    report_stage: ReportStage = ReportStage.DRAFT
    # The sections of the report each inspector may write, as the lead gave them (by user id).
    writers: Mapping[int, frozenset[str]] = field(default_factory=dict)
    # Whether the lead chose to include the disproportionality chapter in the report.
    disproportionality: bool = False

    def part_of(self, actor: Actor) -> Part | None:
        """The actor's part in the inspection's team, if any."""
        return self.team.get(actor.user_id)


@dataclass(frozen=True)
class CaseFacts:
    """What the workflow needs to know of a case; who made its last change and when, where the
    store knows, for a :class:`~probity.workflow.errors.StaleError` to say."""

    case_id: str
    state: CaseState
    version: int
    assessor: int | None  # the user the case is assigned to
    changed_by: str | None = field(default=None, compare=False)
    changed_at: str | None = field(default=None, compare=False)
    # The users named to assess the case a second time, blind, whose second look is open.
    second_looks: frozenset[int] = field(default=frozenset(), compare=False)


@dataclass(frozen=True)
class CaseEvent:
    """A step in a case's work, as its history keeps it: who, when, what, from and to which
    state, and the reason where the step asks for one."""

    case_id: str
    action: str
    by: int
    at: datetime
    from_state: CaseState
    to_state: CaseState
    reason: str | None = None
