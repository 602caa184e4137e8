"""The shapes of what the REST API reads and answers, as the OpenAPI schema publishes them."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from ninja import Field, Schema

Answer = Literal["yes", "no", "na"]
PartName = Literal["lead", "inspector", "viewer"]


class Error(Schema):
    """Why a request was refused; nothing was changed."""

    detail: str = Field(description="Why, in one sentence.")
    problems: list[str] = Field(
        default_factory=list,
        description="Every problem with the input, each with its place (400 only).",
    )
    version: int | None = Field(
        None, description="409 for a stale version: the version the record is at now."
    )
    changed_by: str | None = Field(None, description="409 for a stale version: who changed it.")
    changed_at: str | None = Field(None, description="409 for a stale version: when.")


# --- Inspections ---------------------------------------------------------------------------


class Window(Schema):
    """A sample window: the period the sampled cases began in."""

    start: date
    end: date


class InspectionListed(Schema):
    """An inspection the user has a standing in, and that standing."""

    inspection_id: str
    framework: str
    organisation: str | None
    fieldwork_start: date
    fieldwork_end: date
    published: date | None
    standing: str = Field(description="admin, lead, quality_lead, inspector, analyst or viewer.")


class NewInspection(Schema):
    """A new inspection's set-up; its creator becomes its lead."""

    inspection_id: str = Field(description="1–80 lower-case letters, digits and hyphens.")
    framework: str = Field(description="The id of an installed framework.")
    unit: str = Field(description="The slug of the organisation (a unit) inspected.")
    fieldwork_start: date
    fieldwork_end: date
    sample_windows: list[Window] = Field(default_factory=list)
    lead_inspector: str | None = Field(None, description="The lead inspector's name as shown.")


class Progress(Schema):
    """The inspection's cases counted by state."""

    total: int
    by_state: dict[str, int]


class InspectionDetail(Schema):
    """An inspection's set-up and the progress of its cases."""

    inspection_id: str
    framework: str
    organisation: str
    region: str | None
    fieldwork_start: date
    fieldwork_end: date
    sample_windows: list[Window]
    lead_inspector: str | None
    published: date | None
    progress: Progress


class Published(Schema):
    """An inspection published."""

    inspection_id: str
    published: bool


# --- The sample ----------------------------------------------------------------------------


class EligibleOut(Schema):
    """A case on the list of eligible cases."""

    case_id: str
    attributes: dict[str, Any]


class EligibleList(Schema):
    """The list of eligible cases the sample is drawn from."""

    count: int
    cases: list[EligibleOut]


class Loaded(Schema):
    """How many eligible cases were loaded."""

    count: int


class DrawIn(Schema):
    """How many cases to draw, and the seed that makes the draw reproducible."""

    size: int = Field(ge=1)
    seed: int


class StratumOut(Schema):
    """One combination of the sampling attributes' values."""

    values: dict[str, Any]
    eligible: int
    drawn: int


class DrawOut(Schema):
    """The sample drawn."""

    seed: int
    size: int
    strata_attributes: list[str]
    strata: list[StratumOut]
    case_ids: list[str]


class AddIn(Schema):
    """Eligible cases to add to the sample, and why."""

    case_ids: list[str]
    reason: str


class DropIn(Schema):
    """A case (not started, with no answer) to take out of the sample, and why."""

    case_id: str
    reason: str


class CaseOut(Schema):
    """A case: where its work stands, whose it is, its version and its attributes."""

    case_id: str
    state: str = Field(description="not_started, in_progress, submitted, returned or "
                       "quality_assured.")  # fmt: skip
    assessor: str | None = Field(description="The username of the inspector it is assigned to.")
    version: int = Field(description="Send it back with a change: a change to a later version "
                         "is refused (409).")  # fmt: skip
    attributes: dict[str, Any]


class Done(Schema):
    """What was done."""

    detail: str


# --- The team ------------------------------------------------------------------------------


class Member(Schema):
    """A member of the inspection's team."""

    username: str
    name: str
    part: PartName


class MemberIn(Schema):
    """A user to give a part in the team."""

    username: str
    part: PartName


class AssignmentIn(Schema):
    """One case to assign, at the version read, to an inspector of the inspection."""

    case_id: str
    version: int
    username: str


class AssignmentsIn(Schema):
    """Cases to assign, all or none."""

    assignments: list[AssignmentIn]


class ShareIn(Schema):
    """The inspectors to share the unassigned cases among."""

    usernames: list[str]


# --- A case --------------------------------------------------------------------------------


class StoredAnswerOut(Schema):
    """An answer and the note on it."""

    answer: Answer
    note: str | None


class QuestionOut(Schema):
    """A key question or prompt of the framework, as the case is asked it."""

    id: str
    standard_id: str
    key_question: bool
    asked: bool
    allowed: list[Answer] = Field(description="The answers the case allows (none: not asked).")
    reason: str = Field(description="Why it is not asked, or why only na is allowed.")


class CaseDetail(CaseOut):
    """A case with its answers and the questions it is asked."""

    answers: dict[str, StoredAnswerOut]
    questions: list[QuestionOut]


class AnswersIn(Schema):
    """Answers and notes to save on a case still at ``version``; a question left out keeps its
    stored answer and note; a note of null or "" takes the note away. ``reason``: why, required
    when the case is submitted (the change reopens it)."""

    version: int
    answers: dict[str, Answer] = Field(default_factory=dict)
    notes: dict[str, str | None] = Field(default_factory=dict)
    reason: str | None = None


class VersionIn(Schema):
    """The version of the case the request was made on."""

    version: int


class ReturnIn(Schema):
    """The version of the case, and why it goes back to its inspector."""

    version: int
    reason: str


class QualityAssureIn(Schema):
    """Submitted cases to mark quality assured, each with the version read (all or none)."""

    cases: dict[str, int]


# --- Judgements ----------------------------------------------------------------------------


class RatingOut(Schema):
    """A rating a judged standard can be given."""

    id: str
    label: str


class JudgementOut(Schema):
    """A standard rated by judgement and its judgement (version 0: none recorded yet)."""

    standard_id: str
    name: str
    rating: str | None
    evidence: str | None
    version: int


class Judgements(Schema):
    """The standards rated by judgement, and the ratings they can be given."""

    ratings: list[RatingOut]
    judgements: list[JudgementOut]


class JudgementIn(Schema):
    """A judgement to record on the version read (0: none recorded yet)."""

    rating: str
    evidence: str | None = None
    version: int


# --- Ratings -------------------------------------------------------------------------------


class KeyQuestionFigure(Schema):
    """A key question's figure on the ratings page, and how sure it is."""

    id: str
    pct: int | float | None = Field(description='The exact % "Yes" (null: no case applies).')
    banded: int | float | None = Field(description="The value the rating bands were applied to.")
    rating: str | None = Field(description="The band it falls in (null: not rated).")
    shown: str = Field(description='The % "Yes" as printed ("39%").')
    yes: int | None = Field(None, description='The cases answered "Yes".')
    applicable: int | None = Field(None, description='The cases answered "Yes" or "No".')
    interval: list[float] | None = Field(
        None,
        description='The 95% Wilson score interval of the % "Yes", from the same counts: '
        "[lower, upper] in per cent to one decimal place ([29.2, 50.3] for 31 of 79); null "
        "when no case applies.",
        min_length=2,
        max_length=2,
    )


class DecisionRuleInForce(Schema):
    """A decision rule in force on a judged standard."""

    id: str
    cap: str = Field(description="The highest rating the rule allows.")
    reason: str


class StandardDetail(Schema):
    """One standard of the ratings page: its rule, rating and what drove it."""

    id: str
    name: str
    rule: str
    rating: str | None
    points: int | None
    scored: bool
    key_questions: list[KeyQuestionFigure]
    driver: KeyQuestionFigure | None
    decision_rules: list[DecisionRuleInForce]
    # Casework standards only (absent from the others): how far the rating is from a band
    # boundary, docs/summary-format.md.
    to_move_up: int | None = Field(
        None,
        description="Casework standards only: the fewest changed key-question answers that "
        "would move the rating up a band (null at the top band, or when no change can).",
    )
    to_move_down: int | None = Field(
        None,
        description="Casework standards only: the fewest changed key-question answers that "
        "would move the rating down a band (null at the bottom band, or when no change can).",
    )
    close_to_band_boundary: bool | None = Field(
        None,
        description="Casework standards only: true when so few changed answers (the "
        "framework's `close_within`) would move the rating up or down a band.",
    )


class Ratings(Schema):
    """The ratings page, as ``probity rate --json`` prints it (null where not rated yet)."""

    framework: str
    inspection: str | None
    standards: dict[str, str | None] = Field(description="Each standard's rating id.")
    score: int | None
    max_score: int
    overall: str | None
    details: list[StandardDetail]


def answers(ok: Any, *errors: int) -> dict[int, Any]:
    """An operation's responses: ``ok`` for 200, :class:`Error` for each refusal (and 401)."""
    return {200: ok, 401: Error, **dict.fromkeys(errors, Error)}
