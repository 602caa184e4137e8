"""Settings shared by every environment. No secrets here, and no environment reads:
those are in :mod:`probity.web.settings.environment`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

WEB_DIR = Path(__file__).resolve().parent.parent

# A history record's change reason holds the reason a user gave (a case returned, a case dropped
# from the sample), which has no length limit of its own: a text field, not 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "csp",
    # The second factor: an authenticator app (TOTP) and recovery codes (static tokens).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "probity.web.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files with their own caching: nothing else Probity
    # answers may be stored by a browser or a proxy.
    "probity.web.no_store.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which device, if any, verified the session's second factor; then the gate that sends a
    # session still owing it to the page that settles it.
    "django_otp.middleware.OTPMiddleware",
    "probity.web.second_factor_gate.SecondFactorGate",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Who made each change, for the history of answers and judgements.
    "simple_history.middleware.HistoryRequestMiddleware",
    # A workflow step refused and not answered by its page: the status and the reason.
    "probity.web.views.workflow.WorkflowErrorMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]  # fmt: skip

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "probity.web.urls"
# The store of inspections the pages work on (probity.web.views.workflow.store_for): the
# database's; tests name a subclass of it to bring about what a page cannot (a publication
# while a save is on its way).
PROBITY_STORE = "probity.web.inspections.store.DjangoStore"
# How long a case's personal data is kept, by the framework an inspection is recorded under
# (its kind): days after the report's publication, after which `probity retention --apply`
# erases it (probity.web.inspections.erasure); "default" for a framework not named.
# Assumption: HM Inspectorate of Probation's own retention schedule for inspection case data is
# not known to us; one year after publication leaves time for corrections and challenges to
# the published report. Set the periods the inspectorate's schedule gives.
PROBITY_RETENTION: dict[str, int] = {
    "default": 365,
    "hmip-adult-pdu-2021": 365,
    "hmip-adult-pdu-2023": 365,
    "hmip-youth-justice-2021": 365,
}
WSGI_APPLICATION = "probity.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]

LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "inspections"
LOGOUT_REDIRECT_URL = "sign-in"
# How long a one-time link to set a password works (an invitation may wait a few days).
PASSWORD_RESET_TIMEOUT = 7 * 24 * 60 * 60

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
USE_I18N = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Sign-in throttling: five failures within 15 minutes pause signing in for 15 minutes, counted
# both for one user name from one address and for one address across every user name (so that
# trying many user names from one address, "password spraying", is paused at the sixth try).
# The address alone is not enough for a lock of a user name everywhere: that would let anyone
# lock anyone out. A success forgives only that user name's failures from that address
# (probity.web.sign_in_throttle).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "probity.web.sign_in_throttle.SignInThrottle"
AXES_LOCKOUT_TEMPLATE = "probity/locked_out.html"

# The second factor (probity.web.inspections.second_factor). Each wrong code makes its device
# wait before the next try: 1 second, then 2, 4, 8, … (django-otp's throttling, on with a
# factor of 1; 0 would turn it off). A code is taken within one 30-second step either side,
# and each code once.
OTP_TOTP_ISSUER = "Probity"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Everything from this server, nothing inline (the report preview widens style-src for its
# own page only: the report is a self-contained file with its style sheet inside).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}


def database(url: str, *, conn_max_age: int = 0) -> dict[str, Any]:
    """One entry of ``DATABASES`` from a database URL."""
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    if config["ENGINE"] == "django.db.backends.sqlite3" and config["NAME"] not in ("", ":memory:"):
        # Several gunicorn workers share the file: readers do not block the writer (WAL), and
        # a writer waits for the lock from the start of its transaction instead of failing
        # midway (so a save racing a publication waits, then is refused with the reason).
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
    return config
