"""Storing inspections: import a bundle, export it, the same data; faulty bundles store
nothing; an inspection already stored is refused unless replaced. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
import typer
from django.contrib.auth.models import User
from typer.testing import CliRunner

from probity.bundle import Bundle, read_bundle, write_csv_folder
from probity.framework import load_framework
from probity.framework.registry import framework_paths
from probity.web.commands import export_command, import_command
from probity.web.inspections import mapping, models
from probity.web.inspections.frameworks import framework_of

from ..conftest import ROOT

DEMO = ROOT / "examples" / "demo"
ID = "staffordshire-stoke-2022"
MODELS = (
    models.Inspection, models.FrameworkVersion, models.SampleWindow, models.Case, models.Answer,
    models.Judgement, models.StaffingFigure, models.SurveyResult, models.Recommendation,
    models.PracticeExample, models.NarrativeParagraph,
)  # fmt: skip

app = typer.Typer()
app.command("import")(import_command)
app.command("export")(export_command)
runner = CliRunner()


def run(database: str, *args: object):
    return runner.invoke(app, [*(str(a) for a in args), "--database", database])


def export(database: str, *args: object):
    """``probity export`` for a user of the database (made here: every export is recorded
    for one)."""
    User.objects.db_manager(database).get_or_create(username="exporter")
    return run(database, "export", *args, "--by", "exporter")


@pytest.fixture(scope="session")
def demo() -> Bundle:
    return read_bundle(DEMO)


def recorded(bundle: Bundle, content_hash: str | None = None) -> Bundle:
    """The bundle as stored: with the hash of the framework file it was recorded under (by
    default the one installed)."""
    if content_hash is None:
        content_hash = load_framework(bundle.inspection.framework).content_hash
    return dataclasses.replace(
        bundle, inspection=dataclasses.replace(bundle.inspection, framework_hash=content_hash)
    )


def row_counts(database: str) -> dict[str, int]:
    return {m.__name__: m.objects.using(database).count() for m in MODELS}


def test_importing_then_exporting_the_demonstration_gives_the_same_data(database, demo, tmp_path):
    imported = run(database, "import", DEMO)
    assert imported.exit_code == 0, imported.output
    assert "79 cases, 5900 answers" in imported.output
    for out in (tmp_path / "demo", tmp_path / "demo.xlsx"):
        exported = export(database, ID, out)
        assert exported.exit_code == 0, exported.output
        assert read_bundle(out) == recorded(demo)
    for name in (p.name for p in DEMO.iterdir() if p.name != "inspection.csv"):
        assert (tmp_path / "demo" / name).read_bytes() == (DEMO / name).read_bytes(), name
    # The inspection's row says which framework file it was recorded under, and nothing else
    # changes.
    header, row = (DEMO / "inspection.csv").read_text(encoding="utf-8").splitlines()
    fw_hash = load_framework("hmip-adult-pdu-2021").content_hash
    assert (tmp_path / "demo" / "inspection.csv").read_text(encoding="utf-8").splitlines() == [
        f"{header},framework_hash",
        f"{row},{fw_hash}",
    ]


def test_every_row_is_stored_once_in_the_bundles_order(database, demo):
    inspection = mapping.from_bundle(demo, using=database)
    counts = row_counts(database)
    assert counts == {
        "Inspection": 1,
        "FrameworkVersion": 1,
        "SampleWindow": len(demo.sample_windows),
        "Case": len(demo.cases),
        "Answer": len(demo.answers),
        "Judgement": len(demo.judgements),
        "StaffingFigure": len(demo.staffing),
        "SurveyResult": len(demo.surveys),
        "Recommendation": len(demo.recommendations),
        "PracticeExample": len(demo.practice_examples),
        "NarrativeParagraph": len(demo.narrative),
    }
    assert mapping.to_bundle(inspection, using=database) == recorded(demo)


def test_an_inspection_s_isbn_and_report_language_are_stored_and_given_back(database, demo):
    welsh = dataclasses.replace(
        demo, inspection=dataclasses.replace(demo.inspection, language="cy")
    )
    inspection = mapping.from_bundle(welsh, using=database)
    stored = models.Inspection.objects.using(database).get(pk=inspection.pk)
    assert (stored.isbn, stored.language) == ("978-1-914478-78-9", "cy")
    assert mapping.to_bundle(inspection, using=database) == recorded(welsh)


def test_a_faulty_bundle_lists_every_problem_and_stores_nothing(database, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(DEMO, bad)
    cases = bad / "cases.csv"
    cases.write_text(cases.read_text().replace(",medium,", ",middling,", 1), encoding="utf-8")
    answers = bad / "answers.csv"
    answers.write_text(answers.read_text().replace(",no,", ",perhaps,", 1), encoding="utf-8")
    result = run(database, "import", bad)
    assert result.exit_code == 2
    assert "2 problem(s)" in result.output
    assert "middling" in result.output
    assert "perhaps" in result.output
    assert set(row_counts(database).values()) == {0}


def test_a_failure_part_way_through_stores_nothing(database, demo, monkeypatch):
    real = mapping._create

    def failing(model, rows, using):
        if model is models.Answer:
            raise RuntimeError("the disk is full")
        real(model, rows, using)

    monkeypatch.setattr(mapping, "_create", failing)
    with pytest.raises(RuntimeError, match="disk is full"):
        mapping.from_bundle(demo, using=database)
    assert set(row_counts(database).values()) == {0}


def test_an_inspection_already_stored_is_refused_unless_replaced(database, demo, tmp_path):
    mapping.from_bundle(demo, using=database)
    changed = dataclasses.replace(
        demo, inspection=dataclasses.replace(demo.inspection, organisation="Renamed PDU"),
        cases=demo.cases[:-1],
        answers=tuple(a for a in demo.answers if a.case_id != demo.cases[-1].case_id),
    )  # fmt: skip
    source = tmp_path / "changed"
    write_csv_folder(changed, source, load_framework(demo.inspection.framework))

    refused = run(database, "import", source)
    assert refused.exit_code == 2
    assert f"inspection '{ID}' is already stored; use --replace" in refused.output
    stored = mapping.find_inspection(ID, using=database)
    assert stored is not None
    assert mapping.to_bundle(stored, using=database) == recorded(demo)

    replaced = run(database, "import", source, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert row_counts(database)["Inspection"] == 1
    stored = mapping.find_inspection(ID, using=database)
    assert stored is not None
    assert mapping.to_bundle(stored, using=database) == recorded(changed)
    # One framework text, however many imports were recorded under it.
    assert row_counts(database)["FrameworkVersion"] == 1


def test_an_import_under_a_framework_file_of_ones_own_records_its_exact_text_and_exports_under_it(
    database, demo, tmp_path, monkeypatch
):
    shipped = framework_paths(demo.inspection.framework)[0].read_text(encoding="utf-8")
    own = tmp_path / "own" / "hmip-adult-pdu-2021.yaml"
    own.parent.mkdir()
    text = shipped + "\n# A copy of one's own: the same rules, another file.\n"
    own.write_text(text, encoding="utf-8")
    unpublished = tmp_path / "unpublished"
    write_csv_folder(
        dataclasses.replace(demo, inspection=dataclasses.replace(demo.inspection, published=None)),
        unpublished,
        load_framework(demo.inspection.framework),
    )

    imported = run(database, "import", unpublished, "--framework-file", own)
    assert imported.exit_code == 0, imported.output
    stored = mapping.find_inspection(ID, using=database)
    assert stored is not None
    version = models.FrameworkVersion.objects.using(database).get()
    assert version.text == text
    assert stored.framework_hash == version.content_hash
    assert stored.framework_hash != load_framework(demo.inspection.framework).content_hash
    assert framework_of(stored).content_hash == version.content_hash

    # Exported under the text it was recorded under, with that text's hash.
    exported = export(database, ID, tmp_path / "out")
    assert exported.exit_code == 0, exported.output
    hash_column = (tmp_path / "out" / "inspection.csv").read_text(encoding="utf-8")
    assert hash_column.splitlines()[1].endswith(f",{version.content_hash}")


def test_a_framework_file_that_cannot_be_read_is_refused_and_nothing_stored(database, tmp_path):
    broken = tmp_path / "hmip-adult-pdu-2021.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    result = run(database, "import", DEMO, "--framework-file", broken)
    assert result.exit_code == 2
    assert "YAML" in result.output
    assert set(row_counts(database).values()) == {0}


def test_exporting_an_inspection_not_stored_says_so(database, tmp_path):
    result = export(database, "no-such-inspection", tmp_path / "out")
    assert result.exit_code == 2
    assert "no such inspection is stored" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.django_db
def test_the_models_are_migrated_as_they_are_defined():
    from django.core.management import call_command

    call_command("makemigrations", "inspections", "--check", "--dry-run", verbosity=0)


def test_an_unknown_database_alias_is_refused(tmp_path):
    result = runner.invoke(
        app, ["export", ID, str(tmp_path / "x"), "--by", "exporter", "--database", "nowhere"]
    )
    assert result.exit_code == 2
    assert "no such database" in result.output


def test_production_settings_require_a_secret_key(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    monkeypatch.delitem(sys.modules, "probity.web.settings.production", raising=False)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY is not set"):
        importlib.import_module("probity.web.settings.production")


def test_with_only_the_youth_framework_installed_its_example_imports_and_the_adult_demo_is_refused(
    database, tmp_path, monkeypatch
):
    import shutil

    from probity.framework.registry import ENVIRONMENT_VARIABLE, shipped_dir

    folder = tmp_path / "frameworks"
    folder.mkdir()
    shutil.copy(shipped_dir() / "hmip-youth-justice-2021.yaml", folder)
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(folder))
    youth = ROOT / "examples" / "youth-demo"
    imported = run(database, "import", youth)
    assert imported.exit_code == 0, imported.output
    stored = models.Inspection.objects.using(database).get()
    assert stored.framework == "hmip-youth-justice-2021"
    assert (
        models.Case.objects.using(database)
        .filter(inspection=stored, attributes__disposal="out_of_court")
        .count()
        == 16
    )
    exported = export(database, stored.inspection_id, tmp_path / "out")
    assert exported.exit_code == 0, exported.output
    assert read_bundle(tmp_path / "out").cases == read_bundle(youth).cases
    refused = run(database, "import", DEMO)
    assert refused.exit_code == 2
    assert "unknown framework" in " ".join(refused.output.split())
