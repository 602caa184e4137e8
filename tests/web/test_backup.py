"""``probity backup`` and ``probity restore``: a rich database backed up, emptied and restored
is the same database, row for row (the canonical dump of every table), with its files; a
damaged, altered or foreign archive, or a database in use, is refused with the reason and
nothing written. On the default database: SQLite, and PostgreSQL in `make test`'s second run."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connections
from typer.testing import CliRunner

from probity.cli import app
from probity.web.backup.canonical import canonical_dump
from probity.web.backup.tables import MADE_BY_MIGRATE, all_models, label
from probity.web.inspections.audit import AuditEvent
from probity.web.inspections.models import Answer, Case
from tests.web.backup_support import PASSWORD, data_files, rich_database

pytestmark = [pytest.mark.pages, pytest.mark.django_db(transaction=True)]
runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings) -> Path:
    """A data folder and an erasure ledger of the test's own."""
    folder = tmp_path / "data"
    monkeypatch.setenv("PROBITY_DATA_DIR", str(folder))
    settings.PROBITY_ERASURE_LEDGER = tmp_path / "erasures.jsonl"
    return folder


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def empty_the_database() -> None:
    """What a newly migrated database holds: only what migrate fills (flush fills it again)."""
    call_command("flush", interactive=False, database="default", verbosity=0)
    for model in all_models():
        if label(model) not in MADE_BY_MIGRATE:
            assert not model._base_manager.count(), label(model)


def test_a_backup_restored_into_an_empty_database_gives_back_every_row_and_file(
    data_dir: Path, tmp_path: Path
) -> None:
    rich_database()
    before = canonical_dump("default")
    files = data_files(data_dir)
    archive = tmp_path / "backup.zip"

    written = run("backup", archive, "--by", "lead")
    assert written.exit_code == 0, written.output
    assert f"SHA-256 {hashlib.sha256(archive.read_bytes()).hexdigest()}" in written.output
    assert not list(tmp_path.glob(".backup.zip.*"))  # no temporary file left
    empty_the_database()
    for path in (data_dir / "reports").iterdir():
        path.unlink()
    restored = run("restore", archive)

    assert restored.exit_code == 0, restored.output
    after = canonical_dump("default")
    assert after == before
    # The restore's own event is in the audit trail (the backup's, made after its snapshot, is
    # not in the archive); the dumps leave both out.
    (event,) = AuditEvent.objects.filter(kind="backup")
    assert event.subject.startswith("Restored from backup.zip")
    assert event.actor.startswith("command line (")
    assert data_files(data_dir) == files
    # The dump holds what the test made, on every kind of table.
    for made in ("## auth.user (4 rows)", "## auth.user_groups (1 rows)",
                 "## inspections.answer (5900 rows)", "## inspections.reportversion (1 rows)",
                 "## inspections.historicalanswer (5901 rows)", "## inspections.apitoken (1 rows)",
                 "Fictional note on the case.", "Fictional report, as published."):  # fmt: skip
        assert made in after, made
    # Passwords come back (as their hashes), and new rows take ids past the restored ones.
    assert User.objects.get(username="lead").check_password(PASSWORD)
    last = User.objects.order_by("-pk").values_list("pk", flat=True)[0]
    assert User.objects.create(username="after-restore").pk > last
    case = Case.objects.order_by("-pk").first()
    assert case is not None
    assert Answer.objects.create(case=case, position=99999, question_id="x", answer="yes").pk > (
        max(Answer.objects.exclude(question_id="x").values_list("pk", flat=True))
    )


def test_a_restore_refuses_a_database_that_is_not_empty_unless_forced(
    data_dir: Path, tmp_path: Path
) -> None:
    rich_database()
    before = canonical_dump("default")
    archive = tmp_path / "backup.zip"
    assert run("backup", archive).exit_code == 0
    User.objects.create(username="made-after-the-backup")

    refused = run("restore", archive)

    assert refused.exit_code == 2, refused.output
    assert "the database is not empty" in refused.output
    assert "auth.user (5 rows)" in refused.output
    assert "--force" in refused.output
    assert User.objects.filter(username="made-after-the-backup").exists()
    forced = run("restore", archive, "--force")
    assert forced.exit_code == 0, forced.output
    assert canonical_dump("default") == before


def rewrite(archive: Path, out: Path, change: dict[str, bytes], *, resum: bool = False) -> None:
    """A copy of the archive with members replaced; with ``resum`` the manifest's checksum is
    made to match its new text (an archive made to look whole)."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = change.get(name, source.read(name))
            if resum and name == "manifest.sha256":
                data = (hashlib.sha256(change["manifest.json"]).hexdigest() + "\n").encode()
            target.writestr(name, data)


def test_an_altered_cut_short_or_foreign_archive_is_refused_and_nothing_is_written(
    data_dir: Path, tmp_path: Path
) -> None:
    rich_database()
    archive = tmp_path / "backup.zip"
    assert run("backup", archive).exit_code == 0
    empty_the_database()
    with zipfile.ZipFile(archive) as zf:
        users = zf.read("tables/auth.user.jsonl")
        manifest = json.loads(zf.read("manifest.json"))
    altered = tmp_path / "altered.zip"
    rewrite(archive, altered, {"tables/auth.user.jsonl": users.replace(b'"lead"', b'"boss"')})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    other = "postgresql" if connections["default"].vendor == "sqlite" else "sqlite"
    foreign = tmp_path / "foreign.zip"
    text = json.dumps({**manifest, "engine": other}).encode()
    rewrite(archive, foreign, {"manifest.json": text}, resum=True)

    for path, reason in (
        (altered, "tables/auth.user.jsonl: its SHA-256 does not match the manifest: altered"),
        (cut, "not a readable backup archive (damaged or cut short?)"),
        (foreign, f"the backup is of a {other} database"),
        (tmp_path / "missing.zip", "not a readable backup archive"),
    ):
        refused = run("restore", path)
        assert refused.exit_code == 2, refused.output
        assert reason in " ".join(refused.output.split()), refused.output
        assert "Traceback" not in refused.output
        assert not User.objects.exists()


def test_a_backup_holds_every_table_django_knows_but_its_sessions(
    data_dir: Path, tmp_path: Path
) -> None:
    from django.apps import apps

    archive = tmp_path / "backup.zip"
    assert run("backup", archive).exit_code == 0
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    every = {m._meta.label_lower for m in apps.get_models(include_auto_created=True)}
    assert set(manifest["tables"]) == every - {"sessions.session"}
    assert {"auth.user_groups", "axes.accessattempt", "inspections.historicalcase"} <= every
    assert manifest["engine"] == connections["default"].vendor
    assert "inspections.0015_erasure" in manifest["migrations"]
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_a_manifest_made_to_look_whole_but_missing_its_parts_is_refused(
    data_dir: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.zip"
    assert run("backup", archive).exit_code == 0
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    empty_the_database()
    del manifest["engine"]
    manifest["tables"]["auth.user"] = {"member": "tables/elsewhere.jsonl"}
    broken = tmp_path / "broken.zip"
    rewrite(archive, broken, {"manifest.json": json.dumps(manifest).encode()}, resum=True)

    refused = run("restore", broken)

    assert refused.exit_code == 2, refused.output
    assert "manifest.json: missing or wrong: engine (str expected)" in refused.output
    assert "Traceback" not in refused.output
    del manifest["tables"]["auth.user"]["member"]
    manifest["engine"] = connections["default"].vendor
    rewrite(archive, broken, {"manifest.json": json.dumps(manifest).encode()}, resum=True)
    refused = run("restore", broken)
    assert refused.exit_code == 2, refused.output
    assert "auth.user: its entry in the manifest is not a table's" in refused.output
