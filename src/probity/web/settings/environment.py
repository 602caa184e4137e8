"""The one place where the web application's settings read the environment.

- ``DATABASE_URL``: the database (``sqlite:///PATH`` or ``postgres://USER@HOST:PORT/NAME``);
  by default a SQLite file in the data folder.
- ``PROBITY_DATA_DIR``: the data folder (default ``./data``).
- ``PROBITY_ERASURE_LEDGER``: the erasure ledger, the file every erasure is also appended to
  so that a restore erases again what was erased after its backup (default
  ``erasures.jsonl`` in the data folder).
- ``PROBITY_STATIC_ROOT``: where production's ``collectstatic`` puts the static files
  (default ``static`` in the data folder).
- ``DJANGO_SECRET_KEY``: the secret key; required in production, no default.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names served in production.
- ``PROBITY_BASE_URL``: the address people reach the application at, for the links in the
  e-mails it sends and the links ``probity users add`` prints (default
  ``http://127.0.0.1:8000``).
- ``PROBITY_SMTP_HOST`` (with ``PROBITY_SMTP_PORT``, ``PROBITY_SMTP_USER``,
  ``PROBITY_SMTP_PASSWORD``, ``PROBITY_SMTP_TLS`` = ``1``): send e-mail through this SMTP
  server; without it, e-mails are written to the console. ``PROBITY_EMAIL_FROM``: the sender.
- ``PROBITY_TEST_POSTGRES_URL``: the PostgreSQL server the tests also run against
  (default ``postgres://postgres@127.0.0.1:5432/test``; empty to leave PostgreSQL out).
- ``PROBITY_TEST_DATABASE``: ``postgresql`` to make that server the tests' default database
  (the page and browser tests are run once so, ``make test``); by default it is SQLite in
  memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TEST_POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/test"


def data_dir() -> Path:
    """The folder holding the embedded SQLite database (and, later, uploads)."""
    return Path(os.environ.get("PROBITY_DATA_DIR", "data")).resolve()


def erasure_ledger() -> Path:
    """The erasure ledger's file."""
    raw = os.environ.get("PROBITY_ERASURE_LEDGER")
    return Path(raw).resolve() if raw else data_dir() / "erasures.jsonl"


def static_root() -> Path:
    """The folder production serves the collected static files from."""
    raw = os.environ.get("PROBITY_STATIC_ROOT")
    return Path(raw).resolve() if raw else data_dir() / "static"


def database_url(default: str) -> str:
    """``DATABASE_URL``, or the default given."""
    return os.environ.get("DATABASE_URL") or default


def secret_key() -> str | None:
    """``DJANGO_SECRET_KEY``, or None when it is unset or empty."""
    return os.environ.get("DJANGO_SECRET_KEY") or None


def required_secret_key() -> str:
    """``DJANGO_SECRET_KEY``; refuse to start without it."""
    key = secret_key()
    if key is None:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: production settings have no default secret key"
        )
    return key


def allowed_hosts() -> list[str]:
    """``DJANGO_ALLOWED_HOSTS`` as a list (empty when unset)."""
    raw = os.environ.get("DJANGO_ALLOWED_HOSTS", "")
    return [h.strip() for h in raw.split(",") if h.strip()]


def test_postgres_url() -> str | None:
    """The PostgreSQL server for the tests, or None to leave it out."""
    return os.environ.get("PROBITY_TEST_POSTGRES_URL", TEST_POSTGRES_DEFAULT) or None


def test_default_is_postgres() -> bool:
    """Whether the tests' default database is the PostgreSQL server (not SQLite)."""
    return os.environ.get("PROBITY_TEST_DATABASE", "sqlite") == "postgresql"


def base_url() -> str:
    """``PROBITY_BASE_URL`` without a trailing slash."""
    return os.environ.get("PROBITY_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


@dataclass(frozen=True)
class Email:
    """How the application sends e-mail."""

    backend: str
    sender: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    tls: bool = False


def email() -> Email:
    """The e-mail settings: SMTP where ``PROBITY_SMTP_HOST`` is set, else the console."""
    sender = os.environ.get("PROBITY_EMAIL_FROM", "probity@localhost")
    host = os.environ.get("PROBITY_SMTP_HOST")
    if not host:
        return Email("django.core.mail.backends.console.EmailBackend", sender)
    return Email(
        "django.core.mail.backends.smtp.EmailBackend",
        sender,
        host,
        int(os.environ.get("PROBITY_SMTP_PORT", "587")),
        os.environ.get("PROBITY_SMTP_USER", ""),
        os.environ.get("PROBITY_SMTP_PASSWORD", ""),
        os.environ.get("PROBITY_SMTP_TLS", "1") == "1",
    )
