"""Exporting an inspection from the browser: a page offering its data as a zipped CSV folder,
an XLSX workbook or JSON, and listing the exports made (who, when, which format; the report's
downloads, the API's reads of case-level data and ``probity export`` among them). Each
download goes through :func:`probity.workflow.services.export`, which asks the policy
(``Action.EXPORT``) and records the export; the bytes are
:func:`probity.web.inspections.exports.export_bytes`'s.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from probity.bundle import DataError
from probity.web.inspections import casework
from probity.web.inspections.audit import ExportRecord
from probity.web.inspections.exports import FORMAT_WORDS, FORMATS, export_bytes, export_words
from probity.web.views.workflow import actor_for, store_for
from probity.workflow import services
from probity.workflow.policy import Action


def _page(
    request: HttpRequest, inspection_id: str, *, errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    store, actor = store_for(request), actor_for(request)
    services.authorise(store, actor, Action.EXPORT, inspection_id)
    inspection = store.inspection_row(inspection_id)
    records = ExportRecord.objects.filter(inspection=inspection).select_related("by")
    context = {
        "inspection": inspection,
        "formats": list(FORMAT_WORDS.items()),
        "exports": [
            {
                "at": r.at,
                "by": casework.display_name(r.by),
                "format": export_words(r.format),
            }
            for r in records.order_by("-at", "-pk")
        ],
        "errors": errors or [],
    }
    return render(request, "probity/export.html", context, status=status)


@login_required
def export_page(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The formats the inspection can be downloaded in, and the exports made so far."""
    return _page(request, inspection_id)


@login_required
def export_download(
    request: HttpRequest, inspection_id: str, fmt: str | None = None
) -> HttpResponse:
    """The inspection as a download in the format asked for (``?format=`` or the path's
    last segment), the export recorded; the page again, saying so, for a format not offered
    or a workbook that cannot hold a text (nothing recorded then)."""
    chosen = fmt or request.GET.get("format", "")
    if chosen not in FORMATS:
        store, actor = store_for(request), actor_for(request)
        services.authorise(store, actor, Action.EXPORT, inspection_id)  # say nothing otherwise
        offered = ", ".join(FORMATS)
        problem = ("format-csv", f"Choose a format to download: {offered}, not “{chosen}”")
        return _page(request, inspection_id, errors=[problem], status=400)
    store, actor = store_for(request), actor_for(request)
    try:
        with transaction.atomic():  # a download that cannot be written is not recorded
            framework, bundle = services.export(store, actor, inspection_id, chosen)
            data, content_type, filename = export_bytes(framework, bundle, chosen)
    except DataError as e:  # text a workbook cannot hold: the CSV files can
        found = [("format-csv", f"{p.place}: {p.message}") for p in e.problems]
        return _page(request, inspection_id, errors=found, status=400)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("export/", export_page, name="export"),
    path("export/download/", export_download, name="export-download"),
    path("export/download/<str:fmt>/", export_download, name="export-download"),
]
