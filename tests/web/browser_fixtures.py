"""The web application in a real browser: pytest-django's live server with the small fictional
team (:mod:`tests.web.team`), a headless Chromium for each test module
(:mod:`tests.browser_support`), and the steps the browser tests share: signing in (with the
second factor's code, :mod:`tests.web.second_factor`), and reading what the browser logged.

The live server shares the test's database (SQLite in memory by default, PostgreSQL with
``PROBITY_TEST_DATABASE=postgresql``); its tests are transactional, so each starts from an
empty database and leaves one, axes' record of failed sign-ins included.
"""

from __future__ import annotations

import re
from base64 import b32decode
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser_support import chromium
from tests.web import second_factor
from tests.web.second_factor import code
from tests.web.team import INSPECTION_ID, PASSWORD, Team, make_team

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


@dataclass(frozen=True)
class LiveTeam:
    """The team, stored in the database the live server at ``url`` reads."""

    url: str
    team: Team

    def at(self, path: str) -> str:
        """The full address of a path of the application (``/sign-in/``)."""
        return f"{self.url}{path}"

    def inspection(self, path: str = "") -> str:
        """The full address of a page of the team's inspection (``cases/T1/``)."""
        return self.at(f"/inspections/{INSPECTION_ID}/{path}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for the module's tests (a Playwright Browser)."""
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's synchronous API keeps an asyncio loop on the test's thread, which Django
        # takes for an async context; the test's own database calls are synchronous all the same.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with chromium() as launched:
            yield launched


@pytest.fixture
def live_team(live_server: Any, tmp_path: Path) -> LiveTeam:
    """The small fictional inspection and its team, served by the live server."""
    return LiveTeam(live_server.url, make_team(tmp_path / "bundle"))


@pytest.fixture
def contexts(browser: Any, live_team: LiveTeam) -> Iterator[Callable[..., Any]]:
    """Open browser contexts (``contexts("lead", bypass_csp=True)``; no name: nobody signed
    in), each closed after the test, before its database is emptied."""
    opened: list[Any] = []

    def new(name: str | None = None, **options: Any) -> Any:
        opened.append(context_as(browser, live_team, name, **options))
        return opened[-1]

    yield new
    for context in opened:
        context.close()


def sign_in(page: Any, live: LiveTeam, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page, typing the user name and password, then the code of
    their authenticator app when the page asks for it (setting one up first when it asks)."""
    page.goto(live.at("/sign-in/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    give_second_factor(page, username)


CODE_HEADING = "Enter the code from your authenticator app"
SET_UP_HEADING = "Set up an authenticator app"


def give_second_factor(page: Any, username: str) -> None:
    """On the page that asks for a code, type the code the user's app shows; on the page that
    sets one up, add the key shown (as an app would), type its code and leave the recovery
    codes. Any other page: nothing to do."""
    heading = page.locator("h1").first
    if not heading.count():
        return
    title = heading.inner_text().strip()
    if title == CODE_HEADING:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    elif title == SET_UP_HEADING:
        shown = page.locator("#otp-secret").inner_text()
        device = TOTPDevice.objects.get(user__username=username, confirmed=False)
        assert b32decode(shown.replace(" ", "")) == device.bin_key  # the key an app would add
    else:
        return
    page.get_by_label("Code", exact=True).fill(code(device))
    page.get_by_role("button", name=re.compile("^(Continue|Confirm)$")).click()
    page.wait_for_load_state()
    if title == SET_UP_HEADING:
        page.get_by_role("link", name="Continue").click()
        page.wait_for_load_state()


def context_as(browser: Any, live: LiveTeam, name: str | None, **options: Any) -> Any:
    """A new browser context signed in as one of the team (``None``: nobody), by handing it
    a session cookie (the sign-in page itself is tested by the flows)."""
    context = browser.new_context(**{"viewport": DESKTOP, **options})
    if name is not None:
        client = second_factor.sign_in(Client(), live.team.users()[name])
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live.url}]
        )
    return context


@dataclass
class Console:
    """What the pages of a browser context logged to the console, and their uncaught errors."""

    messages: list[str]

    def policy_refusals(self) -> list[str]:
        """The messages of the Content-Security-Policy refusing something."""
        return [m for m in self.messages if re.search("Content.Security.Policy", m, re.I)]


def watch(context: Any) -> Console:
    """Record every console message and uncaught error of the context's pages from now on."""
    console = Console([])
    context.on("console", lambda m: console.messages.append(f"{m.type}: {m.text}"))
    context.on("weberror", lambda e: console.messages.append(f"uncaught: {e.error}"))
    return console


def sideways_overflow(page: Any) -> int:
    """How many pixels wider than the window the page is (0 or less: no sideways scrolling)."""
    overflow: int = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return overflow
