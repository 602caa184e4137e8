"""Records kept for the audit of who did what beyond the assessment: each export of an
inspection, each invitation of a new user."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class ExportRecord(models.Model):
    """An inspection's data or report handed out (a bundle, a report, a case through the
    API…): by whom, when, in which form (``format``, as
    :func:`probity.web.inspections.exports.export_words` puts it in words)."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="exports"
    )
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # Room for a form that names a case (``api-case:`` and a case id of up to 100).
    format = models.CharField(max_length=120)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.inspection} as {self.format}"


class Invitation(models.Model):
    """A new user invited: the account made for them, the address the invitation went to, who
    invited them, when, and to which inspection (if to one)."""

    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.email} invited by {self.invited_by}"
