"""The web application's routes: one list per part of the work (see :mod:`probity.web.views`)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("probity.web.views.auth")),
    path("", include("probity.web.views.inspections")),
    path("", include("probity.web.views.directory")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.dashboard")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.cases")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.assessment")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.domain_one")),
    path("inspections/<str:inspection_id>/", include("probity.web.views.report")),
    path("admin/", admin.site.urls),
]
