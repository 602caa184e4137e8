"""The routes of the pages that keep who is who: people and organisations (administrators),
and each signed-in user's own API tokens."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("people/", include("probity.web.views.people")),
    path("organisations/", include("probity.web.views.organisations")),
    path("account/", include("probity.web.views.account")),
]
