"""The youth justice (2021) and adult PDU (2023) frameworks, and their fictional example
inspections: the files load with the shape specified, the examples are exactly what their
seeded generator writes, and every command reads, rates and reports them."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from probity.cli import app
from probity.framework import RuleKind, available_frameworks, load_framework
from probity.framework.applicability import question_rules
from probity.framework.conditions import holds
from probity.framework.registry import ENVIRONMENT_VARIABLE, shipped_dir

from .conftest import ROOT

runner = CliRunner()
GENERATOR = ROOT / "examples" / "generate_examples.py"
YOUTH_ID, ADULT_ID = "hmip-youth-justice-2021", "hmip-adult-pdu-2023"
YOUTH = ROOT / "examples" / "youth-demo"
ADULT = ROOT / "examples" / "adult-2023-demo"
ADULT_2021_DEMO = ROOT / "examples" / "demo"

YOUTH_CASE = {
    "disposal": "court", "disposal_type": "referral_order", "sex": "male",
    "age_band": "15_17", "ethnic_group": "white", "looked_after": False, "disability": False,
    "neet": False, "safety_wellbeing": "medium", "risk_of_harm": "medium",
}  # fmt: skip
OUT_OF_COURT_CASE = {
    **YOUTH_CASE,
    "disposal": "out_of_court",
    "disposal_type": "community_resolution",
}


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def generator() -> ModuleType:
    """The generator script, imported as a module."""
    if "generate_examples" in sys.modules:
        return sys.modules["generate_examples"]
    spec = importlib.util.spec_from_file_location("generate_examples", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_examples"] = module
    spec.loader.exec_module(module)
    return module


def csv_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def copy_of(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


# --- The youth justice framework -----------------------------------------------------------


@pytest.fixture(scope="module")
def youth():
    return load_framework(YOUTH_ID)


@pytest.fixture(scope="module")
def adult2023():
    return load_framework(ADULT_ID)


def test_both_frameworks_are_shipped_and_load():
    ids = {f.id for f in available_frameworks()}
    assert {YOUTH_ID, ADULT_ID} <= ids
    for framework_id in (YOUTH_ID, ADULT_ID):
        assert load_framework(framework_id).id == framework_id


def test_the_youth_framework_has_its_thirteen_standards_in_four_domains(youth):
    by_domain = {d.id: [(s.id, s.name, s.rule) for s in d.standards] for d in youth.domains}
    lowest, judged = RuleKind.BAND_OF_LOWEST_KEY_QUESTION, RuleKind.JUDGEMENT
    assert by_domain == {
        "1": [
            ("1.1", "Governance and leadership", judged),
            ("1.2", "Staff", judged),
            ("1.3", "Partnerships and services", judged),
            ("1.4", "Information and facilities", judged),
        ],
        "2": [
            ("2.1", "Assessment", lowest),
            ("2.2", "Planning", lowest),
            ("2.3", "Implementation and delivery", lowest),
            ("2.4", "Reviewing", lowest),
        ],
        "3": [
            ("3.1", "Assessment", lowest),
            ("3.2", "Planning", lowest),
            ("3.3", "Implementation and delivery", lowest),
            ("3.4", "Out-of-court disposal policy and provision", judged),
        ],
        "4": [("4.1", "Resettlement policy and provision", judged)],
    }
    assert [d.name for d in youth.domains] == [
        "Organisational delivery",
        "Court disposals",
        "Out-of-court disposals",
        "Resettlement",
    ]
    assert youth.decision_rules == ()
    for standard in youth.standards:
        if standard.rule is judged:
            assert standard.questions, standard.id


def test_each_youth_casework_standard_asks_the_three_key_questions(youth):
    casework = [s for s in youth.standards if s.rule.is_casework]
    assert len(casework) == 7
    for standard in casework:
        ids = [kq.id for kq in standard.key_questions]
        assert ids == [f"{standard.id}.{n}" for n in (1, 2, 3)]
        desistance, child, others = (kq.text for kq in standard.key_questions)
        assert "desistance" in desistance
        assert "the child" in child
        assert "other people" in others
        for kq in standard.key_questions:
            assert kq.prompts
            assert all(p.id.startswith(kq.id + ".") for p in kq.prompts)
    prompt_ids = [p.id for p in youth.prompts]
    assert len(prompt_ids) == len(set(prompt_ids))
    assert not set(prompt_ids) & set(youth.key_question_ids)


def test_the_youth_score_is_out_of_36_from_twelve_scored_standards(youth):
    assert len(youth.rated_standards) == 13
    assert len(youth.scored_standards) == 12
    assert youth.max_score == 36
    overall = {b.rating: (b.min, b.max) for b in youth.overall.ranges}
    assert overall == {
        "inadequate": (0, 6),
        "requires_improvement": (7, 18),
        "good": (19, 30),
        "outstanding": (31, 36),
    }
    assert [(b.rating, b.min) for b in youth.bands.ranges] == [
        ("outstanding", 80),
        ("good", 65),
        ("requires_improvement", 50),
        ("inadequate", 0),
    ]


def test_the_resettlement_standard_is_rated_but_not_scored(youth):
    resettlement = youth.standard("4.1")
    assert resettlement.rated
    assert not resettlement.scored
    assert not resettlement.counts_in_score
    assert resettlement not in youth.scored_standards


def test_the_youth_wording_speaks_of_children_and_the_youth_justice_service(youth):
    assert youth.wording.cover_title == "An inspection of youth justice services in:"
    assert youth.wording.population == "children"
    assert youth.wording.region_line is None
    assert youth.organisation.column == "service"
    assert youth.organisation.label == "Youth justice service (YJS)"
    assert not youth.organisation.region_required
    assert youth.publisher == "HM Inspectorate of Probation"
    assert youth.marker("**").may_be_na
    assert youth.annexe_note is not None
    assert "**" in youth.annexe_note


def test_court_questions_are_not_asked_on_out_of_court_cases_and_the_reverse(youth):
    on_court = question_rules(youth, YOUTH_CASE)
    on_out_of_court = question_rules(youth, OUT_OF_COURT_CASE)
    domain_of = {q: youth.domain_of[r.standard_id].id for q, r in on_court.items()}
    assert set(domain_of.values()) == {"2", "3"}
    for question_id, domain in domain_of.items():
        court, out_of_court = on_court[question_id], on_out_of_court[question_id]
        if domain == "2":
            assert court.asked, question_id
            assert not out_of_court.asked, question_id
            assert "domain 2" in out_of_court.reason
        else:
            assert out_of_court.asked, question_id
            assert not court.asked, question_id
            assert "domain 3" in court.reason


def test_a_disposal_type_must_match_its_disposal(youth):
    for case, broken in (
        ({**YOUTH_CASE, "disposal_type": "youth_caution"}, "out-of-court disposal"),
        ({**OUT_OF_COURT_CASE, "disposal_type": "custodial_sentence"}, "a court disposal"),
    ):
        (message,) = [
            c.message
            for c in youth.case_profile.constraints
            if holds(c.when, case) and not holds(c.require, case)
        ]
        assert broken in message


# --- The adult PDU framework, 2023 ---------------------------------------------------------


def test_the_2023_adult_framework_has_seven_rated_standards(adult2023):
    by_domain = {d.id: [(s.id, s.name) for s in d.standards] for d in adult2023.domains}
    assert by_domain == {
        "1": [("1.1", "Leadership"), ("1.2", "Staffing"), ("1.3", "Services")],
        "2": [
            ("2.1", "Assessment"),
            ("2.2", "Planning"),
            ("2.3", "Implementation and delivery"),
            ("2.4", "Reviewing"),
        ],
    }
    assert [d.name for d in adult2023.domains] == [
        "Organisational arrangements and delivery",
        "Service delivery",
    ]
    assert len(adult2023.rated_standards) == len(adult2023.scored_standards) == 7
    assert adult2023.max_score == 21
    for standard in adult2023.standards[3:]:
        assert standard.rule is RuleKind.BAND_OF_LOWEST_KEY_QUESTION
        assert [kq.id for kq in standard.key_questions] == [f"{standard.id}.{n}" for n in (1, 2, 3)]
    assert len(adult2023.key_questions) == 12


def test_the_2023_adult_framework_has_no_court_work_and_caps_services_only(adult2023):
    assert "court_report" not in adult2023.case_profile.by_id
    assert not any("court" in s.name.lower() for s in adult2023.standards)
    assert not any(s.rule is RuleKind.REPORTED_NOT_RATED for s in adult2023.standards)
    (rule,) = adult2023.decision_rules
    assert (rule.standard, rule.kind, rule.of_standard) == ("1.3", "cap_at_rating_of", "2.3")
    assert rule.assumption
    assert adult2023.standard("1.1").rule is RuleKind.JUDGEMENT
    assert adult2023.standard("1.1").assumption


def test_the_2023_public_protection_prompts_are_the_2025_wording(adult2023):
    texts = {p.id: p.text for p in adult2023.prompts}
    assert texts["2.1.3.a"] == (
        "Does assessment identify and analyse clearly any risk of harm to others?"
    )
    assert texts["2.2.3.a"].startswith("Does planning address sufficiently risk of harm factors")
    assert adult2023.standard("2.1").key_questions[2].assumption is None


def test_every_unconfirmed_overall_band_says_so(youth, adult2023):
    for fw in (youth, adult2023):
        assert fw.overall.assumption
        assert fw.bands.assumption


# --- The generator -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    assert generator().main(["--out", str(first)]) == 0
    assert generator().main(["--out", str(second)]) == 0
    return first, second


@pytest.mark.parametrize("folder", [YOUTH, ADULT], ids=lambda p: p.name)
def test_the_generator_writes_the_same_bytes_on_every_run(two_runs, folder):
    first, second = two_runs
    assert csv_bytes(first / folder.name) == csv_bytes(second / folder.name)
    assert len(csv_bytes(first / folder.name)) == 11  # every table of the bundle


@pytest.mark.parametrize("folder", [YOUTH, ADULT], ids=lambda p: p.name)
def test_the_committed_example_is_exactly_what_the_generator_writes(two_runs, folder):
    assert csv_bytes(folder) == csv_bytes(two_runs[0] / folder.name)


def test_the_youth_sample_mixes_court_and_out_of_court_cases():
    cases = rows(YOUTH, "cases")
    disposals = [c["disposal"] for c in cases]
    assert disposals.count("court") >= 30
    assert disposals.count("out_of_court") >= 15
    assert all(re.fullmatch(r"Y\d{3}", c["case_id"]) for c in cases)
    assert {c["inspector"] for c in cases} <= {f"Inspector {x}" for x in "ABCDEF"}


def test_the_adult_sample_has_about_fifty_cases():
    cases = rows(ADULT, "cases")
    assert 45 <= len(cases) <= 55
    assert {"community", "post_custody"} == {c["case_type"] for c in cases}


@pytest.mark.parametrize("folder", [YOUTH, ADULT], ids=lambda p: p.name)
def test_the_example_holds_every_kind_of_record(folder):
    recommendations = rows(folder, "recommendations")
    current = [r for r in recommendations if r["kind"] == "current"]
    assert 3 <= len(current) <= 5
    assert len(recommendations) - len(current) == 2
    assert len(rows(folder, "practice_examples")) == 2
    assert all(r["ref"] for r in rows(folder, "surveys"))
    assert rows(folder, "staffing")
    assert rows(folder, "sample_windows")
    assert all(r["evidence"] for r in rows(folder, "judgements"))
    narrative = " ".join(r["text"] for r in rows(folder, "narrative"))
    for name in ("kq[", "sample.", "standard[", "survey."):
        assert "{{ " + name in narrative, name


def test_the_youth_narrative_speaks_of_children_not_probation():
    narrative = " ".join(r["text"] for r in rows(YOUTH, "narrative"))
    assert "children" in narrative
    assert "youth justice service" in narrative
    assert "probation" not in narrative.lower()


# --- The commands on the examples ----------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "cases"), [(YOUTH, 48), (ADULT, 50)], ids=["youth-demo", "adult-2023-demo"]
)
def test_the_example_validates(folder, cases):
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    assert f"valid ({cases} cases" in result.output


def test_the_youth_example_rates_good_with_resettlement_outside_the_score():
    result = run("rate", YOUTH, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["score"], document["max_score"], document["overall"]) == (19, 36, "good")
    assert document["standards"]["4.1"] == "outstanding"
    assert len(set(document["standards"].values())) == 4  # every rating occurs
    (resettlement,) = [d for d in document["details"] if d["id"] == "4.1"]
    assert resettlement["scored"] is False


def test_the_resettlement_rating_adds_nothing_to_the_score(tmp_path):
    folder = copy_of(YOUTH, tmp_path)
    judgements = (folder / "judgements.csv").read_text(encoding="utf-8")
    assert "\n4.1,outstanding," in judgements
    (folder / "judgements.csv").write_text(
        judgements.replace("\n4.1,outstanding,", "\n4.1,inadequate,"), encoding="utf-8"
    )
    before = json.loads(run("rate", YOUTH, "--json").output)
    after = json.loads(run("rate", folder, "--json").output)
    assert after["standards"]["4.1"] == "inadequate"
    assert (after["score"], after["max_score"]) == (before["score"], before["max_score"])


def test_the_adult_2023_example_rates_out_of_21():
    result = run("rate", ADULT, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["score"], document["max_score"]) == (8, 21)
    assert document["overall"] == "requires_improvement"
    assert set(document["standards"]) == {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"}
    assert document["standards"]["1.3"] == document["standards"]["2.3"]  # the cap binds


@pytest.mark.parametrize("folder", [YOUTH, ADULT], ids=lambda p: p.name)
def test_stats_works_on_the_example(folder):
    result = run("stats", folder, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["sample"]["cases"] == len(rows(folder, "cases"))


def test_stats_counts_the_youth_key_data():
    document = json.loads(run("stats", YOUTH, "--json").output)
    counts = document["sample"]["counts"]
    assert (counts["court"], counts["out_of_court"]) == (32, 16)
    assert document["questions"]["2.1.1"]["applicable"] == 32
    assert document["questions"]["3.1.1"]["applicable"] == 16


@pytest.mark.parametrize("folder", [YOUTH, ADULT], ids=lambda p: p.name)
def test_the_html_report_is_written(folder, tmp_path):
    result = run("report", folder, "--format", "html", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.html").stat().st_size > 0


def visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_youth_report_never_speaks_of_probation_but_in_the_publishers_name(tmp_path):
    assert run("report", YOUTH, "--format", "html", "--out", tmp_path).exit_code == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert "HM Inspectorate of Probation" in text
    # The publisher's statement of its own role (it inspects probation services too) and its
    # web address are the publisher's words about itself.
    fw = load_framework(YOUTH_ID)
    assert fw.front_matter is not None
    for own in (*fw.front_matter.role, fw.front_matter.availability or ""):
        assert " ".join(own.split()) in " ".join(text.split())
        text = " ".join(text.split()).replace(" ".join(own.split()), "")
    rest = text.replace("HM Inspectorate of Probation", "")
    assert "probation" not in rest.lower()
    assert "people on probation" not in html.lower()
    assert "children" in text


def test_the_narrative_of_each_example_quotes_only_supported_figures():
    for folder in (YOUTH, ADULT):
        result = run("report", folder, "--check")
        assert result.exit_code == 0, result.output


def test_an_answer_to_a_question_not_asked_is_a_located_error(tmp_path):
    folder = copy_of(YOUTH, tmp_path)
    court_case = next(c["case_id"] for c in rows(folder, "cases") if c["disposal"] == "court")
    answers = folder / "answers.csv"
    n = len(rows(folder, "answers"))
    with answers.open("a", encoding="utf-8", newline="") as f:
        f.write(f"{court_case},3.1.1,yes,\n")
    result = run("validate", folder, "--json")
    assert result.exit_code == 2
    (error,) = json.loads(result.output)["errors"]
    assert error["source"].endswith("answers.csv")
    assert error["place"] == f"row {n + 2}, column question_id"
    assert f"3.1.1 is not asked on case {court_case}" in error["message"]
    assert "domain 3 (Out-of-court disposals)" in error["message"]


def test_a_court_case_with_an_out_of_court_disposal_type_is_a_located_error(tmp_path):
    folder = copy_of(YOUTH, tmp_path)
    text = (folder / "cases.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if ",court,referral_order," in line)
    lines[row] = lines[row].replace(",court,referral_order,", ",court,youth_caution,")
    (folder / "cases.csv").write_text("".join(lines), encoding="utf-8")
    result = run("validate", folder, "--json")
    assert result.exit_code == 2
    errors = json.loads(result.output)["errors"]
    assert [(e["source"].rsplit("/", 1)[-1], e["place"]) for e in errors] == [
        ("cases.csv", f"row {row + 1}, column disposal_type")
    ]
    assert "must be out_of_court" in errors[0]["message"]


# --- A frameworks directory of one's own ---------------------------------------------------


@pytest.fixture
def youth_only(tmp_path, monkeypatch):
    folder = tmp_path / "frameworks"
    folder.mkdir()
    shutil.copy(shipped_dir() / f"{YOUTH_ID}.yaml", folder)
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(folder))
    return folder


def test_with_only_the_youth_framework_the_youth_example_is_read_rated_and_reported(
    youth_only, tmp_path
):
    assert [f.id for f in available_frameworks()] == [YOUTH_ID]
    assert run("validate", YOUTH).exit_code == 0
    rated = run("rate", YOUTH, "--json")
    assert rated.exit_code == 0, rated.output
    assert json.loads(rated.output)["max_score"] == 36
    out = tmp_path / "report"
    reported = run("report", YOUTH, "--format", "html", "--out", out)
    assert reported.exit_code == 0, reported.output
    assert (out / "report.html").is_file()


def test_with_only_the_youth_framework_the_adult_demo_is_refused(youth_only):
    result = run("validate", ADULT_2021_DEMO)
    assert result.exit_code == 2
    assert "unknown framework" in " ".join(result.output.split())


# --- The PDF -------------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("folder", [YOUTH, ADULT], ids=lambda p: p.name)
def test_the_pdf_report_is_written(folder, tmp_path):
    result = run("report", folder, "--format", "pdf", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


# --- Every framework by its id -------------------------------------------------------------


def test_probity_frameworks_lists_the_three_shipped_frameworks_checked():
    result = run("frameworks", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)["frameworks"]
    assert [f["id"] for f in listed] == [
        "hmip-adult-pdu-2021",
        "hmip-adult-pdu-2023",
        YOUTH_ID,
    ]
    assert all(f["title"] and not f["problems"] and len(f["content_hash"]) == 64 for f in listed)
    assert YOUTH_ID in run("frameworks").output


def test_probity_frameworks_names_a_broken_file_and_exits_2(youth_only):
    (youth_only / "broken.yaml").write_text("id: other\n", encoding="utf-8")
    result = run("frameworks", "--json")
    assert result.exit_code == 2
    broken = next(f for f in json.loads(result.output)["frameworks"] if f["id"] == "broken")
    assert "title: Field required" in broken["problems"]
    assert broken["title"] is None


@pytest.mark.parametrize("folder", [YOUTH, ADULT], ids=lambda p: p.name)
def test_a_summary_names_the_framework_by_its_id_and_rates_as_the_bundle(folder, tmp_path):
    summary = run("summary", folder)
    assert summary.exit_code == 0, summary.output
    path = tmp_path / "summary.yaml"
    path.write_text(summary.output, encoding="utf-8")
    from_summary = run("rate", path, "--json")
    assert from_summary.exit_code == 0, from_summary.output
    a, b = json.loads(from_summary.output), json.loads(run("rate", folder, "--json").output)
    assert a["framework"] == b["framework"]
    for key in ("standards", "score", "max_score", "overall"):
        assert a[key] == b[key], key


def test_the_youth_figures_come_from_the_cases_each_question_is_asked_on():
    from probity.bundle import read_bundle
    from probity.pipeline import inspect_bundle

    results = inspect_bundle(read_bundle(YOUTH))
    court = sum(1 for c in results.bundle.cases if c.attributes["disposal"] == "court")
    out_of_court = len(results.bundle.cases) - court
    for kq in results.framework.key_questions:
        expected = court if kq.id.startswith("2.") else out_of_court
        assert results.figures[kq.id].applicable == expected, kq.id
    asked = {(a.case_id, a.question_id) for a in results.bundle.answers}
    for case in results.bundle.cases:
        other = "3." if case.attributes["disposal"] == "court" else "2."
        assert not any(q.startswith(other) for c, q in asked if c == case.case_id)


def test_the_youth_template_workbook_has_the_frameworks_columns_and_lists(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "youth.xlsx"
    result = run("template", out, "--framework", YOUTH_ID)
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert [c.value for c in wb["inspection"][1]][:2] == ["inspection_id", "service"]
    header = [c.value for c in wb["cases"][1]]
    assert header[0] == "case_id"
    assert header[1] == "disposal"
    assert header[-1] == "inspector"
    lists = [dv.formula1 for dv in wb["cases"].data_validations.dataValidation]
    assert '"court,out_of_court"' in lists
