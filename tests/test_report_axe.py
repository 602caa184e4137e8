"""The HTML report in a real browser: axe-core (pinned in package-lock.json) finds no serious
or critical accessibility violation, and nothing is fetched from outside the file.

Needs Debian's Chromium and axe-core: `make browser` (apt-get install -y chromium; npm ci).
Under CI=true a missing one fails the test; elsewhere the test is skipped, saying how to
install it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from probity.report import render_report

from .conftest import ROOT
from .test_report_support import demo_results

pytestmark = pytest.mark.integration

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
INSTALL = "make browser (apt-get install -y chromium; npm ci)"


def _require(present: bool, what: str) -> None:
    if present:
        return
    message = f"{what} is missing: install it with {INSTALL}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    [path] = render_report(demo_results(), {"html"}, tmp_path_factory.mktemp("report"))
    return path


@pytest.fixture(scope="module")
def page(report):
    _require(CHROMIUM.exists() or shutil.which("chromium") is not None, "Chromium")
    _require(AXE.exists(), "axe-core (node_modules/axe-core/axe.min.js)")
    sync_api = pytest.importorskip("playwright.sync_api")
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
            args=CHROMIUM_ARGS,
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.resolve().as_uri())
        page.add_script_tag(path=str(AXE))
        yield page, requests
        browser.close()


def test_axe_finds_no_serious_or_critical_violation(page):
    browser_page, _ = page
    results = browser_page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    serious = [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_the_page_loads_nothing_but_itself(page, report):
    _, requests = page
    assert requests == [report.resolve().as_uri()]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_page_fits_the_window_on_a_desktop_and_on_a_phone(page, width):
    browser_page, _ = page
    browser_page.set_viewport_size({"width": width, "height": 900})
    overflow = browser_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
