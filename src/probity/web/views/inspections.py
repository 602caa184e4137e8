"""The list of inspections a user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from probity.web.inspections.access import access_to, visible_inspections


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    """Every inspection the user has a part in, with that part."""
    rows = [
        {"inspection": i, "access": access_to(request.user, i)}
        for i in visible_inspections(request.user).order_by("-fieldwork_start", "inspection_id")
    ]
    return render(request, "probity/inspections.html", {"rows": rows})


def home(request: HttpRequest) -> HttpResponse:
    """The service's front door: the inspections, or sign in."""
    return redirect("inspections")


urlpatterns = [
    path("", home, name="home"),
    path("inspections/", inspection_list, name="inspections"),
]
