"""The API's routes, in the namespace ``api`` (``probity.web.urls`` includes them under
``api/v1/``)."""

from __future__ import annotations

from probity.web.api import api

app_name = "api"
urlpatterns = api.urls[0]
