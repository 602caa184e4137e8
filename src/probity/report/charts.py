"""Charts drawn on the server as inline SVG (the PDF renderer runs no JavaScript).

Each chart is an image with a title and a description that gives every figure in words, so a
reader who cannot see it loses nothing; its text is dark on white (well above 4.5:1), and the
driving bar is marked by a pattern and the word "lowest", not by colour alone.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from markupsafe import Markup, escape

from probity.framework import Framework
from probity.rating.page import REPORTED, RatingsPage, StandardLine

from .colours import RULE, SECONDARY_TEXT, TEXT, swatch
from .pdf_worker import FONTS

NEUTRAL = SECONDARY_TEXT

# The family report.css names (the shipped Liberation Sans in the PDF, see fonts/README.md).
FONT = "'Probity Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
WIDTH = 640
PLOT_LEFT = 8
PLOT_WIDTH = 470
VALUE_X = PLOT_LEFT + PLOT_WIDTH + 12
BAR = 22
# The key question chart's type sizes and spaces (SVG units).
LABEL_SIZE = 13
VALUE_SIZE = 14
LIMIT_SIZE = 11
LABEL_PITCH = 16  # baseline to baseline in a question's words
LIMIT_PITCH = 14  # baseline to baseline in the rows under the bars
OVERHANG = 3  # how far a band limit's line reaches past a bar
CLEAR = 4  # the least space between a word and a line, a bar or the chart's edge
SPACING = 8  # between a bar's lines and the next question's words


@dataclass(frozen=True)
class Threshold:
    """A band's lower limit, drawn as a line across the bars."""

    pct: int
    label: str


def thresholds(fw: Framework) -> tuple[Threshold, ...]:
    """The band limits above zero, highest first (80, 65, 50 in the 2021 framework)."""
    return tuple(
        Threshold(b.min, f"{b.min}% {fw.rating(b.rating).label}")
        for b in sorted(fw.bands.ranges, key=lambda b: -b.min)
        if b.min > 0
    )


def _x(pct: float | Fraction) -> float:
    return PLOT_LEFT + PLOT_WIDTH * float(pct) / 100


@cache
def _advances(bold: bool) -> tuple[dict[int, int], int]:
    # Imported here, once: only the charts measure text.
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    with TTFont(FONTS / name, lazy=True) as font:
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        return widths, font["head"].unitsPerEm


@cache
def _vertical() -> tuple[float, float]:
    # The shipped font's ascent and descent as fractions of its size (its hhea table, which
    # sets the line the renderer draws), so a word's box is known before it is drawn.
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / "LiberationSans-Regular.ttf", lazy=True) as font:
        units = float(font["head"].unitsPerEm)
        return font["hhea"].ascent / units, -font["hhea"].descent / units


def wrap_to_width(content: str, size: float, width: float) -> list[str]:
    """``content`` (regular weight, at ``size``) in lines no wider than ``width`` in the
    shipped font, broken between words; a word too wide for a line is cut between letters."""
    pieces: list[str] = []
    for word in content.split():
        while len(word) > 1 and text_width(word, size) > width:
            cut = max([1, *(n for n in range(2, len(word)) if text_width(word[:n], size) <= width)])
            pieces.append(word[:cut])
            word = word[cut:]
        pieces.append(word)
    lines: list[str] = []
    for piece in pieces:
        joined = f"{lines[-1]} {piece}" if lines else piece
        if lines and text_width(joined, size) <= width:
            lines[-1] = joined
        else:
            lines.append(piece)
    return lines


def _dashed(x: float, y1: float, y2: float) -> str:
    return (
        f'<line x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y2:.1f}" stroke="{TEXT}" '
        f'stroke-width="1.5" stroke-dasharray="4 2"/>'
    )


def text_width(content: str, size: float, *, bold: bool = False) -> float:
    """How wide ``content`` is at ``size`` in the shipped font (Liberation Sans), from its
    advance widths; a character the font lacks counts as wide as "M"."""
    widths, units = _advances(bold)
    missing = widths.get(ord("M"), units)
    return sum(widths.get(ord(c), missing) for c in content) * size / units


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 13,
    weight: str = "normal",
    anchor: str = "start",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{TEXT}">{escape(content)}</text>'
    )


def _svg(
    chart_id: str, height: float, title: str, desc: str, body: list[str], width: int = WIDTH
) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'id="{chart_id}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'font-family="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _hatch(pattern_id: str, fill: str) -> str:
    # Diagonal dark stripes over the band colour: the driving bar differs in texture, which
    # survives greyscale printing and colour-blindness.
    return (
        f'<defs><pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{fill}"/>'
        f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{TEXT}" stroke-width="2"/>'
        "</pattern></defs>"
    )


def key_question_chart(fw: Framework, line: StandardLine) -> Markup:
    """A standard's key questions' % "Yes" as horizontal bars against the band limits, as a
    figure with its caption; under the lowest-key-question rule the driving bar is hatched
    and labelled "lowest". A standard that is reported, not rated, has neither band colours
    nor band limits, and its caption says so.

    Each question is written above its bar, wrapped to the chart's width as measured in the
    shipped font; the band limits cross the bars only, and are labelled in rows under them;
    the chart is as wide and as tall as what it holds. No line ever crosses a word."""
    chart_id = f"chart-{line.id.replace('.', '-')}"
    banded = line.kind != REPORTED
    limits = thresholds(fw) if banded else ()
    ascent, descent = _vertical()
    right = float(WIDTH - PLOT_LEFT)  # the right edge of the widest thing drawn
    y = float(CLEAR)  # the top of the next question's words
    bars: list[str] = []
    lines: list[str] = []
    described: list[str] = []
    for kq in line.key_questions:
        baseline = y + ascent * LABEL_SIZE
        for text_line in wrap_to_width(kq.text, LABEL_SIZE, WIDTH - 2 * PLOT_LEFT):
            bars.append(_text(PLOT_LEFT, baseline, text_line, size=LABEL_SIZE))
            baseline += LABEL_PITCH
        # The bar starts far enough under the words' descenders for its limits' lines.
        top = baseline - LABEL_PITCH + descent * LABEL_SIZE + CLEAR + OVERHANG
        # The engine's band of the question (none for a reported standard): never re-banded.
        rating = kq.band.id if kq.band is not None else None
        fill = swatch(fw, rating).fill if rating else NEUTRAL
        if kq.drives:
            pattern_id = f"{chart_id}-lowest"
            bars.append(_hatch(pattern_id, fill))
            fill = f"url(#{pattern_id})"
        width = 0.0 if kq.pct is None else _x(kq.pct) - PLOT_LEFT
        bars.append(
            f'<rect x="{PLOT_LEFT}" y="{top:.1f}" width="{PLOT_WIDTH}" height="{BAR}" '
            f'fill="#f3f2f1"/>'
            f'<rect x="{PLOT_LEFT}" y="{top:.1f}" width="{width:.1f}" height="{BAR}" '
            f'fill="{fill}" stroke="{TEXT}" stroke-width="1"/>'
        )
        value = "no cases" if kq.pct is None else kq.pct_text
        shown = f"{value} lowest" if kq.drives else value
        # Centred on the bar, right of the plot where no limit reaches.
        value_y = top + (BAR + (ascent - descent) * VALUE_SIZE) / 2
        weight = "bold" if kq.drives else "normal"
        bars.append(_text(VALUE_X, value_y, shown, size=VALUE_SIZE, weight=weight))
        right = max(right, VALUE_X + text_width(shown, VALUE_SIZE, bold=kq.drives))
        words = f"{kq.text} {value}" + (f" ({kq.band.label})" if kq.band else "")
        described.append(words + (": the lowest, which drives the rating." if kq.drives else "."))
        lines.extend(
            _dashed(_x(limit.pct), top - OVERHANG, top + BAR + OVERHANG) for limit in limits
        )
        y = top + BAR + OVERHANG + SPACING
    bottom = y - SPACING if line.key_questions else y  # the foot of the last bar's lines

    def row(n: int) -> float:
        # The baseline of the n-th row of words under the bars.
        return bottom + CLEAR + ascent * LIMIT_SIZE + n * LIMIT_PITCH

    # Each limit's label sits on a row of its own under the bars, right of its line, which
    # runs down to it, the highest limit nearest: a lower limit's line then passes left of
    # every higher limit's label, and no label meets another however close the limits are.
    labels: list[str] = []
    taken = (0.0, 0.0)  # the last row's label, and its line just left of it
    for i, limit in enumerate(limits):
        x = _x(limit.pct)
        lines.append(_dashed(x, bottom, row(i)))
        labels.append(_text(x + 3, row(i), limit.label, size=LIMIT_SIZE))
        taken = (x - 1, x + 3 + text_width(limit.label, LIMIT_SIZE))
        right = max(right, taken[1])
    # The scale's ends share the last row when they meet neither its label nor its line.
    zero = (PLOT_LEFT, PLOT_LEFT + text_width("0%", LIMIT_SIZE))
    hundred = (PLOT_LEFT + PLOT_WIDTH - text_width("100%", LIMIT_SIZE), PLOT_LEFT + PLOT_WIDTH)
    clash = any(a < taken[1] + CLEAR and taken[0] - CLEAR < b for a, b in (zero, hundred))
    axis_y = row(len(limits) - 1 + (clash or not limits))
    axis = [
        _text(PLOT_LEFT, axis_y, "0%", size=LIMIT_SIZE),
        _text(PLOT_LEFT + PLOT_WIDTH, axis_y, "100%", size=LIMIT_SIZE, anchor="end"),
    ]
    title = f"{line.id} {line.name}: key questions" + (
        " against the rating bands" if banded else ""
    )
    if banded:
        bands = ", ".join(
            f"{fw.rating(b.rating).label} {b.min}% to {b.max}%" for b in fw.bands.ranges
        )
        how = f", with dashed lines at the limits of the rating bands ({bands}). "
    else:
        how = "; the standard is reported, not rated, so no rating bands apply. "
    desc = (
        f"Bar chart of the percentage of cases {fw.wording.cases_judged} on each key question of "
        f"{line.id} {line.name}" + how + " ".join(described)
    )
    height = math.ceil(axis_y + descent * LIMIT_SIZE + CLEAR)
    width = max(WIDTH, math.ceil(right + PLOT_LEFT))
    svg = _svg(chart_id, height, title, desc, bars + lines + labels + axis, width=width)
    caption = f"{line.id} {line.name}: each key question’s percentage ‘Yes’" + (
        " against the rating bands." if banded else ", reported without rating bands."
    )
    return Markup('<figure class="chart-figure">{}<figcaption>{}</figcaption></figure>').format(
        svg, caption
    )


GRID_LEFT = 250
GRID_CELL = 78


def ratings_chart(fw: Framework, page: RatingsPage) -> Markup:
    """The rated standards, each marked in the column of its rating (worst on the left), the
    rating also written at the end of its row (with "not scored" for a standard rated apart
    from the score)."""
    levels = list(reversed(fw.ratings))
    rated = [s for s in page.standards if s.rating is not None]
    labels = [s.rating.label + ("" if s.scored else " (not scored)") for s in rated if s.rating]
    label_x = GRID_LEFT + GRID_CELL * len(levels) + 10
    # Wide enough for the longest label, measured in the shipped font, so none is cut off.
    width = label_x + max([150, *(round(text_width(lb, 13)) + 10 for lb in labels)])
    body: list[str] = []
    header = 36
    for i, level in enumerate(levels):
        cx = GRID_LEFT + GRID_CELL * i + GRID_CELL / 2
        for j, line in enumerate(textwrap.wrap(level.label, 12)):
            body.append(_text(cx, 14 + j * 13, line, size=11, weight="bold", anchor="middle"))
    row_height = 24
    described: list[str] = []
    for n, result in enumerate(rated):
        y = header + n * row_height
        body.append(
            f'<line x1="0" y1="{y + row_height:.1f}" x2="{width}" y2="{y + row_height:.1f}" '
            f'stroke="{RULE}" stroke-width="1"/>'
        )
        name = f"{result.id} {result.name}"
        body.append(_text(0, y + 16, name))
        assert result.rating is not None
        column = next(i for i, lv in enumerate(levels) if lv.id == result.rating.id)
        x = GRID_LEFT + GRID_CELL * column + GRID_CELL / 2 - 8
        body.append(
            f'<rect x="{x:.1f}" y="{y + 4:.1f}" width="16" height="16" '
            f'fill="{swatch(fw, result.rating.id).fill}" stroke="{TEXT}" stroke-width="1"/>'
        )
        label = labels[n]
        body.append(_text(label_x, y + 16, label))
        described.append(f"{name}: {label}.")
    height = header + len(rated) * row_height + 6
    title = "The rating of each standard"
    desc = (
        f"Chart of the {len(rated)} rated standards, each marked under its rating. "
        + " ".join(described)
        + f" Score {page.score} out of {page.max_score}; overall rating "
        + f"{page.overall.label if page.overall else 'not known'}."
    )
    return _svg("chart-ratings", height, title, desc, body, width=width)
