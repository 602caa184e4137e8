"""Second looks in the web application's database: imported and exported with their bundle
(``probity import`` / ``probity export``), kept in a backup, blanked by an erasure, in the
audit trail."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import zipfile
from pathlib import Path

import pytest
import typer
from django.contrib.auth.models import User
from typer.testing import CliRunner

from probity.bundle import read_bundle
from probity.cli import app as probity
from probity.framework import load_framework
from probity.web.backup.canonical import canonical_dump
from probity.web.commands import export_command, import_command
from probity.web.inspections.erasure import erase_case
from probity.web.inspections.mapping import from_bundle, to_bundle
from probity.web.inspections.models import Case, SecondAnswer
from tests.bundles import with_second_answers, write_csv_tables
from tests.web.backup_support import rich_database

app = typer.Typer()
app.command("import")(import_command)
app.command("export")(export_command)
runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_csv_tables(
        with_second_answers(load_framework("hmip-adult-pdu-2021")), tmp_path / "b"
    )


def run(database: str, *args: object):
    return runner.invoke(app, [*(str(a) for a in args), "--database", database])


def test_second_answers_are_imported_and_exported_as_they_were(database, folder, tmp_path):
    bundle = read_bundle(folder)
    imported = run(database, "import", folder)
    assert imported.exit_code == 0, imported.output
    assert SecondAnswer.objects.using(database).count() == 9
    User.objects.db_manager(database).get_or_create(username="exporter")
    fw_hash = load_framework(bundle.inspection.framework).content_hash
    stored = dataclasses.replace(
        bundle, inspection=dataclasses.replace(bundle.inspection, framework_hash=fw_hash)
    )
    for out in (tmp_path / "out", tmp_path / "out.xlsx"):
        exported = run(database, "export", "test-pdu-2026", out, "--by", "exporter")
        assert exported.exit_code == 0, exported.output
        assert read_bundle(out) == stored
    assert (tmp_path / "out" / "second_answers.csv").read_bytes() == (
        folder / "second_answers.csv"
    ).read_bytes()


def test_the_stored_inspection_is_rated_from_the_answers_in_force(database, folder):
    from probity.pipeline import inspect_bundle

    inspection = from_bundle(read_bundle(folder), using=database)
    figure = inspect_bundle(to_bundle(inspection, using=database)).figures["2.2.3"]
    # T3's 2.2.3 is resolved to no: yes on T1 and T2 of the three cases.
    assert (figure.yes, figure.applicable) == (2, 3)


@pytest.mark.django_db(transaction=True)
def test_the_backup_s_canonical_dump_holds_the_second_answers(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("PROBITY_DATA_DIR", str(tmp_path / "data"))
    settings.PROBITY_ERASURE_LEDGER = tmp_path / "erasures.jsonl"
    rich_database()
    dump = canonical_dump("default")
    assert "Fictional reason for disagreeing." in json.dumps(dump, default=str)
    archive = tmp_path / "backup.zip"
    written = runner.invoke(probity, ["backup", str(archive), "--by", "lead"])
    assert written.exit_code == 0, written.output
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert {"inspections.secondanswer", "inspections.historicalsecondanswer"} <= set(
        manifest["tables"]
    )


@pytest.mark.django_db
def test_erasing_a_case_blanks_its_second_looks_notes_and_reasons_and_keeps_their_answers(
    folder, tmp_path, settings, monkeypatch
):
    monkeypatch.setenv("PROBITY_DATA_DIR", str(tmp_path / "data"))
    settings.PROBITY_ERASURE_LEDGER = tmp_path / "erasures.jsonl"
    inspection = from_bundle(read_bundle(folder))
    t1, t3 = (Case.objects.get(inspection=inspection, case_id=c) for c in ("T1", "T3"))
    assert SecondAnswer.objects.filter(case=t1, note__isnull=False).count() == 1
    assert SecondAnswer.history.filter(case_id=t1.pk, note__isnull=False).count() == 1
    record = erase_case("test-pdu-2026", "T1", reason="Fictional request", by="lead")
    assert record.erased["second_answer.note"] == 1
    assert record.erased["history.second_answer.note"] == 1
    assert not SecondAnswer.objects.filter(case=t1, note__isnull=False).exists()
    assert not SecondAnswer.history.filter(case_id=t1.pk, note__isnull=False).exists()
    assert [a.answer for a in SecondAnswer.objects.filter(case=t1)] == ["yes", "yes", "no", "yes"]
    # T3's reviewer's reason is T3's: it stays until T3 is erased.
    assert SecondAnswer.objects.filter(case=t3, reason__isnull=False).count() == 1
    erase_case("test-pdu-2026", "T3", reason="Fictional request", by="lead")
    assert not SecondAnswer.objects.filter(case=t3, reason__isnull=False).exists()
    assert not SecondAnswer.history.filter(case_id=t3.pk, reason__isnull=False).exists()
    assert SecondAnswer.objects.get(case=t3, question_id="2.2.3").resolved == "no"


def test_a_second_look_added_and_resolved_is_in_the_audit_trail(team, signed_in):
    from probity.web.inspections.models import Answer

    t1 = Case.objects.get(inspection=team.inspection, case_id="T1")
    first = Answer.objects.filter(case=t1, answer="yes").order_by("position").first()
    assert first is not None
    look = SecondAnswer(
        case=t1, position=0, question_id=first.question_id, answer="no",
        inspector="Inspector C", mode="review", reason="Fictional reason for disagreeing.",
    )  # fmt: skip
    look.save()
    look.resolved = "no"
    look.save()
    response = signed_in("lead").get("/audit/export.csv", {"kind": "answer"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    subject = f"Case T1, {first.question_id}, second look by Inspector C"
    added = next(r for r in rows[1:] if r[4] == f"{subject}: added")
    assert "reason: Fictional reason for disagreeing." in added[6]
    resolved = next(r for r in rows[1:] if r[4] == f"{subject}, resolved answer")
    assert resolved[5:7] == ["", "no"]
