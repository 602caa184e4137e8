"""The report's PDF in the web application: rendered in the background, never within a request
(a request outlived by its render would leave the render running after the server stops the
worker), with a page that says it is being prepared until it links the file; one render at a
time for one version of the report, however many ask for it.

The renderer is replaced by one the test holds until it lets it finish, so nothing here waits
for a real PDF (tests/web/test_report_pages.py downloads one)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from probity.web.inspections import reports

pytestmark = pytest.mark.pages


def base(team) -> str:
    return f"/inspections/{team.inspection.inspection_id}/"


class HeldRenderer:
    """A stand-in for :func:`probity.report.pdf.render_pdf` that writes its PDF only when the
    test lets it (or fails after a few seconds, so a request that waits for it cannot hang)."""

    def __init__(self) -> None:
        self.calls: list[Path] = []
        self.release = threading.Event()
        self.fail_with: Exception | None = None

    def __call__(self, html: str, target: Path, **options: object) -> Path:
        self.calls.append(target)
        if not self.release.wait(5):
            raise AssertionError("the render was waited for within the request")
        if self.fail_with is not None:
            raise self.fail_with
        target.write_bytes(b"%PDF-1.7 fictional")
        return target


@pytest.fixture
def renderer(monkeypatch, tmp_path) -> Iterator[HeldRenderer]:
    monkeypatch.setenv("PROBITY_DATA_DIR", str(tmp_path))
    held = HeldRenderer()
    monkeypatch.setattr(reports, "render_pdf", held)
    yield held
    held.release.set()  # no render outlives its test


def wait_until_ready(client, url: str) -> str:
    end = time.monotonic() + 10
    while time.monotonic() < end:
        html = client.get(url).content.decode()
        if "being prepared" not in html:
            return html
        time.sleep(0.02)
    raise AssertionError("the PDF was never ready")


@pytest.mark.xfail(strict=True, reason="the PDF is rendered within the request")
def test_asking_for_the_pdf_starts_its_render_and_shows_a_page_saying_it_is_being_prepared(
    team, signed_in, renderer
):
    client = signed_in("lead")
    response = client.get(base(team) + "report.pdf")
    assert response.status_code == 302
    assert response["Location"] == base(team) + "report/pdf/"
    page = client.get(base(team) + "report/pdf/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "The PDF is being prepared" in html
    assert '<meta http-equiv="refresh"' in html
    assert len(renderer.calls) == 1
    renderer.release.set()
    html = wait_until_ready(client, base(team) + "report/pdf/")
    assert f'href="{base(team)}report.pdf" download>Download the PDF' in html
    pdf = client.get(base(team) + "report.pdf")
    assert pdf.status_code == 200
    assert pdf.content == b"%PDF-1.7 fictional"
    assert pdf["Content-Disposition"] == 'attachment; filename="test-pdu-2026.pdf"'


@pytest.mark.xfail(strict=True, reason="the PDF is rendered within the request")
def test_asking_again_while_the_pdf_is_being_prepared_starts_no_second_render(
    team, signed_in, renderer
):
    lead = signed_in("lead")
    for path in ("report.pdf", "report/pdf/", "report.pdf", "report/pdf/"):
        assert lead.get(base(team) + path).status_code in (200, 302), path
    assert len(renderer.calls) == 1
    renderer.release.set()
    wait_until_ready(lead, base(team) + "report/pdf/")
    assert len(renderer.calls) == 1
