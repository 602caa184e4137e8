"""``probity import --replace`` never replaces a published inspection: its report is frozen,
and replacing its rows would change what its readers were told."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from probity.web.commands import export_command, import_command
from probity.web.inspections.models import Case, Inspection

from ..conftest import ROOT

pytestmark = [pytest.mark.pages, pytest.mark.django_db]

DEMO = ROOT / "examples" / "demo"
ID = "staffordshire-stoke-2022"

app = typer.Typer()
app.command("import")(import_command)
app.command("export")(export_command)
runner = CliRunner()


def test_replacing_a_published_inspection_is_refused_and_changes_nothing() -> None:
    assert runner.invoke(app, ["import", str(DEMO)]).exit_code == 0
    Inspection.objects.filter(inspection_id=ID).update(is_published=True)
    cases = list(Case.objects.order_by("pk").values_list("pk", "case_id"))

    refused = runner.invoke(app, ["import", str(DEMO), "--replace"])

    assert refused.exit_code == 2, refused.output
    assert f"inspection {ID!r} is published" in refused.output
    assert "cannot be replaced" in refused.output
    assert "Traceback" not in refused.output
    assert list(Case.objects.order_by("pk").values_list("pk", "case_id")) == cases
