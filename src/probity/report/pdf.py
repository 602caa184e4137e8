"""The PDF, rendered by WeasyPrint in a child process (:mod:`probity.report.pdf_worker`): a
report that exhausts memory or crashes the layout engine ends that process, and the caller
gets a :class:`PdfError` saying what happened instead of going down with it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from probity.files import atomic_path

# Tagged PDF for accessibility (PDF/UA-1: tags, language, title, PDF 1.7).
DEFAULT_VARIANT = "pdf/ua-1"
DEFAULT_TIMEOUT = 600.0
DEFAULT_MEMORY_MB = 4096


class PdfError(Exception):
    """The PDF could not be rendered; the message says why."""


def _package_root() -> str:
    # The child must import this same probity, installed or not.
    return str(Path(__file__).resolve().parent.parent.parent)


def _explain(proc: subprocess.CompletedProcess[str], memory_mb: int) -> str:
    detail = (proc.stderr or "").strip().splitlines()[-5:]
    if proc.returncode < 0:
        reason = f"the PDF renderer was stopped by signal {-proc.returncode}"
        if memory_mb:
            reason += f" (it may have run out of memory; the limit is {memory_mb} MB)"
    else:
        reason = f"the PDF renderer failed (exit status {proc.returncode})"
    return reason + (": " + " ".join(detail) if detail else "")


def render_pdf(
    html: str,
    target: Path,
    *,
    variant: str = DEFAULT_VARIANT,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> Path:
    """Write ``target`` (a PDF) from a self-contained HTML document, atomically: the file
    appears whole or not at all. Raises :class:`PdfError` when the renderer fails, runs out
    of memory or takes longer than ``timeout`` seconds."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_package_root(), env.get("PYTHONPATH")) if p)
    with tempfile.TemporaryDirectory(prefix="probity-pdf-") as tmp, atomic_path(target) as part:
        source = Path(tmp) / "report.html"
        source.write_text(html, encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "probity.report.pdf_worker",
            str(source),
            str(part),
            "--variant",
            variant,
            "--memory-mb",
            str(memory_mb),
        ]
        try:
            proc = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, env=env, check=False
            )
        except subprocess.TimeoutExpired as e:
            raise PdfError(
                f"the PDF renderer took longer than {timeout:g} s and was stopped"
            ) from e
        if proc.returncode != 0 or part.stat().st_size == 0:
            raise PdfError(_explain(proc, memory_mb))
    return target
