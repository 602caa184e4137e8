"""Django for the web tests: the test settings, and the databases to run each test against.

Every storage test runs twice in one pytest run: on SQLite (``default``) and on PostgreSQL
(``postgres``, ``PROBITY_TEST_POSTGRES_URL``, by default 127.0.0.1:5432, database ``test``,
user ``postgres``). When PostgreSQL is unreachable its tests skip with the reason, and fail
under ``CI=true``.
"""

from __future__ import annotations

import os

import django
import psycopg
import pytest

os.environ["DJANGO_SETTINGS_MODULE"] = "probity.web.settings.test"

from probity.web.settings import environment


def _postgres_problem() -> str | None:
    url = environment.test_postgres_url()
    if url is None:
        return "PROBITY_TEST_POSTGRES_URL is empty"
    try:
        with psycopg.connect(url, connect_timeout=3):
            return None
    except psycopg.Error as e:
        return f"PostgreSQL unreachable at {url}: {str(e).strip()}"


POSTGRES_PROBLEM = _postgres_problem()
if POSTGRES_PROBLEM is not None:
    os.environ["PROBITY_TEST_POSTGRES_URL"] = ""  # the test settings then leave it out

django.setup()

from django.conf import settings  # noqa: E402

if settings.SETTINGS_MODULE != "probity.web.settings.test":
    raise pytest.UsageError(f"web tests need the test settings, not {settings.SETTINGS_MODULE}")


def _database(alias: str, name: str) -> object:
    if alias == "postgres" and POSTGRES_PROBLEM is not None:
        return pytest.param(alias, id=name)
    return pytest.param(alias, id=name, marks=pytest.mark.django_db(databases=[alias]))


@pytest.fixture(params=[_database("default", "sqlite"), _database("postgres", "postgresql")])
def database(request: pytest.FixtureRequest) -> str:
    """The alias of the database the test runs against (it may use no other)."""
    alias: str = request.param
    if alias == "postgres" and POSTGRES_PROBLEM is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_PROBLEM} (CI=true: PostgreSQL is required)")
        pytest.skip(POSTGRES_PROBLEM)
    return alias
