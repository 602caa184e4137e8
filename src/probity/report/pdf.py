"""The PDF, rendered by WeasyPrint in a child process (:mod:`probity.report.pdf_worker`): a
report that exhausts memory or crashes the layout engine ends that process, and the caller
gets a :class:`PdfError` saying what happened instead of going down with it.

The child never outlives its caller's interest in it. It runs in a process group of its own,
which the caller kills when it is stopped (an exception, Ctrl-C, or SIGTERM turned into an
exception by the command) before it removes the render's temporary folder and the unfinished
``.part`` file. A caller killed outright (SIGKILL) cannot do that: on Linux the child asks the
kernel for SIGTERM when its parent ends (``PR_SET_PDEATHSIG``) and then removes both itself.
Whatever is left even so (the machine lost power) is swept by the next render: temporary
folders ``probity-pdf-<deadline>-*`` whose deadline has passed, and ``.part`` files beside the
target older than the longest render allowed."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from probity.files import atomic_path, sweep_parts

# Tagged PDF for accessibility (PDF/UA-1: tags, language, title, PDF 1.7).
DEFAULT_VARIANT = "pdf/ua-1"
DEFAULT_TIMEOUT = 600.0
DEFAULT_MEMORY_MB = 4096
# The render's temporary folder: probity-pdf-<the time it must be done by>-<random>.
TEMP_PREFIX = "probity-pdf-"
_DEADLINE = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-")
# A folder is swept this long after its deadline: the caller kills its child at the deadline,
# then needs a moment to remove the folder itself.
_SWEEP_GRACE = 60.0


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


def sweep_stale_renders(folder: Path | None = None, *, now: float | None = None) -> list[Path]:
    """Remove the temporary folders of renders that ended without removing them (``folder``:
    the system's temporary folder by default): those of this user whose deadline passed a
    minute ago or more; a folder named without a deadline, once older than
    :data:`DEFAULT_TIMEOUT`. Returns the folders removed."""
    folder = Path(tempfile.gettempdir()) if folder is None else folder
    now = time.time() if now is None else now
    removed = []
    for path in folder.glob(TEMP_PREFIX + "*"):
        try:
            info = path.lstat()
        except OSError:
            continue  # removed by its own render meanwhile
        if not path.is_dir() or path.is_symlink() or info.st_uid != os.getuid():
            continue  # not a render's folder of ours
        deadline = _DEADLINE.match(path.name)
        end = float(deadline.group(1)) if deadline else info.st_mtime + DEFAULT_TIMEOUT
        if end + _SWEEP_GRACE < now:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _end(child: subprocess.Popen[str]) -> None:
    """Kill the child and anything it started (its process group), and reap it."""
    with contextlib.suppress(ProcessLookupError):  # it had ended already
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def _run(
    command: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    # A process group of its own: a Ctrl-C at the terminal reaches the caller alone, which
    # kills the child itself below, so the child never dies half-way through tidying up.
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        process_group=0,
    ) as child:
        try:
            out, err = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as e:
            _end(child)
            raise PdfError(
                f"the PDF renderer took longer than {timeout:g} s and was stopped"
            ) from e
        except BaseException:  # Ctrl-C, SIGTERM raised by the command, any error
            _end(child)
            raise
    return subprocess.CompletedProcess(command, child.returncode, out, err)


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
    of memory or takes longer than ``timeout`` seconds; however the call ends (an exception,
    Ctrl-C), the renderer is ended and its temporary files removed."""
    sweep_stale_renders()
    sweep_parts(target, older_than=max(timeout, DEFAULT_TIMEOUT) + _SWEEP_GRACE)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_package_root(), env.get("PYTHONPATH")) if p)
    deadline = int(time.time() + timeout) + 1
    with (
        tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{deadline}-") as tmp,
        atomic_path(target) as part,
    ):
        # WeasyPrint keeps temporary files of its own (fonts): in the render's folder, they go
        # with it, however the render ends.
        env["TMPDIR"] = tmp
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
            "--parent",
            str(os.getpid()),
        ]
        proc = _run(command, env, timeout)
        if proc.returncode != 0 or part.stat().st_size == 0:
            raise PdfError(_explain(proc, memory_mb))
    return target
