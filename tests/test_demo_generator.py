"""The demonstration bundle: deterministic, faithful to the published figures, within the rules.

The checks read the CSV files with the csv module and count answers themselves, independently
of the generator and of the package's own aggregation.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from probity.bundle.schema import TABLES, tables_for
from probity.framework import load_framework

ROOT = Path(__file__).parent.parent
GENERATOR = ROOT / "examples" / "generate_demo.py"
DEMO = ROOT / "examples" / "demo"
SEED = yaml.safe_load((Path(__file__).parent / "fixtures" / "seed_figures.yaml").read_text("utf-8"))
FRAMEWORK = load_framework("hmip-adult-pdu-2021")


def generator() -> ModuleType:
    """The generator script, imported as a module."""
    if "generate_demo" in sys.modules:
        return sys.modules["generate_demo"]
    spec = importlib.util.spec_from_file_location("generate_demo", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_demo"] = module
    spec.loader.exec_module(module)
    return module


@cache
def table(name: str) -> list[dict[str, str]]:
    with (DEMO / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def cases() -> dict[str, dict[str, str]]:
    return {row["case_id"]: row for row in table("cases")}


@cache
def answers() -> dict[tuple[str, str], str]:
    return {(row["case_id"], row["question_id"]): row["answer"] for row in table("answers")}


def half_up(yes: int, applicable: int) -> int:
    return int((Decimal(100 * yes) / Decimal(applicable)).quantize(Decimal(1), ROUND_HALF_UP))


@cache
def tallies() -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for (_, question_id), answer in answers().items():
        counts.setdefault(question_id, Counter())[answer] += 1
    return counts


def yes_and_applicable(question_id: str) -> tuple[int, int]:
    given = tallies()[question_id]
    return given["yes"], given["yes"] + given["no"]


def question_ids() -> list[str]:
    return [kq.id for kq in FRAMEWORK.key_questions] + [p.id for p in FRAMEWORK.prompts]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    assert generator().main(["--out", str(first)]) == 0
    assert generator().main(["--out", str(second)]) == 0
    return first, second


def csv_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


# --- Determinism ---------------------------------------------------------------------------


def test_the_generator_writes_the_same_bytes_on_every_run(two_runs):
    first, second = two_runs
    assert csv_bytes(first) == csv_bytes(second)
    assert set(csv_bytes(first)) == {f"{t.name}.csv" for t in TABLES if not t.omit_when_empty}


def test_the_committed_demo_is_exactly_what_the_generator_writes(two_runs):
    assert csv_bytes(DEMO) == csv_bytes(two_runs[0])


def test_the_files_are_utf8_with_unix_line_endings():
    for name, data in csv_bytes(DEMO).items():
        data.decode("utf-8")
        assert b"\r" not in data, name
        assert data.endswith(b"\n"), name


# --- Shape ---------------------------------------------------------------------------------


# Every table the demonstration holds: all but those written only where they have rows.
ADULT_TABLES = [
    t for t in tables_for(load_framework("hmip-adult-pdu-2021")) if not t.omit_when_empty
]


@pytest.mark.parametrize("schema_table", ADULT_TABLES, ids=lambda t: t.name)
def test_every_table_has_the_schema_columns_in_schema_order(schema_table):
    with (DEMO / f"{schema_table.name}.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    # An optional later column is written only where a row fills it (the ISBN, here).
    written = tuple(
        c.name
        for c in schema_table.columns
        if not c.omit_when_blank or any(row.get(c.name) for row in table(schema_table.name))
    )
    assert tuple(header) == written


@pytest.mark.parametrize("schema_table", ADULT_TABLES, ids=lambda t: t.name)
def test_every_value_is_one_the_schema_allows(schema_table):
    for row in table(schema_table.name):
        for column in schema_table.columns:
            if column.omit_when_blank and column.name not in row:
                continue
            value = row[column.name]
            if not value:
                assert not column.required, (schema_table.name, column.name, row)
            elif column.choices:
                assert value in column.choices, (schema_table.name, column.name, value)
            elif column.type == "boolean":
                assert value in ("yes", "no"), (schema_table.name, column.name, value)


def test_the_inspection_row_is_as_published():
    (row,) = table("inspection")
    assert row == {
        "inspection_id": "staffordshire-stoke-2022",
        "pdu": "Staffordshire and Stoke PDU",
        "region": "West Midlands",
        "framework": "hmip-adult-pdu-2021",
        "fieldwork_start": "2022-06-13",
        "fieldwork_end": "2022-06-17",
        "published": "2022-08-01",
        "lead_inspector": "",
        "cases_interviewed": "75",
        "isbn": "978-1-914478-78-9",
    }
    windows = [(w["start"], w["end"]) for w in table("sample_windows")]
    assert windows == [("2021-11-01", "2021-11-07"), ("2021-11-29", "2021-12-05")]


# --- The published figures -----------------------------------------------------------------


@pytest.mark.parametrize("kq_id", sorted(SEED["key_questions"]))
def test_every_key_question_percentage_equals_the_published_figure(kq_id):
    yes, applicable = yes_and_applicable(kq_id)
    expected_cases = 37 if kq_id == "2.1.1" else 79
    assert applicable == expected_cases
    assert half_up(yes, applicable) == SEED["key_questions"][kq_id]


def test_the_seed_figures_cover_every_prompt_of_the_framework():
    assert set(SEED["prompts"]) == {p.id for p in FRAMEWORK.prompts}
    assert len(SEED["prompts"]) == 66


@pytest.mark.parametrize("prompt_id", sorted(SEED["prompts"]))
def test_every_prompt_percentage_is_within_one_point_of_annexe_three(prompt_id):
    yes, applicable = yes_and_applicable(prompt_id)
    assert abs(half_up(yes, applicable) - SEED["prompts"][prompt_id]) <= 1


@pytest.mark.parametrize("prompt_id", sorted(SEED["prompts"]))
def test_every_prompt_is_exact_wherever_its_applicable_cases_allow(prompt_id):
    yes, applicable = yes_and_applicable(prompt_id)
    target = SEED["prompts"][prompt_id]
    if any(half_up(y, applicable) == target for y in range(applicable + 1)):
        assert half_up(yes, applicable) == target


def test_only_the_post_custody_prompts_of_29_cases_miss_their_figure():
    missed = {
        p: yes_and_applicable(p)
        for p, target in SEED["prompts"].items()
        if half_up(*yes_and_applicable(p)) != target
    }
    assert missed == {"2.4.pc.a": (5, 29), "2.4.pc.c": (4, 29)}


def test_the_narrative_denominators_are_used_where_compatible():
    assert yes_and_applicable("2.4.2.c")[1] == 66
    assert yes_and_applicable("2.4.3.a")[1] == 74


# --- The sample ----------------------------------------------------------------------------


def test_the_sample_has_the_published_make_up():
    rows = list(cases().values())
    sample = SEED["sample"]
    assert [r["case_id"] for r in rows] == [f"C{n:03d}" for n in range(1, 80)]
    kinds = Counter(r["case_type"] for r in rows)
    assert (kinds["community"], kinds["post_custody"]) == (
        sample["community"],
        sample["post_custody"],
    )
    assert sum(r["court_report"] == "yes" for r in rows) == sample["court_reports"]
    assert sum(r["gender"] == "female" for r in rows) == sample["women"]
    assert sum(r["practitioner_grade"] == "PQiP" for r in rows) == sample["pqip"]
    high = [r for r in rows if r["rosh"] in ("high", "very_high")]
    assert len(high) == sample["high_rosh"]
    assert sum(r["case_type"] == "post_custody" for r in high) == sample["high_rosh_post_custody"]


def test_the_case_characteristics_give_the_published_proportions():
    rows = list(cases().values())
    shares = SEED["characteristics"]["inspection_data"]
    counted = {
        "female": sum(r["gender"] == "female" for r in rows),
        "black_asian_minority_ethnic": sum(
            r["ethnic_group"] not in ("white", "not_recorded") for r in rows
        ),
        "disability": sum(r["disability"] == "yes" for r in rows),
        "drug_misuse": sum(r["drug_misuse"] == "yes" for r in rows),
        "alcohol_misuse": sum(r["alcohol_misuse"] == "yes" for r in rows),
    }
    assert {k: half_up(v, len(rows)) for k, v in counted.items()} == shares


def test_unpaid_work_only_cases_are_community_cases():
    uwo = [r for r in cases().values() if r["unpaid_work_only"] == "yes"]
    assert 5 <= len(uwo) <= 12
    assert all(r["case_type"] == "community" for r in uwo)


def test_the_inspectors_are_fictional_and_share_the_cases():
    per_inspector = Counter(r["inspector"] for r in cases().values())
    assert set(per_inspector) == {f"Inspector {c}" for c in "ABCDEF"}
    assert max(per_inspector.values()) - min(per_inspector.values()) <= 1


# --- The answering rules -------------------------------------------------------------------


def allowed(prompt, case: dict[str, str]) -> set[str]:
    # Annexe three's rules, written out here apart from the framework's conditions.
    if prompt.id.startswith("2.4.pc."):
        return {"yes", "no"} if case["case_type"] == "post_custody" else {"na"}
    markers = set(prompt.markers)
    if "*" in markers and case["unpaid_work_only"] == "yes":
        return {"na"}
    return {"yes", "no", "na"} if "**" in markers else {"yes", "no"}


def test_court_work_is_answered_for_every_court_report_case_and_no_other():
    court_ids = ["2.1.1"] + [p.id for p in FRAMEWORK.standard("2.1").prompts]
    for case_id, case in cases().items():
        answered = {q for q in court_ids if (case_id, q) in answers()}
        assert answered == (set(court_ids) if case["court_report"] == "yes" else set()), case_id


def test_every_other_key_question_is_yes_or_no_on_every_case():
    for kq in FRAMEWORK.key_questions:
        if kq.id == "2.1.1":
            continue
        for case_id in cases():
            assert answers()[(case_id, kq.id)] in ("yes", "no"), (case_id, kq.id)


def test_every_prompt_is_answered_on_every_case_in_scope_as_its_markers_allow():
    for standard in FRAMEWORK.standards:
        for prompt in standard.prompts:
            for case_id, case in cases().items():
                if standard.id == "2.1" and case["court_report"] != "yes":
                    continue
                answer = answers().get((case_id, prompt.id))
                assert answer in allowed(prompt, case), (case_id, prompt.id, answer)


def test_post_custody_prompts_are_na_on_community_cases_only():
    for prompt_id in ("2.4.pc.a", "2.4.pc.b", "2.4.pc.c"):
        for case_id, case in cases().items():
            answer = answers()[(case_id, prompt_id)]
            assert (answer == "na") == (case["case_type"] == "community"), (case_id, prompt_id)


def test_no_answer_names_an_unknown_case_or_question_and_none_is_repeated():
    keys = [(row["case_id"], row["question_id"]) for row in table("answers")]
    assert len(keys) == len(set(keys))
    assert {c for c, _ in keys} <= set(cases())
    assert {q for _, q in keys} <= set(question_ids())


def test_notes_are_on_a_few_key_question_answers_only():
    noted = [row for row in table("answers") if row["note"]]
    kq_ids = {kq.id for kq in FRAMEWORK.key_questions}
    assert 0 < len(noted) <= 20
    assert all(row["question_id"] in kq_ids for row in noted)


# --- The report's other tables -------------------------------------------------------------


def test_the_judgements_are_the_published_ratings_with_evidence():
    judged = {row["standard_id"]: row["rating"] for row in table("judgements")}
    assert judged == {s: SEED["ratings"]["standards"][s] for s in ("1.1", "1.2", "1.3", "1.4")}
    assert all(row["evidence"] for row in table("judgements"))


def test_staffing_holds_every_annexe_two_row_and_the_services_figures():
    rows = table("staffing")
    expected = sum(len(v) for v in SEED["staffing"].values()) + 3
    assert len(rows) == expected
    assert Counter(r["section"] for r in rows)["services"] == 3
    blanks = [r["measure"] for r in rows if r["value"] == ""]
    assert len(blanks) == 2  # the two "Not available" rows


def test_survey_counts_reproduce_the_quoted_figures():
    rows = table("surveys")
    staff = [r for r in rows if r["survey"] == "staff"]
    assert len(staff) == len(SEED["surveys"]["staff"])
    for row in rows:
        assert 0 <= int(row["positive"]) <= int(row["respondents"])
    percents = {
        item["question"]: item["percent"]
        for survey in ("practitioner_interviews", "people_on_probation")
        for item in SEED["surveys"][survey]["items"]
        if "percent" in item
    }
    for row in rows:
        if row["survey"] != "staff" and row["question"] in percents:
            got = half_up(int(row["positive"]), int(row["respondents"]))
            assert got == percents[row["question"]]


def test_the_recommendations_are_seven_current_and_eleven_previous():
    rows = table("recommendations")
    current = [r for r in rows if r["kind"] == "current"]
    previous = [r for r in rows if r["kind"] == "previous"]
    assert [r["number"] for r in current] == [str(n) for n in range(1, 8)]
    assert [r["number"] for r in previous] == [str(n) for n in range(1, 12)]
    assert {r["addressed_to"] for r in current[:5]} == {"Staffordshire and Stoke PDU"}
    assert {r["addressed_to"] for r in current[5:]} == {"West Midlands region"}
    assert Counter(r["progress"] for r in previous) == {
        "no_progress": 7,
        "some_progress": 1,
        "sufficient_progress": 3,
    }


def test_the_practice_examples_are_the_reports_eight_under_its_pseudonyms():
    rows = table("practice_examples")
    assert len(rows) == 8
    names = [r["pseudonym"] for r in rows if r["pseudonym"]]
    assert sorted(names) == sorted(["Jonny", "Stephen", "Alice", "Michael", "Sean", "George"])


# --- The narrative -------------------------------------------------------------------------

CONTRADICTIONS = ROOT / "docs" / "seed-contradictions.md"
REFERENCE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# The names a paragraph can quote, and their attributes (docs/narrative.md).
FIGURE = {"pct", "yes", "no", "applicable", "per_cent"}
SAMPLE = {"cases", "community", "post_custody", "court_reports", "women", "pqip", "high_rosh"}
CHARACTERISTICS = {
    "female",
    "black_asian_minority_ethnic",
    "disability",
    "drug_misuse",
    "alcohol_misuse",
}
SECTION_ORDER = [
    "acknowledgements",
    "foreword",
    "background",
    "domain:1",
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "domain:2",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "2.5",
    "2.6",
]
# The figures about the inspection's own evidence that the data does not give, left in the
# narrative as printed so that `probity report --check` lists them; docs/seed-contradictions.md
# says why each is there.
LITERAL_FIGURES = {
    "1.1": ["28 out of 69", "29 out of 74"],
    "1.2": ["25 per cent"],
    "1.3": [
        "86 per cent",
        "74 per cent",
        "70 per cent",
        "41 per cent",
        "29 per cent",
        "44 per cent",
    ],
    "1.4": ["38 per cent", "76 per cent"],
    "2.4": ["28 out of 69", "29 out of 74", "38 out of 66", "35 out of 64"],
    "2.6": ["10 of 29", "34 per cent", "27 per cent"],
}
LITERAL_FIGURE = re.compile(r"\b\d[\d,.]*(?: per cent|%| out of \d+| of \d+)")


def narrative() -> list[dict[str, str]]:
    return table("narrative")


def refs(name: str) -> list[str]:
    return [row["ref"] for row in table(name) if row["ref"]]


def reference_problem(expression: str) -> str | None:
    """Why an expression names nothing that exists (None if it does)."""
    expression = expression.strip()
    if expression in ("score", "max_score", "overall"):
        return None
    if re.fullmatch(r'"[^"{}|]+"\s*\|\s*stated', expression):
        return None
    bound = re.fullmatch(r'\s*"[^"{}|]+"\s*\|\s*about\((.+?)(?:,\s*"(?:yes|no)")?\)\s*', expression)
    if bound:
        return reference_problem(bound.group(1))
    indexed = re.fullmatch(r'(kq|prompt|standard)\["([^"\]]+)"\](?:\.(\w+))?', expression)
    dotted = re.fullmatch(
        r"(sample|characteristics|survey|staffing)\.(\w+)(?:\.(\w+))?", expression
    )
    match = indexed or dotted
    if match is None:
        return "not a name"
    kind, name, attribute = match.groups()
    known, attributes = {
        "kq": ({kq.id for kq in FRAMEWORK.key_questions}, FIGURE),
        "prompt": ({p.id for p in FRAMEWORK.prompts}, FIGURE),
        "standard": ({s.id for s in FRAMEWORK.standards}, {"rating", "driver"}),
        "sample": (SAMPLE, set()),
        "characteristics": (CHARACTERISTICS, {"count", "of", "pct"}),
        "survey": (set(refs("surveys")), {"positive", "respondents", "pct"}),
        "staffing": (set(refs("staffing")), {"value"}),
    }[kind]
    if name not in known:
        return f"no {kind} {name}"
    if attribute is not None and attribute not in attributes:
        return f"{kind} has no .{attribute}"
    return None


def references() -> list[tuple[str, str]]:
    return [(row["section"], e) for row in narrative() for e in REFERENCE.findall(row["text"])]


def test_the_narrative_quotes_only_names_that_exist():
    problems = [(s, e, reference_problem(e)) for s, e in references() if reference_problem(e)]
    assert problems == []
    assert len(references()) > 80


def test_the_narrative_quotes_figures_of_every_kind():
    kinds = {re.match(r'\s*"?(\w+)', e).group(1) for _, e in references()}
    assert {"kq", "prompt", "standard", "overall", "sample", "survey", "staffing"} <= kinds


def test_no_brace_is_left_outside_a_reference():
    for row in narrative():
        rest = REFERENCE.sub("", row["text"])
        assert "{" not in rest, row["text"]
        assert "}" not in rest, row["text"]


def test_the_refs_are_unique_names_and_every_one_is_quoted():
    quoted: dict[str, set[str]] = {"survey": set(), "staffing": set()}
    for _, expression in references():
        if m := re.fullmatch(r"\s*(survey|staffing)\.(\w+).*", expression, re.DOTALL):
            quoted[m.group(1)].add(m.group(2))
    for name, kind in (("surveys", "survey"), ("staffing", "staffing")):
        names = refs(name)
        assert len(names) == len(set(names)), name
        assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", r) for r in names), name
        assert set(names) == quoted[kind], name


def test_the_narrative_sections_are_the_reports_in_its_order():
    sections = [row["section"] for row in narrative()]
    known = {"foreword", "background"} | {f"domain:{d.id}" for d in FRAMEWORK.domains}
    known |= {s.id for s in FRAMEWORK.standards}
    known |= {s.id for s in FRAMEWORK.narrative_sections}
    assert set(sections) <= known
    assert list(dict.fromkeys(sections)) == SECTION_ORDER  # each section once, in order
    for row in narrative():
        assert row["part"] in ("text", "strength", "improvement"), row
        if row["part"] != "text":
            assert row["section"].startswith("domain:"), row
        if row["heading"]:
            assert row["section"] in ("1.1", "1.2", "1.3", "1.4"), row
        assert row["text"], row
        assert row["text"].strip() == row["text"], row


def test_each_domain_lists_its_strengths_then_its_areas_for_improvement():
    for domain, counts in (("domain:1", (7, 7)), ("domain:2", (3, 5))):
        parts = [row["part"] for row in narrative() if row["section"] == domain]
        text = parts.count("text")
        assert parts == ["text"] * text + ["strength"] * counts[0] + ["improvement"] * counts[1]


def test_each_domain_one_standard_has_its_questions_as_headings():
    for standard in ("1.1", "1.2", "1.3", "1.4"):
        rows = [row for row in narrative() if row["section"] == standard]
        assert rows[0]["heading"] == ""  # the paragraph explaining the rating
        headings = list(dict.fromkeys(row["heading"] for row in rows[1:]))
        assert all(headings)
        questions = FRAMEWORK.standard(standard).questions
        assert headings[: len(questions)] == list(questions), standard
    extra = {
        s: list(dict.fromkeys(r["heading"] for r in narrative() if r["section"] == s))[-2:]
        for s in ("1.3", "1.4")
    }
    assert extra["1.3"][-1] == "Resettlement"
    assert extra["1.4"] == ["Feedback from people on probation", "Diversity and inclusion"]


def test_no_footnote_mark_or_page_reference_is_left():
    for row in narrative():
        assert not re.search("[¹²³⁴⁵⁶⁷⁸⁹⁰]", row["text"]), row["text"]
        assert "see page" not in row["text"], row["text"]


def test_the_literal_figures_are_exactly_those_the_contradictions_page_lists():
    found: dict[str, list[str]] = {}
    for row in narrative():
        # A literal bound to its figure ({{ "28 out of 69" | about(...) }}) is still printed.
        bound = re.compile(r'\{\{\s*"([^"{}]+)"\s*\|\s*about\([^{}]*\)\s*\}\}')
        rest = REFERENCE.sub("", bound.sub(lambda m: m[1], row["text"]))
        for figure in LITERAL_FIGURE.findall(rest):
            found.setdefault(row["section"], []).append(figure)
    assert found == LITERAL_FIGURES
    page = CONTRADICTIONS.read_text(encoding="utf-8")
    listed = page[page.index("## Literal figures left in the narrative") :]
    for section, figures in LITERAL_FIGURES.items():
        for figure in figures:
            assert f'"{figure}"' in listed, (section, figure)


def test_the_generator_refuses_a_narrative_quoting_an_unknown_name(tmp_path):
    content = ROOT / "examples" / "demo_content"
    for path in content.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    narrative_file = tmp_path / "narrative.yaml"
    text = narrative_file.read_text(encoding="utf-8")
    text = text.replace("{{ survey.quality_prioritised }}", "{{ survey.no_such_ref }}")
    text = text.replace('{{ kq["2.1.1"].per_cent }}', '{{ kq["9.9.9"].per_cent }}', 1)
    narrative_file.write_text(text, encoding="utf-8")
    with pytest.raises(generator().GenerationError) as raised:
        generator().generate(content_folder=tmp_path)
    assert len(raised.value.problems) == 2
    assert all("narrative" in problem for problem in raised.value.problems)
