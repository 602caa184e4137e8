"""The inspection report: a page to view it as HTML or download the PDF (those the policy lets
read it: the lead and the moderators at any time, as a draft until published; the inspectors,
analysts and viewers once it is published), and its publication
(:func:`probity.workflow.services.publish`). The PDF is rendered in the background
(:mod:`probity.web.inspections.reports`): until it is ready, a page says it is being prepared
and refreshes itself."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from probity.report.context import ReportError
from probity.report.narrative import NarrativeError
from probity.web.inspections.dashboard_model import live_results
from probity.web.inspections.exports import REPORT_HTML, REPORT_PDF, record_export
from probity.web.inspections.frameworks import framework_change, framework_of
from probity.web.inspections.models import Inspection
from probity.web.inspections.reports import (
    Report,
    build_report,
    file_stem,
    forget_failure,
    pdf_ready,
    pdf_state,
)
from probity.web.views.workflow import actor_for, changed, problems, store_for
from probity.workflow import reviews, services
from probity.workflow.errors import NotAllowedNowError, PublishedError, StaleError
from probity.workflow.policy import Action, decide

# How often the page of a PDF being prepared looks again.
PDF_REFRESH_SECONDS = 3


def _page(
    request: HttpRequest,
    inspection: Inspection,
    built: Report,
    *,
    status: int = 200,
) -> HttpResponse:
    store, actor = store_for(request), actor_for(request)
    facts = store.inspection(inspection.inspection_id)
    today = store.today()
    fw = framework_of(inspection)
    context = {
        "inspection": inspection,
        "fw": fw,
        "framework_change": framework_change(inspection, fw),
        "may_read_inspection": decide(actor, Action.READ_INSPECTION, facts, today=today).allowed,
        "may_publish": decide(actor, Action.PUBLISH, facts, today=today).allowed,
        "may_correct": decide(actor, Action.CORRECT, facts, today=today).allowed,
        "may_write": decide(actor, Action.WRITE_REPORT, facts, today=today).allowed,
        "may_choose": decide(actor, Action.CHOOSE_CHAPTERS, facts, today=today).allowed,
        "stage": facts.report_stage,
        "versions": store.versions(inspection.inspection_id) if inspection.is_published else [],
        "problems": built.problems,
        "pdf_ready": built.html is not None and pdf_ready(inspection.inspection_id, built.html),
    }
    return render(request, "probity/report/page.html", context, status=status)


def _readable(request: HttpRequest, inspection_id: str) -> Inspection:
    """The inspection, for a user the policy lets read its report (404 or 403 otherwise)."""
    store = store_for(request)
    services.authorise(store, actor_for(request), Action.READ_REPORT, inspection_id)
    return store.inspection_row(inspection_id)


def _report(inspection: Inspection) -> Report:
    """The report as published, or, before publication, as the saved data make it now."""
    if inspection.is_published and inspection.published_html is not None:
        return Report(inspection.published_html)
    accepted = frozenset(inspection.accepted_findings.values_list("key", flat=True))
    return build_report(
        live_results(inspection), accepted, draft=True,
        disproportionality=inspection.disproportionality,
    )  # fmt: skip


@login_required
def report(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The report's page: links to the HTML and the PDF, or why there is no report yet."""
    inspection = _readable(request, inspection_id)
    return _page(request, inspection, _report(inspection))


@login_required
# The report carries its own style sheet inline. (django-csp types a view as taking the request
# alone, hence the ignore.)
@csp_update({"style-src": [UNSAFE_INLINE]})  # type: ignore[arg-type]
def report_html(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The report as the standalone HTML document :mod:`probity.report` writes (recorded as
    an export)."""
    inspection = _readable(request, inspection_id)
    built = _report(inspection)
    if built.html is None:
        return _page(request, inspection, built, status=409)
    record_export(store_for(request), actor_for(request), inspection_id, REPORT_HTML)
    return HttpResponse(built.html, content_type="text/html; charset=utf-8")


@login_required
def report_pdf(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The report as a PDF to download (rendered once per version of the report; recorded as
    an export); until it is ready, the page saying it is being prepared (which starts its
    render)."""
    inspection = _readable(request, inspection_id)
    built = _report(inspection)
    if built.html is None:
        return _page(request, inspection, built, status=409)
    state = pdf_state(inspection.inspection_id, built.html)
    try:
        content = state.path.read_bytes() if state.path is not None else None
    except FileNotFoundError:
        content = None  # replaced by a newer version meanwhile
    if content is None:
        return redirect("report-pdf-status", inspection_id=inspection_id)
    record_export(store_for(request), actor_for(request), inspection_id, REPORT_PDF)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{file_stem(inspection.inspection_id)}.pdf"
    disposition = content_disposition_header(True, filename)
    assert disposition is not None  # there is always one for an attachment
    response["Content-Disposition"] = disposition
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_pdf_status(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Where the PDF stands: being prepared (the page refreshes itself), ready (a link to
    download it), or failed (why, and a button to try again: a POST)."""
    inspection = _readable(request, inspection_id)
    built = _report(inspection)
    if built.html is None:
        return _page(request, inspection, built, status=409)
    if request.method == "POST":
        forget_failure(inspection.inspection_id, built.html)
        return redirect("report-pdf-status", inspection_id=inspection_id)
    state = pdf_state(inspection.inspection_id, built.html)
    context = {"inspection": inspection, "state": state, "refresh": PDF_REFRESH_SECONDS}
    return render(request, "probity/report/pdf.html", context, status=500 if state.problem else 200)


@login_required
@require_http_methods(["POST"])
def report_chapters(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The lead's choice to include the disproportionality chapter in the report (refused to
    anyone else, and once the report is published)."""
    include = request.POST.get("disproportionality") == "yes"
    reviews.choose_disproportionality(
        store_for(request), actor_for(request), inspection_id, include
    )
    if include:
        messages.success(request, "The report now includes the disproportionality chapter")
    else:
        messages.success(request, "The report no longer includes the disproportionality chapter")
    return redirect("report", inspection_id=inspection_id)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Publish the report (those the policy lets publish): a confirmation first; refused, with
    every reason, until it can be (:func:`probity.workflow.reviews.readiness`)."""
    store, actor = store_for(request), actor_for(request)
    try:
        services.authorise(store, actor, Action.PUBLISH, inspection_id)
    except PublishedError:
        inspection = store.inspection_row(inspection_id)
        messages.info(request, f"The report for {inspection.organisation} is already published")
        return redirect("report", inspection_id=inspection_id)
    refused: Exception | None = None
    if request.method == "POST":
        try:
            services.publish(store, actor, inspection_id)
        except (NotAllowedNowError, StaleError, ReportError, NarrativeError) as e:
            refused = e  # nothing published: the page says why
        else:
            inspection = store.inspection_row(inspection_id)
            messages.success(request, f"The report for {inspection.organisation} is published")
            return redirect("report", inspection_id=inspection_id)
    inspection = store.inspection_row(inspection_id)
    built = build_report(live_results(inspection), disproportionality=inspection.disproportionality)
    errors = []
    if refused is not None:
        why = [f"The report cannot be published yet: {p}" for p in built.problems]
        errors = [("", p) for p in why or _problems(refused)]
    waiting = [] if built.problems else reviews.readiness(store, actor, inspection_id)
    context = {
        "inspection": inspection,
        "framework_change": framework_change(inspection),
        "problems": built.problems or [w[:1].upper() + w[1:] for w in waiting],
        "errors": errors,
    }
    return render(request, "probity/report/publish.html", context, status=409 if errors else 200)


def _problems(error: Exception) -> list[str]:
    """Why a publication was refused, when the report as it now stands has no problem."""
    if isinstance(error, StaleError):
        return [
            f"The inspection was changed by {changed(error)} while it was being published: it "
            "has not been published. Check the report as it is now, then publish again."
        ]
    if isinstance(error, NotAllowedNowError):
        return problems(error)
    return [f"The report cannot be laid out: {error}"]


urlpatterns = [
    path("report/", report, name="report"),
    path("report.html", report_html, name="report-html"),
    path("report.pdf", report_pdf, name="report-pdf"),
    path("report/pdf/", report_pdf_status, name="report-pdf-status"),
    path("report/chapters/", report_chapters, name="report-chapters"),
    path("publish/", publish, name="publish"),
]
