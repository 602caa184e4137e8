"""Checks across a bundle's tables, against its framework; builds the :class:`Bundle`.

Every problem is collected; the bundle is returned only if there are none, so that nothing is
ever loaded from a bundle with a fault in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from probity.bundle.isbn import isbn13_problem
from probity.bundle.model import Answer, Bundle, Inspection
from probity.bundle.problems import DataError, Problem
from probity.bundle.raw import RawTable
from probity.bundle.records import Located, typed_records
from probity.bundle.schema import (
    FRAMEWORK_FREE,
    TABLES,
    TABLES_BY_NAME,
    Table,
    id_problem,
    tables_for,
)
from probity.bundle.second_looks import second_answer_checks
from probity.framework import (
    Framework,
    FrameworkError,
    available_frameworks,
    load_framework,
    load_framework_file,
)
from probity.framework.applicability import NA_ONLY, QuestionRule, question_rules
from probity.framework.conditions import holds, tests
from probity.framework.diff import framework_changes
from probity.framework.inputs import judgement_problems


def build_bundle(
    tables: dict[str, RawTable], problems: list[Problem], *, framework: Framework | None = None
) -> Bundle:
    """Type, check and assemble the tables; raise :class:`DataError` with every problem.

    The framework is the one the inspection table names, found in the frameworks directories,
    or ``framework`` (a file of one's own), which must have the id the bundle names. Without a
    usable framework, only the tables whose columns do not depend on it are checked.
    """
    fw = _framework(tables, problems, framework)
    schema = {t.name: t for t in tables_for(fw)} if fw is not None else {}
    records: dict[str, list[Located]] = {}
    for name, raw in tables.items():
        table = schema.get(name) or (TABLES_BY_NAME[name] if name in FRAMEWORK_FREE else None)
        if table is not None:
            records[name] = typed_records(raw, table, problems)
    for table in TABLES:
        if table.key and table.name in records:
            problems.extend(_duplicates(records[table.name], table.key))
        problems.extend(_id_checks(schema.get(table.name, table), records.get(table.name, [])))
    _inspection_checks(tables, records, problems, fw)
    cases = records.get("cases", [])
    if "cases" in tables and not tables["cases"].rows:
        raw = tables["cases"]
        problems.append(
            Problem(raw.source, raw.place(), "no cases: an inspection needs at least one case")
        )
    problems.extend(_date_order(records.get("sample_windows", []), "start", "end"))
    if fw is not None:
        # A case whose facts contradict each other is reported; its answers are not judged
        # on them.
        faulty = _constraint_problems(fw, cases)
        problems.extend(faulty.values())
        cases = [c for c in cases if c.row not in faulty]
        problems.extend(_answer_checks(fw, cases, records.get("answers", []), tables))
        raw_cases = tables.get("cases")
        listed = (
            {str(c.get("case_id") or "").strip() for _, c in raw_cases.rows} if raw_cases else set()
        )
        problems.extend(
            second_answer_checks(
                fw, cases, records.get("answers", []), records.get("second_answers", []), listed
            )
        )
        problems.extend(_judgement_checks(fw, records.get("judgements", [])))
        known = {c.record.case_id for c in records.get("cases", [])}
        problems.extend(_example_checks(fw, records.get("practice_examples", []), known))
        problems.extend(_narrative_checks(fw, records.get("narrative", [])))
    problems.extend(_survey_checks(records.get("surveys", [])))
    problems.extend(_glossary_checks(records.get("glossary", [])))
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
        glossary=rows("glossary"),  # type: ignore[arg-type]
        second_answers=rows("second_answers"),  # type: ignore[arg-type]
    )


def _id_checks(table: Table, located: list[Located]) -> Iterable[Problem]:
    """Ids that would not stand in a web address as they are (``Column.identifier``), and
    text longer than the database holds (``Column.max_chars``)."""
    for column in table.columns:
        if column.max_chars is not None and not column.attribute:
            for loc in located:
                value = getattr(loc.record, column.field_name)
                if isinstance(value, str) and len(value) > column.max_chars:
                    yield loc.problem(
                        column.name,
                        f"{len(value):,} characters: at most {column.max_chars} are kept",
                    )
        if column.identifier:
            for loc in located:
                value = getattr(loc.record, column.field_name)
                wrong = id_problem(value) if value is not None else None
                if wrong is not None:
                    yield loc.problem(column.name, wrong)


def _duplicates(located: list[Located], key: tuple[str, ...]) -> Iterable[Problem]:
    first_row: dict[tuple[object, ...], int] = {}
    for loc in located:
        k = tuple(getattr(loc.record, c) for c in key)
        if k in first_row:
            shown = ", ".join(f"{c} {v}" for c, v in zip(key, k, strict=True))
            yield loc.problem(key[-1], f"duplicate: {shown} is already on row {first_row[k]}")
        else:
            first_row[k] = loc.row


def _framework(
    tables: dict[str, RawTable], problems: list[Problem], given: Framework | None
) -> Framework | None:
    """The framework the inspection table names (or the one given, if it is that one)."""
    raw = tables.get("inspection")
    if raw is not None and "framework" not in raw.header:
        problems.append(Problem(raw.source, raw.place(), "missing column framework"))
    if raw is None or len(raw.rows) != 1 or "framework" not in raw.header:
        return None  # a table without exactly one row is reported with the inspection's checks
    number, cells = raw.rows[0]
    name = str(cells.get("framework") or "").strip()
    place = raw.place(number, "framework")
    if not name:
        problems.append(
            Problem(raw.source, place, "missing value: the framework is needed to read the rest")
        )
        return None
    if given is not None:
        if given.id != name:
            problems.append(
                Problem(raw.source, place, f"the bundle is under framework {name!r}, but the "
                        f"framework file given is {given.id!r}")
            )  # fmt: skip
            return None
        return given
    try:
        return load_framework(name)
    except FrameworkError as e:
        problems.extend(Problem(raw.source, place, reason) for _, reason in e.problems)
        return None


def _inspection_checks(
    tables: dict[str, RawTable],
    records: dict[str, list[Located]],
    problems: list[Problem],
    fw: Framework | None,
) -> None:
    if "inspection" not in tables:
        return
    raw, rows = tables["inspection"], records.get("inspection", [])
    if len(raw.rows) != 1:
        problems.append(
            Problem(
                raw.source,
                raw.place(),
                f"must hold exactly one row (the inspection); it holds {len(raw.rows)}",
            )
        )
    if len(rows) != 1:
        return
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
    if inspection.isbn is not None:
        wrong = isbn13_problem(inspection.isbn)
        if wrong is not None:
            problems.append(loc.problem("isbn", wrong))
    if fw is not None:
        changed = published_under_changed_framework(inspection, fw)
        if changed is not None:
            problems.append(loc.problem("framework_hash", changed))
        language = inspection.report_language
        if language != "en" and language not in fw.translations:
            problems.append(
                loc.problem(
                    "language",
                    f"framework {fw.id} has no translations for {language!r}: "
                    "the report's headings cannot be printed in it",
                )
            )


def published_under_changed_framework(inspection: Inspection, fw: Framework) -> str | None:
    """Why a published inspection may not be rated under ``fw``: the file it was published
    under had another content hash. None when it may (unpublished, or nothing recorded)."""
    recorded = inspection.framework_hash
    if inspection.published is None or not recorded or recorded == fw.content_hash:
        return None
    message = (
        f"the inspection was published under framework {fw.id} with content hash "
        f"{recorded[:12]}…, but the framework file now read has hash {fw.content_hash[:12]}…: "
        "the file has changed since publication, and a published inspection is not rated "
        "again under a changed framework (rate it with --framework-file and the file it was "
        "published under)"
    )
    # Where the version it was published under is still at hand, say what changed.
    old = next((f for f in available_frameworks() if f.content_hash == recorded), None)
    if old is not None:
        changes = framework_changes(load_framework_file(old.path), fw)
        message += f". What changed since {old.path}: " + "; ".join(changes)
    return message


def _constraint_problems(fw: Framework, cases: list[Located]) -> dict[int, Problem]:
    """The first broken case-profile rule of each case, by the case's row."""
    found: dict[int, Problem] = {}
    for loc in cases:
        attributes = loc.record.attributes
        for rule in fw.case_profile.constraints:
            if holds(rule.when, attributes) and not holds(rule.require, attributes):
                column = next(iter(tests(rule.when))).attribute
                found[loc.row] = loc.problem(column, rule.message)
                break
    return found


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
    rules = {case_id: question_rules(fw, c.attributes) for case_id, c in by_case.items()}
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
                f"{a.question_id} is not asked on case {a.case_id}: {rule.reason}, so it takes "
                "no answer",
            )
        elif a.answer not in rule.allowed:
            yield loc.problem("answer", _why_not(a, rule))
    if raw is None:
        return
    for case_id, case_rules in rules.items():
        if not answered[case_id]:
            continue  # a case of the sample not assessed yet
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


def _why_not(a: Answer, rule: QuestionRule) -> str:
    if rule.allowed == NA_ONLY:
        return f"{a.question_id} must be na on case {a.case_id}: {rule.reason}"
    if rule.is_key_question:
        return f"{a.question_id} is a key question: it is answered yes or no"
    return (
        f"{a.question_id} applies to case {a.case_id} and the framework does not let it be "
        "not applicable, so it is answered yes or no, not na"
    )


def _judgement_checks(fw: Framework, judgements: list[Located]) -> Iterable[Problem]:
    for loc in judgements:
        j = loc.record
        # Missing judgements are allowed here (an inspection in progress); rating needs them.
        for _, message in judgement_problems(fw, {j.standard_id: j.rating}):
            if message != "missing judgement":
                column = "rating" if "rating" in message else "standard_id"
                yield loc.problem(column, message)


def _example_checks(fw: Framework, examples: list[Located], cases: set[str]) -> Iterable[Problem]:
    for loc in examples:
        if not fw.has_standard(loc.record.standard_id):
            yield loc.problem("standard_id", f"unknown standard {loc.record.standard_id!r}")
        case_id = loc.record.case_id
        if case_id is not None and case_id not in cases:
            yield loc.problem("case_id", f"{case_id!r} is not a case of the inspection")


def _glossary_checks(terms: list[Located]) -> Iterable[Problem]:
    seen: dict[str, int] = {}
    for loc in terms:
        key = loc.record.term.strip().casefold()
        if key in seen:
            yield loc.problem("term", f"{loc.record.term!r} is already defined on row {seen[key]}")
        else:
            seen[key] = loc.row


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
    own = [s.id for s in fw.narrative_sections]
    sections |= set(own)
    expected = ", ".join(["foreword", "background", *own, "domain:N or a standard id"])
    # Imported here: the report reads bundles, so it is loaded after this module.
    from probity.report.narrative import bound_problem

    for loc in paragraphs:
        if loc.record.section not in sections:
            yield loc.problem(
                "section", f"unknown section {loc.record.section!r}; expected {expected}"
            )
        too_much = bound_problem(loc.record.text)
        if too_much is not None:
            yield loc.problem("text", too_much)


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
