"""``probity report``, registered as the lead registers it: writes the files it is asked for,
exits 2 listing problems for bad input, and ``--check`` exits 1 on an unsupported figure."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from probity.report import render_report
from probity.report.api import steps
from probity.report.command import report_command

from .bundles import write_csv_tables
from .test_report_support import narrative_row, small_results, small_tables


@pytest.fixture(scope="module")
def app():
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """The probity app, as cli.py builds it."""

    app.command("report")(report_command)
    return app


def run(app, *args):
    return CliRunner().invoke(app, ["report", *map(str, args)])


def bundle(tmp_path, narrative=None, **tables):
    raw = small_tables(narrative)
    raw.update(tables)
    return write_csv_tables(raw, tmp_path / "bundle")


def test_it_writes_the_html_report_where_it_is_told(app, tmp_path):
    out = tmp_path / "out"
    result = run(app, bundle(tmp_path), "--format", "html", "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (out / "report.pdf").exists()
    assert "report.html" in result.output
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_a_bundle_that_does_not_validate_exits_2_listing_its_problems(app, tmp_path):
    cases = small_tables()["cases"]
    cases[0]["rosh"] = "extreme"
    result = run(app, bundle(tmp_path, cases=cases), "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "cases.csv" in result.output
    assert "rosh" in result.output
    assert not (tmp_path / "out").exists()


def test_a_missing_bundle_exits_2(app, tmp_path):
    result = run(app, tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_an_inspection_that_cannot_be_rated_exits_2(app, tmp_path):
    judgements = [j for j in small_tables()["judgements"] if j["standard_id"] != "1.2"]
    result = run(app, bundle(tmp_path, judgements=judgements), "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "1.2" in result.output


def test_a_narrative_with_an_unknown_figure_exits_2_naming_its_row(app, tmp_path):
    narrative = [narrative_row("2.2", "Fine."), narrative_row("2.4", '{{ kq["2.4.9"] }}')]
    result = run(app, bundle(tmp_path, narrative), "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "narrative: row 3 (section 2.4)" in result.output
    assert "2.4.9" in result.output
    assert not (tmp_path / "out" / "report.html").exists()


def test_check_lists_a_contradicting_literal_and_exits_1(app, tmp_path):
    narrative = [narrative_row("1.1", "In 28 out of 69 cases contact was insufficient.")]
    result = run(app, bundle(tmp_path, narrative), "--check")
    assert result.exit_code == 1
    assert "28 out of 69" in result.output
    assert "row 2 (section 1.1)" in result.output


def test_check_passes_a_narrative_of_computed_figures_and_writes_nothing(
    app, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    narrative = [narrative_row("2.2", 'Only {{ kq["2.2.3"] }}; {{ survey.quality }} agreed.')]
    result = run(app, bundle(tmp_path, narrative), "--check")
    assert result.exit_code == 0, result.output
    assert "Every figure in 1 narrative paragraph(s) is quoted" in result.output
    assert not (tmp_path / "out").exists()


def test_check_refuses_a_narrative_that_does_not_render(app, tmp_path):
    result = run(app, bundle(tmp_path, [narrative_row("2.2", "{{ nothing }}")]), "--check")
    assert result.exit_code == 2
    assert "nothing" in result.output


def test_render_report_reports_each_step_it_takes(tmp_path):
    seen: list[str] = []
    written = render_report(small_results(tmp_path / "b"), {"html"}, tmp_path / "o", seen.append)
    assert seen == steps({"html"})
    assert written == [tmp_path / "o" / "report.html"]


def test_render_report_refuses_an_unknown_format(tmp_path):
    from probity.report import ReportError

    with pytest.raises(ReportError):
        render_report(small_results(tmp_path / "b"), {"docx"}, tmp_path / "o")
