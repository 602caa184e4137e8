"""``probity report --format pdf`` stopped in the middle of its PDF: whether it is ended with
SIGTERM, with Ctrl-C or with SIGKILL, its PDF renderer does not run on, and neither the system's
temporary folder nor the output folder keeps a file of the unfinished render.

Each test starts the real command on the demonstration bundle with a temporary folder of its
own (``TMPDIR``), waits until the renderer's process exists (found in ``/proc`` by its command
line, which names that folder), stops the command, and looks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="finds processes in Linux's /proc"
    ),
]

PROBITY = Path(sys.executable).with_name("probity")
DEMO = ROOT / "examples" / "demo"


def renderers(marker: str) -> list[int]:
    """The live PDF renderer processes whose command line names ``marker`` (a zombie has an
    empty command line: it is gone but for its exit status)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # ended while we looked
        line = b" ".join(words).decode(errors="replace")
        if "probity.report.pdf_worker" in line and marker in line:
            found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float:
    """The processor time ``pid`` has used (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime, the 14th and 15th fields, counting the pid and the name before ")".
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


@dataclass
class Run:
    command: subprocess.Popen[bytes]
    tmp: Path
    out: Path
    stderr: Path

    def renderer(self) -> list[int]:
        return renderers(str(self.tmp))

    def rendering(self) -> bool:
        """The renderer is at work: past its start (where it checks that its parent is still
        there), into the layout engine."""
        return any(cpu_seconds(pid) >= 1.0 for pid in self.renderer())

    def left_behind(self) -> list[str]:
        """Every file or folder of the render still on disk."""
        return sorted(str(p.relative_to(self.tmp)) for p in self.tmp.rglob("*") if p != self.out)


@pytest.fixture
def rendering(tmp_path: Path) -> Iterator[Run]:
    """``probity report --format pdf`` on the demonstration bundle, once its PDF renderer has
    started."""
    tmp = tmp_path / "tmp"
    out = tmp / "out"
    out.mkdir(parents=True)
    env = {**os.environ, "TMPDIR": str(tmp)}
    stderr = tmp_path / "stderr.txt"
    with stderr.open("wb") as err:  # the command keeps its own copy
        command = subprocess.Popen(
            [str(PROBITY), "report", str(DEMO), "--format", "pdf", "--out", str(out)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            # As a shell starts a job: a group of its own, which Ctrl-C signals as a whole.
            process_group=0,
        )
    run = Run(command, tmp, out, stderr)
    try:
        assert wait_for(run.rendering, 120), "the PDF renderer never started"
        yield run
    finally:
        # Whatever the test found, it leaves nothing it started running.
        if command.poll() is None:
            command.kill()
        command.wait(30)
        for pid in run.renderer():
            os.kill(pid, signal.SIGKILL)


def assert_nothing_left(run: Run) -> None:
    run.command.wait(30)
    assert wait_for(lambda: not run.renderer(), 10), "the PDF renderer is still running"
    assert wait_for(lambda: not run.left_behind(), 5), run.left_behind()
    assert list(run.out.iterdir()) == []
    assert "Traceback" not in run.stderr.read_text(errors="replace")


def test_sigterm_ends_the_renderer_and_leaves_no_temporary_file(rendering):
    rendering.command.send_signal(signal.SIGTERM)
    assert_nothing_left(rendering)
    assert rendering.command.returncode == 128 + signal.SIGTERM


def test_ctrl_c_ends_the_renderer_and_leaves_no_temporary_file(rendering):
    os.killpg(rendering.command.pid, signal.SIGINT)  # as the terminal sends it
    assert_nothing_left(rendering)
    assert rendering.command.returncode != 0


def test_sigkill_of_the_command_ends_the_renderer_which_removes_its_files(rendering):
    rendering.command.send_signal(signal.SIGKILL)
    assert_nothing_left(rendering)


def test_the_renderer_ends_at_once_if_its_parent_has_already_ended(tmp_path):
    # A parent killed between starting the renderer and the renderer's asking to end with it.
    folder = tmp_path / "probity-pdf-1-x"
    folder.mkdir()
    (folder / "report.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    part = tmp_path / ".report.pdf.x.part"
    part.touch()
    status = subprocess.run(
        [sys.executable, "-m", "probity.report.pdf_worker", str(folder / "report.html"),
         str(part), "--parent", "1"],
        check=False,
    ).returncode  # fmt: skip
    assert status == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


STARTER = """
import os, signal, subprocess, sys, time
# The renderer starts with SIGTERM blocked, as a signal mask inherited from whatever started
# it would hold it: the signal sent when this process ends is then held up, never handled.
subprocess.Popen(
    [sys.executable, "-m", "probity.report.pdf_worker", sys.argv[1], sys.argv[2],
     "--parent", str(os.getpid())],
    preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM}),
)
time.sleep(1)  # past the renderer's own check that this process is still there
"""


def test_a_renderer_whose_parent_ended_unseen_removes_its_files_when_it_ends(tmp_path):
    folder = tmp_path / "probity-pdf-1-x"
    folder.mkdir()
    html = "<html lang='en-GB'><body>" + "<p>Fictional words.</p>" * 3000 + "</body></html>"
    (folder / "report.html").write_text(html, encoding="utf-8")
    part = tmp_path / ".report.pdf.x.part"
    part.touch()
    subprocess.run(
        [sys.executable, "-c", STARTER, str(folder / "report.html"), str(part)], check=True
    )
    # The starter has ended; the renderer goes on to the end of its render, then finds its
    # parent gone and removes the files nobody will take.
    assert wait_for(lambda: not renderers(str(tmp_path)), 120), "the renderer never ended"
    assert list(tmp_path.iterdir()) == []


SERVER = """
import sys, threading
from pathlib import Path
from probity.report.pdf import render_pdf

html = "<html lang='en-GB'><body>" + "<p>Fictional words.</p>" * 50000 + "</body></html>"
# As the web application renders: in a thread of the server's process.
thread = threading.Thread(target=render_pdf, args=(html, Path(sys.argv[1])), daemon=True)
thread.start()
thread.join()
"""


def test_a_server_process_killed_outright_takes_the_render_of_its_thread_with_it(tmp_path):
    tmp = tmp_path / "tmp"
    out = tmp / "out"
    out.mkdir(parents=True)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(out / "report.pdf")],
        env={**os.environ, "TMPDIR": str(tmp)},
    )
    run = Run(server, tmp, out, tmp_path / "no-stderr")
    run.stderr.touch()
    try:
        assert wait_for(run.rendering, 60), "the PDF renderer never started"
        server.send_signal(signal.SIGKILL)
        assert_nothing_left(run)
    finally:
        if server.poll() is None:
            server.kill()
        server.wait(30)
        for pid in run.renderer():
            os.kill(pid, signal.SIGKILL)
