"""Local settings (the default): a SQLite file in the data folder, DEBUG on, loopback only.

Static files are served by WhiteNoise straight from the source folders (no ``collectstatic``).
"""

from __future__ import annotations

import secrets

from probity.web.settings import environment
from probity.web.settings.base import *  # noqa: F403
from probity.web.settings.base import database

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# Never a fixed key in code: the environment's, or a fresh one per process (sessions then
# last as long as the server).
SECRET_KEY = environment.secret_key() or secrets.token_urlsafe(50)

_DATA_DIR = environment.data_dir()
_URL = environment.database_url(f"sqlite:///{_DATA_DIR / 'probity.sqlite3'}")
if _URL.startswith("sqlite:///"):
    _DATA_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {"default": database(_URL)}

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

PROBITY_BASE_URL = environment.base_url()
PROBITY_ERASURE_LEDGER = environment.erasure_ledger()
_EMAIL = environment.email()
EMAIL_BACKEND = _EMAIL.backend
DEFAULT_FROM_EMAIL = _EMAIL.sender
EMAIL_HOST, EMAIL_PORT = _EMAIL.host, _EMAIL.port
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS = _EMAIL.user, _EMAIL.password, _EMAIL.tls
