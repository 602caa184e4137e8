"""The report's PDF in the web application: rendered in the background, never within a request
(a request outlived by its render would leave the render running after the server stops the
worker), with a page that says it is being prepared until it links the file; one render at a
time for one version of the report, however many ask for it.

The renderer is replaced by one the test holds until it lets it finish, so nothing here waits
for a real PDF (tests/web/test_report_pages.py downloads one)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from probity.report.pdf import DEFAULT_TIMEOUT, PdfError
from probity.web.inspections import reports

pytestmark = pytest.mark.pages


def base(team) -> str:
    return f"/inspections/{team.inspection.inspection_id}/"


class HeldRenderer:
    """A stand-in for :func:`probity.report.pdf.render_pdf` that writes its PDF only when the
    test lets it (or fails after a few seconds, so a request that waits for it cannot hang)."""

    def __init__(self, patience: float = 5) -> None:
        self.calls: list[Path] = []
        self.release = threading.Event()
        self.fail_with: Exception | None = None
        self.patience = patience

    def __call__(self, html: str, target: Path, **options: object) -> Path:
        self.calls.append(target)
        if not self.release.wait(self.patience):
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
    assert 'id="pdf-state" role="status" data-refresh="3" data-preparing>' in html
    assert "probity/pdf-status.js" in html  # which looks again
    assert len(renderer.calls) == 1
    renderer.release.set()
    html = wait_until_ready(client, base(team) + "report/pdf/")
    assert f'href="{base(team)}report.pdf" download>Download the PDF' in html
    pdf = client.get(base(team) + "report.pdf")
    assert pdf.status_code == 200
    assert pdf.content == b"%PDF-1.7 fictional"
    assert pdf["Content-Disposition"] == 'attachment; filename="test-pdu-2026.pdf"'


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


def test_a_failed_render_is_said_on_the_page_with_a_button_that_tries_again(
    team, signed_in, renderer
):
    renderer.fail_with = PdfError("the PDF renderer failed (exit status 1): fictional")
    renderer.release.set()
    lead = signed_in("lead")
    lead.get(base(team) + "report/pdf/")
    wait_until_ready(lead, base(team) + "report/pdf/")
    response = lead.get(base(team) + "report/pdf/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "The PDF could not be made: the PDF renderer failed (exit status 1): fictional" in html
    assert "Try again</button>" in html
    assert "data-preparing" not in html
    assert len(renderer.calls) == 1  # a failure is not retried by looking at it
    assert lead.get(base(team) + "report.pdf")["Location"] == base(team) + "report/pdf/"
    assert len(renderer.calls) == 1
    renderer.fail_with = None
    again = lead.post(base(team) + "report/pdf/")
    assert again.status_code == 302
    assert again["Location"] == base(team) + "report/pdf/"
    assert "The PDF is ready" in wait_until_ready(lead, base(team) + "report/pdf/")
    assert len(renderer.calls) == 2


def test_the_report_page_offers_to_prepare_the_pdf_until_it_is_ready_then_to_download_it(
    team, signed_in, renderer
):
    lead = signed_in("lead")
    html = lead.get(base(team) + "report/").content.decode()
    assert f'href="{base(team)}report/pdf/">Prepare the PDF' in html
    assert renderer.calls == []  # the report's page starts nothing
    renderer.release.set()
    lead.get(base(team) + "report/pdf/")
    wait_until_ready(lead, base(team) + "report/pdf/")
    html = lead.get(base(team) + "report/").content.decode()
    assert f'href="{base(team)}report.pdf" download>Download the PDF' in html


def test_a_render_under_way_in_another_process_is_not_started_again(team, signed_in, renderer):
    lead = signed_in("lead")
    html = lead.get(base(team) + "report.html").content.decode()
    # Another server process holds the render's lock (flock: per open file, so a second
    # opening in this process stands for another process).
    target = reports.pdf_path(team.inspection.inspection_id, html)
    target.parent.mkdir(parents=True)
    held = reports._lock(target)
    assert held is not None
    try:
        page = lead.get(base(team) + "report/pdf/").content.decode()
        assert "The PDF is being prepared" in page
        assert renderer.calls == []
    finally:
        os.close(held)
    renderer.release.set()
    assert "The PDF is ready" in wait_until_ready(lead, base(team) + "report/pdf/")
    assert len(renderer.calls) == 1


def test_the_web_renders_within_its_own_time_limit_and_a_new_version_replaces_the_old_files(
    team, signed_in, renderer, tmp_path, monkeypatch
):
    seen: list[dict[str, object]] = []

    def noting_its_options(html: str, target: Path, **options: object) -> Path:
        seen.append(options)
        return renderer(html, target)

    monkeypatch.setattr(reports, "render_pdf", noting_its_options)
    folder = tmp_path / "reports"
    folder.mkdir()
    old = [folder / f"test-pdu-2026-{'0' * 64}{suffix}" for suffix in (".pdf", ".lock", ".failed")]
    other = folder / f"another-pdu-{'0' * 64}.pdf"
    for path in [*old, other]:
        path.write_bytes(b"old")
    renderer.release.set()
    lead = signed_in("lead")
    lead.get(base(team) + "report/pdf/")
    wait_until_ready(lead, base(team) + "report/pdf/")
    assert seen == [{"timeout": reports.RENDER_TIMEOUT}]
    assert reports.RENDER_TIMEOUT < DEFAULT_TIMEOUT
    assert not [p for p in old if p.exists()]
    assert other.exists()
