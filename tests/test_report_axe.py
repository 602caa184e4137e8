"""The HTML report of each shipped framework's example in a real browser: axe-core (pinned in
package-lock.json) finds no serious or critical accessibility violation, and nothing is
fetched from outside the file.

Needs Debian's Chromium and axe-core: `make browser` (apt-get install -y chromium; npm ci).
Under CI=true a missing one fails the test; elsewhere the test is skipped, saying how to
install it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from probity.bundle import read_bundle
from probity.pipeline import inspect_bundle
from probity.report import render_report

from .browser_support import chromium, serious_violations
from .conftest import ROOT

pytestmark = pytest.mark.integration

# The demonstration again with its headings in Welsh (each marked lang="cy"), and again with
# the disproportionality chapter.
EXAMPLES = ["demo", "adult-2023-demo", "youth-demo", "demo:cy", "demo+disproportionality"]


@pytest.fixture(scope="module", params=EXAMPLES)
def report(request, tmp_path_factory) -> Path:
    name, _, language = request.param.partition(":")
    folder, _, chapter = name.partition("+")
    bundle = read_bundle(ROOT / "examples" / folder)
    if language:
        inspection = dataclasses.replace(bundle.inspection, language=language)
        bundle = dataclasses.replace(bundle, inspection=inspection)
    results = inspect_bundle(bundle)
    [path] = render_report(
        results, {"html"}, tmp_path_factory.mktemp("report"),
        disproportionality=chapter == "disproportionality",
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def page(report):
    requests: list[str] = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.resolve().as_uri())
        yield page, requests


def test_axe_finds_no_serious_or_critical_violation(page):
    browser_page, _ = page
    assert serious_violations(browser_page) == []


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
