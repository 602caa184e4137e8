"""``probity rate SUMMARY``: the ratings page as a table or JSON; bad input exits 2, named."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from probity.cli import app

from .conftest import FIXTURES, SEED_RATINGS, SEED_SUMMARY

runner = CliRunner()


def seed_summary() -> dict:
    return yaml.safe_load(SEED_SUMMARY.read_text(encoding="utf-8"))


def write(tmp_path: Path, data, name: str = "summary.yaml") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    elif name.endswith(".json"):
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_shipped_example_prints_the_seed_ratings_page():
    result = runner.invoke(app, ["rate", str(SEED_SUMMARY)])
    assert result.exit_code == 0, result.output
    assert "Staffordshire and Stoke PDU" in result.output
    assert "Score 2/27" in result.output
    assert "Overall rating Inadequate" in result.output
    assert "2.2.3: 39%" in result.output
    assert "Not rated" in result.output


def test_json_output_carries_every_rating_the_score_and_the_overall():
    result = runner.invoke(app, ["rate", str(SEED_SUMMARY), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["standards"] == SEED_RATINGS
    assert (document["score"], document["max_score"], document["overall"]) == (
        2,
        27,
        "inadequate",
    )
    details = {d["id"]: d for d in document["details"]}
    assert details["2.3"]["driver"] == {
        "id": "2.3.3",
        "pct": 46,
        "banded": 46,
        "rating": "inadequate",
        "shown": "46%",
    }
    assert details["1.1"]["decision_rules"][0]["id"] == "leadership-delivers-results"
    assert details["2.3"]["scored"] is True


def test_a_json_summary_rates_like_the_yaml_one(tmp_path):
    path = write(tmp_path, seed_summary(), "summary.json")
    result = runner.invoke(app, ["rate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["standards"] == SEED_RATINGS


def test_the_framework_field_is_optional(tmp_path):
    data = seed_summary()
    del data["framework"]
    result = runner.invoke(app, ["rate", str(write(tmp_path, data)), "--json"])
    assert json.loads(result.output)["score"] == 2


def test_a_framework_file_of_ones_own_can_be_used(tmp_path):
    data = {
        "inspection": "A fictional youth service",
        "key_questions": {f"B.{i}": [70] * (1 if i in (1, 2, 9) else 2) for i in range(1, 10)},
        "judgements": {"A.1": "good", "A.2": "good", "A.3": "good", "A.4": "good"},
    }
    framework = FIXTURES / "frameworks" / "test-youth-12.yaml"
    args = ["rate", str(write(tmp_path, data)), "--json", "--framework-file", str(framework)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["score"], document["max_score"], document["overall"]) == (24, 36, "good")


def bad(tmp_path, alter) -> str:
    data = seed_summary()
    alter(data)
    result = runner.invoke(app, ["rate", str(write(tmp_path, data))])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize(
    ("alter", "expected"),
    [
        (
            lambda d: d["key_questions"].update({"2.9": [50]}),
            'key_questions."2.9": unknown standard',
        ),
        (
            lambda d: d["key_questions"].update({"2.2": [62, 62]}),
            'key_questions."2.2": expected 3 percentage(s), one per key question 2.2.1, 2.2.2, '
            "2.2.3; got 2",
        ),
        (
            lambda d: d["key_questions"].update({"2.3": [53, 153, 46]}),
            'key_questions."2.3"[1] (2.3.2): 153 is outside 0–100',
        ),
        (
            lambda d: d["key_questions"].update({"2.4": [58, "lots", 37]}),
            "key_questions.\"2.4\"[1] (2.4.2): 'lots' is not a number",
        ),
        (
            lambda d: d["judgements"].update({"1.2": "excellent"}),
            "judgements.1.2: unknown rating 'excellent'",
        ),
        (
            lambda d: d["judgements"].update({"1.1": "good"}),
            "judgements.1.1: Good is above Requires improvement, the highest rating the decision "
            "rule 'leadership-delivers-results' allows",
        ),
        (lambda d: d["key_questions"].pop("2.5"), 'key_questions."2.5": missing'),
        (lambda d: d.update({"framework": "nope"}), "framework: unknown framework"),
        (lambda d: d.update({"colour": "red"}), "colour: unknown field"),
        (
            lambda d: d["key_questions"].update({"1.1": [50]}),
            'key_questions."1.1": this standard is an inspectors\' judgement',
        ),
    ],
    ids=[
        "unknown standard",
        "wrong number of key questions",
        "percentage outside 0-100",
        "percentage not a number",
        "unknown rating name",
        "judgement above its cap",
        "missing standard",
        "unknown framework",
        "unknown field",
        "key questions for a judged standard",
    ],
)
def test_bad_input_exits_2_and_names_the_field(tmp_path, alter, expected):
    output = bad(tmp_path, alter)
    flat = " ".join(output.split())
    assert expected in flat


def test_every_problem_is_listed_at_once(tmp_path):
    def alter(d):
        d["key_questions"]["2.2"] = [62, 62]
        d["key_questions"]["2.3"] = [53, 153, 46]
        d["judgements"]["1.2"] = "excellent"

    output = bad(tmp_path, alter)
    assert "3 problem(s)" in output


def test_a_missing_file_exits_2(tmp_path):
    result = runner.invoke(app, ["rate", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 2
    assert "absent.yaml: file: no such file" in result.output


def test_malformed_yaml_exits_2_with_its_line(tmp_path):
    path = write(tmp_path, "key_questions: {\n  '2.1': [38\n")
    result = runner.invoke(app, ["rate", str(path)])
    assert result.exit_code == 2
    assert "malformed YAML: line" in " ".join(result.output.split())


def test_malformed_json_exits_2_with_its_line(tmp_path):
    path = write(tmp_path, '{"key_questions": ', "summary.json")
    result = runner.invoke(app, ["rate", str(path)])
    assert result.exit_code == 2
    assert "line 1, column" in result.output


def test_json_errors_are_machine_readable(tmp_path):
    data = seed_summary()
    data["judgements"]["1.3"] = "good"
    result = runner.invoke(app, ["rate", str(write(tmp_path, data)), "--json"])
    assert result.exit_code == 2
    (error,) = json.loads(result.output)["errors"]
    assert error["place"] == "judgements.1.3"
    assert "services-follow-implementation" in error["message"]


@pytest.mark.integration
def test_the_installed_command_exits_2_without_a_traceback(tmp_path):
    path = write(tmp_path, "judgements: [\n")
    proc = subprocess.run(
        [sys.executable, "-m", "probity", "rate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "malformed YAML" in proc.stderr
