"""The ``probity`` commands on bundles: rate, summary, stats, validate, template, convert."""

from __future__ import annotations

import json

import pytest
import yaml
from scipy.stats import binomtest, fisher_exact  # type: ignore[import-untyped]  # no types
from statsmodels.stats.proportion import (  # type: ignore[import-untyped]  # untyped
    proportion_confint,
)
from typer.testing import CliRunner

from probity.cli import app

from .bundles import small_group_tables, valid_tables, write_csv_tables
from .conftest import ROOT, SEED_RATINGS

runner = CliRunner()
DEMO = ROOT / "examples" / "demo"
DEMO_XLSX = ROOT / "examples" / "demo.xlsx"


def wilson_by_scipy(yes: int, n: int) -> tuple[float, float]:
    ci = binomtest(yes, n).proportion_ci(confidence_level=0.95, method="wilson")
    return (ci.low, ci.high)


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_rating_the_demonstration_bundle_gives_the_seed_ratings_page():
    for bundle in (DEMO, DEMO_XLSX):
        result = run("rate", bundle, "--json")
        assert result.exit_code == 0, result.output
        document = json.loads(result.output)
        assert document["standards"] == SEED_RATINGS
        assert (document["score"], document["max_score"], document["overall"]) == (
            2,
            27,
            "inadequate",
        )


def test_a_bundle_rates_as_the_summary_it_implies(tmp_path):
    summary = run("summary", DEMO)
    assert summary.exit_code == 0, summary.output
    path = tmp_path / "implied.yaml"
    path.write_text(summary.output, encoding="utf-8")
    assert yaml.safe_load(summary.output)["key_questions"]["2.2"] == [62, 62, 39]
    from_bundle, from_summary = run("rate", DEMO), run("rate", path)
    assert from_bundle.output == from_summary.output
    a, b = (json.loads(run("rate", p, "--json").output) for p in (DEMO, path))
    for key in ("standards", "score", "max_score", "overall"):
        assert a[key] == b[key]
    drivers = [(d["id"], d["driver"] and d["driver"]["banded"]) for d in a["details"]]
    assert drivers == [(d["id"], d["driver"] and d["driver"]["banded"]) for d in b["details"]]


def test_stats_prints_every_question_with_its_counts():
    result = run("stats", DEMO, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["questions"]["2.4.2.c"] == {
        "yes": 23, "applicable": 66, "pct": 35, "interval": wilson_percent(23, 66)
    }  # fmt: skip
    assert document["characteristics"]["female"] == {"count": 8, "of": 79, "pct": 10}
    assert document["sample"]["counts"]["court_reports"] == 37
    assert document["sample"]["court_report"]["yes"] == {"count": 37, "of": 79, "pct": 47}
    text = run("stats", DEMO).output
    assert "Characteristics of inspected cases" in text
    assert "2.4.pc.a" in text


def wilson_percent(yes: int, applicable: int) -> list[float]:
    """statsmodels' own 95% Wilson score interval, in per cent to one place."""
    low, high = proportion_confint(yes, applicable, alpha=0.05, method="wilson")
    return [round(100 * low, 1), round(100 * high, 1)]


def test_stats_gives_the_demo_s_lowest_key_question_its_95_percent_wilson_interval():
    document = json.loads(run("stats", DEMO, "--json").output)
    figure = document["questions"]["2.2.3"]
    assert (figure["yes"], figure["applicable"], figure["pct"]) == (31, 79, 39)
    assert figure["interval"] == wilson_percent(31, 79) == [29.2, 50.3]
    # Every question carries one, from its own count.
    for qid, f in document["questions"].items():
        assert f["interval"] == wilson_percent(f["yes"], f["applicable"]), qid


def test_stats_prints_the_applicable_count_and_the_interval_beside_every_percentage():
    text = run("stats", DEMO).output
    assert "95% interval" in text
    row = next(line for line in text.splitlines() if "│ 2.2.3 " in line)
    assert [cell.strip() for cell in row.split("│")[2:6]] == ["31", "79", "39%", "29–50%"]


def test_a_question_no_case_applies_to_has_no_interval(tmp_path, adult):
    tables = valid_tables(adult)
    # 2.2.3.c may be not applicable to every case of the small bundle: make it so.
    tables["answers"] = [
        {**a, "answer": "na"} if a["question_id"] == "2.2.3.c" else a for a in tables["answers"]
    ]
    folder = write_csv_tables(tables, tmp_path / "bundle", adult)
    result = run("stats", folder, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["questions"]["2.2.3.c"] == {
        "yes": 0, "applicable": 0, "pct": None, "interval": None
    }  # fmt: skip
    row = next(line for line in run("stats", folder).output.splitlines() if "2.2.3.c" in line)
    assert [cell.strip() for cell in row.split("│")[2:6]] == ["0", "0", "–", "–"]


def test_stats_by_grade_shows_each_subgroup_with_the_cases_it_rests_on():
    result = run("stats", DEMO, "--by", "practitioner_grade", "--json")
    document = json.loads(result.output)
    groups = document["groups"]
    assert document["by"] == "practitioner_grade"
    assert sorted(groups) == ["PO", "PQiP", "PSO"]
    trainee = groups["PQiP"]
    assert (trainee["cases"], trainee["suppressed"]) == (7, False)
    figure = trainee["key_questions"]["2.2.3"]
    assert {k: figure[k] for k in ("yes", "applicable", "pct")} == {
        "yes": 7, "applicable": 7, "pct": 100
    }  # fmt: skip
    assert figure["interval"] == [round(100 * x, 1) for x in wilson_by_scipy(7, 7)]
    # 7 of 7 against the rest's 24 of 72: scipy's Fisher on the same table.
    assert figure["rest"] == {"yes": 24, "applicable": 72, "pct": 33}
    assert figure["p"] == pytest.approx(fisher_exact([[7, 0], [24, 48]])[1], rel=1e-12)
    assert figure["difference"] == 66.7
    assert figure["notable"] is True
    total = sum(groups[g]["key_questions"]["2.2.3"]["applicable"] for g in groups)
    assert total == 79
    assert sum(groups[g]["cases"] for g in groups) == 79
    text = run("stats", DEMO, "--by", "practitioner_grade").output
    assert "PQiP" in text
    assert "100% * (7 of 7)" in text
    assert "Benjamini-Hochberg q < 0.05" in text


def test_stats_by_grade_marks_a_group_of_three_but_still_shows_its_figures(tmp_path, adult):
    folder = write_csv_tables(small_group_tables(adult), tmp_path / "b")
    document = json.loads(run("stats", folder, "--by", "practitioner_grade", "--json").output)
    trainee, officer = document["groups"]["PQiP"], document["groups"]["PO"]
    assert (trainee["cases"], trainee["suppressed"]) == (3, True)
    assert (officer["cases"], officer["suppressed"]) == (5, False)
    assert document["minimum_cases"] == 5
    figure = trainee["key_questions"]["2.2.3"]
    assert (figure["yes"], figure["applicable"], figure["pct"]) == (0, 3, 0)
    # Three "No" against five "Yes": of the tables with these margins, none "Yes" among the
    # three has probability C(5,0)·C(3,3)/C(8,3) = 1/56; one, two or three "Yes" have 15, 30
    # and 10 of 56, all likelier, so p = 1/56.
    assert figure["p"] == pytest.approx(1 / 56)
    assert officer["key_questions"]["2.2.3"]["p"] == pytest.approx(1 / 56)
    text = run("stats", folder, "--by", "practitioner_grade").output
    assert "PQiP trainee †" in text
    assert "† fewer than 5 cases" in text


def test_stats_by_an_unknown_column_exits_2():
    result = run("stats", DEMO, "--by", "shoe_size")
    assert result.exit_code == 2
    assert "not a subgroup of framework hmip-adult-pdu-2021" in result.output


def test_validate_lists_every_problem_as_json_and_exits_2(tmp_path, adult):
    tables = valid_tables(adult)
    tables["cases"][0]["rosh"] = "extreme"
    tables["answers"][3]["answer"] = "maybe"
    folder = write_csv_tables(tables, tmp_path / "b")
    result = run("validate", folder, "--json")
    assert result.exit_code == 2
    errors = json.loads(result.output)["errors"]
    assert [(e["source"].rsplit("/", 1)[-1], e["place"]) for e in errors] == [
        ("cases.csv", "row 2, column rosh"),
        ("answers.csv", "row 5, column answer"),
    ]


def test_validate_says_a_sound_bundle_is_valid():
    result = run("validate", DEMO)
    assert result.exit_code == 0
    assert "valid (79 cases, 5900 answers)" in result.output


def test_rating_a_faulty_bundle_prints_no_ratings(tmp_path, adult):
    tables = valid_tables(adult)
    tables["answers"].pop(0)
    result = run("rate", write_csv_tables(tables, tmp_path / "b"))
    assert result.exit_code == 2
    assert "no answer for key question(s) 2.1.1" in " ".join(result.output.split())
    assert "Score" not in result.output


def test_rating_a_bundle_with_a_judgement_above_its_cap_names_the_rule(tmp_path, adult):
    tables = valid_tables(adult)
    for row in tables["answers"]:
        if row["question_id"] == "2.2.3":
            row["answer"] = "no"  # 2.2 Inadequate
    for row in tables["answers"]:
        if row["question_id"] == "2.4.3":
            row["answer"] = "no"  # 2.4 Inadequate: services capped at Inadequate
    result = run("rate", write_csv_tables(tables, tmp_path / "b"))
    assert result.exit_code == 2
    assert "services-follow-implementation" in result.output


def test_template_writes_a_workbook_and_refuses_another_suffix(tmp_path):
    assert run("template", tmp_path / "t.xlsx").exit_code == 0
    assert (tmp_path / "t.xlsx").exists()
    refused = run("template", tmp_path / "t.csv")
    assert refused.exit_code == 2
    assert not (tmp_path / "t.csv").exists()


def test_convert_turns_the_csv_folder_into_a_workbook_and_back(tmp_path):
    assert run("convert", DEMO, tmp_path / "d.xlsx").exit_code == 0
    assert run("convert", tmp_path / "d.xlsx", tmp_path / "d").exit_code == 0
    for table in DEMO.glob("*.csv"):
        assert (tmp_path / "d" / table.name).read_text(encoding="utf-8") == table.read_text(
            encoding="utf-8"
        )


def test_convert_writes_nothing_from_a_faulty_bundle(tmp_path, adult):
    tables = valid_tables(adult)
    tables["cases"][0]["case_type"] = "prison"
    result = run("convert", write_csv_tables(tables, tmp_path / "b"), tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert not (tmp_path / "out.xlsx").exists()


def test_template_does_not_overwrite_a_file_without_force(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_text("keep me", encoding="utf-8")
    refused = run("template", path)
    assert refused.exit_code == 2
    assert "already exists" in refused.output
    assert path.read_text(encoding="utf-8") == "keep me"
    assert run("template", path, "--force").exit_code == 0


def test_national_refuses_a_file_that_is_not_parquet_without_a_traceback(tmp_path):
    path = tmp_path / "answers.parquet"
    path.write_text("not parquet", encoding="utf-8")
    result = run("national", path, "--out", tmp_path / "out.parquet")
    assert result.exit_code == 2
    assert "cannot be read as parquet" in result.output
    assert not (tmp_path / "out.parquet").exists()


def test_a_reported_standards_key_question_carries_no_rating_in_json():
    details = {d["id"]: d for d in json.loads(run("rate", DEMO, "--json").output)["details"]}
    assert details["2.6"]["rating"] is None
    assert details["2.6"]["key_questions"][0]["rating"] is None
    assert details["2.2"]["key_questions"][2]["rating"] == "inadequate"


def test_rate_json_gives_each_key_question_counted_from_cases_its_interval():
    details = {d["id"]: d for d in json.loads(run("rate", DEMO, "--json").output)["details"]}
    lowest = details["2.2"]["key_questions"][2]
    assert (lowest["id"], lowest["yes"], lowest["applicable"]) == ("2.2.3", 31, 79)
    assert lowest["interval"] == wilson_percent(31, 79)
    assert details["2.2"]["driver"]["interval"] == wilson_percent(31, 79)


def _published_demo_recording(tmp_path, content_hash: str):
    """A copy of the demonstration bundle (published) that records a framework hash."""
    import shutil

    folder = tmp_path / "published"
    shutil.copytree(DEMO, folder)
    path = folder / "inspection.csv"
    header, row = path.read_text(encoding="utf-8").splitlines()
    path.write_text(f"{header},framework_hash\n{row},{content_hash}\n", encoding="utf-8")
    return folder


def test_a_published_inspection_is_rated_under_the_framework_it_recorded(tmp_path, adult):
    folder = _published_demo_recording(tmp_path, adult.content_hash)
    result = run("rate", folder, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["score"] == 2


def test_a_published_inspection_is_not_rated_again_under_a_changed_framework_file(tmp_path, adult):
    folder = _published_demo_recording(tmp_path, adult.content_hash)
    changed = tmp_path / "hmip-adult-pdu-2021.yaml"
    source = ROOT / "src" / "probity" / "framework" / "frameworks" / "hmip-adult-pdu-2021.yaml"
    text = source.read_text(encoding="utf-8")
    changed.write_text(text.replace("min: 50, max: 64", "min: 35, max: 64").replace(
        "min: 0, max: 49", "min: 0, max: 34"), encoding="utf-8")  # fmt: skip
    for command in ("rate", "report", "validate"):
        args = ["--check"] if command == "report" else []
        result = run(command, folder, "--framework-file", changed, *args)
        assert result.exit_code == 2, (command, result.output)
        assert "inspection.csv: row 2, column framework_hash" in result.output
        assert "has changed since publication" in result.output
        assert "bands.ranges[requires_improvement].min: 50 → 35" in result.output
