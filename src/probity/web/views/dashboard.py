"""The inspection's dashboard: the progress of its cases, and the core's ratings page of
everything saved so far, under the framework the inspection is recorded under."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from probity.web.inspections.access import TEAM, inspection_for
from probity.web.inspections.dashboard_model import dashboard_ratings, live_results, progress
from probity.web.inspections.frameworks import framework_change


@login_required
def dashboard(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Progress counts and the live ratings page, for the inspection's team."""
    inspection, access = inspection_for(request.user, inspection_id, allow=TEAM)
    results = live_results(inspection)
    context = {
        "inspection": inspection,
        "fw": results.framework,
        "framework_change": framework_change(inspection, results.framework),
        "leads": access.leads,
        "progress": progress(inspection),
        "ratings": dashboard_ratings(results),
    }
    return render(request, "probity/dashboard.html", context)


urlpatterns = [
    path("", dashboard, name="dashboard"),
]
