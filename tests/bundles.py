"""Small fictional bundles for tests, as raw cell text, to write as CSV folders or workbooks."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from probity.bundle.cells import parse_cell
from probity.bundle.schema import attribute_column, tables_for
from probity.framework import Framework, FrameworkError, load_framework
from probity.framework.applicability import question_rules

Rows = list[dict[str, str]]

CASES: Rows = [
    {"case_id": "T1", "case_type": "community", "unpaid_work_only": "no", "court_report": "yes",
     "rosh": "medium", "gender": "female", "ethnic_group": "white", "disability": "no",
     "drug_misuse": "yes", "alcohol_misuse": "no", "practitioner_grade": "PQiP",
     "inspector": "Inspector A"},
    {"case_id": "T2", "case_type": "community", "unpaid_work_only": "yes", "court_report": "no",
     "rosh": "low", "gender": "male", "ethnic_group": "asian", "disability": "yes",
     "drug_misuse": "no", "alcohol_misuse": "yes", "practitioner_grade": "PSO",
     "inspector": "Inspector B"},
    {"case_id": "T3", "case_type": "post_custody", "unpaid_work_only": "no",
     "court_report": "no", "rosh": "high", "gender": "male", "ethnic_group": "white",
     "disability": "no", "drug_misuse": "yes", "alcohol_misuse": "yes",
     "practitioner_grade": "PO", "inspector": "Inspector A"},
]  # fmt: skip


def attributes_of(fw: Framework, case: dict[str, str]) -> dict[str, object]:
    """A raw case row's attributes, typed as the framework's case profile says."""
    return {
        a.id: parse_cell(attribute_column(a), case.get(a.id)) for a in fw.case_profile.attributes
    }


def answers_for(fw: Framework, cases: Rows, answer: str = "yes") -> Rows:
    """Every question each case allows, answered ``answer`` where allowed, else ``na``."""
    rows: Rows = []
    for case in cases:
        for qid, rule in question_rules(fw, attributes_of(fw, case)).items():
            if rule.asked:
                chosen = answer if answer in rule.allowed else "na"
                rows.append({"case_id": case["case_id"], "question_id": qid, "answer": chosen})
    return rows


def valid_tables(fw: Framework) -> dict[str, Rows]:
    """A small valid bundle of three fictional cases."""
    return {
        "inspection": [{
            "inspection_id": "test-pdu-2026", "pdu": "Test PDU", "region": "Test region",
            "framework": fw.id, "fieldwork_start": "2026-06-01", "fieldwork_end": "2026-06-05",
        }],
        "sample_windows": [{"start": "2026-01-01", "end": "2026-01-07"}],
        "cases": [dict(c) for c in CASES],
        "answers": answers_for(fw, CASES),
        "judgements": [
            {"standard_id": "1.1", "rating": "good", "evidence": "Fictional evidence."},
            {"standard_id": "1.2", "rating": "good"},
            {"standard_id": "1.3", "rating": "good"},
            {"standard_id": "1.4", "rating": "requires_improvement"},
        ],
        "surveys": [{"survey": "staff", "question": "Fictional statement", "respondents": "10",
                     "positive": "7"}],
    }  # fmt: skip


def _schema(tables: dict[str, Rows], fw: Framework | None) -> tuple:
    if fw is None:
        inspection = tables.get("inspection") or [{}]
        try:
            fw = load_framework(inspection[0].get("framework") or "")
        except FrameworkError:  # a test of a bad framework id: the adult columns will do
            fw = load_framework("hmip-adult-pdu-2021")
    return tables_for(fw)


def write_csv_tables(tables: dict[str, Rows], folder: Path, fw: Framework | None = None) -> Path:
    """Write raw tables as a CSV folder; a table's header is the schema's columns under the
    bundle's framework (``fw``, or the one its inspection row names)."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in _schema(tables, fw):
        if table.name not in tables:
            continue
        with (folder / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as f:
            names = [
                c.name
                for c in table.columns
                if not c.omit_when_blank or any(c.name in row for row in tables[table.name])
            ]
            out = csv.DictWriter(f, fieldnames=names, lineterminator="\n")
            out.writeheader()
            out.writerows(tables[table.name])
    return folder


def write_xlsx_tables(tables: dict[str, Rows], path: Path, fw: Framework | None = None) -> Path:
    """Write raw tables as a workbook of text cells, a sheet per table."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in _schema(tables, fw):
        if table.name not in tables:
            continue
        ws = wb.create_sheet(table.name)
        ws.append(list(table.column_names))
        for row in tables[table.name]:
            ws.append([row.get(c) or None for c in table.column_names])
    wb.save(path)
    return path


# Second looks at the small bundle's answers (fictional): two cases assessed again blind by
# Inspector C (T1 differs on 2.2.3, T2 on 2.3.1), and T3 reviewed by Inspector B, who
# disagrees on 2.2.3 with a reason, resolved to the reviewer's answer.
SECOND_ANSWERS: Rows = [
    {"case_id": "T1", "question_id": "2.1.1.a", "answer": "yes", "inspector": "Inspector C",
     "mode": "blind"},
    {"case_id": "T1", "question_id": "2.2.1", "answer": "yes", "inspector": "Inspector C",
     "mode": "blind"},
    {"case_id": "T1", "question_id": "2.2.3", "answer": "no", "inspector": "Inspector C",
     "mode": "blind", "note": "No plan for contact with the victim."},
    {"case_id": "T1", "question_id": "2.3.1", "answer": "yes", "inspector": "Inspector C",
     "mode": "blind"},
    {"case_id": "T2", "question_id": "2.2.1", "answer": "no", "inspector": "Inspector C",
     "mode": "blind"},
    {"case_id": "T2", "question_id": "2.2.3", "answer": "yes", "inspector": "Inspector C",
     "mode": "blind"},
    {"case_id": "T2", "question_id": "2.3.1", "answer": "no", "inspector": "Inspector C",
     "mode": "blind"},
    {"case_id": "T3", "question_id": "2.2.1", "answer": "yes", "inspector": "Inspector B",
     "mode": "review"},
    {"case_id": "T3", "question_id": "2.2.3", "answer": "no", "inspector": "Inspector B",
     "mode": "review", "reason": "The plan does not weigh the risk to others.",
     "resolved": "no"},
]  # fmt: skip


def with_second_answers(fw: Framework) -> dict[str, Rows]:
    """The small valid bundle with second looks (:data:`SECOND_ANSWERS`); T2's first answer on
    2.2.1 is no, so that the first answers are not all yes."""
    tables = valid_tables(fw)
    for row in tables["answers"]:
        if (row["case_id"], row["question_id"]) == ("T2", "2.2.1"):
            row["answer"] = "no"
    tables["second_answers"] = [dict(r) for r in SECOND_ANSWERS]
    return tables


def small_group_tables(fw: Framework) -> dict[str, Rows]:
    """A valid fictional bundle of eight cases: five by a probation officer, every question
    answered "yes", and a group of three by a trainee, answered "no" (a group under the
    shipped frameworks' minimum of five)."""
    tables = valid_tables(fw)
    larger = [dict(CASES[0], case_id=f"G{i}", practitioner_grade="PO") for i in range(1, 6)]
    smaller = [dict(CASES[2], case_id=f"S{i}", practitioner_grade="PQiP") for i in range(1, 4)]
    tables["cases"] = larger + smaller
    tables["answers"] = answers_for(fw, larger, "yes") + answers_for(fw, smaller, "no")
    # Five of eight "Yes" is 63%: the judged standards capped by casework at "requires
    # improvement" are judged so.
    for j in tables["judgements"]:
        j["rating"] = "requires_improvement"
    return tables
