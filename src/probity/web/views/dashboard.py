"""The inspection's dashboard: the progress of its cases, and the ratings page recomputed by
the core from everything saved so far."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from probity.web.inspections.access import TEAM, inspection_for
from probity.web.inspections.live import (
    casework_ratings,
    live_results,
    problem_words,
    progress,
    rating_words,
    standard_rows,
)


@login_required
def dashboard(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Progress counts and the live ratings page, for the inspection's team."""
    inspection, access = inspection_for(request.user, inspection_id, allow=TEAM)
    results = live_results(inspection)
    fw = results.framework
    rows = {r.id: r for r in standard_rows(results)}
    domains = [(d, [rows[s.id] for s in d.standards]) for d in fw.domains]
    ratings = results.ratings
    context = {
        "inspection": inspection,
        "leads": access.leads,
        "progress": progress(inspection),
        "domains": domains,
        "casework_known": casework_ratings(results) is not None,
        "ratings": ratings,
        "overall": rating_words(fw, ratings.overall) if ratings else None,
        "problems": problem_words(results),
    }
    return render(request, "probity/dashboard.html", context)


urlpatterns = [
    path("", dashboard, name="dashboard"),
]
