"""Writing the report in the browser (pages to come)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
