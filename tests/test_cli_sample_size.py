"""``probity sample-size``: the planner from the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from probity.cli import app

runner = CliRunner()


def test_the_command_gives_the_size_for_a_population_and_margin():
    result = runner.invoke(app, ["sample-size", "--population", "400", "--margin", "0.1"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("78 of 400 cases for ±10 percentage points at 95% confidence")
    as_json = runner.invoke(
        app, ["sample-size", "--population", "79", "--margin", "0.1", "--confidence", "0.95",
              "--json"],
    )  # fmt: skip
    assert json.loads(as_json.output)["size"] == 44


def test_inputs_out_of_range_exit_2_naming_each():
    result = runner.invoke(app, ["sample-size", "--population", "0", "--margin", "10"])
    assert result.exit_code == 2
    assert "population: 0 is not a whole number" in result.output
    assert "margin: 10.0 is not a fraction between 0 and 1" in result.output
