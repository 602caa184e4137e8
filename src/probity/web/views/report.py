"""The inspection report: a page to view it as HTML or download the PDF (leads at any time, as
a draft until published; the organisation's viewers once it is published), and its
publication."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from probity.report.pdf import PdfError
from probity.web.inspections.access import LEADS, Access, inspection_for
from probity.web.inspections.dashboard_model import live_results, progress
from probity.web.inspections.frameworks import framework_change, framework_of
from probity.web.inspections.models import CaseStatus, Inspection
from probity.web.inspections.reports import Report, build_report, cached_pdf, file_stem

# Inspectors are left out: the report is the lead's to preview and publish.
READERS = LEADS | {Access.VIEWER}


def _page(
    request: HttpRequest,
    inspection: Inspection,
    access: Access,
    built: Report,
    *,
    pdf_problem: str | None = None,
    status: int = 200,
) -> HttpResponse:
    fw = framework_of(inspection)
    context = {
        "inspection": inspection,
        "fw": fw,
        "framework_change": framework_change(inspection, fw),
        "leads": access.leads,
        "problems": built.problems,
        "pdf_problem": pdf_problem,
    }
    return render(request, "probity/report/page.html", context, status=status)


def _report(inspection: Inspection) -> Report:
    """The report as published, or, before publication, as the saved data make it now."""
    if inspection.is_published and inspection.published_html is not None:
        return Report(inspection.published_html)
    return build_report(live_results(inspection))


@login_required
def report(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The report's page: links to the HTML and the PDF, or why there is no report yet."""
    inspection, access = inspection_for(request.user, inspection_id, allow=READERS)
    return _page(request, inspection, access, _report(inspection))


@login_required
# The report carries its own style sheet inline. (django-csp types a view as taking the request
# alone, hence the ignore.)
@csp_update({"style-src": [UNSAFE_INLINE]})  # type: ignore[arg-type]
def report_html(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The report as the standalone HTML document :mod:`probity.report` writes."""
    inspection, access = inspection_for(request.user, inspection_id, allow=READERS)
    built = _report(inspection)
    if built.html is None:
        return _page(request, inspection, access, built, status=409)
    return HttpResponse(built.html, content_type="text/html; charset=utf-8")


@login_required
def report_pdf(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The report as a PDF to download (rendered once per version of the report)."""
    inspection, access = inspection_for(request.user, inspection_id, allow=READERS)
    built = _report(inspection)
    if built.html is None:
        return _page(request, inspection, access, built, status=409)
    try:
        pdf = cached_pdf(inspection.inspection_id, built.html)
    except PdfError as e:
        return _page(request, inspection, access, built, pdf_problem=str(e), status=500)
    response = HttpResponse(pdf.read_bytes(), content_type="application/pdf")
    filename = f"{file_stem(inspection.inspection_id)}.pdf"
    disposition = content_disposition_header(True, filename)
    assert disposition is not None  # there is always one for an attachment
    response["Content-Disposition"] = disposition
    return response


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Publish the report (leads and administrators): a confirmation first; refused while
    the inspection is not fully rated or its report cannot be made."""
    inspection, _ = inspection_for(request.user, inspection_id, allow=LEADS)
    if inspection.is_published:
        messages.info(request, f"The report for {inspection.organisation} is already published")
        return redirect("report", inspection_id=inspection.inspection_id)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        with transaction.atomic():
            # Locked and rated again under the lock, so that what is published is what was
            # checked.
            locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
            if locked.published is None:
                locked.published = timezone.localdate()  # the cover's date of publication
            built = build_report(live_results(locked))
            if built.html is not None and not locked.is_published:
                locked.is_published = True
                locked.published_html = built.html
                locked.save(update_fields=["is_published", "published", "published_html"])
        if built.html is not None:
            messages.success(request, f"The report for {inspection.organisation} is published")
            return redirect("report", inspection_id=inspection.inspection_id)
        errors = [("", f"The report cannot be published yet: {p}") for p in built.problems]
    else:
        built = build_report(live_results(inspection))
    counts = progress(inspection)
    assured = dict(counts.by_status).get(CaseStatus.QUALITY_ASSURED.label, 0)
    context = {
        "inspection": inspection,
        "framework_change": framework_change(inspection),
        "problems": built.problems,
        "errors": errors,
        "not_assured": counts.total - assured,
        "total": counts.total,
    }
    return render(request, "probity/report/publish.html", context)


urlpatterns = [
    path("report/", report, name="report"),
    path("report.html", report_html, name="report-html"),
    path("report.pdf", report_pdf, name="report-pdf"),
    path("publish/", publish, name="publish"),
]
