"""What a render killed outright leaves behind is swept by the next one: the renderer's
temporary folders once their deadline has passed, and the unfinished ``.part`` files beside
the target once older than the longest render; nothing younger, and nothing else."""

from __future__ import annotations

import os
import time

from probity.files import atomic_path, sweep_parts
from probity.report.pdf import DEFAULT_TIMEOUT, sweep_stale_renders


def test_a_render_folder_past_its_deadline_is_swept_and_one_still_in_time_is_kept(tmp_path):
    now = time.time()
    stale = tmp_path / f"probity-pdf-{int(now) - 120}-abc"
    running = tmp_path / f"probity-pdf-{int(now) + 300}-def"
    other = tmp_path / f"someone-else-{int(now) - 120}-abc"
    for folder in (stale, running, other):
        folder.mkdir()
        (folder / "report.html").write_text("x", encoding="utf-8")
    assert sweep_stale_renders(tmp_path, now=now) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, other.name])


def test_a_render_folder_named_without_a_deadline_is_swept_once_older_than_the_timeout(tmp_path):
    old, young = tmp_path / "probity-pdf-old", tmp_path / "probity-pdf-young"
    old.mkdir()
    young.mkdir()
    long_ago = time.time() - DEFAULT_TIMEOUT - 120
    os.utime(old, (long_ago, long_ago))
    assert sweep_stale_renders(tmp_path) == [old]
    assert young.is_dir()


def test_a_file_named_like_a_render_folder_is_left_alone(tmp_path):
    (tmp_path / "probity-pdf-1-abc").write_text("not a folder", encoding="utf-8")
    assert sweep_stale_renders(tmp_path) == []
    assert (tmp_path / "probity-pdf-1-abc").is_file()


def test_an_old_part_file_of_the_target_is_swept_and_a_young_one_or_another_targets_kept(
    tmp_path,
):
    target = tmp_path / "report.pdf"
    with atomic_path(target) as young:
        old = tmp_path / ".report.pdf.abc123.part"
        other = tmp_path / ".report.html.abc123.part"
        for path in (old, other):
            path.write_text("x", encoding="utf-8")
            os.utime(path, (1, 1))
        assert sweep_parts(target, older_than=600) == [old]
        assert young.exists()
        assert other.exists()
