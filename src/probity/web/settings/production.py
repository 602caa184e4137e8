"""Production settings: the secret key and the database from the environment (no default
secret), HTTPS only, secure cookies; ``python -m probity.web check --deploy`` is clean."""

from __future__ import annotations

from probity.web.settings import environment
from probity.web.settings.base import *  # noqa: F403
from probity.web.settings.base import database

DEBUG = False
SECRET_KEY = environment.required_secret_key()
ALLOWED_HOSTS = environment.allowed_hosts()

DATABASES = {
    "default": database(
        environment.database_url(f"sqlite:///{environment.data_dir() / 'probity.sqlite3'}"),
        conn_max_age=60,
    )
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
