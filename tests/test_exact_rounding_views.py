"""Under ``bands.rounding: exact`` a key question at 54.9% is below a band starting at 55:
the console, the JSON, and the report all show the engine's band, and a figure that does not
look as if it had reached the band."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from probity.bundle import read_bundle
from probity.cli import app
from probity.framework import load_framework_file
from probity.pipeline import inspect_bundle
from probity.report import render_html

from .exact_rounding import FRAMEWORK_FILE, write_exact_rounding_bundle
from .test_report_support import parse_html

runner = CliRunner()


@pytest.fixture(scope="module")
def bundle_folder(tmp_path_factory):
    return write_exact_rounding_bundle(tmp_path_factory.mktemp("exact") / "bundle")


def _rate(folder, *extra):
    return runner.invoke(
        app, ["rate", str(folder), "--framework-file", str(FRAMEWORK_FILE), *extra]
    )


def test_the_json_gives_the_engines_band_and_the_figure_as_shown(bundle_folder):
    result = _rate(bundle_folder, "--json")
    assert result.exit_code == 0, result.output
    details = {d["id"]: d for d in json.loads(result.output)["details"]}
    driver = details["B.2"]["driver"]
    assert (driver["yes"], driver["applicable"]) == (28, 51)
    assert driver["rating"] == details["B.2"]["rating"] == "inadequate"
    assert driver["shown"] == "54.9%"


def test_the_console_shows_the_same_band_and_figure(bundle_folder):
    result = _rate(bundle_folder)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "B.2 " in line)
    assert "Inadequate" in row
    assert "54.9%" in row


def test_the_report_shows_the_same_band_and_figure(bundle_folder):
    fw = load_framework_file(FRAMEWORK_FILE)
    results = inspect_bundle(read_bundle(bundle_folder, framework=fw), fw)
    doc = parse_html(render_html(results))
    section = doc.find("section", id="standard-B-2")
    assert "Inadequate" in section.find("p", class_="standard-rating").text()
    row = next(r for r in section.find_all("tr") if r.attrs.get("data-question") == "B.2.1")
    cell = row.find("td").text()
    assert cell == "54.9%"
    assert "54.9% (Inadequate)" in section.find("desc").text()
    reason = section.find("p", class_="rating-reason").text()
    assert "54.9%" in reason
    assert "Inadequate" in reason
