"""The record of requests to reset a password, by which they are throttled: one row per
request let through, by the address it came from and by the e-mail address it named. Kept
apart from django-axes' failed sign-ins (:mod:`probity.web.sign_in_throttle`), whose count by
address would otherwise pause signing in after a few reset requests."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ResetRequest(models.Model):
    """One password reset request let through: when, from which address, for which e-mail
    address (lower-cased)."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    email = models.CharField(max_length=254)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.ip_address}"
