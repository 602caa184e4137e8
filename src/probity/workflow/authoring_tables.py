"""Writing the report's tables: practice examples (under a pseudonym that cannot be traced to
the case), this inspection's recommendations and the progress found on the previous ones,
staffing figures and survey results (edited in a table, or the surveys uploaded as a CSV
file). Each is refused with every problem in its place; nothing is half-written.

As for the words (:mod:`probity.workflow.authoring`), only the lead and administrators write,
every change is kept in the history, and cases, answers and judgements are not touched.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import replace

from probity.bundle.model import (
    GlossaryTerm,
    PracticeExample,
    Recommendation,
    StaffingFigure,
    SurveyResult,
)
from probity.framework.models import Framework
from probity.report.formatting import PROGRESS_LABELS
from probity.workflow.access import authorise, locked
from probity.workflow.authoring import ALL_SECTIONS
from probity.workflow.errors import InvalidError, NotFoundError
from probity.workflow.model import Actor
from probity.workflow.policy import Action
from probity.workflow.store import ReportRow, Store

TEXT_LIMIT = 20_000
SHORT_LIMIT = 300
EXAMPLE_KINDS = {"good": "Good practice", "poor": "Poor practice"}
SURVEY_COLUMNS = ("survey", "ref", "question", "respondents", "positive")


def rows(store: Store, actor: Actor, inspection_id: str, table: str) -> list[ReportRow]:
    """A table's rows, for those who write the report."""
    authorise(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
    return store.report_rows(inspection_id, table)


def case_ids(store: Store, actor: Actor, inspection_id: str) -> list[str]:
    """The ids of the inspection's cases (all a practice example's page shows of them)."""
    authorise(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
    return [c.case_id for c in store.cases(inspection_id)]


def _row(store: Store, inspection_id: str, table: str, row_id: int) -> ReportRow:
    found = next((r for r in store.report_rows(inspection_id, table) if r.row_id == row_id), None)
    if found is None:
        raise NotFoundError("No such row (it may have been deleted)")
    return found


def _words(problems: list[str], name: str, value: str, what: str, limit: int) -> str:
    words = value.strip()
    if not words:
        problems.append(f"{name}: {what}")
    elif len(words) > limit:
        problems.append(f"{name}: must be {limit:,} characters or fewer")
    return words


def _traceable(store: Store, inspection_id: str, case_id: str, pseudonym: str) -> str | None:
    """Why a pseudonym could identify the case (None: it could not). The case's data is
    personal data: the reason never repeats it."""
    if pseudonym.casefold() == case_id.casefold():
        return "pseudonym: must not be the case's id"
    pattern = re.compile(rf"(?<!\w){re.escape(pseudonym)}(?!\w)", re.IGNORECASE)
    texts = [v for v in store.case_attributes(inspection_id, case_id).values()
             if isinstance(v, str)]  # fmt: skip
    texts += [a.note for a in store.answers(inspection_id, case_id).values() if a.note]
    texts.append(case_id)
    if any(pattern.search(t) for t in texts):
        return "pseudonym: choose another: this one appears in the case's record"
    return None


def save_practice_example(store: Store, actor: Actor, inspection_id: str, row_id: int | None,
                          version: int, *, standard_id: str, kind: str, case_id: str,
                          pseudonym: str, text: str) -> int:  # fmt: skip
    """Add (``row_id`` None) or change a practice example of a standard, about a case of the
    inspection, under a pseudonym found nowhere in the case's record; its id."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
        fw = store.framework_of(inspection_id)
        problems: list[str] = []
        if not fw.has_standard(standard_id):
            problems.append("standard: choose a standard of the framework")
        if kind not in EXAMPLE_KINDS:
            problems.append("kind: choose good or poor practice")
        cases = {c.case_id for c in store.cases(inspection_id)}
        if case_id not in cases:
            problems.append("case: choose the case the example is about")
        name = _words(problems, "pseudonym", pseudonym, "give the person a pseudonym", 100)
        if name and case_id in cases:
            traced = _traceable(store, inspection_id, case_id, name)
            if traced:
                problems.append(traced)
        words = _words(problems, "text", text, "write the example", TEXT_LIMIT)
        if problems:
            raise InvalidError(problems)
        record = PracticeExample(standard_id, kind, words, name, case_id)
        if row_id is None:
            return store.add_report_row(inspection_id, "practice_examples", record, None, actor)
        _row(store, inspection_id, "practice_examples", row_id)
        store.change_report_row(inspection_id, "practice_examples", row_id, record, version, actor)
        return row_id


def save_recommendation(store: Store, actor: Actor, inspection_id: str, row_id: int | None,
                        version: int, *, text: str, addressed_to: str) -> int:  # fmt: skip
    """Add (``row_id`` None: numbered after the last) or change one of this inspection's
    recommendations: its words and whom it is addressed to; its id."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
        problems: list[str] = []
        words = _words(problems, "text", text, "write the recommendation", TEXT_LIMIT)
        to = _words(problems, "addressed_to", addressed_to, "say whom it is addressed to",
                    SHORT_LIMIT)  # fmt: skip
        if problems:
            raise InvalidError(problems)
        current = [
            r for r in store.report_rows(inspection_id, "recommendations")
            if isinstance(r.record, Recommendation) and r.record.kind == "current"
        ]  # fmt: skip
        if row_id is None:
            numbers = [r.record.number for r in current if isinstance(r.record, Recommendation)]
            number = max(numbers, default=0) + 1
            record = Recommendation("current", number, words, to)
            last = current[-1].row_id if current else None
            return store.add_report_row(inspection_id, "recommendations", record, last, actor)
        found = next((r for r in current if r.row_id == row_id), None)
        if found is None:
            raise NotFoundError("No such recommendation of this inspection")
        assert isinstance(found.record, Recommendation)
        record = replace(found.record, text=words, addressed_to=to)
        store.change_report_row(inspection_id, "recommendations", row_id, record, version, actor)
        return row_id


def record_progress(
    store: Store, actor: Actor, inspection_id: str, row_id: int, version: int, *,
    progress: str, findings: str, improvement_required: str,
) -> None:  # fmt: skip
    """Record on a previous inspection's recommendation the progress found, the findings
    and whether improvement is still required ("yes" or "no")."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
        found = _row(store, inspection_id, "recommendations", row_id)
        record = found.record
        if not isinstance(record, Recommendation) or record.kind != "previous":
            raise NotFoundError("No such previous recommendation")
        problems: list[str] = []
        if progress not in PROGRESS_LABELS:
            problems.append("progress: choose the progress found")
        words = findings.strip()
        if len(words) > TEXT_LIMIT:
            problems.append(f"findings: must be {TEXT_LIMIT:,} characters or fewer")
        if improvement_required not in ("yes", "no"):
            problems.append("improvement_required: say whether improvement is still required")
        if problems:
            raise InvalidError(problems)
        changed = replace(record, progress=progress, findings=words or None,
                          improvement_required=improvement_required == "yes")  # fmt: skip
        store.change_report_row(inspection_id, "recommendations", row_id, changed, version, actor)


def _number(problems: list[str], place: str, typed: str, *, whole: bool) -> float | None:
    words = typed.strip().replace(",", "")
    if not words:
        return None
    try:
        value = int(words) if whole else float(words)
    except ValueError:
        problems.append(f"{place}: enter a {'whole number' if whole else 'number'}, like 42")
        return None
    if value < 0:
        problems.append(f"{place}: must be 0 or more")
    return value


def save_staffing(store: Store, actor: Actor, inspection_id: str,
                  typed: Mapping[int, tuple[int, str]]) -> int:  # fmt: skip
    """Change staffing figures' values (row id → (version read, value typed; blank: not
    available)); every one or none. How many changed."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
        problems: list[str] = []
        changes = []
        for row in store.report_rows(inspection_id, "staffing"):
            if row.row_id not in typed:
                continue
            version, value = typed[row.row_id]
            number = _number(problems, f"value-{row.row_id}", value, whole=False)
            assert isinstance(row.record, StaffingFigure)
            if number != row.record.value:
                changes.append((row.row_id, version, replace(row.record, value=number)))
        if problems:
            raise InvalidError(problems)
        for row_id, version, record in changes:
            store.change_report_row(inspection_id, "staffing", row_id, record, version, actor)
        return len(changes)


def _survey_problems(s: SurveyResult) -> list[tuple[str, str]]:
    """What is wrong with a survey result's counts: (column, problem)."""
    if s.respondents < 1:
        return [("respondents", "must be at least 1")]
    if not 0 <= s.positive <= s.respondents:
        return [("positive", f"must be between 0 and the {s.respondents} respondents")]
    return []


def save_surveys(store: Store, actor: Actor, inspection_id: str,
                 typed: Mapping[int, tuple[int, str, str]]) -> int:  # fmt: skip
    """Change survey results (row id → (version read, respondents, positive)); every one or
    none. How many changed."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
        problems: list[str] = []
        changes = []
        for row in store.report_rows(inspection_id, "surveys"):
            if row.row_id not in typed:
                continue
            version, respondents, positive = typed[row.row_id]
            assert isinstance(row.record, SurveyResult)
            n = _number(problems, f"respondents-{row.row_id}", respondents, whole=True)
            p = _number(problems, f"positive-{row.row_id}", positive, whole=True)
            for column, value in (("respondents", respondents), ("positive", positive)):
                if not value.strip():
                    problems.append(f"{column}-{row.row_id}: enter a whole number, like 42")
            if n is None or p is None:
                continue
            record = replace(row.record, respondents=int(n), positive=int(p))
            problems += [f"{c}-{row.row_id}: {m}" for c, m in _survey_problems(record)]
            if record != row.record:
                changes.append((row.row_id, version, record))
        if problems:
            raise InvalidError(problems)
        for row_id, version, record in changes:
            store.change_report_row(inspection_id, "surveys", row_id, record, version, actor)
        return len(changes)


def read_surveys_csv(text: str) -> list[SurveyResult]:
    """Survey results from a CSV file with the bundle's ``surveys`` columns; InvalidError
    listing every problem, each with its row and column."""
    try:
        return _read_surveys(text)
    except csv.Error as e:  # a malformed file (a field over the csv module's limit, say)
        raise InvalidError([f"file: not a readable CSV file: {e}"]) from None


def _read_surveys(text: str) -> list[SurveyResult]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = list(reader.fieldnames or [])
    twice = sorted({c for c in header if c and header.count(c) > 1})
    if twice:
        raise InvalidError([f"file: column {c} appears {header.count(c)} times" for c in twice])
    missing = [c for c in SURVEY_COLUMNS if c not in header]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise InvalidError([f"file: the header row lacks the column{plural} " + ", ".join(missing)])
    problems: list[str] = []
    found: list[SurveyResult] = []
    refs: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    for n, raw in enumerate(reader, start=2):
        place = f"row {n}, "
        cells = {k: (raw.get(k) or "").strip() for k in SURVEY_COLUMNS}
        before = len(problems)
        for column in ("survey", "question"):
            if not cells[column]:
                problems.append(f"{place}{column}: missing value")
        counts = {c: _number(problems, f"{place}{c}", cells[c], whole=True)
                  for c in ("respondents", "positive")}  # fmt: skip
        for column, value in counts.items():
            if value is None and not cells[column]:
                problems.append(f"{place}{column}: missing value")
        ref = cells["ref"] or None
        if ref is not None and not ref.isidentifier():
            problems.append(f"{place}ref: {ref!r} is not a name (letters, digits and _)")
        if ref is not None and ref in refs:
            problems.append(f"{place}ref: {ref!r} is already the ref of row {refs[ref]}")
        key = (cells["survey"], cells["question"])
        if key in pairs:
            problems.append(f"{place}question: the same question as row {pairs[key]}")
        if len(problems) > before:
            continue
        result = SurveyResult(cells["survey"], cells["question"], int(counts["respondents"] or 0),
                              int(counts["positive"] or 0), ref)  # fmt: skip
        problems += [f"{place}{c}: {m}" for c, m in _survey_problems(result)]
        refs.update({ref: n} if ref else {})
        pairs[key] = n
        found.append(result)
    if not found and not problems:
        problems.append("file: has no survey result under its header row")
    if problems:
        raise InvalidError(problems)
    return found


def upload_surveys(store: Store, actor: Actor, inspection_id: str, text: str) -> int:
    """Replace every survey result with those of a CSV file (every row or none); how many."""
    results = read_surveys_csv(text)
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
        store.replace_report_rows(inspection_id, "surveys", results, actor)
    return len(results)


def glossary(store: Store, actor: Actor, inspection_id: str) -> tuple[list[ReportRow], Framework]:
    """The inspection's own glossary terms, and the framework (whose glossary they add to)."""
    authorise(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
    return store.report_rows(inspection_id, "glossary"), store.framework_of(inspection_id)


def save_glossary_term(store: Store, actor: Actor, inspection_id: str, row_id: int | None,
                       version: int, *, term: str, definition: str) -> int:  # fmt: skip
    """Add (``row_id`` None) or change a term of the inspection's glossary; its id. A term is
    defined once (whatever its case); one the framework defines is replaced in the report."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
        problems: list[str] = []
        name = _words(problems, "term", term, "write the term", SHORT_LIMIT)
        meaning = _words(problems, "definition", definition, "say what it means", TEXT_LIMIT)
        rows = store.report_rows(inspection_id, "glossary")
        taken = {r.record.term.casefold() for r in rows
                 if isinstance(r.record, GlossaryTerm) and r.row_id != row_id}  # fmt: skip
        if name and name.casefold() in taken:
            problems.append("term: already defined in this glossary")
        if problems:
            raise InvalidError(problems)
        record = GlossaryTerm(name, meaning)
        if row_id is None:
            last = rows[-1].row_id if rows else None
            return store.add_report_row(inspection_id, "glossary", record, last, actor)
        _row(store, inspection_id, "glossary", row_id)
        store.change_report_row(inspection_id, "glossary", row_id, record, version, actor)
        return row_id


def delete_glossary_term(
    store: Store, actor: Actor, inspection_id: str, row_id: int, version: int
) -> None:
    """Take a term out of the inspection's glossary (its history keeps it)."""
    with store.transaction():
        locked(store, actor, Action.WRITE_REPORT, inspection_id, section=ALL_SECTIONS)
        _row(store, inspection_id, "glossary", row_id)
        store.delete_report_row(inspection_id, "glossary", row_id, version, actor)
