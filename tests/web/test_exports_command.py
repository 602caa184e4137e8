"""``probity export`` records each export as the pages do: the Probity user it names with
``--by``, when, and the form written; it refuses to write anything for a user it cannot
record. On SQLite and PostgreSQL."""

from __future__ import annotations

import typer
from django.contrib.auth.models import User
from typer.testing import CliRunner

from probity.bundle import read_bundle
from probity.framework import load_framework
from probity.web.commands import export_command, import_command
from probity.web.inspections.audit import ExportRecord

from ..bundles import valid_tables, write_csv_tables

ID = "test-pdu-2026"
app = typer.Typer()
app.command("import")(import_command)
app.command("export")(export_command)
runner = CliRunner()


def run(database: str, *args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*(str(a) for a in args), "--database", database])


def stored(database: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The small fictional inspection, imported, and a user to export it."""
    bundle = write_csv_tables(valid_tables(load_framework()), tmp_path / "in")
    imported = run(database, "import", bundle)
    assert imported.exit_code == 0, imported.output
    User.objects.db_manager(database).create_user("exporter", password=None)


def recorded(database: str) -> list[tuple[str, str, str]]:
    found = ExportRecord.objects.using(database).select_related("inspection", "by")
    return [(r.inspection.inspection_id, r.by.username, r.format) for r in found.order_by("pk")]


def test_an_export_by_the_command_is_recorded_with_the_user_it_names(database, tmp_path):
    stored(database, tmp_path)
    for out in (tmp_path / "out", tmp_path / "out.xlsx"):
        result = run(database, "export", ID, out, "--by", "exporter")
        assert result.exit_code == 0, result.output
        assert read_bundle(out).inspection.inspection_id == ID
    assert recorded(database) == [
        (ID, "exporter", "command-csv"),
        (ID, "exporter", "command-xlsx"),
    ]


def test_an_export_for_a_user_not_known_writes_and_records_nothing(database, tmp_path):
    stored(database, tmp_path)
    result = run(database, "export", ID, tmp_path / "out", "--by", "nobody")
    assert result.exit_code == 2
    assert "--by" in result.output
    assert "no active user named 'nobody'" in result.output
    assert not (tmp_path / "out").exists()
    assert recorded(database) == []


def test_an_export_naming_no_user_is_refused(database, tmp_path):
    stored(database, tmp_path)
    result = run(database, "export", ID, tmp_path / "out")
    assert result.exit_code == 2
    assert "--by" in result.output
    assert not (tmp_path / "out").exists()
    assert recorded(database) == []


def test_a_workbook_that_cannot_hold_a_note_is_refused_and_nothing_recorded(database, tmp_path):
    tables = valid_tables(load_framework())
    tables["answers"][0]["note"] = "a" + "\x0b" * 5_000 + "b"
    bundle = write_csv_tables(tables, tmp_path / "in")
    assert run(database, "import", bundle).exit_code == 0
    User.objects.db_manager(database).create_user("exporter", password=None)
    result = run(database, "export", ID, tmp_path / "out.xlsx", "--by", "exporter")
    assert result.exit_code == 2
    assert "at most 32,767" in result.output
    assert not (tmp_path / "out.xlsx").exists()
    assert recorded(database) == []
