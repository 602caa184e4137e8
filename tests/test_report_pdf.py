"""The PDF: A4 pages with the PDU's name at the head and "Page N of M" at the foot, contents
with page numbers, bookmarks for the chapters, tagged; rendered in a child process whose
failure is a clear error. Its text is read back with pypdf and compared with the results."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

import pytest
from pypdf import PdfReader

from probity.report import PdfError, render_report
from probity.report.formatting import pct_text
from probity.report.html import render_html
from probity.report.pdf import render_pdf

from .test_report_support import demo_results

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    [path] = render_report(demo_results(), {"pdf"}, out)
    assert path == out / "report.pdf"
    assert not [p for p in out.iterdir() if p.name != "report.pdf"]
    return path


@pytest.fixture(scope="module")
def pdf(pdf_path):
    return PdfReader(pdf_path)


@pytest.fixture(scope="module")
def pages(pdf):
    return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def test_every_page_is_a4(pdf):
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)


def test_every_page_after_the_cover_has_the_pdu_at_its_head_and_its_number_at_its_foot(pages):
    total = len(pages)
    assert total > 20
    for number, text in enumerate(pages, start=1):
        if number == 1:
            continue
        assert f"Page {number} of {total}" in text, number
        assert "Staffordshire and Stoke PDU" in text, number


def test_the_ratings_page_prints_the_computed_ratings(pages):
    results = demo_results()
    ratings = results.ratings
    page = next(p for p in pages if "Fieldwork took place in June 2022" in p)
    assert f"Score {ratings.score}/{ratings.max_score}" in page
    assert "Overall rating Inadequate" in page
    for s in ratings.standards:
        label = results.framework.rating(s.rating).label if s.rating else "Not rated"
        assert f"{s.standard_id} {s.name} {label}" in page


def test_the_contents_gives_the_page_each_chapter_starts_on(pages):
    contents = next(p for p in pages[:3] if "Contents Acknowledgements" in p)
    for title in ["Ratings", "Annexe three – Inspection data", "2.4 Implementation and delivery",
                  "Annexe four – Web links"]:  # fmt: skip
        found = re.search(re.escape(title) + r"[ .]*?(\d+)", contents)
        assert found, title
        page = int(found.group(1))
        assert title in pages[page - 1], (title, page)


def test_the_bookmarks_list_the_chapters_and_their_standards(pdf):
    outline = pdf.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert "Ratings" in top
    assert "2. Court work and case supervision" in top
    assert "Annexe three – Inspection data" in top
    nested = [i.title for group in outline if isinstance(group, list) for i in group
              if not isinstance(i, list)]  # fmt: skip
    assert "2.2 Assessment" in nested


def test_the_pdf_is_tagged_with_its_language_and_title(pdf):
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root.get("/Lang", "")).lower().startswith("en")
    assert (
        pdf.metadata.title == "An inspection of probation services in: Staffordshire and Stoke PDU"
    )


def test_the_key_question_tables_and_annexe_three_carry_the_computed_figures(pages):
    results = demo_results()
    text = " ".join(pages)
    # Lines break anywhere, hyphens included: compare without white space.
    annexe = re.sub(
        r"\s+", "", text[text.index("Annexe three – Inspection data In this section") :]
    )
    for prompt in results.framework.prompts:
        expected = pct_text(results.figures[prompt.id].rounded)
        tail = re.sub(r"\s+", "", prompt.text)[-25:]
        assert re.search(re.escape(tail) + r"\**" + re.escape(expected), annexe), prompt.id
    # The chapters' own key-question tables: pages whose running header names no annexe
    # (Annexe three repeats the figures).
    chapters = re.sub(r"\s+", "", " ".join(p for p in pages if "Annexe" not in p[:120]))
    for standard in results.framework.standards:
        for kq in standard.key_questions:
            row = re.sub(r"\s+", "", kq.text) + pct_text(results.figures[kq.id].rounded)
            assert row in chapters, kq.id


def test_each_footnote_is_at_the_foot_of_the_page_that_calls_it_with_the_html_number(pages):
    # A note that does not fit under a full page goes to the foot of the next (the renderer
    # does not move the calling line with it).
    results = demo_results()
    fw = results.framework
    html = render_html(results)
    notes = dict(re.findall(r'<li id="note-(\d+)" value="\d+">([^<]+) <a', html))
    assert notes
    for standard in fw.standards:
        if not standard.rule.is_casework:
            continue
        opening = f"Our rating for {standard.name.lower()} is based on"
        [at] = [i for i, p in enumerate(pages) if opening in p]
        call = re.search(
            r'id="standard-' + standard.id.replace(".", "-") + r'".*?href="#note-(\d+)"',
            html,
            re.DOTALL,
        )
        assert call is not None, standard.id
        number = call.group(1)
        note = f"{number}. {' '.join(notes[number].split())}"
        assert note in pages[at] or note in pages[at + 1], standard.id


def test_annexe_two_prints_every_staffing_figure(pages):
    results = demo_results()
    text = " ".join(pages)
    annexe = re.sub(r"\s+", "", text[text.index("Annexe two – Staffing") :])
    for figure in results.bundle.staffing:
        if figure.section == "services":
            continue  # printed in the case characteristics table of 1.3
        assert re.sub(r"\s+", "", figure.measure) in annexe, figure.measure


def test_the_regions_recommendations_keep_their_numbers_six_and_seven(pdf_path):
    # pypdf does not extract list markers; pdftotext (poppler) does.
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: run `make browser` (it installs poppler-utils)")
        pytest.skip("pdftotext is missing: run `make browser` (it installs poppler-utils)")
    out = subprocess.run(
        [pdftotext, "-l", "8", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    region = out[out.index("West Midlands region should:") :]
    assert re.search(r"^6\. ensure that management information", region, re.M)
    assert re.search(r"^7\. ensure that smarter working", region, re.M)


def test_a_failing_renderer_is_a_clear_error_and_leaves_no_file(tmp_path):
    target = tmp_path / "report.pdf"
    with pytest.raises(PdfError, match="PDF renderer failed"):
        render_pdf("<html><body>x</body></html>", target, variant="pdf/no-such-variant")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_renderer_that_takes_too_long_is_stopped(tmp_path):
    with pytest.raises(PdfError, match="took longer than"):
        render_pdf("<html><body>x</body></html>", tmp_path / "r.pdf", timeout=0.01)
    assert list(tmp_path.iterdir()) == []


def test_a_renderer_that_runs_out_of_memory_fails_alone_with_a_clear_error(tmp_path):
    html = "<html lang='en-GB'><body>" + "<p>words</p>" * 100 + "</body></html>"
    with pytest.raises(PdfError, match="PDF renderer"):
        render_pdf(html, tmp_path / "report.pdf", memory_mb=64)
    assert list(tmp_path.iterdir()) == []


def test_a_render_sweeps_what_renders_killed_outright_left_behind(tmp_path, monkeypatch):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    (tmp / "probity-pdf-1-abc").mkdir()  # its deadline long past
    out = tmp_path / "out"
    out.mkdir()
    part = out / ".report.pdf.abc.part"
    part.touch()
    os.utime(part, (1, 1))
    with pytest.raises(PdfError):
        render_pdf("<html><body>x</body></html>", out / "report.pdf", variant="pdf/no-such")
    assert list(tmp.iterdir()) == []
    assert list(out.iterdir()) == []
