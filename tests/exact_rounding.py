"""A small fictional bundle under the test framework with exact banding, whose key question
B.2.1 stands at 28 of 51 (54.90…%): below the band at 55, though it would round up to 55.
Shared by the core and the web tests that check every view shows the engine's band."""

from __future__ import annotations

from pathlib import Path

from .bundles import Rows, write_csv_tables
from .conftest import FIXTURES

FRAMEWORK_FILE = FIXTURES / "frameworks" / "test-youth-12.yaml"
CASES = 51
YES_ON_B21 = 28


def exact_rounding_tables(framework_id: str) -> dict[str, Rows]:
    """The raw tables: every key question answered on every case; B.2.1 "yes" on 28 cases,
    every other key question "yes" on all but one."""
    cases = [{"case_id": f"E{i:03}", "inspector": "Inspector A"} for i in range(CASES)]
    kqs = [
        "B.1.1", "B.2.1", "B.3.1", "B.3.2", "B.4.1", "B.4.2", "B.5.1", "B.5.2",
        "B.6.1", "B.6.2", "B.7.1", "B.7.2", "B.8.1", "B.8.2", "B.9.1",
    ]  # fmt: skip
    answers = []
    for i, case in enumerate(cases):
        for kq in kqs:
            yes = i < YES_ON_B21 if kq == "B.2.1" else i > 0
            answers.append(
                {"case_id": case["case_id"], "question_id": kq, "answer": "yes" if yes else "no"}
            )
    return {
        "inspection": [{
            "inspection_id": "exact-2026", "organisation": "Fictional Service",
            "region": "Fictional", "framework": framework_id, "fieldwork_start": "2026-06-01",
            "fieldwork_end": "2026-06-05",
        }],
        "sample_windows": [],
        "cases": cases,
        "answers": answers,
        "judgements": [{"standard_id": s, "rating": "requires_improvement"}
                       for s in ("A.1", "A.2", "A.3", "A.4")],
    }  # fmt: skip


def write_exact_rounding_bundle(folder: Path) -> Path:
    """The bundle as a CSV folder, under the framework file above."""
    from probity.framework import load_framework_file

    fw = load_framework_file(FRAMEWORK_FILE)
    return write_csv_tables(exact_rounding_tables(fw.id), folder, fw)
