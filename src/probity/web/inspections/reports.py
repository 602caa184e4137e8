"""The report of a stored inspection: :mod:`probity.report`'s HTML from the live results, and
its PDF, rendered once per version of the HTML and kept in the data folder.

The PDF takes seconds to minutes to render (in a child process), longer than a request may
last: a request that waited for it would be cut off by the server's worker timeout and leave
the render running. So a request only starts the render, in a thread of the server's process,
and a page says it is being prepared until the file is there. The file is
``<data dir>/reports/<inspection>-<sha256 of the HTML>.pdf``, written atomically and reused
while the HTML is unchanged; a new version replaces the older files of the same inspection.
Beside it, ``.lock`` is locked (``flock``) while a render runs, so that any number of requests
in any of the server's processes start one render of a version, and the kernel frees the lock
if the process dies; ``.failed`` holds why the last render failed, until it is tried again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from probity.files import atomic_path
from probity.pipeline import InspectionResults
from probity.report.context import ReportError
from probity.report.html import render_html
from probity.report.narrative import NarrativeError
from probity.report.pdf import PdfError, render_pdf
from probity.web.inspections.dashboard_model import problem_words
from probity.web.settings.environment import data_dir

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
# The longest a render started from the web may take. It runs in the background, so no
# request waits for it; the limit keeps a render stuck in the layout engine from holding its
# lock (and a processor) for the command's ten minutes.
RENDER_TIMEOUT = 300.0

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Report:
    """The report's HTML, or why there is none yet."""

    html: str | None
    problems: tuple[str, ...] = ()


def build_report(
    results: InspectionResults,
    accepted: frozenset[str] = frozenset(),
    *,
    draft: bool = False,
    disproportionality: bool = False,
) -> Report:
    """The report as one HTML document; without one, the reasons in words (the inspection is
    not fully rated, or its narrative does not render). ``accepted``: the keys of the narrative
    check's findings the lead accepted (the cover counts them); ``draft``: marked as a draft
    under embargo on every page; ``disproportionality``: with that chapter, as the lead
    chose."""
    if results.ratings is None:
        return Report(None, problem_words(results) or ("the inspection is not rated",))
    try:
        return Report(
            render_html(results, accepted, draft=draft, disproportionality=disproportionality)
        )
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


@dataclass(frozen=True)
class PdfState:
    """Where the PDF of one version of the report stands: ``path`` when it is ready,
    ``problem`` when its render failed; neither while it is being prepared."""

    path: Path | None = None
    problem: str | None = None

    @property
    def preparing(self) -> bool:
        """The PDF is being rendered."""
        return self.path is None and self.problem is None


def _versions(inspection_id: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(file_stem(inspection_id))}-[0-9a-f]{{64}}")


def _failed(target: Path) -> Path:
    return target.with_suffix(".failed")


def _lock(target: Path) -> int | None:
    """An open descriptor holding the render lock of ``target``, or None if a render of it
    holds the lock already (in this process or another)."""
    fd = os.open(target.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


def pdf_ready(inspection_id: str, html: str) -> Path | None:
    """The PDF of this version of the report if it is ready (nothing is started)."""
    target = pdf_path(inspection_id, html)
    return target if target.is_file() else None


def pdf_state(inspection_id: str, html: str) -> PdfState:
    """The PDF of this version of the report: ready, failed, or being prepared. When it is
    none of these (never asked for, or its render ended with the server's process), its
    render is started in the background, unless one is under way."""
    target = pdf_path(inspection_id, html)
    if target.is_file():
        return PdfState(path=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = _lock(target)
    if lock is None:
        return PdfState()  # being prepared by another request
    try:
        # Whoever held the lock may have finished between the look above and the lock.
        if target.is_file():
            os.close(lock)
            return PdfState(path=target)
        with contextlib.suppress(FileNotFoundError):
            problem = _failed(target).read_text(encoding="utf-8")
            os.close(lock)
            return PdfState(problem=problem)
        # Not a daemon thread: a daemon is frozen as its process exits, and a render it
        # started would finish with nobody to publish it, leaving its unfinished file. A
        # worker stopping gracefully waits for the render instead, for as long as gunicorn
        # allows (graceful_timeout); a worker killed takes the renderer, a child of this
        # thread, with it, and the renderer removes its files (probity.report.pdf).
        threading.Thread(
            target=_render,
            args=(inspection_id, html, target, lock),
            name=f"pdf {target.name[:40]}",
        ).start()
    except BaseException:
        os.close(lock)
        raise
    return PdfState()


def forget_failure(inspection_id: str, html: str) -> None:
    """Forget why this version's last render failed, so that the next look starts another."""
    _failed(pdf_path(inspection_id, html)).unlink(missing_ok=True)


def _render(inspection_id: str, html: str, target: Path, lock: int) -> None:
    """Render ``target`` holding ``lock``; record a failure beside it before letting go."""
    try:
        render_pdf(html, target, timeout=RENDER_TIMEOUT)
    except PdfError as e:
        _record_failure(target, str(e))
    except Exception as e:  # a thread's exception reaches no one: the page must say it
        log.exception("the PDF of %s could not be rendered", inspection_id)
        _record_failure(target, f"{type(e).__name__}: {e}")
    else:
        _remove_older_versions(inspection_id, target)
    finally:
        os.close(lock)  # releases the lock


def _record_failure(target: Path, problem: str) -> None:
    with atomic_path(_failed(target)) as part:
        part.write_text(problem, encoding="utf-8")


def _remove_older_versions(inspection_id: str, target: Path) -> None:
    versions = _versions(inspection_id)
    for old in target.parent.iterdir():
        if old.stem == target.stem or not versions.fullmatch(old.stem):
            continue
        if old.suffix in (".pdf", ".failed"):
            old.unlink(missing_ok=True)
        elif old.suffix == ".lock":
            # Only a lock no render holds: removing a held one would let a second render
            # of that version start.
            held = _lock(old.with_suffix(".pdf"))
            if held is not None:
                old.unlink(missing_ok=True)
                os.close(held)
