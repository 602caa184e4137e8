"""The inspection's dashboard: the progress of its cases and, for those the policy lets read
them, the core's ratings page of everything saved so far, under the framework the inspection
is recorded under."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from probity.web.inspections.dashboard_model import dashboard_ratings, live_results, progress
from probity.web.inspections.frameworks import framework_change
from probity.web.views.workflow import actor_for, store_for
from probity.web.views.your_cases import your_cases_page
from probity.workflow import services
from probity.workflow.policy import RULES, Action, Standing, decide, standing


@login_required
def dashboard(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Progress counts for the inspection's team; the live ratings page for those who may read
    the ratings as they stand; for an inspector, their own cases (:mod:`.your_cases`)."""
    store, actor = store_for(request), actor_for(request)
    facts = services.authorise(store, actor, Action.READ_INSPECTION, inspection_id)
    if standing(actor, facts) is Standing.INSPECTOR:
        # An inspector opening the inspection lands on their own cases.
        return your_cases_page(request, inspection_id)
    inspection = store.inspection_row(inspection_id)
    today = store.today()
    asked = (Action.READ_RATINGS, Action.READ_CASES, Action.READ_REPORT, Action.EXPORT,
             Action.WRITE_REPORT)  # fmt: skip
    may = {a: decide(actor, a, facts, today=today).allowed for a in asked}
    fw = store.framework_of(inspection_id)
    ratings = dashboard_ratings(live_results(inspection)) if may[Action.READ_RATINGS] else None
    context = {
        "inspection": inspection,
        "fw": fw,
        "framework_change": framework_change(inspection, fw),
        "may_read_cases": may[Action.READ_CASES],
        "may_read_ratings": may[Action.READ_RATINGS],
        "may_read_report": may[Action.READ_REPORT],
        "may_export": may[Action.EXPORT],
        "may_write_report": may[Action.WRITE_REPORT],
        # The set-up's task list stays readable to those who set it up, also once it is closed.
        "may_set_up": standing(actor, facts) in RULES[Action.MANAGE_SAMPLE],
        "progress": progress(inspection),
        "ratings": ratings,
    }
    return render(request, "probity/dashboard.html", context)


urlpatterns = [
    path("", dashboard, name="dashboard"),
]
