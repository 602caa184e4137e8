"""The PDF is a tagged PDF/UA-1 document, read back with pikepdf: a structure tree marked as
such, its language and title (shown as the window's title), the PDF/UA identification in its
XMP metadata, every font embedded and one of those shipped, alternative text on every figure
and header cells in every table. The same checks, run on the same HTML rendered untagged,
fail: they look at the tags, not at what any PDF has."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pytest

from probity.report.html import render_html
from probity.report.pdf import render_pdf
from probity.report.pdf_worker import html_to_pdf

from .test_report_fonts import SHIPPED
from .test_report_support import demo_results

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PDFUA = "{http://www.aiim.org/pdfua/ns/id/}part"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def _elements(node: object) -> Iterator[pikepdf.Dictionary]:
    """Every structure element in ``node`` (an element or an array of them), depth first."""
    if isinstance(node, pikepdf.Array):
        for item in node:
            yield from _elements(item)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    if "/S" in node:
        yield node
    yield from _elements(node.get("/K"))


def _structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    root = pdf.Root.get("/StructTreeRoot")
    return list(_elements(root.get("/K"))) if root is not None else []


def _role(element: pikepdf.Dictionary) -> str:
    return str(element.get("/S"))


def _structure_tree(pdf: pikepdf.Pdf) -> str | None:
    marked = pdf.Root.get("/MarkInfo", {}).get("/Marked", False)
    if "/StructTreeRoot" not in pdf.Root or not _structure(pdf):
        return "no structure tree"
    return None if marked else "not /MarkInfo /Marked true"


def _language(pdf: pikepdf.Pdf) -> str | None:
    lang = str(pdf.Root.get("/Lang", ""))
    return None if lang.lower().startswith("en") else f"document language {lang!r}"


def _title(pdf: pikepdf.Pdf) -> str | None:
    with pdf.open_metadata() as xmp:
        title = xmp.get(DC_TITLE) or str(pdf.docinfo.get("/Title", ""))
    shown = pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
    if "Staffordshire and Stoke PDU" not in str(title):
        return f"title {title!r}"
    return None if shown else "the viewer is not told to show the title (/DisplayDocTitle)"


def _pdfua(pdf: pikepdf.Pdf) -> str | None:
    with pdf.open_metadata() as xmp:
        part = xmp.get(PDFUA)
    return None if str(part) == "1" else f"no PDF/UA identification (pdfuaid:part {part!r})"


def _fonts(pdf: pikepdf.Pdf) -> str | None:
    found: set[str] = set()
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            name = re.sub(r"^[A-Z]{6}\+", "", str(font.BaseFont)[1:])
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor", {})
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                return f"font {name} is not embedded"
            found.add(name)
    unshipped = found - SHIPPED
    return f"fonts not shipped: {sorted(unshipped)}" if unshipped or not found else None


def _figures(pdf: pikepdf.Pdf) -> str | None:
    figures = [e for e in _structure(pdf) if _role(e) == "/Figure"]
    if not figures:
        return "no /Figure structure element (the report has charts)"
    bare = [e for e in figures if not str(e.get("/Alt", "")).strip()]
    return f"{len(bare)} of {len(figures)} figures without /Alt" if bare else None


def _tables(pdf: pikepdf.Pdf) -> str | None:
    tables = [e for e in _structure(pdf) if _role(e) == "/Table"]
    if not tables:
        return "no /Table structure element (the report has tables)"
    headless = [t for t in tables if not any(_role(e) == "/TH" for e in _elements(t))]
    return f"{len(headless)} of {len(tables)} tables without /TH" if headless else None


CHECKS: dict[str, Callable[[pikepdf.Pdf], str | None]] = {
    "structure tree": _structure_tree,
    "language": _language,
    "title": _title,
    "PDF/UA identification": _pdfua,
    "fonts": _fonts,
    "figures": _figures,
    "tables": _tables,
}


def failures(path: Path) -> dict[str, str]:
    """What each check found wrong with the PDF at ``path`` (none: it passes them all)."""
    with pikepdf.open(path) as pdf:
        found = {name: check(pdf) for name, check in CHECKS.items()}
    return {name: why for name, why in found.items() if why is not None}


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(demo_results())


def test_the_demonstration_pdf_is_tagged_pdf_ua_in_shipped_fonts(html, tmp_path):
    target = render_pdf(html, tmp_path / "report.pdf")
    assert failures(target) == {}


def test_the_same_report_untagged_fails_every_check_on_tags(html, tmp_path):
    target = tmp_path / "untagged.pdf"
    html_to_pdf(html, target, variant=None, tagged=False)
    found = failures(target)
    # The fonts and the language are the renderer's whatever the tags; everything else is
    # what tagging adds.
    assert set(found) == set(CHECKS) - {"fonts", "language"}, found
