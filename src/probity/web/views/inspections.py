"""The list of inspections a user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from probity.web.inspections.access import listed
from probity.web.views.workflow import actor_for
from probity.workflow.policy import RULES, Action, Standing, decide

# A user's standing in an inspection, as the list names it.
PART_WORDS = {
    Standing.ADMIN: "Administrator",
    Standing.LEAD: "Lead inspector",
    Standing.QUALITY_LEAD: "Quality lead",
    Standing.INSPECTOR: "Inspector",
    Standing.ANALYST: "Analyst: the published report",
    Standing.VIEWER: "Viewer of published reports",
    Standing.REVIEWER: "Factual-accuracy review of the draft report",
}


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    """Every inspection the user has a standing in, with that standing; those they may only
    read the published report of link to it."""
    actor = actor_for(request)
    rows = [
        {
            "inspection": inspection,
            "part": PART_WORDS[where],
            "report_only": where not in RULES[Action.READ_INSPECTION],
        }
        for inspection, where in listed(actor)
    ]
    # Those the policy lets create an inspection are offered the button.
    may_create = decide(actor, Action.CREATE_INSPECTION, today=timezone.localdate()).allowed
    return render(request, "probity/inspections.html", {"rows": rows, "may_create": may_create})


def home(request: HttpRequest) -> HttpResponse:
    """The service's front door: the inspections, or sign in."""
    return redirect("inspections")


urlpatterns = [
    path("", home, name="home"),
    path("inspections/", inspection_list, name="inspections"),
]
