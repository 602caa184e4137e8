"""Any valid bundle reads and rates the same from CSV and from XLSX, in any row order."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probity.bundle import read_bundle, write_workbook
from probity.framework import load_framework
from probity.framework.applicability import question_rules
from probity.pipeline import inspect_bundle

from .bundles import attributes_of, valid_tables, write_csv_tables, write_xlsx_tables

FW = load_framework()


@st.composite
def bundles(draw):
    """Raw tables of a valid bundle: random cases, random allowed answers, some prompts left
    unanswered, rows in a random order."""
    tables = valid_tables(FW)
    n = draw(st.integers(1, 6))
    cases = []
    for i in range(n):
        case_type = draw(st.sampled_from(["community", "post_custody"]))
        cases.append({
            "case_id": f"P{i}",
            "case_type": case_type,
            "unpaid_work_only": "yes" if case_type == "community" and draw(st.booleans()) else "no",
            "court_report": draw(st.sampled_from(["yes", "no"])),
            "rosh": draw(st.sampled_from(["low", "medium", "high", "very_high"])),
            "gender": draw(st.sampled_from(["female", "male"])),
            "ethnic_group": draw(st.sampled_from(["white", "black", "asian", "mixed"])),
            "disability": draw(st.sampled_from(["yes", "no"])),
            "drug_misuse": draw(st.sampled_from(["yes", "no"])),
            "alcohol_misuse": draw(st.sampled_from(["yes", "no"])),
            "practitioner_grade": draw(st.sampled_from(["PO", "PSO", "PQiP"])),
            "inspector": draw(st.sampled_from(["Inspector A", "Inspector B"])),
        })  # fmt: skip
    answers = []
    for case in cases:
        for qid, rule in question_rules(FW, attributes_of(FW, case)).items():
            if not rule.asked or (not rule.is_key_question and draw(st.integers(0, 9)) == 0):
                continue
            answer = draw(st.sampled_from(sorted(rule.allowed)))
            answers.append({"case_id": case["case_id"], "question_id": qid, "answer": answer})
    seed = draw(st.integers(0, 2**32 - 1))
    random.Random(seed).shuffle(answers)
    random.Random(seed + 1).shuffle(cases)
    tables["cases"] = cases
    tables["answers"] = answers
    # Inadequate is within every cap, so every example is fully rated.
    tables["judgements"] = [
        {"standard_id": s, "rating": "inadequate"} for s in ("1.1", "1.2", "1.3", "1.4")
    ]
    if not any(c["court_report"] == "yes" for c in cases):
        cases[0]["court_report"] = "yes"
        for qid, rule in question_rules(FW, attributes_of(FW, cases[0])).items():
            if rule.standard_id == "2.1":
                answer = draw(st.sampled_from(sorted(rule.allowed)))
                answers.append(
                    {"case_id": cases[0]["case_id"], "question_id": qid, "answer": answer}
                )
    return tables


def _rating(path: Path):
    results = inspect_bundle(read_bundle(path))
    return results.figures, results.casework, results.ratings, results.problems, results.page


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bundles(), st.randoms(use_true_random=False))
def test_a_valid_bundle_rates_identically_from_csv_and_xlsx_and_in_any_order(tables, rnd):
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_csv_tables(tables, Path(tmp) / "b")
        workbook = write_xlsx_tables(tables, Path(tmp) / "b.xlsx")
        shuffled = {name: list(rows) for name, rows in tables.items()}
        for rows in shuffled.values():
            rnd.shuffle(rows)
        reordered = write_csv_tables(shuffled, Path(tmp) / "c")
        from_csv = read_bundle(folder)
        assert read_bundle(workbook) == from_csv
        typed = Path(tmp) / "typed.xlsx"
        write_workbook(from_csv, typed, FW)  # typed cells: booleans, dates, numbers
        rated = _rating(folder)
        assert rated[2] is not None, rated[3]
        assert rated == _rating(workbook) == _rating(reordered) == _rating(typed)
