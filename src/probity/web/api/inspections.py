"""The inspections: list, create, read one, publish, export."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Field as SchemaField
from ninja import Query, Router, Schema

from probity.bundle import DataError
from probity.web.api.auth import caller
from probity.web.api.schemas import (
    InspectionDetail,
    InspectionListed,
    NewInspection,
    Progress,
    Published,
    Window,
    answers,
)
from probity.web.inspections.access import listed
from probity.web.inspections.exports import FORMATS, export_bytes
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from probity.workflow.errors import InvalidError
from probity.workflow.model import CaseState
from probity.workflow.policy import Action
from probity.workflow.store import InspectionSpec

router = Router(tags=["Inspections"])


@router.get(
    "/inspections",
    response=answers(list[InspectionListed]),
    summary="List your inspections",
    description="Every inspection you have a standing in, newest fieldwork first, with that "
    "standing. Analysts and organisation viewers see published inspections only.",
)
def inspection_list(request: HttpRequest) -> list[InspectionListed]:
    _, actor = caller(request)
    return [
        InspectionListed(
            inspection_id=row.inspection_id,
            framework=row.framework,
            organisation=row.unit.slug if row.unit is not None else None,
            fieldwork_start=row.fieldwork_start,
            fieldwork_end=row.fieldwork_end,
            published=row.published,
            standing=where.value,
        )
        for row, where in listed(actor)
    ]


@router.post(
    "/inspections",
    response=answers(InspectionDetail, 400, 403),
    summary="Create an inspection",
    description="Set up a new inspection of a unit under an installed framework (administrators "
    "and lead inspectors); you become its lead. Every problem with the set-up is listed at once.",
)
def inspection_create(request: HttpRequest, payload: NewInspection) -> InspectionDetail:
    store, actor = caller(request)
    spec = InspectionSpec(
        inspection_id=payload.inspection_id,
        framework=payload.framework,
        unit=payload.unit,
        fieldwork_start=payload.fieldwork_start,
        fieldwork_end=payload.fieldwork_end,
        sample_windows=tuple((w.start, w.end) for w in payload.sample_windows),
        lead_inspector=payload.lead_inspector,
    )
    made = services.create_inspection(store, actor, spec)
    return detail(store, made.inspection_id)


@router.get(
    "/inspections/{inspection_id}",
    response=answers(InspectionDetail, 403, 404),
    summary="Read an inspection",
    description="Its set-up (framework, organisation, fieldwork, sample windows) and how many "
    "of its cases stand in each state.",
)
def inspection_read(request: HttpRequest, inspection_id: str) -> InspectionDetail:
    store, actor = caller(request)
    services.authorise(store, actor, Action.READ_INSPECTION, inspection_id)
    return detail(store, inspection_id)


def detail(store: DjangoStore, inspection_id: str) -> InspectionDetail:
    """The inspection's set-up and progress, as stored now."""
    facts = store.inspection(inspection_id)
    bundle = store.bundle(inspection_id)
    counts = Counter(c.state for c in store.cases(inspection_id))
    return InspectionDetail(
        inspection_id=inspection_id,
        framework=facts.framework,
        organisation=facts.organisation,
        region=facts.region,
        fieldwork_start=bundle.inspection.fieldwork_start,
        fieldwork_end=bundle.inspection.fieldwork_end,
        sample_windows=[Window(start=w.start, end=w.end) for w in bundle.sample_windows],
        lead_inspector=bundle.inspection.lead_inspector,
        published=bundle.inspection.published,
        progress=Progress(
            total=sum(counts.values()), by_state={s.value: counts[s] for s in CaseState}
        ),
    )


@router.post(
    "/inspections/{inspection_id}/publish",
    response=answers(Published, 403, 404, 409),
    summary="Publish the inspection",
    description="Keep its report as it now stands as published; nothing in it can be changed "
    "after. Refused (409) while it cannot be fully rated, saying why.",
)
def inspection_publish(request: HttpRequest, inspection_id: str) -> Published:
    store, actor = caller(request)
    services.publish(store, actor, inspection_id)
    return Published(inspection_id=inspection_id, published=True)


class ExportQuery(Schema):
    """The format of an export."""

    format: str = SchemaField(
        "json",
        pattern="^(" + "|".join(FORMATS) + ")$",
        description="json (every table as rows), xlsx (the bundle workbook) or csv (a zip of "
        "the bundle's CSV folder).",
    )


@router.get(
    "/inspections/{inspection_id}/export",
    response=answers(bytes, 400, 403, 404),
    summary="Export the inspection's data",
    description="The inspection as a bundle (docs/bundle-format.md), recorded as exported: "
    "json, an xlsx workbook, or a zip of the CSV folder. 400, with every place, for a text "
    "too long for a workbook's cell (32,767 characters); nothing is recorded then.",
    openapi_extra={
        "responses": {
            200: {
                "description": "The export, as a file to save.",
                "content": {
                    "application/json": {"schema": {"type": "object"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                    "application/zip": {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def inspection_export(
    request: HttpRequest, inspection_id: str, query: Query[ExportQuery]
) -> HttpResponse:
    store, actor = caller(request)
    with transaction.atomic():  # an export that cannot be written is not recorded
        fw, bundle = services.export(store, actor, inspection_id, query.format)
        try:
            data, content_type, filename = export_bytes(fw, bundle, query.format)
        except DataError as e:  # text a workbook cannot hold: the CSV files can
            raise InvalidError([f"{p.place}: {p.message}" for p in e.problems]) from e
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
