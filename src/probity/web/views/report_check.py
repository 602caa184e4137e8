"""The report's figures before publication: the narrative check's findings beside the words
they are about, and the lead's acceptance of one with a reason
(:mod:`probity.workflow.report_check`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from probity.web.views.workflow import actor_for, problems, store_for
from probity.workflow.errors import InvalidError, NotAllowedNowError
from probity.workflow.report_check import accept_finding, check_report

KINDS = {
    "differs": "Differs from its figure",
    "misstated": "Misstates its figure",
    "unbound": "Not tied to a figure",
    "unreadable": "Cannot be compared",
}


@login_required
@require_http_methods(["GET", "POST"])
def report_figures(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Every finding of the check, open ones first, each open one with a form to accept it
    with a reason (those who may publish)."""
    store, actor = store_for(request), actor_for(request)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        key = request.POST.get("key", "")
        try:
            accept_finding(store, actor, inspection_id, key, request.POST.get("reason", ""))
        except InvalidError as e:
            errors = [(f"reason-{key}", p) for p in problems(e)]
        else:
            messages.success(request, "The figure is accepted; the reason is kept in the record")
            return redirect("report-figures", inspection_id=inspection_id)
    inspection = store.inspection_row(inspection_id)
    try:
        check = check_report(store, actor, inspection_id)
    except NotAllowedNowError as e:
        context = {"inspection": inspection, "not_ready": problems(e)}
        return render(request, "probity/report/figures.html", context)
    rows = [
        {"finding": f, "kind": KINDS.get(f.kind, f.kind), "accepted": check.accepted.get(f.key)}
        for f in sorted(check.findings, key=lambda f: f.key in check.accepted)
    ]
    context = {
        "inspection": inspection,
        "rows": rows,
        "open": len(check.open),
        "total": len(check.findings),
        "errors": errors,
    }
    return render(request, "probity/report/figures.html", context, status=400 if errors else 200)


urlpatterns = [path("report/figures/", report_figures, name="report-figures")]
