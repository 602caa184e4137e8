"""Records kept for the audit of who did what beyond the assessment: each export of an
inspection, each invitation of a new user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from probity.web.inspections.models import Inspection

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


class AuditEvent(models.Model):
    """Something done that no other record keeps: a read of case-level data, an import, a
    change to a user's account, an export of the audit trail. ``by`` is the Probity user who
    did it; ``actor`` names who did it when there is none (a command run without ``--by``:
    "command line (their login name)"). ``inspection_label`` keeps the inspection's id should
    the inspection be deleted. No history is kept of these rows: one row per event."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.CharField(max_length=200, blank=True, default="")
    kind = models.CharField(max_length=20)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    inspection_label = models.CharField(max_length=200, blank=True, default="")
    subject = models.CharField(max_length=300)
    old = models.TextField(blank=True, default="")
    new = models.TextField(blank=True, default="")
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"


def record_event(
    kind: str,
    subject: str,
    *,
    by: int | None = None,
    actor: str = "",
    inspection: Inspection | None = None,
    old: str = "",
    new: str = "",
    reason: str = "",
    using: str = "default",
) -> AuditEvent:
    """Keep one event (``kind``: one of the audit trail's kinds, such as "read")."""
    return AuditEvent.objects.using(using).create(
        by_id=by, actor=actor, kind=kind, inspection=inspection,
        inspection_label=str(inspection) if inspection is not None else "",
        subject=subject[:300], old=old, new=new, reason=reason,
    )  # fmt: skip
