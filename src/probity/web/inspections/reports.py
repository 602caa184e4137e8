"""The report of a stored inspection: :mod:`probity.report`'s HTML from the live results, and
its PDF, rendered once per version of the HTML and kept in the data folder.

The PDF takes seconds to render (in a child process), so it is cached under
``<data dir>/reports/<inspection>-<sha256 of the HTML>.pdf`` and reused while the HTML is
unchanged; a new version replaces the older files of the same inspection.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from probity.pipeline import InspectionResults
from probity.report.context import ReportError
from probity.report.html import render_html
from probity.report.narrative import NarrativeError
from probity.report.pdf import render_pdf
from probity.web.inspections.dashboard_model import problem_words
from probity.web.settings.environment import data_dir

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Report:
    """The report's HTML, or why there is none yet."""

    html: str | None
    problems: tuple[str, ...] = ()


def build_report(
    results: InspectionResults, accepted: frozenset[str] = frozenset(), *, draft: bool = False
) -> Report:
    """The report as one HTML document; without one, the reasons in words (the inspection is
    not fully rated, or its narrative does not render). ``accepted``: the keys of the narrative
    check's findings the lead accepted (the cover counts them); ``draft``: marked as a draft
    under embargo on every page."""
    if results.ratings is None:
        return Report(None, problem_words(results) or ("the inspection is not rated",))
    try:
        return Report(render_html(results, accepted, draft=draft))
    except ReportError as e:
        return Report(None, tuple(e.problems))
    except NarrativeError as e:
        return Report(None, tuple(str(p) for p in e.problems))


def file_stem(inspection_id: str) -> str:
    """The inspection id as a safe file name (no separators, no dot files)."""
    return _UNSAFE.sub("_", inspection_id).lstrip(".") or "inspection"


def pdf_path(inspection_id: str, html: str) -> Path:
    """Where the PDF of this version of the report is kept."""
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return data_dir() / "reports" / f"{file_stem(inspection_id)}-{digest}.pdf"


def cached_pdf(inspection_id: str, html: str) -> Path:
    """The PDF of this HTML: the one kept if there is one, else rendered now (raises
    :class:`probity.report.PdfError` when the renderer fails)."""
    target = pdf_path(inspection_id, html)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    render_pdf(html, target)  # atomic: a file that exists is whole
    versions = re.compile(rf"{re.escape(file_stem(inspection_id))}-[0-9a-f]{{64}}")
    for old in target.parent.glob("*.pdf"):
        if old != target and versions.fullmatch(old.stem):
            old.unlink(missing_ok=True)
    return target
