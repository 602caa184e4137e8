"""Checks across a bundle's tables, against its framework; builds the :class:`Bundle`.

Every problem is collected; the bundle is returned only if there are none, so that nothing is
ever loaded from a bundle with a fault in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from probity.bundle.model import Answer, Bundle, Case, Inspection
from probity.bundle.problems import DataError, Problem
from probity.bundle.raw import RawTable
from probity.bundle.records import Located, typed_records
from probity.bundle.schema import TABLES
from probity.framework import Framework, FrameworkError, load_framework
from probity.framework.applicability import CaseScope, question_rules
from probity.framework.inputs import judgement_problems


def build_bundle(tables: dict[str, RawTable], problems: list[Problem]) -> Bundle:
    """Type, check and assemble the tables; raise :class:`DataError` with every problem."""
    records = {name: typed_records(raw, problems) for name, raw in tables.items()}
    for table in TABLES:
        if table.key and table.name in records:
            problems.extend(_duplicates(records[table.name], table.key))
    fw = _inspection_checks(tables, records, problems)
    cases = records.get("cases", [])
    if "cases" in tables and not tables["cases"].rows:
        raw = tables["cases"]
        problems.append(
            Problem(raw.source, raw.place(), "no cases: an inspection needs at least one case")
        )
    # A case whose facts contradict each other is reported; its answers are not judged on them.
    faulty = [c for c in cases if c.record.unpaid_work_only and c.record.case_type != "community"]
    problems.extend(
        c.problem("unpaid_work_only", "only a community case can be unpaid work only")
        for c in faulty
    )
    cases = [c for c in cases if c not in faulty]
    problems.extend(_date_order(records.get("sample_windows", []), "start", "end"))
    if fw is not None:
        problems.extend(_answer_checks(fw, cases, records.get("answers", []), tables))
        problems.extend(_judgement_checks(fw, records.get("judgements", [])))
        problems.extend(_example_checks(fw, records.get("practice_examples", [])))
        problems.extend(_narrative_checks(fw, records.get("narrative", [])))
    problems.extend(_survey_checks(records.get("surveys", [])))
    for name in ("surveys", "staffing"):
        problems.extend(_unique_refs(records.get(name, [])))
    problems.extend(_recommendation_checks(records.get("recommendations", [])))
    if problems:
        raise DataError(problems)
    inspection = records["inspection"][0].record

    def rows(name: str) -> tuple[object, ...]:
        return tuple(loc.record for loc in records.get(name, []))

    return Bundle(
        inspection=inspection,
        sample_windows=rows("sample_windows"),  # type: ignore[arg-type]
        cases=rows("cases"),  # type: ignore[arg-type]
        answers=rows("answers"),  # type: ignore[arg-type]
        judgements=rows("judgements"),  # type: ignore[arg-type]
        staffing=rows("staffing"),  # type: ignore[arg-type]
        surveys=rows("surveys"),  # type: ignore[arg-type]
        recommendations=rows("recommendations"),  # type: ignore[arg-type]
        practice_examples=rows("practice_examples"),  # type: ignore[arg-type]
        narrative=rows("narrative"),  # type: ignore[arg-type]
    )


def _duplicates(located: list[Located], key: tuple[str, ...]) -> Iterable[Problem]:
    first_row: dict[tuple[object, ...], int] = {}
    for loc in located:
        k = tuple(getattr(loc.record, c) for c in key)
        if k in first_row:
            shown = ", ".join(f"{c} {v}" for c, v in zip(key, k, strict=True))
            yield loc.problem(key[-1], f"duplicate: {shown} is already on row {first_row[k]}")
        else:
            first_row[k] = loc.row


def _inspection_checks(
    tables: dict[str, RawTable], records: dict[str, list[Located]], problems: list[Problem]
) -> Framework | None:
    if "inspection" not in tables:
        return None
    raw, rows = tables["inspection"], records["inspection"]
    if len(raw.rows) != 1:
        problems.append(
            Problem(
                raw.source,
                raw.place(),
                f"must hold exactly one row (the inspection); it holds {len(raw.rows)}",
            )
        )
    if len(rows) != 1:
        return None
    loc = rows[0]
    inspection: Inspection = loc.record
    problems.extend(_date_order(rows, "fieldwork_start", "fieldwork_end"))
    if inspection.published and inspection.published < inspection.fieldwork_end:
        problems.append(
            loc.problem(
                "published",
                f"{inspection.published} is before the end of "
                f"fieldwork ({inspection.fieldwork_end})",
            )
        )
    for window in records.get("sample_windows", []):
        if window.record.end > inspection.fieldwork_start:
            problems.append(
                window.problem(
                    "end",
                    f"{window.record.end} is after fieldwork began ({inspection.fieldwork_start})",
                )
            )
    try:
        return load_framework(inspection.framework)
    except FrameworkError as e:
        problems.extend(loc.problem("framework", reason) for _, reason in e.problems)
        return None


def _date_order(located: list[Located], start: str, end: str) -> Iterable[Problem]:
    for loc in located:
        a, b = getattr(loc.record, start), getattr(loc.record, end)
        if a and b and b < a:
            yield loc.problem(end, f"{b} is before {start} {a}")


def _answer_checks(
    fw: Framework, cases: list[Located], answers: list[Located], tables: dict[str, RawTable]
) -> Iterable[Problem]:
    by_case = {loc.record.case_id: loc.record for loc in cases}
    # A case row with a bad cell is reported where it is; its answers are not reported again.
    listed = (
        {str(cells.get("case_id") or "").strip() for _, cells in tables["cases"].rows}
        if ("cases" in tables)
        else set()
    )
    raw = tables.get("answers")
    rules = {
        case_id: question_rules(fw, CaseScope(c.case_type, c.unpaid_work_only, c.court_report))
        for case_id, c in by_case.items()
    }
    known = {kq.id for kq in fw.key_questions} | {p.id for p in fw.prompts}
    answered: dict[str, set[str]] = defaultdict(set)
    for loc in answers:
        a: Answer = loc.record
        if a.case_id not in by_case:
            if a.case_id not in listed:
                yield loc.problem("case_id", f"unknown case {a.case_id!r}: not in the cases table")
            continue
        if a.question_id not in known:
            yield loc.problem(
                "question_id", f"unknown question {a.question_id!r} in framework {fw.id}"
            )
            continue
        answered[a.case_id].add(a.question_id)
        rule = rules[a.case_id][a.question_id]
        if not rule.asked:
            yield loc.problem(
                "question_id",
                f"{a.question_id} is court work ({rule.standard_id}"
                f"), but case {a.case_id} has no court report",
            )
        elif a.answer not in rule.allowed:
            yield loc.problem("answer", _why_not(fw, a, by_case[a.case_id], rule.allowed))
    if raw is None:
        return
    for case_id, case_rules in rules.items():
        missing = [
            r.question_id
            for r in case_rules.values()
            if r.is_key_question and r.asked and r.question_id not in answered[case_id]
        ]
        if missing:
            yield Problem(
                raw.source,
                raw.place(),
                f"case {case_id}: no answer for key question(s) {', '.join(missing)}",
            )


def _why_not(fw: Framework, a: Answer, case: Case, allowed: frozenset[str]) -> str:
    if allowed == {"na"}:
        prompt = next(p for p in fw.prompts if p.id == a.question_id)
        if prompt.case_types:
            reason = f"applies only to {', '.join(t.value for t in prompt.case_types)} cases"
        else:
            reason = "is marked * (does not apply in unpaid work only cases)"
        return (
            f"{a.question_id} {reason}; case {a.case_id} is {case.case_type}"
            f"{', unpaid work only' if case.unpaid_work_only else ''}, so it must be na"
        )
    if a.question_id in {kq.id for kq in fw.key_questions}:
        return f"{a.question_id} is a key question: it is answered yes or no"
    return (
        f"{a.question_id} applies to case {a.case_id} (it is not marked **), so it is "
        "answered yes or no, not na"
    )


def _judgement_checks(fw: Framework, judgements: list[Located]) -> Iterable[Problem]:
    for loc in judgements:
        j = loc.record
        # Missing judgements are allowed here (an inspection in progress); rating needs them.
        for _, message in judgement_problems(fw, {j.standard_id: j.rating}):
            if message != "missing judgement":
                column = "rating" if "rating" in message else "standard_id"
                yield loc.problem(column, message)


def _example_checks(fw: Framework, examples: list[Located]) -> Iterable[Problem]:
    for loc in examples:
        if not fw.has_standard(loc.record.standard_id):
            yield loc.problem("standard_id", f"unknown standard {loc.record.standard_id!r}")


def _survey_checks(surveys: list[Located]) -> Iterable[Problem]:
    for loc in surveys:
        s = loc.record
        if s.respondents < 1:
            yield loc.problem("respondents", "must be at least 1")
        elif not 0 <= s.positive <= s.respondents:
            yield loc.problem(
                "positive", f"{s.positive} is not between 0 and the {s.respondents} respondents"
            )


def _recommendation_checks(recommendations: list[Located]) -> Iterable[Problem]:
    for loc in recommendations:
        r = loc.record
        if r.kind == "previous":
            for column in ("source", "progress", "improvement_required"):
                if getattr(r, column) is None:
                    yield loc.problem(
                        column,
                        "missing value: a previous recommendation needs "
                        "its source, progress and improvement_required",
                    )
        elif r.progress is not None:
            yield loc.problem("progress", "only a previous recommendation has a progress category")


def _narrative_checks(fw: Framework, paragraphs: list[Located]) -> Iterable[Problem]:
    sections = {"foreword", "background"} | {f"domain:{d.id}" for d in fw.domains}
    sections |= {s.id for s in fw.standards}
    for loc in paragraphs:
        if loc.record.section not in sections:
            yield loc.problem(
                "section",
                f"unknown section {loc.record.section!r}; expected "
                "foreword, background, domain:N or a standard id",
            )


def _unique_refs(located: list[Located]) -> Iterable[Problem]:
    first: dict[str, int] = {}
    for loc in located:
        ref = loc.record.ref
        if ref is None:
            continue
        if not ref.isidentifier():
            yield loc.problem("ref", f"{ref!r} is not a name (letters, digits and _)")
        elif ref in first:
            yield loc.problem("ref", f"duplicate: ref {ref} is already on row {first[ref]}")
        else:
            first[ref] = loc.row
