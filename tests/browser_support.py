"""A real browser for tests: Debian's Chromium driven by Playwright, and axe-core (pinned in
package-lock.json) to check accessibility.

Both are installed by `make browser` (apt-get install -y chromium; npm ci). Under CI=true a
missing one fails the test; elsewhere the test is skipped, saying how to install it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
INSTALL = "make browser (apt-get install -y chromium; npm ci)"


def require(present: bool, what: str) -> None:
    """Skip (or, under CI=true, fail) when a browser tool is missing."""
    if present:
        return
    message = f"{what} is missing: install it with {INSTALL}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str:
    """Debian's Chromium, or skip/fail saying how to install it."""
    found = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    require(found is not None, "Chromium")
    assert found is not None
    return found


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (a Playwright Browser), closed on leaving."""
    path = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def serious_violations(page: Any) -> list[tuple[str, str, str, list[Any]]]:
    """axe-core's serious and critical violations on the page as it stands.

    axe is injected as a script, so the page's context must bypass its Content-Security-Policy
    (``browser.new_context(bypass_csp=True)``) where the page has one.
    """
    require(AXE.exists(), "axe-core (node_modules/axe-core/axe.min.js)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
