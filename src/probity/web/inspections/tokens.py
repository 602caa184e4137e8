"""API tokens: a user's keys to the application's API. Only the SHA-256 of a token is kept
(and its first characters, so that its owner can tell which it is); the token itself is shown
once, when it is issued, and cannot be read back."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, models
from django.utils import timezone

PREFIX_LENGTH = 8


class ApiToken(models.Model):
    """One API token of a user, by the SHA-256 (hex) of its text; revoked ones are kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=PREFIX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("user", "created_at", "pk")

    def __str__(self) -> str:
        return f"{self.user} – {self.name} ({self.prefix}…)"


def key_hash(token: str) -> str:
    """The SHA-256 of a token's text, in hexadecimal: all that is kept of it."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, name: str, *, using: str = DEFAULT_DB_ALIAS) -> tuple[ApiToken, str]:
    """A new token for the user: the stored record, and the token's text (to show once)."""
    token = secrets.token_urlsafe(32)
    record = ApiToken.objects.using(using).create(
        user=user, name=name, key_hash=key_hash(token), prefix=token[:PREFIX_LENGTH]
    )
    return record, token


def find_active(token: str, *, using: str = DEFAULT_DB_ALIAS) -> ApiToken | None:
    """The unrevoked token with this text, of an active user, marked as used now; or None."""
    found = (
        ApiToken.objects.using(using)
        .select_related("user")
        .filter(key_hash=key_hash(token), revoked_at=None, user__is_active=True)
        .first()
    )
    if found is not None:
        found.last_used_at = timezone.now()
        ApiToken.objects.using(using).filter(pk=found.pk).update(last_used_at=found.last_used_at)
    return found


def revoke(tokens: models.QuerySet[ApiToken]) -> int:
    """Revoke the tokens not revoked yet; the number revoked."""
    return tokens.filter(revoked_at=None).update(revoked_at=timezone.now())
