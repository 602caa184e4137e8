"""The inspection report: accessible HTML and a paginated PDF, every number computed from the
inspection's results (`render_report`), and the check that the narrative's own figures agree
with the data (`check_narrative`).

The names are imported when first used: the PDF renderer's child process
(``python -m probity.report.pdf_worker``) imports this package too, and should not pay for
the pipeline, the templates and the data libraries it does not use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from probity.report.api import FORMATS, render_report
    from probity.report.check import Finding, check_narrative, figures_statement
    from probity.report.context import ReportError, build_context
    from probity.report.html import render_html
    from probity.report.narrative import NarrativeError, NarrativeProblem, render_paragraphs
    from probity.report.pdf import PdfError

_HOMES = {
    "FORMATS": "api",
    "render_report": "api",
    "ReportError": "context",
    "build_context": "context",
    "render_html": "html",
    "Finding": "check",
    "figures_statement": "check",
    "NarrativeError": "narrative",
    "NarrativeProblem": "narrative",
    "check_narrative": "check",
    "render_paragraphs": "narrative",
    "PdfError": "pdf",
}

__all__ = [
    "FORMATS",
    "Finding",
    "NarrativeError",
    "NarrativeProblem",
    "PdfError",
    "ReportError",
    "build_context",
    "check_narrative",
    "figures_statement",
    "render_html",
    "render_paragraphs",
    "render_report",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"probity.report.{home}"), name)
