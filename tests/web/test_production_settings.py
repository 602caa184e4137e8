"""The production settings: Django's deployment check is clean, there is no default secret key,
cookies are secure, and responses carry the security headers (each in a fresh process: the
tests' own process runs the test settings)."""

from __future__ import annotations

import json
import os
import runpy
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

pytestmark = pytest.mark.integration

PRODUCTION = "probity.web.settings.production"
HOST = "probity.example"


def _secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!#$%&()*+,-./:;<=>?@[]^_{|}~"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        DJANGO_SECRET_KEY=_secret_key(),
        DJANGO_ALLOWED_HOSTS=HOST,
        PROBITY_DATA_DIR=str(tmp_path / "data"),
    )
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_the_deployment_check_is_clean_with_the_production_settings(tmp_path):
    checked = _run(
        ["-m", "probity.web", "check", "--deploy", "--fail-level", "WARNING"],
        _environment(tmp_path),
        tmp_path,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues" in checked.stdout


def test_the_deployment_check_would_catch_a_weak_secret_key(tmp_path):
    checked = _run(
        ["-m", "probity.web", "check", "--deploy", "--fail-level", "WARNING"],
        _environment(tmp_path, DJANGO_SECRET_KEY="short"),
        tmp_path,
    )
    assert checked.returncode != 0
    assert "security.W009" in checked.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _environment(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    checked = _run(["-m", "probity.web", "check"], env, tmp_path)
    assert checked.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in checked.stderr


def test_an_empty_secret_key_is_refused_too(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        runpy.run_module(PRODUCTION)


def test_production_cookies_are_secure_and_requests_must_be_https(monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_SECRET_KEY", _secret_key())
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", f"{HOST}, www.{HOST}")
    monkeypatch.setenv("PROBITY_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PROBITY_STATIC_ROOT", raising=False)
    production = runpy.run_module(PRODUCTION)

    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production["ALLOWED_HOSTS"] == [HOST, f"www.{HOST}"]
    assert production["STATIC_ROOT"] == tmp_path.resolve() / "static"
    assert production["AXES_CLIENT_IP_CALLABLE"] == "probity.web.client_ip.forwarded_client_ip"


# Run in a fresh process with the production settings: collect the static files, then ask
# for the sign-in page and a style sheet through Django's test client.
RESPONSES = """
import json, django
from django.core.management import call_command
from django.test import Client
django.setup()
call_command("collectstatic", interactive=False, verbosity=0)
client = Client(HTTP_HOST="probity.example")
page = client.get("/sign-in/", HTTP_X_FORWARDED_PROTO="https")
plain = client.get("/sign-in/")
css = client.get("/static/govuk/govuk-frontend.min.css", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "cookies": {n: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"])}
                for n, c in page.cookies.items()},
    "body": page.content.decode(),
    "plain": [plain.status_code, plain.headers.get("Location")],
    "css": [css.status_code, css.headers.get("Content-Type")],
}))
"""


@pytest.fixture(scope="module")
def responses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The production application's answers to a few requests."""
    tmp_path = tmp_path_factory.mktemp("production")
    ran = _run(["-c", RESPONSES], _environment(tmp_path), tmp_path)
    assert ran.returncode == 0, ran.stderr
    answers: dict[str, object] = json.loads(ran.stdout)
    return answers


def test_a_production_response_carries_the_content_security_policy(responses):
    assert responses["status"] == 200
    headers = responses["headers"]
    assert isinstance(headers, dict)
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_cookies_set_by_production_are_secure(responses):
    cookies = responses["cookies"]
    assert isinstance(cookies, dict)
    assert cookies["csrftoken"] == {"secure": True, "httponly": True}
    assert all(flags["secure"] for flags in cookies.values())


def test_production_redirects_plain_http_to_https(responses):
    assert responses["plain"] == [301, f"https://{HOST}/sign-in/"]


def test_production_serves_the_collected_static_files_with_hashed_names(responses):
    assert responses["css"] == [200, 'text/css; charset="utf-8"']
    body = responses["body"]
    assert isinstance(body, str)
    # The page links the manifest's name (with the file's hash), which may be cached for good.
    assert "/static/govuk/govuk-frontend.min." in body
    assert 'href="/static/govuk/govuk-frontend.min.css"' not in body
