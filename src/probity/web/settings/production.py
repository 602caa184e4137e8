"""Production settings: the secret key and the database from the environment (no default
secret), HTTPS only (behind a TLS-terminating proxy that sets ``X-Forwarded-Proto``), secure
cookies, static files collected into ``STATIC_ROOT`` and served by WhiteNoise;
``python -m probity.web check --deploy`` is clean."""

from __future__ import annotations

from probity.web.settings import environment
from probity.web.settings.base import *  # noqa: F403
from probity.web.settings.base import database

DEBUG = False
SECRET_KEY = environment.required_secret_key()
ALLOWED_HOSTS = environment.allowed_hosts()

# PostgreSQL (DATABASE_URL) for a service; without it, the SQLite file in the data folder.
_URL = environment.database_url(f"sqlite:///{environment.data_dir() / 'probity.sqlite3'}")
if _URL.startswith("sqlite:///"):
    environment.data_dir().mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database(_URL, conn_max_age=60)}

# `python -m probity.web collectstatic` (which `probity serve` runs) fills STATIC_ROOT; the
# manifest gives each file a name with its hash, so browsers may cache them for a year.
STATIC_ROOT = environment.static_root()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
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

# Behind the proxy every request comes from the proxy's address: count failed sign-ins by the
# client address the proxy appends to X-Forwarded-For instead.
AXES_CLIENT_IP_CALLABLE = "probity.web.client_ip.forwarded_client_ip"

# Without DEBUG, Django's default logging writes a failing request's traceback nowhere (it
# would mail ADMINS): send warnings and errors to standard error, where gunicorn's go.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}

PROBITY_BASE_URL = environment.base_url()
PROBITY_ERASURE_LEDGER = environment.erasure_ledger()
_EMAIL = environment.email()
EMAIL_BACKEND = _EMAIL.backend
DEFAULT_FROM_EMAIL = _EMAIL.sender
EMAIL_HOST, EMAIL_PORT = _EMAIL.host, _EMAIL.port
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS = _EMAIL.user, _EMAIL.password, _EMAIL.tls
