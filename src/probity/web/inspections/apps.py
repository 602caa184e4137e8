"""The inspections app."""

from __future__ import annotations

from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    """Inspections, their cases, answers and the rest of a bundle, stored."""

    name = "probity.web.inspections"
    label = "inspections"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The history records written by a command name its author (a signal receiver).
        from probity.web.inspections import audit_actor  # noqa: F401
