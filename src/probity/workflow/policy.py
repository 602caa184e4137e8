"""Who may do what: every action of the workflow, and the standings in an inspection that may
take it, under which conditions. One table (:data:`RULES`); docs/roles.md prints it
(:func:`roles_table`, tested against the document).

A user's standing in an inspection comes from their roles and their part in its team
(:func:`standing`). A user with no standing is told the inspection does not exist, so that
ids do not leak; one whose standing does not allow the action is refused, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from probity.workflow.model import Actor, CaseFacts, InspectionFacts, Part, ReportStage, Role


class Standing(StrEnum):
    """A user's standing in one inspection, from the most to the least."""

    ADMIN = "admin"
    LEAD = "lead"
    QUALITY_LEAD = "quality_lead"
    INSPECTOR = "inspector"
    ANALYST = "analyst"
    VIEWER = "viewer"
    REVIEWER = "reviewer"


STANDING_LABELS = {
    Standing.ADMIN: "Administrator",
    Standing.LEAD: "Lead inspector (of this inspection)",
    Standing.QUALITY_LEAD: "Quality lead",
    Standing.INSPECTOR: "Inspector (of this inspection)",
    Standing.ANALYST: "Analyst",
    Standing.VIEWER: "Organisation viewer (its organisation or region)",
    Standing.REVIEWER: "Nominated viewer, during factual-accuracy review",
}


def standing(actor: Actor, inspection: InspectionFacts) -> Standing | None:
    """The actor's standing in the inspection (None: no part in it at all).

    Administrators stand everywhere; the lead and inspectors by their part in the team;
    quality leads in every inspection; analysts and organisation viewers (of its organisation
    or its region, or added to its team as viewers) only once it is published.
    """
    part = inspection.part_of(actor)
    if actor.has(Role.ADMIN):
        return Standing.ADMIN
    if part is Part.LEAD:
        return Standing.LEAD
    if actor.has(Role.QUALITY_LEAD):
        return Standing.QUALITY_LEAD
    if part is Part.INSPECTOR:
        return Standing.INSPECTOR
    if not inspection.published:
        # The inspected organisation's nominated viewers read the draft under embargo while
        # it is with them for factual accuracy, and nothing else before publication.
        if part is Part.VIEWER and inspection.report_stage is ReportStage.FACTUAL_ACCURACY:
            return Standing.REVIEWER
        return None
    if actor.has(Role.ANALYST):
        return Standing.ANALYST
    own = {inspection.organisation, inspection.region} & actor.organisations
    if part is Part.VIEWER or (actor.has(Role.VIEWER) and own):
        return Standing.VIEWER
    return None


class Condition(StrEnum):
    """What must hold, besides the standing, for an action to be allowed."""

    ALWAYS = "always"
    UNPUBLISHED = "until published"
    SETUP_OPEN = "until fieldwork ends (and not once published)"
    PUBLISHED = "once published"
    OWN_CASE = "their assigned cases, until published"
    OWN_CASE_READ = "their assigned cases"
    IN_REVIEW = "while the draft is in review (not once published)"
    OWN_SECTION = "the sections the lead gives them, until published"
    REVIEW_OR_PUBLISHED = "while the draft is in review, and once published"
    SECOND_LOOK = "the cases they are named to look at again, blind, until done or published"


class Action(StrEnum):
    """Everything the workflow does, in one inspection or across them."""

    # Across inspections: no inspection is named.
    CREATE_INSPECTION = "create an inspection"
    MANAGE_USERS = "manage users and their roles"
    MANAGE_ORGANISATIONS = "manage organisations (the inspectorate, regions, units)"
    READ_FRAMEWORKS = "list the frameworks installed"
    READ_PUBLISHED_FIGURES = "read the published figures of every inspection"
    # In one inspection.
    READ_INSPECTION = "read the inspection's set-up and progress"
    READ_RATINGS = "read the ratings as they stand"
    READ_CASES = "read cases and their answers"
    READ_REPORT = "read the published report"
    EDIT_SETUP = "edit the set-up (dates, sample windows)"
    MANAGE_SAMPLE = "upload the eligible cases, draw and adjust the sample"
    MANAGE_TEAM = "add and remove members of the team"
    ASSIGN_CASES = "assign cases"
    EDIT_CASE = "answer a case's questions"
    SUBMIT_CASE = "submit a case"
    RETURN_CASE = "return a case to its inspector, with a reason"
    QUALITY_ASSURE = "quality-assure a case"
    REQUEST_SECOND_LOOK = "mark cases for a blind second assessment by a named inspector"
    ASSESS_SECOND_LOOK = "assess a case a second time, blind (without its first answers)"
    REVIEW_CASE = "review a submitted case with its answers in view (a dip-sample review)"
    RESOLVE_DISCREPANCY = "resolve where first and second answers differ"
    READ_AGREEMENT = "read the agreement of first and second answers"
    JUDGE = "record the judgements"
    WRITE_REPORT = "write the report's words and figures (after publication: for a correction)"
    MOVE_REPORT = "send the report to its next stage (review, factual accuracy, final)"
    CHOOSE_CHAPTERS = "choose whether the report includes the disproportionality chapter"
    COMMENT_REPORT = "comment on the draft report"
    RESOLVE_COMMENT = "resolve comments on the draft report"
    PUBLISH = "publish"
    CORRECT = "publish a correction (a new version of the report)"
    EXPORT = "export the inspection's data"
    READ_AUDIT = "read the inspection's audit trail (who changed, exported or read what)"
    READ_WHOLE_AUDIT = "read the whole audit trail (every inspection, users and roles)"


GLOBAL_ACTIONS = frozenset(
    {Action.CREATE_INSPECTION, Action.MANAGE_USERS, Action.MANAGE_ORGANISATIONS,
     Action.READ_FRAMEWORKS, Action.READ_PUBLISHED_FIGURES, Action.READ_WHOLE_AUDIT}
)  # fmt: skip

_A, _U, _S, _P = Condition.ALWAYS, Condition.UNPUBLISHED, Condition.SETUP_OPEN, Condition.PUBLISHED
_OWN, _OWN_READ = Condition.OWN_CASE, Condition.OWN_CASE_READ
_R, _RP, _OWN_SECTION = Condition.IN_REVIEW, Condition.REVIEW_OR_PUBLISHED, Condition.OWN_SECTION
_SECOND = Condition.SECOND_LOOK
ADMIN, LEAD, QUALITY_LEAD = Standing.ADMIN, Standing.LEAD, Standing.QUALITY_LEAD
INSPECTOR, ANALYST, VIEWER = Standing.INSPECTOR, Standing.ANALYST, Standing.VIEWER
REVIEWER = Standing.REVIEWER

RULES: Mapping[Action, Mapping[Standing, Condition]] = {
    Action.READ_INSPECTION: {ADMIN: _A, LEAD: _A, QUALITY_LEAD: _A, INSPECTOR: _A},
    Action.READ_RATINGS: {ADMIN: _A, LEAD: _A, QUALITY_LEAD: _A},
    Action.READ_CASES: {ADMIN: _A, LEAD: _A, QUALITY_LEAD: _A, INSPECTOR: _OWN_READ},
    Action.READ_REPORT: {ADMIN: _A, LEAD: _A, QUALITY_LEAD: _A, INSPECTOR: _RP, ANALYST: _P,
                         VIEWER: _P, REVIEWER: _A},
    Action.EDIT_SETUP: {ADMIN: _S, LEAD: _S},
    Action.MANAGE_SAMPLE: {ADMIN: _U, LEAD: _U},
    Action.MANAGE_TEAM: {ADMIN: _U, LEAD: _U},
    Action.ASSIGN_CASES: {ADMIN: _U, LEAD: _U},
    Action.EDIT_CASE: {ADMIN: _U, LEAD: _U, INSPECTOR: _OWN},
    Action.SUBMIT_CASE: {ADMIN: _U, LEAD: _U, INSPECTOR: _OWN},
    Action.RETURN_CASE: {ADMIN: _U, LEAD: _U, QUALITY_LEAD: _U},
    Action.QUALITY_ASSURE: {ADMIN: _U, LEAD: _U, QUALITY_LEAD: _U},
    Action.REQUEST_SECOND_LOOK: {ADMIN: _U, LEAD: _U},
    Action.ASSESS_SECOND_LOOK: {INSPECTOR: _SECOND},
    Action.REVIEW_CASE: {ADMIN: _U, LEAD: _U, QUALITY_LEAD: _U},
    Action.RESOLVE_DISCREPANCY: {ADMIN: _U, LEAD: _U, QUALITY_LEAD: _U},
    Action.READ_AGREEMENT: {ADMIN: _A, LEAD: _A, QUALITY_LEAD: _A, ANALYST: _P},
    Action.JUDGE: {ADMIN: _U, LEAD: _U},
    Action.WRITE_REPORT: {ADMIN: _A, LEAD: _A, INSPECTOR: _OWN_SECTION},
    Action.MOVE_REPORT: {ADMIN: _U, LEAD: _U},
    Action.CHOOSE_CHAPTERS: {ADMIN: _U, LEAD: _U},
    Action.COMMENT_REPORT: {ADMIN: _R, LEAD: _R, QUALITY_LEAD: _R, INSPECTOR: _R, REVIEWER: _A},
    Action.RESOLVE_COMMENT: {ADMIN: _A, LEAD: _A},
    Action.PUBLISH: {ADMIN: _U, LEAD: _U},
    Action.CORRECT: {ADMIN: _P, LEAD: _P},
    Action.EXPORT: {ADMIN: _A, LEAD: _A},
    Action.READ_AUDIT: {ADMIN: _A, LEAD: _A},
}  # fmt: skip

GLOBAL_RULES: Mapping[Action, frozenset[Role]] = {
    Action.CREATE_INSPECTION: frozenset({Role.ADMIN, Role.LEAD}),
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.MANAGE_ORGANISATIONS: frozenset({Role.ADMIN}),
    Action.READ_FRAMEWORKS: frozenset({Role.ADMIN, Role.LEAD, Role.QUALITY_LEAD, Role.ANALYST}),
    Action.READ_PUBLISHED_FIGURES: frozenset({Role.ADMIN, Role.ANALYST, Role.QUALITY_LEAD}),
    Action.READ_WHOLE_AUDIT: frozenset({Role.ADMIN}),
}


PUBLISHED_REFUSAL = "the inspection is published: nothing in it can be changed"


@dataclass(frozen=True)
class Decision:
    """Whether an action is allowed; ``visible`` False means the actor has no part in the
    inspection at all (and is told it does not exist)."""

    allowed: bool
    visible: bool
    reason: str = ""
    # Refused because the inspection is published (a page may say so more plainly).
    published: bool = False

    def __bool__(self) -> bool:
        return self.allowed


def decide(
    actor: Actor,
    action: Action,
    inspection: InspectionFacts | None = None,
    case: CaseFacts | None = None,
    *,
    today: date,
    section: str | None = None,
) -> Decision:
    """Whether the actor may take the action (on the inspection, and the case where there is
    one; for writing the report, on the section named: None is any of theirs), today."""
    if action in GLOBAL_ACTIONS:
        allowed = bool(GLOBAL_RULES[action] & actor.roles)
        why = "" if allowed else f"only {_roles_words(GLOBAL_RULES[action])} may {action.value}"
        return Decision(allowed, True, why)
    if inspection is None:
        raise ValueError(f"{action.name} is taken in an inspection: name it")
    where = standing(actor, inspection)
    if where is None:
        return Decision(False, False, "no such inspection")
    condition = RULES[action].get(where)
    if condition is None:
        who = where.value.replace("_", " ")
        article = "an" if who[0] in "aeiou" else "a"
        return Decision(False, True, f"{article} {who} may not {action.value}")
    refusal = _unmet(condition, actor, inspection, case, today, section)
    return Decision(refusal is None, True, refusal or "", refusal == PUBLISHED_REFUSAL)


def _unmet(
    condition: Condition,
    actor: Actor,
    inspection: InspectionFacts,
    case: CaseFacts | None,
    today: date,
    section: str | None = None,
) -> str | None:
    published = inspection.published
    unpublished_only = (Condition.UNPUBLISHED, Condition.SETUP_OPEN, Condition.OWN_CASE,
                        Condition.OWN_SECTION, Condition.SECOND_LOOK)  # fmt: skip
    if condition in unpublished_only and published:
        return PUBLISHED_REFUSAL
    if condition is Condition.OWN_SECTION:
        theirs = inspection.writers.get(actor.user_id, frozenset())
        if not theirs or (section is not None and section not in theirs):
            return "the lead has not given them this part of the report to write"
    if condition is Condition.SETUP_OPEN and today > inspection.fieldwork_end:
        return f"fieldwork ended on {inspection.fieldwork_end.isoformat()}: the set-up is closed"
    if condition is Condition.PUBLISHED and not published:
        return "the inspection is not published yet"
    if condition is Condition.IN_REVIEW and (published or not inspection.report_stage.in_review):
        return PUBLISHED_REFUSAL if published else "the draft report is not in review"
    if condition is Condition.REVIEW_OR_PUBLISHED and not (
        published or inspection.report_stage.in_review
    ):
        return "the draft report is not in review"
    if condition in (Condition.OWN_CASE, Condition.OWN_CASE_READ) and (
        case is not None and case.assessor != actor.user_id
    ):
        return f"case {case.case_id} is assigned to another inspector"
    if (
        condition is Condition.OWN_CASE_READ
        and case is not None
        and (actor.user_id in case.second_looks)
    ):
        # A second look is blind: no answer of the case is shown to its second inspector
        # until their own is done.
        return f"their blind second look at case {case.case_id} is open: its answers are hidden"
    if condition is Condition.SECOND_LOOK and (
        case is None or actor.user_id not in case.second_looks
    ):
        # Not naming the case: the refusal is shown to anyone who tries its address.
        return "no second look at this case is open for them"
    return None


def _roles_words(roles: frozenset[Role]) -> str:
    names = [r.label.lower() + "s" for r in Role if r in roles]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def roles_table() -> str:
    """The policy as docs/roles.md prints it: a row per action, a column per standing (and,
    for the actions across inspections, per role)."""
    standings = list(Standing)
    head = "| action | " + " | ".join(STANDING_LABELS[s] for s in standings) + " |"
    lines = [head, "|" + " --- |" * (len(standings) + 1)]
    for action in Action:
        if action in GLOBAL_ACTIONS:
            continue
        cells = [RULES[action].get(s) for s in standings]
        lines.append(
            f"| {action.value} | "
            + " | ".join(
                "—" if c is None else ("yes" if c is Condition.ALWAYS else c.value) for c in cells
            )
            + " |"
        )
    lines += ["", "| action across inspections | roles |", "| --- | --- |"]
    for action in Action:
        if action in GLOBAL_ACTIONS:
            lines.append(f"| {action.value} | {_roles_words(GLOBAL_RULES[action])} |")
    return "\n".join(lines)
