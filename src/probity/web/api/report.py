"""The report before and after publication: the narrative check's findings and their
acceptance, the review stage, comments and their resolution, published versions and
corrections (:mod:`probity.workflow.reviews`, :mod:`probity.workflow.report_check`)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Router, Schema

from probity.web.api.auth import caller
from probity.web.api.schemas import answers
from probity.workflow import reviews
from probity.workflow.model import ReportStage
from probity.workflow.report_check import accept_finding, check_report

router = Router(tags=["Report"])


class ProposalOut(Schema):
    """A figure an unbound literal may be about, and the text that ties it."""

    ref: str
    side: str
    printed: str
    agrees: bool
    source: str


class AcceptanceOut(Schema):
    """The lead's acceptance of a finding."""

    reason: str
    by: str
    at: datetime


class FindingOut(Schema):
    """A figure in the report's words that the check questions."""

    key: str = SchemaField(description="Name it by this to accept it.")
    kind: str = SchemaField(description="differs, misstated, unbound or unreadable")
    section: str
    row: int
    figure: str
    context: str
    reason: str
    expected: str
    proposals: list[ProposalOut]
    accepted: AcceptanceOut | None


class Figures(Schema):
    """The check's findings on the report as it stands."""

    open: int
    findings: list[FindingOut]


class Reason(Schema):
    """Why (required, at most 10,000 characters)."""

    reason: str


@router.get(
    "/inspections/{inspection_id}/report/figures",
    response=answers(Figures, 403, 404, 409),
    summary="Check the report's figures",
    description="Every figure typed in the report's words that differs from the figure it is "
    "tied to, misstates it, or is tied to none, with those the lead accepted (lead inspectors "
    "and administrators; 409 until the inspection is fully rated).",
)
def figures(request: HttpRequest, inspection_id: str) -> Figures:
    store, actor = caller(request)
    check = check_report(store, actor, inspection_id)
    out = []
    for f in check.findings:
        a = check.accepted.get(f.key)
        out.append(
            FindingOut(
                key=f.key, kind=f.kind, section=f.section, row=f.row, figure=f.figure,
                context=f.context, reason=f.reason, expected=f.expected,
                proposals=[ProposalOut(ref=p.ref, side=p.side, printed=p.printed,
                                       agrees=p.agrees, source=p.source) for p in f.proposals],
                accepted=AcceptanceOut(reason=a.reason, by=a.by, at=a.at) if a else None,
            )
        )  # fmt: skip
    return Figures(open=len(check.open), findings=out)


@router.post(
    "/inspections/{inspection_id}/report/figures/{key}/accept",
    response=answers(Figures, 400, 403, 404, 409),
    summary="Accept a figure as written",
    description="Accept one finding of the check, with the reason (kept with who and when).",
)
def figure_accept(request: HttpRequest, inspection_id: str, key: str, payload: Reason) -> Figures:
    store, actor = caller(request)
    accept_finding(store, actor, inspection_id, key, payload.reason)
    return figures(request, inspection_id)


class CommentOut(Schema):
    """A comment on one part of the draft, and its resolution."""

    id: int
    section: str
    stage: str
    text: str
    by: str
    at: datetime
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None


class Review(Schema):
    """Where the report stands, and the comments you may read."""

    stage: str = SchemaField(description="draft, quality_review, factual_accuracy or final")
    sections: dict[str, str] = SchemaField(description="The parts a comment can be about.")
    comments: list[CommentOut]


class StageIn(Schema):
    """The stage to send the report to, and why (required back to draft)."""

    stage: ReportStage
    reason: str | None = None


class CommentIn(Schema):
    """A comment on one part of the report."""

    section: str
    text: str


class ResolutionIn(Schema):
    """What was done about a comment."""

    resolution: str


@router.get(
    "/inspections/{inspection_id}/report/review",
    response=answers(Review, 403, 404),
    summary="Read the report's review",
    description="The stage and the comments: the team reads them all; a nominated viewer, "
    "during factual-accuracy review, their organisation's own.",
)
def review(request: HttpRequest, inspection_id: str) -> Review:
    store, actor = caller(request)
    found = reviews.comments(store, actor, inspection_id)
    facts = store.inspection(inspection_id)
    return Review(
        stage=facts.report_stage.value,
        sections=dict(reviews.report_sections(store.framework_of(inspection_id))),
        comments=[
            CommentOut(id=c.comment_id, section=c.section, stage=c.stage, text=c.text, by=c.by,
                       at=c.at, resolution=c.resolution, resolved_by=c.resolved_by,
                       resolved_at=c.resolved_at)
            for c in found
        ],
    )  # fmt: skip


@router.post(
    "/inspections/{inspection_id}/report/stage",
    response=answers(Review, 400, 403, 404, 409),
    summary="Send the report to another stage",
    description="On to a later stage, or back to draft (lead inspectors and administrators).",
)
def stage(request: HttpRequest, inspection_id: str, payload: StageIn) -> Review:
    store, actor = caller(request)
    reviews.move_report(store, actor, inspection_id, payload.stage, payload.reason)
    return review(request, inspection_id)


@router.post(
    "/inspections/{inspection_id}/report/comments",
    response=answers(Review, 400, 403, 404, 409),
    summary="Comment on the draft",
    description="A comment on one part of the report, while the draft is in review.",
)
def comment(request: HttpRequest, inspection_id: str, payload: CommentIn) -> Review:
    store, actor = caller(request)
    reviews.comment(store, actor, inspection_id, payload.section, payload.text)
    return review(request, inspection_id)


@router.post(
    "/inspections/{inspection_id}/report/comments/{comment_id}/resolve",
    response=answers(Review, 400, 403, 404, 409),
    summary="Resolve a comment",
    description="Say what was done about it (lead inspectors and administrators).",
)
def resolve(
    request: HttpRequest, inspection_id: str, comment_id: int, payload: ResolutionIn
) -> Review:
    store, actor = caller(request)
    reviews.resolve_comment(store, actor, inspection_id, comment_id, payload.resolution)
    return review(request, inspection_id)


class VersionOut(Schema):
    """A published version of the report (its HTML: the report pages)."""

    number: int
    published: date
    notice: str | None
    by: str


class NoticeIn(Schema):
    """What a correction corrected, and why."""

    notice: str


@router.get(
    "/inspections/{inspection_id}/report/versions",
    response=answers(list[VersionOut], 403, 404),
    summary="List the published versions",
    description="Version 1 at publication, then each correction with its notice.",
)
def versions(request: HttpRequest, inspection_id: str) -> list[VersionOut]:
    store, actor = caller(request)
    return [
        VersionOut(number=v.number, published=v.published, notice=v.notice, by=v.by)
        for v in reviews.versions(store, actor, inspection_id)
    ]


@router.post(
    "/inspections/{inspection_id}/report/corrections",
    response=answers(list[VersionOut], 400, 403, 404, 409),
    summary="Publish a correction",
    description="The report's words as they now stand, as the next version with the notice "
    "(once published; lead inspectors and administrators).",
)
def correction(request: HttpRequest, inspection_id: str, payload: NoticeIn) -> list[VersionOut]:
    store, actor = caller(request)
    reviews.correct(store, actor, inspection_id, payload.notice)
    return versions(request, inspection_id)
