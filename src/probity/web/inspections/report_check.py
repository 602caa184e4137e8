"""The narrative check's findings a lead accepted before publication, with the reason: kept
in the record (with its history) and counted on the report's cover."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class AcceptedFinding(models.Model):
    """One accepted finding: which (its key, section and words), why, who and when."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="accepted_findings"
    )
    key = models.CharField(max_length=40)
    section = models.CharField(max_length=100)
    figure = models.TextField()
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(use_base_model_db=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("inspection", "key"), name="accepted_finding_key"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.section}: {self.figure}"
