"""An inspection's sample: the list of eligible cases the inspected organisation uploads, each
draw of the sample from it (seeded, so that it can be drawn again and checked), and each case
added to or dropped from the sample afterwards, with the reason. The drawing itself is the
workflow's (:mod:`probity.workflow.sampling`); these models only keep what it was given and
what it did."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

INSPECTION = "inspections.Inspection"


class EligibleCase(models.Model):
    """One case of the organisation's list of cases the sample may be drawn from, with the
    facts the framework's case profile declares (``attributes``, by attribute id), in the
    list's order (``position``)."""

    inspection = models.ForeignKey(
        INSPECTION, on_delete=models.CASCADE, related_name="eligible_cases"
    )
    position = models.PositiveIntegerField()
    case_id = models.CharField(max_length=100)
    attributes = models.JSONField(default=dict)

    class Meta:
        ordering = ("position",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("inspection", "case_id"), name="eligible_case_key"),
            models.UniqueConstraint(
                fields=("inspection", "position"), name="eligible_case_position"
            ),
        ]

    def __str__(self) -> str:
        return str(self.case_id)


class SampleDraw(models.Model):
    """One draw of the sample: the seed, the size asked for, the strata (a list of the
    attribute ids it was stratified by) and the case ids drawn, in the order drawn."""

    inspection = models.ForeignKey(
        INSPECTION, on_delete=models.CASCADE, related_name="sample_draws"
    )
    seed = models.BigIntegerField()
    size = models.PositiveIntegerField()
    strata = models.JSONField(default=list)
    case_ids = models.JSONField(default=list)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.inspection}: {self.size} cases, seed {self.seed}"


class SampleChangeKind(models.TextChoices):
    """What was done to the sample."""

    ADD = "add", "Added"
    DROP = "drop", "Dropped"


class SampleChange(models.Model):
    """A case added to the sample or dropped from it after a draw, and why."""

    inspection = models.ForeignKey(
        INSPECTION, on_delete=models.CASCADE, related_name="sample_changes"
    )
    case_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=SampleChangeKind.choices)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("at", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SampleChangeKind.values), name="sample_change_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection}: {self.case_id} {self.get_kind_display().lower()}"
