"""Answers → counts and exact percentages; subgroups; the case characteristics; bundles as
tables."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import duckdb
import pyarrow as pa
import pytest

from probity.aggregation import (
    AnswersError,
    answers_table,
    case_characteristics,
    cases_table,
    key_question_counts,
    question_counts,
    question_table,
    sample_composition,
    standard_positions,
)
from probity.bundle.model import Answer, Bundle, Case, Inspection
from probity.rating import Count, rate_casework


def answers(*rows: tuple[str, str, str], inspection: str = "i1") -> pa.Table:
    """An answers table from (case_id, question_id, answer) rows of one inspection."""
    return pa.table(
        {
            "inspection_id": [inspection] * len(rows),
            "case_id": [r[0] for r in rows],
            "question_id": [r[1] for r in rows],
            "answer": [r[2] for r in rows],
        }
    )


def counts_of(table: pa.Table, *keys: str) -> dict[tuple[object, ...], tuple[int, int]]:
    """(inspection, [group,] question) → (yes, applicable), from a counts table."""
    names = ("inspection_id", *keys, "question_id")
    return {tuple(r[n] for n in names): (r["yes"], r["applicable"]) for r in table.to_pylist()}


def case(case_id: str, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "case_id": case_id,
        "case_type": "community",
        "unpaid_work_only": False,
        "court_report": True,
        "rosh": "medium",
        "gender": "male",
        "ethnic_group": "white",
        "disability": False,
        "drug_misuse": False,
        "alcohol_misuse": False,
        "practitioner_grade": "PO",
        "inspector": "A. Inspector",
    }
    row.update(changes)
    return row


def cases(*rows: dict[str, object]) -> pa.Table:
    return pa.Table.from_pylist(list(rows))


def records(*rows: dict[str, object]) -> tuple[Case, ...]:
    """Core case records from rows as :func:`case` gives them."""
    out = []
    for row in rows:
        attributes = {k: v for k, v in row.items() if k not in ("case_id", "inspector")}
        out.append(Case(str(row["case_id"]), str(row["inspector"]), attributes))
    return tuple(out)


# The question table


def test_every_key_question_and_prompt_has_one_row_in_framework_order(adult):
    table = question_table(adult)
    ids = table.column("question_id").to_pylist()
    assert len(ids) == len(set(ids)) == len(adult.key_questions) + len(adult.prompts)
    positions = table.column("position").to_pylist()
    assert positions == sorted(positions)
    assert ids.index("2.2.1") < ids.index("2.2.1.a") < ids.index("2.2.2")


def test_prompts_name_their_key_question_and_standard(adult):
    rows = {r["question_id"]: r for r in question_table(adult).to_pylist()}
    assert rows["2.2.1"] | {"position": 0} == {
        "question_id": "2.2.1",
        "kind": "key_question",
        "standard_id": "2.2",
        "key_question_id": None,
        "position": 0,
    }
    assert (rows["2.2.1.a"]["kind"], rows["2.2.1.a"]["key_question_id"]) == ("prompt", "2.2.1")
    # A post-custody prompt belongs to standard 2.4 but to none of its key questions.
    assert (rows["2.4.pc.a"]["standard_id"], rows["2.4.pc.a"]["key_question_id"]) == ("2.4", None)


def test_each_standard_sorts_just_before_its_own_questions(adult):
    positions = standard_positions(adult)
    rows = question_table(adult).to_pylist()
    for r in rows:
        assert positions[r["standard_id"]] < r["position"]
        later = [p for p in positions.values() if p > positions[r["standard_id"]]]
        assert not later or r["position"] < min(later)


# Counting


def test_not_applicable_answers_are_excluded_from_the_denominator(adult):
    table = answers(
        ("c1", "2.2.1", "yes"),
        ("c2", "2.2.1", "no"),
        ("c3", "2.2.1", "na"),
        ("c4", "2.2.1", "yes"),
        ("c5", "2.2.1", "na"),
    )
    assert counts_of(question_counts(adult, table))["i1", "2.2.1"] == (2, 3)


def test_prompts_are_counted_like_key_questions(adult):
    table = answers(("c1", "2.2.1.a", "yes"), ("c2", "2.2.1.a", "yes"), ("c3", "2.2.1.a", "no"))
    result = question_counts(adult, table)
    assert counts_of(result)["i1", "2.2.1.a"] == (2, 3)
    row = next(r for r in result.to_pylist() if r["question_id"] == "2.2.1.a")
    assert (row["kind"], row["standard_id"], row["key_question_id"]) == ("prompt", "2.2", "2.2.1")


def test_a_question_without_answers_is_listed_with_nothing_applicable(adult):
    result = question_counts(adult, answers(("c1", "2.2.1", "yes")))
    counted = counts_of(result)
    assert len(counted) == len(adult.key_questions) + len(adult.prompts)
    assert counted["i1", "2.3.1"] == (0, 0)
    assert counted["i1", "2.1.1.a"] == (0, 0)


def test_only_not_applicable_answers_leave_nothing_applicable(adult):
    table = answers(("c1", "2.1.1", "na"), ("c2", "2.1.1", "na"))
    assert counts_of(question_counts(adult, table))["i1", "2.1.1"] == (0, 0)


def test_inspections_are_counted_apart_and_in_order(adult):
    table = pa.concat_tables(
        [
            answers(("c1", "2.2.1", "yes"), ("c2", "2.2.1", "no"), inspection="b"),
            answers(("c1", "2.2.1", "no"), inspection="a"),
        ]
    )
    result = question_counts(adult, table)
    counted = counts_of(result)
    assert (counted["a", "2.2.1"], counted["b", "2.2.1"]) == ((0, 1), (1, 2))
    ids = result.column("inspection_id").to_pylist()
    assert ids == sorted(ids)
    assert result.column_names == [
        "inspection_id",
        "question_id",
        "kind",
        "standard_id",
        "key_question_id",
        "position",
        "yes",
        "applicable",
    ]


def test_question_ids_the_framework_does_not_know_are_named(adult):
    table = answers(("c1", "2.2.1", "yes"), ("c1", "2.2.9", "no"), ("c2", "3.1.1.a", "yes"))
    with pytest.raises(AnswersError, match="not in the framework") as raised:
        question_counts(adult, table)
    assert "'2.2.9'" in str(raised.value)
    assert "'3.1.1.a'" in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_answers_other_than_yes_no_or_na_are_refused(adult):
    table = answers(("c1", "2.2.1", "Yes"), ("c2", "2.2.1", "no"))
    with pytest.raises(AnswersError, match="not 'Yes'"):
        question_counts(adult, table)


def test_every_problem_is_reported_at_once(adult):
    table = answers(("c1", "9.9", "yes"), ("c2", "2.2.1", "maybe"))
    with pytest.raises(AnswersError) as raised:
        question_counts(adult, table)
    assert len(raised.value.problems) == 2


def test_an_answers_table_without_its_columns_is_refused(adult):
    table = answers(("c1", "2.2.1", "yes")).drop_columns(["inspection_id"])
    with pytest.raises(AnswersError, match="no column 'inspection_id'"):
        question_counts(adult, table)


def test_a_callers_connection_is_left_without_the_tables_put_on_it(adult):
    con = duckdb.connect()
    question_counts(adult, answers(("c1", "2.2.1", "yes")), connection=con)
    by_grade = cases(case("c1"))
    question_counts(
        adult, answers(("c1", "2.2.1", "yes")), by="rosh", cases=by_grade, connection=con
    )
    assert con.sql("SELECT count(*) FROM duckdb_tables()").fetchall() == [(0,)]
    assert con.sql("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchall() == [(0,)]
    con.close()


# Subgroups


def test_subgroups_of_cases_are_counted_by_a_column_of_the_cases_table(adult):
    table = answers(
        ("c1", "2.2.1", "yes"),
        ("c2", "2.2.1", "no"),
        ("c3", "2.2.1", "yes"),
        ("c3", "2.2.1.a", "na"),
    )
    grades = cases(
        case("c1", practitioner_grade="PO"),
        case("c2", practitioner_grade="PSO"),
        case("c3", practitioner_grade="PSO"),
    )
    result = question_counts(adult, table, by="practitioner_grade", cases=grades)
    counted = counts_of(result, "practitioner_grade")
    assert counted["i1", "PO", "2.2.1"] == (1, 1)
    assert counted["i1", "PSO", "2.2.1"] == (1, 2)
    assert counted["i1", "PSO", "2.2.1.a"] == (0, 0)
    assert result.column_names[:3] == ["inspection_id", "practitioner_grade", "question_id"]
    assert result.num_rows == 2 * (len(adult.key_questions) + len(adult.prompts))


def test_subgroup_counts_add_up_to_the_inspections(adult):
    rows = [
        (f"c{i}", q, ("yes", "no", "na")[(i * 7 + j) % 3])
        for i in range(9)
        for j, q in enumerate(("2.2.1", "2.3.2", "2.5.1.b"))
    ]
    table = answers(*rows)
    flags = cases(*(case(f"c{i}", disability=i % 4 == 0) for i in range(9)))
    whole = counts_of(question_counts(adult, table))
    split = counts_of(question_counts(adult, table, by="disability", cases=flags), "disability")
    for (inspection, question), (yes, applicable) in whole.items():
        parts = [split.get((inspection, flag, question), (0, 0)) for flag in (False, True)]
        assert (sum(p[0] for p in parts), sum(p[1] for p in parts)) == (yes, applicable)
    assert split["i1", True, "2.2.1"] != split["i1", False, "2.2.1"]


def test_subgroups_are_joined_within_each_inspection(adult):
    table = pa.concat_tables(
        [
            answers(("c1", "2.2.1", "yes"), inspection="a"),
            answers(("c1", "2.2.1", "no"), inspection="b"),
        ]
    )
    both = pa.Table.from_pylist(
        [
            {"inspection_id": "a", **case("c1", gender="female")},
            {"inspection_id": "b", **case("c1")},
        ]
    )
    counted = counts_of(question_counts(adult, table, by="gender", cases=both), "gender")
    assert counted["a", "female", "2.2.1"] == (1, 1)
    assert counted["b", "male", "2.2.1"] == (0, 1)
    assert ("a", "male", "2.2.1") not in counted


def test_a_column_of_the_answers_themselves_can_split_them(adult):
    table = answers(("c1", "2.2.1", "yes"), ("c2", "2.2.1", "no"), ("c3", "2.2.1", "no"))
    table = table.append_column("team", pa.array(["north", "south", "south"]))
    counted = counts_of(question_counts(adult, table, by="team"), "team")
    assert (counted["i1", "north", "2.2.1"], counted["i1", "south", "2.2.1"]) == ((1, 1), (0, 2))


def test_answers_of_cases_missing_from_the_cases_table_are_refused(adult):
    table = answers(("c1", "2.2.1", "yes"), ("c2", "2.2.1", "no"))
    with pytest.raises(AnswersError, match="not in the cases table: 'c2'"):
        question_counts(adult, table, by="rosh", cases=cases(case("c1")))


def test_a_case_listed_twice_is_refused_rather_than_counted_twice(adult):
    table = answers(("c1", "2.2.1", "yes"))
    with pytest.raises(AnswersError, match="listed twice"):
        question_counts(adult, table, by="rosh", cases=cases(case("c1"), case("c1", rosh="high")))


def test_grouping_by_a_column_no_table_has_is_refused(adult):
    with pytest.raises(AnswersError, match="no column 'tier'"):
        question_counts(adult, answers(("c1", "2.2.1", "yes")), by="tier", cases=cases(case("c1")))
    with pytest.raises(AnswersError, match="no column 'tier'"):
        question_counts(adult, answers(("c1", "2.2.1", "yes")), by="tier")


# Exact percentages for the engine


def test_the_engine_gets_the_exact_fraction_of_a_boundary_percentage(adult):
    # 129 of 200 is 64.5% exactly: rounded half up it is 65, Good, not Requires improvement.
    rows = [(f"c{i}", "2.1.1", "yes" if i < 129 else "no") for i in range(200)]
    rows += [(f"c{i}", "2.1.1", "na") for i in range(200, 230)]
    counted = key_question_counts(adult, question_counts(adult, answers(*rows)))
    assert counted["i1"]["2.1.1"] == Count(129, 200)
    assert counted["i1"]["2.1.1"].pct == Fraction(129, 2)
    assert type(counted["i1"]["2.1.1"].pct) is Fraction
    pcts = {k: c.pct for k, c in counted["i1"].items() if c.pct is not None}
    every = {kq.id: Fraction(50) for kq in adult.key_questions} | pcts
    court = next(r for r in rate_casework(adult, every) if r.standard_id == "2.1")
    assert court.rating == "good"


def test_key_questions_with_nothing_applicable_have_no_percentage(adult):
    table = answers(("c1", "2.1.1", "na"), ("c1", "2.2.1", "no"), ("c1", "2.2.1.a", "yes"))
    counted = key_question_counts(adult, question_counts(adult, table))
    assert counted["i1"]["2.1.1"] == Count(0, 0)
    assert counted["i1"]["2.1.1"].pct is None
    assert counted["i1"]["2.2.1"].pct == Fraction(0)


def test_counts_per_subgroup_are_refused_as_an_inspections_percentages(adult):
    table = answers(("c1", "2.2.1", "yes"), ("c2", "2.2.1", "no"))
    split = question_counts(
        adult, table, by="rosh", cases=cases(case("c1"), case("c2", rosh="high"))
    )
    with pytest.raises(ValueError, match="subgroup"):
        key_question_counts(adult, split)


# Bundles as tables


def bundle() -> Bundle:
    return Bundle(
        inspection=Inspection(
            "north-2026",
            "North PDU",
            "North",
            "hmip-adult-pdu-2021",
            date(2026, 3, 2),
            date(2026, 3, 13),
        ),
        sample_windows=(),
        cases=records(
            case("c1", gender="female", disability=True), case("c2", practitioner_grade="PSO")
        ),
        answers=(
            Answer("c1", "2.2.1", "yes", "Thorough."),
            Answer("c2", "2.2.1", "no"),
            Answer("c2", "2.2.1.a", "na"),
        ),
    )


def test_a_bundles_answers_become_a_table_of_its_inspection(adult):
    table = answers_table(bundle(), adult)
    assert table.column_names == ["inspection_id", "case_id", "question_id", "answer", "note"]
    assert set(table.column("inspection_id").to_pylist()) == {"north-2026"}
    assert table.column("note").to_pylist() == ["Thorough.", None, None]
    assert counts_of(question_counts(adult, table))["north-2026", "2.2.1"] == (1, 2)


def test_a_bundles_cases_keep_their_booleans_and_split_its_answers(adult):
    b = bundle()
    table = cases_table(b, adult)
    assert table.schema.field("disability").type == pa.bool_()
    assert table.column("disability").to_pylist() == [True, False]
    split = question_counts(adult, answers_table(b, adult), by="practitioner_grade", cases=table)
    counted = counts_of(split, "practitioner_grade")
    assert (counted["north-2026", "PO", "2.2.1"], counted["north-2026", "PSO", "2.2.1"]) == (
        (1, 1),
        (0, 1),
    )


# Case characteristics and the sample


def test_a_count_gives_its_exact_and_published_percentage():
    assert str(Count(8, 79)) == "8 of 79"
    assert Count(8, 79).rounded == 10
    assert Count(1, 8).rounded == 13  # 12.5 rounds half up
    assert Count(1, 8).pct == Fraction(25, 2)
    assert (Count(0, 0).pct, Count(0, 0).rounded) == (None, None)
    assert Count(3, 8).rest == 5


def test_the_case_characteristics_count_every_case_inspected(adult):
    rows = [case(f"c{i}") for i in range(79)]
    for i in range(8):
        rows[i]["gender"] = "female"
    for i, group in enumerate(("black", "asian", "mixed", "other", "not_recorded", "white")):
        rows[10 + i]["ethnic_group"] = group
    rows[20]["disability"] = rows[21]["disability"] = True
    rows[22]["drug_misuse"] = True
    rows[23]["alcohol_misuse"] = rows[24]["alcohol_misuse"] = rows[25]["alcohol_misuse"] = True
    result = case_characteristics(adult, records(*rows))
    assert [(c.id, c.count.part, c.count.whole) for c in result] == [
        ("female", 8, 79),
        ("black_asian_minority_ethnic", 4, 79),
        ("disability", 2, 79),
        ("drug_misuse", 1, 79),
        ("alcohol_misuse", 3, 79),
    ]
    assert result[0].count.rounded == 10
    assert result[0].label == "Proportion of inspected cases who are female"


def test_the_sample_composition_lists_every_value_with_its_count(adult):
    rows = [
        case("c1", case_type="post_custody", rosh="high", court_report=False),
        case("c2", unpaid_work_only=True, practitioner_grade="PSO", gender="female"),
        case("c3", rosh="high"),
    ]
    result = sample_composition(adult, records(*rows))
    by = {
        b.attribute: [(g.value, g.count.part, g.count.whole) for g in b.groups]
        for b in result.breakdowns
    }
    assert by["case_type"] == [("community", 2, 3), ("post_custody", 1, 3)]
    assert [(v, n) for v, n, _ in by["rosh"]] == [
        ("low", 0),
        ("medium", 1),
        ("high", 2),
        ("very_high", 0),
    ]
    assert [(v, n) for v, n, _ in by["court_report"]] == [(True, 2), (False, 1)]
    counts = {c.ref: c.count for c in result.counts}
    assert (counts["court_reports"], counts["unpaid_work_only"], counts["high_rosh"]) == (2, 1, 2)
    assert {v: n for v, n, _ in by["practitioner_grade"]}["PSO"] == 1
    assert {v: n for v, n, _ in by["gender"]}["female"] == 1


def test_a_value_outside_the_framework_is_shown_not_dropped(adult):
    result = sample_composition(adult, records(case("c1", rosh="unknown"), case("c2")))
    rosh = next(b for b in result.breakdowns if b.attribute == "rosh")
    assert [(g.value, g.count.part) for g in rosh.groups][-1] == ("unknown", 1)
    assert sum(g.count.part for g in rosh.groups) == 2
