"""Test settings: SQLite in memory as ``default``, and PostgreSQL as ``postgres`` when the
tests are given one (``PROBITY_TEST_POSTGRES_URL``), so that one run covers both storage.
With ``PROBITY_TEST_DATABASE=postgresql`` the default is PostgreSQL too, for the page tests
(views use the default database)."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from probity.web.settings import environment
from probity.web.settings.base import *  # noqa: F403
from probity.web.settings.base import database

DEBUG = False
ALLOWED_HOSTS = ["testserver"]
SECRET_KEY = secrets.token_urlsafe(50)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only

DATABASES = {"default": database("sqlite://")}
_POSTGRES = environment.test_postgres_url()
if _POSTGRES is not None:
    DATABASES["postgres"] = database(_POSTGRES)
    DATABASES["postgres"]["TEST"] = {"NAME": "test_probity"}
    if environment.test_default_is_postgres():
        DATABASES["default"] = database(_POSTGRES)
        DATABASES["default"]["TEST"] = {"NAME": "test_probity_default"}

PROBITY_BASE_URL = "http://testserver"
# Never the data folder's: tests that erase name a ledger of their own (the settings fixture).
PROBITY_ERASURE_LEDGER = Path(tempfile.gettempdir()) / f"probity-test-erasures-{os.getpid()}.jsonl"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
