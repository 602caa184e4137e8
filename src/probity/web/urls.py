"""The web application's routes: the admin for now; the pages come with issue 5's views."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
