"""The audit trail's page: who did what, when, from which value to which, and why, newest
first, filtered by inspection, person, kind of change and days, fifty entries a page; and the
same list as CSV, whose export is itself logged.

Who reads it is the policy's (:func:`probity.workflow.audit.audit_scope`): an inspection's
lead its trail, administrators everything; anyone else is refused (403). The entries are
:func:`probity.web.inspections.audit_trail.trail`'s, read from the database one page at a
time (the export: in chunks, streamed).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from probity.web.inspections.audit import record_event
from probity.web.inspections.audit_paging import TrailPages
from probity.web.inspections.audit_trail import people, trail
from probity.web.inspections.models import Inspection, Membership, Part
from probity.web.views.workflow import actor_for, store_for
from probity.workflow.audit import AuditEntry, AuditKind, AuditQuery, audit_csv_lines, audit_scope

PAGE_SIZE = 50
FILTERS = ("inspection", "person", "kind", "start", "end")


def _query(params: QueryDict) -> tuple[AuditQuery, list[tuple[str, str]]]:
    """The filters asked for, and what cannot be used in them (field id, message)."""
    errors: list[tuple[str, str]] = []
    inspection = params.get("inspection", "").strip() or None
    person_text = params.get("person", "").strip()
    person = int(person_text) if person_text.isascii() and person_text.isdigit() else None
    if person_text and person is None:
        errors.append(("person", "Choose a person from the list"))
    kind_text = params.get("kind", "").strip()
    kind = AuditKind(kind_text) if kind_text in AuditKind._value2member_map_ else None
    if kind_text and kind is None:
        errors.append(("kind", "Choose a kind of change from the list"))
    days: dict[str, date | None] = {}
    for field, words in (("start", "From"), ("end", "To")):
        text = params.get(field, "").strip()
        try:
            days[field] = date.fromisoformat(text) if text else None
        except ValueError:
            days[field] = None
            errors.append((field, f"{words} must be a date, like 2026-12-03"))
    query = AuditQuery(inspection, person, kind, days["start"], days["end"])
    errors += [("end", "To must be the same day as From or after it") for _ in query.problems()]
    return query, errors


def _entries(
    request: HttpRequest,
) -> tuple[frozenset[str] | None, TrailPages, dict[str, object]]:
    """The inspections read (None: all), the entries the request's filters ask for within
    what the user may read, and what the page shows besides (the filters' choices and
    problems)."""
    store, actor = store_for(request), actor_for(request)
    led = Membership.objects.filter(user_id=actor.user_id, role=Part.LEAD).values_list(
        "inspection__inspection_id", flat=True
    )
    readable = audit_scope(store, actor, list(led), AuditQuery())  # 403 for anyone else
    query, errors = _query(request.GET)
    if errors:
        query = AuditQuery()
    scope = audit_scope(store, actor, list(led), query)
    entries = trail(scope, query)
    inspections = Inspection.objects.order_by("inspection_id")
    if readable is not None:
        inspections = inspections.filter(inspection_id__in=readable)
    context: dict[str, object] = {
        "errors": errors,
        "chosen": {f: request.GET.get(f, "") for f in FILTERS},
        "inspections": list(inspections.values_list("inspection_id", flat=True)),
        "people": [(str(pk), name) for pk, name in people(entries)],
        "kinds": [(k.value, k.label) for k in AuditKind],
        "whole": readable is None,
    }
    return scope, entries, context


@login_required
def audit_page(request: HttpRequest) -> HttpResponse:
    """The audit trail, filtered, newest first, a page at a time."""
    _, entries, context = _entries(request)
    page: Page[AuditEntry] = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    context |= {"page": page, "count": entries.count(), "filters": kept.urlencode()}
    return render(request, "probity/audit.html", context, status=400 if context["errors"] else 200)


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered trail as CSV (every entry, not one page), streamed as it is read; the
    export is logged."""
    scope, entries, _ = _entries(request)
    asked = ", ".join(f"{f}={request.GET[f]}" for f in FILTERS if request.GET.get(f))
    # Logged in the trail of each inspection it covers (so that their lead sees it), or in
    # the whole trail's for an administrator's export of everything.
    covered = Inspection.objects.filter(inspection_id__in=scope) if scope is not None else [None]
    for inspection in covered:
        record_event(
            "export", "Audit trail exported as CSV", by=actor_for(request).user_id,
            inspection=inspection, new=f"{entries.count()} entries", reason=asked,
        )  # fmt: skip
    response = StreamingHttpResponse(
        audit_csv_lines(entries.stream()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="probity-audit-{stamp}.csv"'
    return response


urlpatterns = [
    path("", audit_page, name="audit"),
    path("export.csv", audit_export, name="audit-export"),
]
