"""The case sample: the list of eligible cases, the draw, cases added and dropped, and the
cases of the inspection."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import HttpRequest
from ninja import File, Router, UploadedFile

from probity.bundle.eligible import read_eligible
from probity.bundle.problems import DataError
from probity.web.api.auth import caller
from probity.web.api.people import usernames
from probity.web.api.schemas import (
    AddIn,
    CaseOut,
    Done,
    DrawIn,
    DrawOut,
    DropIn,
    EligibleList,
    EligibleOut,
    Loaded,
    StratumOut,
    answers,
)
from probity.web.inspections.access import visible_cases
from probity.web.inspections.exports import API_CASES, API_ELIGIBLE, record_export
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from probity.workflow.errors import InvalidError
from probity.workflow.model import CaseFacts
from probity.workflow.policy import Action

router = Router(tags=["The case sample"])

# Bigger than any list of eligible cases (100,000 rows) is likely to be.
UPLOAD_LIMIT = 50 * 1024 * 1024


@router.post(
    "/inspections/{inspection_id}/eligible",
    response=answers(Loaded, 400, 403, 404),
    summary="Upload the list of eligible cases",
    description="A CSV file or an XLSX workbook (multipart field `file`), one row a case: "
    "`case_id` and the framework's case attributes. It replaces the list. Every problem is "
    "listed, located by row and column; if there is any, nothing is loaded.",
)
def eligible_upload(request: HttpRequest, inspection_id: str, file: File[UploadedFile]) -> Loaded:
    store, actor = caller(request)
    # Refused before the file is read: its problems would say what the framework asks.
    services.authorise(store, actor, Action.MANAGE_SAMPLE, inspection_id)
    name = Path(file.name or "upload").name
    if file.size is not None and file.size > UPLOAD_LIMIT:
        raise InvalidError([f"{name}: larger than {UPLOAD_LIMIT // (1024 * 1024)} MB"])
    with tempfile.TemporaryDirectory(prefix="probity-eligible-") as tmp:
        path = Path(tmp) / f"eligible{Path(name).suffix.lower()}"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            cases = read_eligible(path, store.framework_of(inspection_id))
        except DataError as e:
            # Located in the file as the user named it, not the temporary copy.
            raise InvalidError([f"{name}: {p.place}: {p.message}" for p in e.problems]) from e
    return Loaded(count=services.load_eligible(store, actor, inspection_id, cases))


@router.get(
    "/inspections/{inspection_id}/eligible",
    response=answers(EligibleList, 403, 404),
    summary="Read the list of eligible cases",
    description="The list the sample is drawn from, with each case's attributes (for those "
    "who manage the sample, until the inspection is published). Recorded as an export.",
)
def eligible_read(request: HttpRequest, inspection_id: str) -> EligibleList:
    store, actor = caller(request)
    services.authorise(store, actor, Action.MANAGE_SAMPLE, inspection_id)
    cases = store.eligible(inspection_id)
    record_export(store, actor, inspection_id, API_ELIGIBLE)  # case-level data out
    return EligibleList(
        count=len(cases),
        cases=[EligibleOut(case_id=c.case_id, attributes=dict(c.attributes)) for c in cases],
    )


@router.post(
    "/inspections/{inspection_id}/sample/draw",
    response=answers(DrawOut, 400, 403, 404, 409),
    summary="Draw the sample",
    description="Draw `size` cases from the eligible cases, stratified by the framework's "
    "sampling attributes, reproducibly from `seed`. Only while the inspection has no cases "
    "(409 after): then add or drop cases, each with a reason.",
)
def sample_draw(request: HttpRequest, inspection_id: str, payload: DrawIn) -> DrawOut:
    store, actor = caller(request)
    made = services.draw(store, actor, inspection_id, payload.size, payload.seed)
    return DrawOut(
        seed=made.seed,
        size=made.size,
        strata_attributes=list(made.strata_attributes),
        strata=[
            StratumOut(values=dict(s.values), eligible=s.eligible, drawn=s.drawn)
            for s in made.strata
        ],
        case_ids=list(made.case_ids),
    )


@router.post(
    "/inspections/{inspection_id}/sample/add",
    response=answers(list[CaseOut], 400, 403, 404),
    summary="Add cases to the sample",
    description="Add eligible cases (not in the sample yet) to it, with the reason; answers "
    "the inspection's cases.",
)
def sample_add(request: HttpRequest, inspection_id: str, payload: AddIn) -> list[CaseOut]:
    store, actor = caller(request)
    services.add_to_sample(store, actor, inspection_id, payload.case_ids, payload.reason)
    return case_list(store, inspection_id, store.cases(inspection_id))


@router.post(
    "/inspections/{inspection_id}/sample/drop",
    response=answers(Done, 400, 403, 404, 409),
    summary="Drop a case from the sample",
    description="Take a case out of the sample, with the reason: only a case not started, "
    "with no answer (409 otherwise).",
)
def sample_drop(request: HttpRequest, inspection_id: str, payload: DropIn) -> Done:
    store, actor = caller(request)
    services.drop_from_sample(store, actor, inspection_id, payload.case_id, payload.reason)
    return Done(detail=f"Case {payload.case_id} is dropped from the sample")


@router.get(
    "/inspections/{inspection_id}/cases",
    response=answers(list[CaseOut], 403, 404),
    summary="List the cases",
    description="The inspection's cases in their order, each with its state, inspector, "
    "version and attributes; an inspector sees only the cases assigned to them. Recorded as an "
    "export (case-level data).",
)
def cases_read(request: HttpRequest, inspection_id: str) -> list[CaseOut]:
    store, actor = caller(request)
    facts = services.authorise(store, actor, Action.READ_CASES, inspection_id)
    rows = visible_cases(actor, store.inspection_row(inspection_id), facts)
    shown = set(rows.values_list("case_id", flat=True))
    found = case_list(store, inspection_id, [c for c in store.cases(inspection_id)
                                             if c.case_id in shown])  # fmt: skip
    record_export(store, actor, inspection_id, API_CASES)  # case-level data out
    return found


def case_out(
    store: DjangoStore, inspection_id: str, case: CaseFacts, names: dict[int, str]
) -> CaseOut:
    """A case as the API shows it (``names``: usernames by user id)."""
    return CaseOut(
        case_id=case.case_id,
        state=case.state.value,
        assessor=names.get(case.assessor) if case.assessor is not None else None,
        version=case.version,
        attributes=dict(store.case_attributes(inspection_id, case.case_id)),
    )


def case_list(store: DjangoStore, inspection_id: str, cases: list[CaseFacts]) -> list[CaseOut]:
    """Cases as the API shows them."""
    names = usernames(c.assessor for c in cases)
    return [case_out(store, inspection_id, c, names) for c in cases]
