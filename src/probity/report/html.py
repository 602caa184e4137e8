"""The report as one self-contained HTML file: the templates shipped in this package laid out
over :func:`probity.report.context.build_context`, with the stylesheet inline."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from probity.pipeline import InspectionResults

from .context import ReportContext, build_context


@cache
def _environment() -> Environment:
    # The templates are the package's own, not a bundle's, so a plain environment is safe;
    # autoescape still applies to every value, since the values come from a bundle.
    return Environment(
        loader=PackageLoader("probity.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def stylesheet() -> str:
    """The report's CSS (screen and print), as shipped."""
    return (resources.files("probity.report") / "templates" / "report.css").read_text(
        encoding="utf-8"
    )


def html_from_context(context: ReportContext) -> str:
    """Lay out an already built report context."""
    template = _environment().get_template("report.html.j2")
    return template.render(r=context, css=Markup(stylesheet()))


def render_html(
    results: InspectionResults,
    accepted: frozenset[str] = frozenset(),
    *,
    draft: bool = False,
    corrections: tuple[tuple[date, str], ...] = (),
    disproportionality: bool = False,
) -> str:
    """The whole report as one HTML document (raises what :func:`build_context` raises);
    ``accepted``: the keys of the narrative check's findings the lead accepted; ``draft``:
    marked as a draft under embargo on every page; ``corrections``: (date, notice) of each
    correction published, oldest first; ``disproportionality``: with the disproportionality
    chapter."""
    context = build_context(
        results, accepted, draft=draft, corrections=corrections,
        disproportionality=disproportionality,
    )  # fmt: skip
    return html_from_context(context)
