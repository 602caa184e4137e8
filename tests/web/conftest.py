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
if POSTGRES_PROBLEM is not None and environment.test_default_is_postgres():
    # The page tests' run on PostgreSQL: without the server there is nothing to run on.
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"{POSTGRES_PROBLEM} (CI=true: PostgreSQL is required)")
    os.environ["PROBITY_TEST_DATABASE"] = "sqlite"
if POSTGRES_PROBLEM is not None:
    os.environ["PROBITY_TEST_POSTGRES_URL"] = ""  # the test settings then leave it out

django.setup()

from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from tests.web import second_factor  # noqa: E402
from tests.web.team import Team, make_team  # noqa: E402

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


@pytest.fixture
def team(db: None, tmp_path: Path) -> Team:
    """The small fictional inspection and its team, in the default database (SQLite, or
    PostgreSQL when ``PROBITY_TEST_DATABASE=postgresql``)."""
    return make_team(tmp_path / "bundle")


@pytest.fixture
def signed_in(client: Client, team: Team) -> Callable[[str], Client]:
    """Sign the test client in as one of the team (``"lead"``, ``"inspector_a"``, …), past the
    second factor where they need one (:func:`tests.web.second_factor.sign_in`)."""

    def sign_in(name: str) -> Client:
        return second_factor.sign_in(client, team.users()[name])

    return sign_in


# The browser tests' live server with the team, and their Chromium (tests/web/browser_fixtures.py).
from tests.web.browser_fixtures import browser, contexts, live_team  # noqa: E402, F401
