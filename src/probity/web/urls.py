"""The web application's routes: one list per part of the work (see :mod:`probity.web.views`)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from probity.web.views.setup import inspection_new

urlpatterns = [
    path("", include("probity.web.views.auth")),
    path("", include("probity.web.views.second_factor")),
    path("", include("probity.web.views.inspections")),
    path("", include("probity.web.views.directory")),
    path("inspections/new/", inspection_new, name="inspection-new"),
    path("audit/", include("probity.web.views.audit")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.dashboard")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.cases")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.assessment")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.domain_one")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.report")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.report_check")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.report_review")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.authoring")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.authoring_glossary")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.your_cases")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.review")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.moderation")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.second_looks")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.exports")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.setup")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.sample_draw")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.team")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("probity.web.api.urls")),
]
