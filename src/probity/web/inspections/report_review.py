"""The report's review and publication, as kept: comments on its sections (and their
resolution) and every published version (the first at publication, then each correction)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ReportStageChoice(models.TextChoices):
    """The workflow's :class:`probity.workflow.model.ReportStage`."""

    DRAFT = "draft", "Draft"
    QUALITY_REVIEW = "quality_review", "Internal quality review"
    FACTUAL_ACCURACY = "factual_accuracy", "Factual-accuracy review"
    FINAL = "final", "Final"


class ReportComment(models.Model):
    """A comment on one section of the draft, the stage it was made at, and its resolution."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="report_comments"
    )
    section = models.CharField(max_length=100)
    stage = models.CharField(max_length=20, choices=ReportStageChoice.choices)
    text = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    resolution = models.TextField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(use_base_model_db=True)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.section}: {self.text[:40]}"


class ReportVersion(models.Model):
    """One published version of the report, kept whole: its HTML as published (the PDF is
    rendered from it), when, by whom, and the correction notice of a later version."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="report_versions"
    )
    number = models.PositiveIntegerField()
    published = models.DateField()
    html = models.TextField()
    notice = models.TextField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(use_base_model_db=True)

    class Meta:
        ordering = ("number",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("inspection", "number"), name="report_version_key"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} version {self.number}"
