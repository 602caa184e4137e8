"""The report's tables written in the browser: practice examples, recommendations, staffing
figures and survey results (pages to come)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
