"""The page of the report's PDF in a real browser: while the PDF is being prepared it looks
again by itself and links the file once it is ready; it and the page of a failed render have
no serious accessibility violation (axe). The renderer is held by the test
(tests/web/test_report_pdf_pages.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from probity.report.pdf import PdfError
from probity.web.inspections import reports
from tests.browser_support import serious_violations

from .test_report_pdf_pages import HeldRenderer

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture
def renderer(monkeypatch, tmp_path) -> Iterator[HeldRenderer]:
    # The live server runs in this process: it reads the same environment and module.
    monkeypatch.setenv("PROBITY_DATA_DIR", str(tmp_path / "data"))
    held = HeldRenderer(patience=60)
    monkeypatch.setattr(reports, "render_pdf", held)
    yield held
    held.release.set()


def test_the_page_looks_again_by_itself_until_it_links_the_pdf(contexts, live_team, renderer):
    page = contexts("lead").new_page()  # under the pages' own Content-Security-Policy
    page.goto(live_team.inspection("report/"))
    page.get_by_role("link", name="Prepare the PDF").click()
    expect(page.get_by_role("status")).to_contain_text("The PDF is being prepared")
    renderer.release.set()
    # No click: the page looks again and shows the link in place of its status.
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible(timeout=15_000)
    assert len(renderer.calls) == 1


def test_the_page_being_prepared_and_then_failed_has_no_serious_violation(
    contexts, live_team, renderer
):
    page = contexts("lead", bypass_csp=True).new_page()
    page.goto(live_team.inspection("report/pdf/"))
    expect(page.get_by_role("status")).to_contain_text("The PDF is being prepared")
    assert serious_violations(page) == []
    renderer.fail_with = PdfError("the PDF renderer failed (exit status 1): fictional")
    renderer.release.set()
    expect(page.get_by_text("The PDF could not be made")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    assert page.title().startswith("Error: ")
    assert serious_violations(page) == []
