"""The rows of every table of the bundle, and each table as CSV text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from probity.bundle.schema import table_for
from probity.bundle.writer import csv_text
from probity.framework import Framework, load_framework

from .cases import Case
from .common import FRAMEWORK_ID, GenerationError, percent, yes_count

Row = dict[str, Any]

INSPECTION: Row = {
    "inspection_id": "staffordshire-stoke-2022",
    "pdu": "Staffordshire and Stoke PDU",
    "region": "West Midlands",
    "framework": FRAMEWORK_ID,
    "fieldwork_start": date(2022, 6, 13),
    "fieldwork_end": date(2022, 6, 17),
    # The report is dated August 2022; the day of publication is not printed, so the first of
    # the month stands in for it.
    "published": date(2022, 8, 1),
    "lead_inspector": None,
    "cases_interviewed": 75,
    # The published report's ISBN, printed in its front matter.
    "isbn": "978-1-914478-78-9",
}
SAMPLE_WINDOWS = (
    (date(2021, 11, 1), date(2021, 11, 7)),
    (date(2021, 11, 29), date(2021, 12, 5)),
)


def sample_window_rows() -> list[Row]:
    return [{"start": start, "end": end} for start, end in SAMPLE_WINDOWS]


def column_names(table_name: str, rows: Iterable[Row] = ()) -> list[str]:
    """The table's columns under the demonstration's framework, as Probity writes them (an
    optional later column that no row fills is left out)."""
    table = table_for(load_framework(FRAMEWORK_ID), table_name)
    filled = {name for row in rows for name, value in row.items() if value is not None}
    return [c.name for c in table.columns if not c.omit_when_blank or c.name in filled]


def case_row(case: Case) -> Row:
    return {name: getattr(case, name) for name in column_names("cases")}


def answer_rows(
    framework: Framework,
    cases: list[Case],
    answers: dict[tuple[str, str], str],
    notes: dict[tuple[str, str], str],
) -> list[Row]:
    """Long format, by case, then in framework order."""
    order = [q for kq in framework.key_questions for q in (kq.id, *[p.id for p in kq.prompts])]
    order += [p.id for s in framework.standards if s.other_prompts for p in s.other_prompts.prompts]
    position = {q: i for i, q in enumerate(order)}
    keys = sorted(answers, key=lambda k: (k[0], position[k[1]]))
    return [
        {"case_id": c, "question_id": q, "answer": answers[(c, q)], "note": notes.get((c, q))}
        for c, q in keys
    ]


def staffing_rows(seed: dict[str, Any]) -> list[Row]:
    """Annexe two, and the figures the service supplied for the characteristics table; each
    with the ``ref`` the narrative quotes it by, if it does."""
    sources = {
        "key_staffing": "The Probation Service",
        "caseload_workload": "The Probation Service",
        "inspection_workload": "HM Inspectorate of Probation inspection data",
    }
    rows = [
        {"section": section, "source": sources[section], **figure}
        for section in ("key_staffing", "caseload_workload", "inspection_workload")
        for figure in seed["staffing"][section]
    ]
    rows += [
        {"section": "services", "source": "The Probation Service", **figure}
        for figure in seed["characteristics"]["supplied_by_service"]
    ]
    return rows


def survey_rows(seed: dict[str, Any]) -> tuple[list[Row], list[str]]:
    """Survey results as counts, each with the ``ref`` the narrative quotes it by, if it does;
    and the quoted percentages no count reproduces."""
    surveys = seed["surveys"]
    rows = [
        {"survey": "staff", "ref": s.get("ref"), "question": s["question"],
         "respondents": s["respondents"], "positive": s["positive"]}
        for s in surveys["staff"]
    ]  # fmt: skip
    unreproduced: list[str] = []
    for survey in ("practitioner_interviews", "people_on_probation"):
        respondents = surveys[survey]["respondents"]
        for item in surveys[survey]["items"]:
            if "fraction" in item:
                top_, bottom = (int(x) for x in item["fraction"].split("/"))
                positive, exact = divmod(respondents * top_, bottom)
                ok = exact == 0
            else:
                positive = yes_count(item["percent"], respondents)
                ok = percent(positive, respondents) == item["percent"]
            if ok:
                rows.append(
                    {"survey": survey, "ref": item.get("ref"), "question": item["question"],
                     "respondents": respondents, "positive": positive}
                )  # fmt: skip
            else:
                shown = item.get("percent", item.get("fraction"))
                unreproduced.append(
                    f"{survey}: {shown}% of {respondents} ({item['question']}): no whole count"
                )
    return rows, unreproduced


def render(table_name: str, rows: Iterable[Row]) -> str:
    """One table as CSV text: the schema's columns in the schema's order."""
    rows = list(rows)
    names = column_names(table_name, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        unknown = set(row) - set(names)
        if unknown:
            raise GenerationError([f"{table_name}: unknown columns {sorted(unknown)}"])
        writer.writerow([csv_text(row.get(name)) for name in names])
    return buffer.getvalue()
