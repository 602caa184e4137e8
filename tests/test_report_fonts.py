"""The PDF is set in the fonts shipped with probity (probity/report/fonts/), whatever fonts the
host has: the demonstration report is laid out alike on a host that has only those fonts, on
this host, and on hosts that have only DejaVu, only Liberation or only Noto (whichever of them
this machine has installed). Each host is a fontconfig file given to the PDF renderer's
process; poppler's pdftotext and pdffonts read the results. Without poppler the tests are
skipped, except under CI, where they fail."""

from __future__ import annotations

import dataclasses
import html as html_escape
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from probity.report import render_report
from probity.report.charts import ratings_chart, text_width
from probity.report.html import render_html, stylesheet
from probity.report.pdf import render_pdf
from probity.report.pdf_worker import FONTS, shipped_font

from .test_report_support import demo_results

pytestmark = pytest.mark.integration

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# Other families a host may have, each compared as a host of its own when installed.
OTHERS = {
    "Liberation only": Path("/usr/share/fonts/truetype/liberation"),
    "Noto only": Path("/usr/share/fonts/truetype/noto"),
}
# Word boxes are kept to a hundredth of a point (_layout): two renderings of one layout may
# differ there by a rounding, and by no more than this.
TOLERANCE = 0.02
SHIPPED = {"Probity-Sans", "Probity-Sans-Bold", "Probity-Sans-Italic", "Probity-Sans-Bold-Italic"}
Word = tuple[int, str, float, float, float, float]


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{tool} is missing: run `make browser` (it installs poppler-utils)")
        pytest.skip(f"{tool} is missing: run `make browser` (it installs poppler-utils)")
    return found


def _host(root: Path, *font_dirs: Path) -> dict[str, str]:
    """The environment of a host whose only fonts are those in ``font_dirs`` (none: this
    host's own fonts)."""
    if not font_dirs:
        return {}
    root.mkdir(parents=True, exist_ok=True)
    dirs = "".join(f"<dir>{html_escape.escape(str(d))}</dir>" for d in font_dirs)
    conf = root / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig>{dirs}<cachedir>{html_escape.escape(str(root / 'cache'))}</cachedir>"
        "</fontconfig>",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


@contextmanager
def _in_host(env: dict[str, str]) -> Iterator[None]:
    # The renderer's process inherits this process's environment (probity.report.pdf).
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        yield


def _pdf(html: str, target: Path, env: dict[str, str]) -> Path:
    with _in_host(env):
        render_pdf(html, target, variant="none")
    return target


def _layout(pdf: Path) -> list[Word]:
    """Every word of the PDF with its page and its box, to a hundredth of a point."""
    out = subprocess.run(
        [_poppler("pdftotext"), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words: list[Word] = []
    for page, body in enumerate(out.split("<page ")[1:]):
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            body,
        ):
            box = [round(float(v), 2) for v in m.groups()[:4]]
            words.append((page, html_escape.unescape(m[5]), box[0], box[1], box[2], box[3]))
    return words


def _pages(pdf: Path) -> int:
    out = subprocess.run(
        [_poppler("pdftotext"), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.count("<page ")


def _fonts(pdf: Path) -> set[tuple[str, bool]]:
    """The fonts pdffonts lists (subset prefix dropped), each with whether it is embedded."""
    out = subprocess.run(
        [_poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    fonts = set()
    for line in out.splitlines()[2:]:
        fields = line.split()
        # name, type (one or more words), encoding, emb, sub, uni, object id (two numbers)
        fonts.add((fields[0].split("+")[-1], fields[-5] == "yes"))
    return fonts


def _only_shipped(fonts: set[tuple[str, bool]]) -> bool:
    return bool(fonts) and all(name in SHIPPED and embedded for name, embedded in fonts)


def _same_place(a: Word, b: Word) -> bool:
    return a[:2] == b[:2] and all(
        round(abs(p - q), 3) <= TOLERANCE for p, q in zip(a[2:], b[2:], strict=True)
    )


def _first_difference(a: list[Word], b: list[Word]) -> object:
    """The first pair of words not in the same place (None: every word is)."""
    if len(a) != len(b):
        return (len(a), len(b))
    return next(((x, y) for x, y in zip(a, b, strict=True) if not _same_place(x, y)), None)


@pytest.fixture(scope="module")
def demo_html() -> str:
    return render_html(demo_results())


@pytest.fixture(scope="module")
def hosts(tmp_path_factory) -> dict[str, dict[str, str]]:
    root = tmp_path_factory.mktemp("hosts")
    found = {"shipped only": _host(root / "shipped", FONTS), "this host": _host(root / "own")}
    if DEJAVU.is_dir():
        found["DejaVu only"] = _host(root / "dejavu", DEJAVU)
    for name, folder in OTHERS.items():
        if folder.is_dir():
            found[name] = _host(root / name.split()[0].lower(), folder)
    return found


@pytest.fixture(scope="module")
def demo_pdfs(hosts, tmp_path_factory) -> dict[str, Path]:
    pdfs = {}
    for name, env in hosts.items():
        out = tmp_path_factory.mktemp("report")
        with _in_host(env):
            [pdfs[name]] = render_report(demo_results(), {"pdf"}, out)
    return pdfs


@pytest.mark.slow
def test_the_demonstration_pdf_is_laid_out_alike_whatever_fonts_the_host_has(demo_pdfs):
    # Compares the host with the shipped fonts alone against this host's own fonts and each
    # of DejaVu, Liberation and Noto alone, as many of them as are installed (none needed).
    reference = demo_pdfs["shipped only"]
    words = _layout(reference)
    assert _pages(reference) > 30  # the count follows the report; the hosts must agree on it
    assert len(words) > 10_000
    for host, pdf in demo_pdfs.items():
        assert _pages(pdf) == _pages(reference), host
        assert _first_difference(words, _layout(pdf)) is None, host


def test_the_layout_comparison_allows_rounding_and_nothing_more():
    word: Word = (0, "Court", 100.0, 200.0, 130.0, 210.0)
    assert _first_difference([word], [(0, "Court", 100.01, 200.0, 130.02, 209.99)]) is None
    moved = (0, "Court", 100.5, 200.0, 130.5, 210.0)
    assert _first_difference([word], [moved]) == (word, moved)
    assert _first_difference([word], [(1, *word[1:])]) is not None
    assert _first_difference([word], [word, word]) == (1, 2)


def test_the_layout_comparison_sees_a_change_of_font(hosts, tmp_path):
    if "DejaVu only" not in hosts:
        pytest.skip(f"no DejaVu fonts at {DEJAVU}")
    # A document that asks for the host's fonts by name, not for the shipped family.
    html = (
        '<html lang="en"><head><title>t</title><style>body { font-family: sans-serif; }'
        "</style></head><body><p>Requires improvement, line after line.</p></body></html>"
    )
    shipped = _layout(_pdf(html, tmp_path / "shipped.pdf", hosts["shipped only"]))
    dejavu = _layout(_pdf(html, tmp_path / "dejavu.pdf", hosts["DejaVu only"]))
    assert [w[1] for w in shipped] == [w[1] for w in dejavu]
    assert shipped != dejavu


@pytest.mark.slow
def test_the_pdf_embeds_the_shipped_fonts_and_no_other(demo_pdfs):
    for host, pdf in demo_pdfs.items():
        fonts = _fonts(pdf)
        assert _only_shipped(fonts), (host, fonts)
        assert ("Probity-Sans-Bold", True) in fonts


def test_a_font_the_host_supplies_is_seen_as_not_shipped(hosts, tmp_path):
    html = (
        '<html lang="en"><head><title>t</title><style>body { font-family: "DejaVu Sans",'
        ' "Liberation Sans"; }</style></head><body><p>Host font</p></body></html>'
    )
    env = hosts.get("DejaVu only", hosts["shipped only"])
    fonts = _fonts(_pdf(html, tmp_path / "host.pdf", env))
    assert fonts
    assert not _only_shipped(fonts), fonts


def _welsh(heading: str) -> str:
    return (
        f'<html lang="cy"><head><title>Prawf</title><style>{stylesheet()}</style></head>'
        f"<body><main><h2>{html_escape.escape(heading)}</h2></main></body></html>"
    )


WELSH = "Gwasanaethau prawf: ŵyr a ŷd, Ŵyr ac Ŷd"


def test_the_shipped_fonts_have_the_welsh_letters_with_a_circumflex():
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        with TTFont(FONTS / f"LiberationSans-{face}.ttf", lazy=True) as font:
            cmap = font.getBestCmap()
        missing = {c for c in WELSH + "âêîôûŵŷÂÊÎÔÛŴŶ" if ord(c) not in cmap}
        assert missing == set(), face


@pytest.mark.slow
def test_a_welsh_heading_with_w_and_y_circumflex_is_set_in_the_shipped_font(hosts, tmp_path):
    for host, env in hosts.items():
        pdf = _pdf(_welsh(WELSH), tmp_path / f"{host}.pdf", env)
        # The heading in bold; the page number at the foot in the regular face; no other font
        # stands in for a letter.
        assert _fonts(pdf) == {("Probity-Sans-Bold", True), ("Probity-Sans", True)}, host
        assert " ".join(w[1] for w in _layout(pdf)) == WELSH + " Page 1 of 1", host


def test_a_character_the_shipped_font_lacks_shows_as_a_fallback_font(hosts, tmp_path):
    if "DejaVu only" not in hosts:
        pytest.skip(f"no DejaVu fonts at {DEJAVU}")
    # U+2603 SNOWMAN is in DejaVu Sans, not in Liberation Sans.
    pdf = _pdf(_welsh("Ŵyr ac ŷd ☃"), tmp_path / "fallback.pdf", hosts["DejaVu only"])
    assert not _only_shipped(_fonts(pdf))


def test_the_renderer_reads_the_shipped_fonts_and_no_other_file(hosts, tmp_path):
    if not DEJAVU.is_dir():
        pytest.skip(f"no DejaVu fonts at {DEJAVU}")
    face = (DEJAVU / "DejaVuSans.ttf").as_uri()
    html = (
        '<html lang="en"><head><title>t</title><style>@font-face { font-family: Other; '
        f'src: url("{face}"); }} body {{ font-family: Other, "Probity Sans"; }}</style></head>'
        "<body><p>Only shipped fonts</p></body></html>"
    )
    assert _only_shipped(_fonts(_pdf(html, tmp_path / "other.pdf", hosts["shipped only"])))
    shipped = FONTS / "LiberationSans-Regular.ttf"
    assert shipped_font(shipped.as_uri()) == shipped
    assert shipped_font((FONTS / ".." / "templates" / "report.css").as_uri()) is None
    assert shipped_font((FONTS / ".." / ".." / "report" / "fonts" / "x.ttf").as_uri()) is None
    assert shipped_font(face) is None


def test_the_shipped_fonts_come_with_their_licence_and_their_source():
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (FONTS / f"LiberationSans-{style}.ttf").is_file()
    assert "SIL Open Font License" in (FONTS / "LICENSE").read_text(encoding="utf-8")
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    assert "Liberation Sans 2.1.5" in readme
    assert "fonts-liberation2" in readme


def test_the_ratings_chart_is_wide_enough_for_every_rating_written_beside_it():
    results = demo_results()
    # A standard rated apart from the score carries the longest label.
    domains = tuple(
        dataclasses.replace(
            d,
            standards=tuple(
                dataclasses.replace(s, scored=False) if s.id == "1.2" else s for s in d.standards
            ),
        )
        for d in results.page.domains
    )
    page = dataclasses.replace(results.page, domains=domains)
    svg = str(ratings_chart(results.framework, page))
    assert "Requires improvement (not scored)" in svg
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])  # type: ignore[index]
    texts = re.findall(r'<text x="([\d.]+)" [^>]*text-anchor="start"[^>]*>([^<]*)<', svg)
    assert len(texts) == 2 * len([s for s in page.standards if s.rating])
    for x, text in texts:
        assert float(x) + text_width(html_escape.unescape(text), 13) <= width, text
