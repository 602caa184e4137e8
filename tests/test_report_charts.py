"""The key question charts' layout, read back from their SVG: every word's box (measured in the
shipped font, as the chart measures it, with the font's own ascent and descent) against every
line, bar and other word, and against the chart's edges; and what a standard that is reported,
not rated, leaves out."""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from probity.bundle import read_bundle
from probity.framework import Framework
from probity.pipeline import inspect_bundle
from probity.rating.page import REPORTED, StandardLine
from probity.report.charts import key_question_chart, text_width
from probity.report.pdf_worker import FONTS

from .conftest import ROOT
from .test_report_support import demo_results

SVG = "{http://www.w3.org/2000/svg}"
LONG = (
    "Does the implementation and delivery of services, WHERE THE PERSON ON PROBATION HAS "
    "COMPLEX NEEDS (MENTAL HEALTH, ACCOMMODATION, EMPLOYMENT, FINANCES), effectively support "
    "their desistance and the safety of other people, as recorded at "
    "https://probity.example/records/implementation-and-delivery/" + "x" * 60 + "?"
)


@dataclass(frozen=True)
class Box:
    """What something drawn covers: left, top, right, bottom."""

    what: str
    left: float
    top: float
    right: float
    bottom: float

    def meets(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


def _vertical() -> tuple[float, float]:
    with TTFont(FONTS / "LiberationSans-Regular.ttf", lazy=True) as font:
        units = font["head"].unitsPerEm
        return font["hhea"].ascent / units, -font["hhea"].descent / units


ASCENT, DESCENT = _vertical()


def _svg(figure: str) -> ET.Element:
    found = re.search(r"<svg .*</svg>", figure, re.S)
    assert found, figure[:200]
    return ET.fromstring(found[0])


def _words(svg: ET.Element) -> list[Box]:
    boxes = []
    for t in svg.iter(f"{SVG}text"):
        content = html.unescape(t.text or "")
        size = float(t.attrib["font-size"])
        width = text_width(content, size, bold=t.attrib.get("font-weight") == "bold")
        x, y = float(t.attrib["x"]), float(t.attrib["y"])
        left = {"start": x, "middle": x - width / 2, "end": x - width}[t.attrib["text-anchor"]]
        boxes.append(Box(content, left, y - ASCENT * size, left + width, y + DESCENT * size))
    return boxes


def _lines(svg: ET.Element) -> list[Box]:
    boxes = []
    for ln in svg.iter(f"{SVG}line"):
        x1, y1, x2, y2 = (float(ln.attrib[k]) for k in ("x1", "y1", "x2", "y2"))
        half = float(ln.attrib.get("stroke-width", "1")) / 2
        assert x1 == x2 or y1 == y2, ln.attrib  # only upright and level lines are drawn
        box = Box("line", min(x1, x2) - half, min(y1, y2), max(x1, x2) + half, max(y1, y2))
        boxes.append(box)
    return boxes


def _bars(svg: ET.Element) -> list[Box]:
    patterns = {id(r) for p in svg.iter(f"{SVG}pattern") for r in p.iter(f"{SVG}rect")}
    return [
        Box("bar", x, y, x + float(r.attrib["width"]), y + float(r.attrib["height"]))
        for r in svg.iter(f"{SVG}rect")
        if id(r) not in patterns
        for x, y in [(float(r.attrib["x"]), float(r.attrib["y"]))]
    ]


def _collisions(figure: str) -> list[tuple[str, str]]:
    """Every word that meets a line, a bar, another word or the chart's edge."""
    svg = _svg(figure)
    _, _, width, height = (float(v) for v in svg.attrib["viewBox"].split())
    assert (width, height) == (float(svg.attrib["width"]), float(svg.attrib["height"]))
    words = _words(svg)
    found = []
    for i, word in enumerate(words):
        if word.left < 0 or word.top < 0 or word.right > width or word.bottom > height:
            found.append((word.what, "the chart's edge"))
        for other in [*_lines(svg), *_bars(svg), *words[i + 1 :]]:
            if word.meets(other):
                found.append((word.what, other.what))
    return found


def _line(results, standard_id: str) -> StandardLine:
    return results.page.standard(standard_id)


def _with_question_text(line: StandardLine, text: str) -> StandardLine:
    first, *rest = line.key_questions
    return dataclasses.replace(line, key_questions=(dataclasses.replace(first, text=text), *rest))


def _with_limits(fw: Framework, limits: dict[str, int]) -> Framework:
    ranges = tuple(
        b.model_copy(update={"min": limits.get(b.rating, b.min)}) for b in fw.bands.ranges
    )
    return fw.model_copy(update={"bands": fw.bands.model_copy(update={"ranges": ranges})})


@pytest.fixture(scope="module")
def results():
    return demo_results()


def _wide(fw: Framework) -> Framework:
    """The framework with limits near both ends of the scale and a long band label."""
    near = _with_limits(fw, {"outstanding": 97, "good": 94, "requires_improvement": 3})
    label = "Outstanding beyond any reasonable expectation of the inspectorate"
    ratings = tuple(
        r.model_copy(update={"label": label}) if r.id == "outstanding" else r for r in fw.ratings
    )
    return near.model_copy(update={"ratings": ratings})


def test_a_chart_never_draws_a_band_line_through_a_label(results):
    fw = results.framework
    charted = [s for d in results.page.domains for s in d.standards if s.key_questions]
    assert len(charted) == 6
    cases = [(fw, line) for line in charted]
    cases.append((fw, _with_question_text(_line(results, "2.4"), LONG)))
    cases.append((_wide(fw), _line(results, "2.2")))
    for framework, line in cases:
        figure = str(key_question_chart(framework, line))
        assert _collisions(figure) == [], line.id
        # The limits are drawn: there are lines to cross.
        assert bool(_lines(_svg(figure))) is (line.kind != REPORTED), line.id


@pytest.mark.parametrize("bundle", ["youth-demo", "adult-2023-demo"])
def test_no_chart_of_the_other_frameworks_examples_puts_a_line_through_a_word(bundle):
    results = inspect_bundle(read_bundle(ROOT / "examples" / bundle))
    charted = [s for d in results.page.domains for s in d.standards if s.key_questions]
    assert charted
    for line in charted:
        assert _collisions(str(key_question_chart(results.framework, line))) == [], line.id


def test_a_long_question_wraps_inside_the_chart_clear_of_every_line(results):
    line = _with_question_text(_line(results, "2.4"), LONG)
    figure = str(key_question_chart(results.framework, line))
    assert _collisions(figure) == []
    svg = _svg(figure)
    width = float(svg.attrib["width"])
    assert width == 640  # the words wrap; the chart does not widen for them
    words = [w for w in _words(svg) if w.what in LONG]
    # Every word of the question is written, over several lines that use the chart's width.
    assert "".join(w.what for w in words).replace(" ", "") == LONG.replace(" ", "")
    assert len(words) >= 4
    assert max(w.right for w in words) > width * 0.8


def test_a_chart_grows_to_hold_a_long_band_label_and_limits_close_to_the_ends(results):
    figure = str(key_question_chart(_wide(results.framework), _line(results, "2.2")))
    assert "97% Outstanding beyond" in figure
    assert _collisions(figure) == []
    assert float(_svg(figure).attrib["width"]) > 640
    # The scale's ends move to a row of their own, clear of the 3% and 97% lines.
    words = {w.what: w for w in _words(_svg(figure))}
    assert words["0%"].top > words["3% Requires improvement"].bottom


def test_the_geometry_check_sees_a_line_through_a_word(results):
    figure = str(key_question_chart(results.framework, _line(results, "2.2")))
    crossed = figure.replace("</svg>", '<line x1="100" y1="0" x2="100" y2="400"/></svg>')
    assert any(other == "line" for _, other in _collisions(crossed))
    shifted = re.sub(r'<text x="8\.0"', '<text x="600.0"', figure, count=1)
    assert any(other == "the chart's edge" for _, other in _collisions(shifted))


def test_a_standard_reported_not_rated_shows_no_rating_bands(results):
    fw = results.framework
    reported = _line(results, "2.6")
    assert reported.kind == REPORTED
    assert reported.rating is None
    assert fw.standard("2.6").rule.value == "reported_not_rated"
    figure = str(key_question_chart(fw, reported))
    svg = _svg(figure)
    texts = [w.what for w in _words(svg)]
    assert _lines(svg) == []
    assert not any(r.label in t for r in fw.ratings for t in texts), texts
    assert "rating bands" not in (svg.find(f"{SVG}title").text or "")
    caption = re.search(r"<figcaption>(.*)</figcaption>", figure)[1]  # type: ignore[index]
    assert (
        caption
        == "2.6 Outcomes: each key question’s percentage ‘Yes’, reported without rating bands."
    )
    # A rated standard's chart, drawn alike, shows its bands and says so.
    rated = str(key_question_chart(fw, _line(results, "2.2")))
    assert "against the rating bands.</figcaption>" in rated
    assert "80% Outstanding" in rated
    assert "<line " in rated


def test_the_report_captions_each_chart_once_under_the_chart(results):
    from probity.report import render_html

    page = render_html(results)
    outcomes = re.search(r'<section class="standard" id="standard-2-6".*?</section>', page, re.S)
    assert outcomes is not None
    assert "against the rating bands" not in outcomes[0]
    assert outcomes[0].count("<figcaption>") == 1
    assert page.count("<figcaption>") == 7  # six standards' charts and the ratings chart
