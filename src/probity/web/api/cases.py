"""One case: read it with the questions it is asked, save answers, submit, return, and the
lead's quality assurance."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from probity.framework.applicability import question_rules
from probity.web.api.auth import caller
from probity.web.api.people import usernames
from probity.web.api.sample import case_list, case_out
from probity.web.api.schemas import (
    AnswersIn,
    CaseDetail,
    CaseOut,
    QualityAssureIn,
    QuestionOut,
    ReturnIn,
    StoredAnswerOut,
    VersionIn,
    answers,
)
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from probity.workflow.policy import Action
from probity.workflow.services import ANSWERS

router = Router(tags=["A case"])

CASE = "/inspections/{inspection_id}/cases/{case_id}"
SAVE = (
    "Save answers (question id → yes, no or na) and notes on a case still at `version` "
    "(409 if it has changed since, saying who changed it, when, and its version now). A "
    "question left out keeps its stored answer and note. Every answer is checked against what "
    "the framework allows on the case; every problem is listed and nothing is saved."
)


@router.get(
    CASE,
    response=answers(CaseDetail, 403, 404),
    summary="Read a case",
    description="Its state, version, inspector and attributes, its answers with their notes, "
    "and every question of the framework with whether the case is asked it and the answers "
    "allowed on it. Recorded as an export (case-level data).",
)
def case_read(request: HttpRequest, inspection_id: str, case_id: str) -> CaseDetail:
    store, actor = caller(request)
    services.authorise(store, actor, Action.READ_CASES, inspection_id, case_id)
    store.record_read(inspection_id, case_id, "read through the API", actor)
    return case_detail(store, inspection_id, case_id)


def case_detail(store: DjangoStore, inspection_id: str, case_id: str) -> CaseDetail:
    """A case with its answers and the questions it is asked, as stored now."""
    case = store.case(inspection_id, case_id)
    shown = case_out(store, inspection_id, case, usernames([case.assessor]))
    rules = question_rules(store.framework_of(inspection_id), shown.attributes)
    stored = store.answers(inspection_id, case_id)
    return CaseDetail(
        **shown.dict(),
        answers={
            qid: StoredAnswerOut(answer=a.answer, note=a.note)  # type: ignore[arg-type]
            for qid, a in stored.items()
        },
        questions=[
            QuestionOut(
                id=r.question_id,
                standard_id=r.standard_id,
                key_question=r.is_key_question,
                asked=r.asked,
                allowed=[a for a in ANSWERS if a in r.allowed],  # type: ignore[misc]
                reason=r.reason,
            )
            for r in rules.values()
        ],
    )


def _save(request: HttpRequest, inspection_id: str, case_id: str, payload: AnswersIn) -> CaseDetail:
    store, actor = caller(request)
    services.save_answers(
        store, actor, inspection_id, case_id, payload.version, payload.answers, payload.notes,
        reason=payload.reason,
    )  # fmt: skip
    return case_detail(store, inspection_id, case_id)


@router.put(
    CASE + "/answers",
    response=answers(CaseDetail, 400, 403, 404, 409),
    summary="Save answers (PUT)",
    description=SAVE,
)
def answers_put(
    request: HttpRequest, inspection_id: str, case_id: str, payload: AnswersIn
) -> CaseDetail:
    return _save(request, inspection_id, case_id, payload)


@router.patch(
    CASE + "/answers",
    response=answers(CaseDetail, 400, 403, 404, 409),
    summary="Save answers (PATCH)",
    description=SAVE + " The same as PUT.",
)
def answers_patch(
    request: HttpRequest, inspection_id: str, case_id: str, payload: AnswersIn
) -> CaseDetail:
    return _save(request, inspection_id, case_id, payload)


@router.post(
    CASE + "/submit",
    response=answers(CaseOut, 400, 403, 404, 409),
    summary="Submit a case",
    description="Submit a case still at `version` for quality assurance, once every key "
    "question it is asked is answered (400 lists those that are not).",
)
def case_submit(
    request: HttpRequest, inspection_id: str, case_id: str, payload: VersionIn
) -> CaseOut:
    store, actor = caller(request)
    done = services.submit_case(store, actor, inspection_id, case_id, payload.version)
    return case_list(store, inspection_id, [done])[0]


@router.post(
    CASE + "/return",
    response=answers(CaseOut, 400, 403, 404, 409),
    summary="Return a case to its inspector",
    description="Send a submitted or quality-assured case, still at `version`, back to its "
    "inspector with the reason, which they see on the case.",
)
def case_return(
    request: HttpRequest, inspection_id: str, case_id: str, payload: ReturnIn
) -> CaseOut:
    store, actor = caller(request)
    done = services.return_case(
        store, actor, inspection_id, case_id, payload.version, payload.reason
    )
    return case_list(store, inspection_id, [done])[0]


@router.post(
    "/inspections/{inspection_id}/quality-assurance",
    response=answers(list[CaseOut], 400, 403, 404, 409),
    summary="Quality-assure cases",
    description="Mark submitted cases quality assured, each at the version read: all or none.",
)
def quality_assurance(
    request: HttpRequest, inspection_id: str, payload: QualityAssureIn
) -> list[CaseOut]:
    store, actor = caller(request)
    done = services.quality_assure(store, actor, inspection_id, payload.cases)
    return case_list(store, inspection_id, done)
