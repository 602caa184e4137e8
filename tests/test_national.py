"""The national table: many inspections' answers from a parquet file → one parquet of figures
and casework ratings, checked against counts made by hand and the rating engine."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from probity.aggregation import (
    AnswersError,
    NationalSummary,
    key_question_counts,
    question_counts,
    rate_national,
)
from probity.framework import Framework, load_framework
from probity.rating import rate_casework

pytestmark = pytest.mark.integration

INSPECTIONS = ("alpha", "bravo", "charlie", "delta")
CASES = 12


@dataclass(frozen=True)
class Run:
    rows: list[tuple[str, str, str, str]]
    output: list[dict[str, object]]
    summary: NationalSummary
    progress: list[tuple[int, int]]
    answers: Path


def generated_rows(fw: Framework) -> list[tuple[str, str, str, str]]:
    """(inspection, case, question, answer): every question of every case, each inspection
    with its own share of "Yes"; charlie answers 2.5.1 "na" throughout and delta never
    answers 2.3.2, so neither can be rated."""
    rnd = random.Random(20210)
    questions = [kq.id for kq in fw.key_questions] + [p.id for p in fw.prompts]
    rows = []
    for n, inspection in enumerate(INSPECTIONS):
        share = 0.45 + 0.15 * n
        for c in range(CASES):
            for q in questions:
                u = rnd.random()
                answer = "na" if u < 0.15 else "yes" if rnd.random() < share else "no"
                if inspection == "charlie" and q == "2.5.1":
                    answer = "na"
                if inspection == "delta" and q == "2.3.2":
                    continue
                rows.append((inspection, f"case-{c}", q, answer))
    rnd.shuffle(rows)  # a national file need not be sorted
    return rows


def to_table(rows: list[tuple[str, str, str, str]]) -> pa.Table:
    names = ("inspection_id", "case_id", "question_id", "answer")
    return pa.table({name: [r[i] for r in rows] for i, name in enumerate(names)})


def by_hand(rows: list[tuple[str, str, str, str]]) -> dict[tuple[str, str], tuple[int, int]]:
    """(inspection, question) → (yes, applicable), counted in plain Python."""
    yes = Counter((i, q) for i, _, q, a in rows if a == "yes")
    applicable = Counter((i, q) for i, _, q, a in rows if a != "na")
    return {key: (yes[key], applicable[key]) for key in applicable.keys() | yes.keys()}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    fw = load_framework()
    tmp = tmp_path_factory.mktemp("national")
    rows = generated_rows(fw)
    answers = tmp / "answers.parquet"
    pq.write_table(to_table(rows), answers, row_group_size=1000)
    out = tmp / "national.parquet"
    calls: list[tuple[int, int]] = []
    summary = rate_national(fw, answers, out, lambda done, total: calls.append((done, total)))
    return Run(rows, pq.read_table(out).to_pylist(), summary, calls, answers)


def standard_rows(run: Run, inspection: str) -> dict[str, dict[str, object]]:
    return {
        str(r["standard_id"]): r
        for r in run.output
        if r["kind"] == "standard" and r["inspection_id"] == inspection
    }


def test_each_inspection_is_rated_as_the_engine_rates_counts_made_by_hand(adult, run):
    counted = by_hand(run.rows)
    for inspection in ("alpha", "bravo"):
        pcts = {
            kq.id: Fraction(100 * counted[inspection, kq.id][0], counted[inspection, kq.id][1])
            for kq in adult.key_questions
        }
        expected = rate_casework(adult, pcts)
        got = standard_rows(run, inspection)
        assert [s.standard_id for s in expected] == list(got)
        for s in expected:
            row = got[s.standard_id]
            assert (row["rating"], row["points"], row["rule"]) == (s.rating, s.points, s.rule.value)
            if s.driver is not None:
                yes, applicable = counted[inspection, s.driver.id]
                assert row["driver_key_question_id"] == s.driver.id
                assert (row["yes"], row["applicable"]) == (yes, applicable)
                assert row["pct"] == float(Fraction(100 * yes, applicable))
    ratings = {r["rating"] for r in run.output if r["kind"] == "standard"}
    assert len(ratings - {None}) >= 2, "the generated inspections should not all rate alike"


def test_every_question_row_carries_its_inspections_counts(adult, run):
    counted = by_hand(run.rows)
    questions = [r for r in run.output if r["kind"] != "standard"]
    assert len(questions) == len(INSPECTIONS) * (len(adult.key_questions) + len(adult.prompts))
    for r in questions:
        yes, applicable = counted.get((str(r["inspection_id"]), str(r["question_id"])), (0, 0))
        assert (r["yes"], r["applicable"]) == (yes, applicable)
        assert r["pct"] == (100 * yes / applicable if applicable else None)
        assert r["rating"] is None


def test_an_inspection_missing_a_key_questions_answers_is_not_rated_and_the_run_goes_on(run):
    for inspection, key_question in (("charlie", "2.5.1"), ("delta", "2.3.2")):
        rows = standard_rows(run, inspection)
        assert {r["rating"] for r in rows.values()} == {None}
        assert all(key_question in str(r["reason"]) for r in rows.values())
    assert [n.inspection_id for n in run.summary.not_rated] == ["charlie", "delta"]
    assert "2.3.2" in run.summary.not_rated[1].reason
    assert {r["rating"] is not None for r in standard_rows(run, "alpha").values()} == {True, False}


def test_the_outcomes_standard_is_reported_and_never_rated(run):
    outcomes = standard_rows(run, "alpha")["2.6"]
    assert (outcomes["rating"], outcomes["points"], outcomes["reason"]) == (
        None,
        None,
        "reported, not rated",
    )


def test_one_inspection_and_the_national_table_give_identical_figures(adult, run):
    alpha = to_table([r for r in run.rows if r[0] == "alpha"])
    single = question_counts(adult, alpha)
    national = {
        r["question_id"]: (r["yes"], r["applicable"])
        for r in run.output
        if r["inspection_id"] == "alpha" and r["kind"] != "standard"
    }
    assert {r["question_id"]: (r["yes"], r["applicable"]) for r in single.to_pylist()} == national
    counted = key_question_counts(adult, single)["alpha"]
    rated = rate_casework(adult, {k: c.pct for k, c in counted.items() if c.pct is not None})
    got = standard_rows(run, "alpha")
    assert {s.standard_id: s.rating for s in rated} == {k: r["rating"] for k, r in got.items()}
    assert {s.standard_id: float(s.driver.pct) for s in rated if s.driver is not None} == {
        k: r["pct"] for k, r in got.items() if r["pct"] is not None
    }


def test_rows_come_by_inspection_each_standard_before_its_questions(run):
    keys = [(r["inspection_id"], r["position"]) for r in run.output]
    assert keys == sorted(keys)
    alpha = [r for r in run.output if r["inspection_id"] == "alpha"]
    first = next(i for i, r in enumerate(alpha) if r["standard_id"] == "2.2")
    assert (alpha[first]["kind"], alpha[first + 1]["question_id"]) == ("standard", "2.2.1")


def test_progress_is_reported_after_each_inspection(run):
    total = len(INSPECTIONS)
    assert run.progress == [(done, total) for done in range(1, total + 1)]


def test_the_summary_says_what_was_read_and_written(run):
    s = run.summary
    assert (s.inspections, s.rated, s.answers) == (4, 2, len(run.rows))
    assert s.rows == len(run.output)


def test_the_file_has_the_documented_columns_and_types(run):
    schema = pq.read_schema(run.summary.output)
    assert [(f.name, str(f.type)) for f in schema] == [
        ("inspection_id", "string"),
        ("kind", "string"),
        ("standard_id", "string"),
        ("key_question_id", "string"),
        ("question_id", "string"),
        ("position", "int64"),
        ("yes", "int64"),
        ("applicable", "int64"),
        ("pct", "double"),
        ("rule", "string"),
        ("rating", "string"),
        ("points", "int64"),
        ("driver_key_question_id", "string"),
        ("reason", "string"),
    ]


def test_an_inspection_answering_no_key_question_still_has_every_row(adult, tmp_path):
    prompts = [p.id for p in adult.prompts]
    rows = [("alpha", "c1", q, "yes") for q in [kq.id for kq in adult.key_questions] + prompts]
    rows += [("echo", "c1", q, "no") for q in prompts]
    answers = tmp_path / "answers.parquet"
    pq.write_table(to_table(rows), answers)
    summary = rate_national(adult, answers, tmp_path / "national.parquet")
    echo = [r for r in pq.read_table(summary.output).to_pylist() if r["inspection_id"] == "echo"]
    assert [n.inspection_id for n in summary.not_rated] == ["echo"]
    assert len(echo) == len([r for r in echo if r["kind"] == "standard"]) + len(prompts) + len(
        adult.key_questions
    )
    assert {(r["yes"], r["applicable"]) for r in echo if r["kind"] == "key_question"} == {(0, 0)}
    assert {r["rating"] for r in echo} == {None}
    assert summary.answers == len(rows)


def test_an_unknown_question_id_stops_the_run_before_anything_is_written(adult, tmp_path):
    answers = tmp_path / "answers.parquet"
    pq.write_table(
        to_table([("alpha", "c1", "2.2.1", "yes"), ("alpha", "c1", "2.9.1", "no")]), answers
    )
    out = tmp_path / "national.parquet"
    with pytest.raises(AnswersError, match=re.escape("'2.9.1'")):
        rate_national(adult, answers, out)
    assert not out.exists()


def test_a_parquet_file_is_split_into_subgroups_as_an_arrow_table_is(adult, run):
    grades = ("PO", "PSO", "PQiP")
    cases = pa.table(
        {
            "inspection_id": [i for i in INSPECTIONS for _ in range(CASES)],
            "case_id": [f"case-{c}" for _ in INSPECTIONS for c in range(CASES)],
            "practitioner_grade": [grades[c % 3] for _ in INSPECTIONS for c in range(CASES)],
        }
    )
    from_file = question_counts(adult, run.answers, by="practitioner_grade", cases=cases)
    from_table = question_counts(adult, to_table(run.rows), by="practitioner_grade", cases=cases)
    assert from_file.equals(from_table)
    assert set(from_file.column("practitioner_grade").to_pylist()) == set(grades)
    with pytest.raises(AnswersError, match="not in the cases table: 'alpha case-11', 'bravo"):
        question_counts(adult, run.answers, by="practitioner_grade", cases=cases.slice(0, 11))


def test_the_national_table_rates_the_demonstration_exactly_as_the_single_inspection_path(
    adult, tmp_path
):
    """The same answers through ``probity national`` and through the single-inspection
    pipeline (what ``probity rate`` and the report use): every figure and rating equal."""
    from probity.aggregation import answers_table
    from probity.bundle import read_bundle
    from probity.pipeline import inspect_bundle

    bundle = read_bundle(Path("examples/demo"))
    results = inspect_bundle(bundle)
    parquet = tmp_path / "answers.parquet"
    pq.write_table(answers_table(bundle, adult), parquet)
    rate_national(adult, parquet, tmp_path / "out.parquet")
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    questions = {r["question_id"]: r for r in rows if r["kind"] != "standard"}
    for qid, figure in results.figures.items():
        row = questions[qid]
        assert (row["yes"], row["applicable"]) == (figure.yes, figure.applicable), qid
        assert row["pct"] == (None if figure.pct is None else float(figure.pct)), qid
    standards = {r["standard_id"]: r for r in rows if r["kind"] == "standard"}
    for line in results.page.standards:
        if line.kind == "judged":
            assert line.id not in standards
            continue
        row = standards[line.id]
        assert row["rating"] == (line.rating.id if line.rating else None), line.id
        assert row["points"] == line.points, line.id
        driver = line.driver.id if line.driver and line.rating else None
        assert row["driver_key_question_id"] == driver, line.id
