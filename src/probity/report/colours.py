"""The report's colours: one per rating, each paired with the text colour that reads on it at
WCAG 2.2 AA contrast (4.5:1 or more), and the contrast calculation that proves it."""

from __future__ import annotations

from dataclasses import dataclass

from probity.framework import Framework

TEXT = "#0b0c0c"
BACKGROUND = "#ffffff"
SECONDARY_TEXT = "#484949"
RULE = "#b1b4b6"
LINK = "#1d70b8"


@dataclass(frozen=True)
class Swatch:
    """A fill and the text colour printed on it."""

    fill: str
    text: str


# Best to worst, as the framework lists its ratings: dark green, green, amber, red (the
# inspectorate's scheme), each with the darker text colour it passes 4.5:1 with.
_BEST_TO_WORST = (
    Swatch("#005a30", BACKGROUND),
    Swatch("#00703c", BACKGROUND),
    Swatch("#f47738", TEXT),
    Swatch("#b10e1e", BACKGROUND),
)
NOT_RATED = Swatch("#f3f2f1", TEXT)


def palette_position(fw: Framework, rating_id: str, size: int) -> int:
    """Where a rating falls in a palette of ``size`` colours ordered best to worst, the
    framework's ratings (best first) spread evenly over it."""
    order = [r.id for r in fw.ratings]
    n = len(order)
    return 0 if n == 1 else round(order.index(rating_id) * (size - 1) / (n - 1))


def rating_swatches(fw: Framework) -> dict[str, Swatch]:
    """Each of the framework's ratings' swatch, spread best to worst over the palette."""
    return {
        r.id: _BEST_TO_WORST[palette_position(fw, r.id, len(_BEST_TO_WORST))] for r in fw.ratings
    }


def swatch(fw: Framework, rating_id: str | None) -> Swatch:
    """The swatch of one rating (None: not rated)."""
    return rating_swatches(fw)[rating_id] if rating_id else NOT_RATED


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    h = colour.lstrip("#")
    r, g, b = (_channel(int(h[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
