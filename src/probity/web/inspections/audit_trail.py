"""The audit trail read from every record kept: django-simple-history's records of cases,
answers and second looks at them, judgements, the report's words and tables, the inspection's
set-up, the team and users' roles; the published versions of the report; the exports; and the
audit's own events (reads of case-level data, imports, changes to accounts). Each is a source
of the core's :class:`~probity.workflow.audit.AuditEntry`
(:mod:`probity.web.inspections.audit_paging`), read newest first a page at a time for the
audit page, or in chunks for its export.

A history record holds a row as it stood after a change: the change is told by comparing it
with the row's record before it. The records an import writes (the rows as imported) are the
old values of the first change, not changes of their own: the import's event says who
imported what.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q

from probity.web.inspections.audit import AuditEvent, ExportRecord, Invitation
from probity.web.inspections.audit_paging import HistorySource, RowSource, Source, TrailPages
from probity.web.inspections.casework import display_name
from probity.web.inspections.models import (
    Answer,
    Case,
    CaseStatus,
    Inspection,
    Judgement,
    Membership,
    Part,
    SecondAnswer,
)
from probity.web.inspections.organisations import Role, UserRole
from probity.web.inspections.report_review import ReportStageChoice, ReportVersion
from probity.web.inspections.store import REPORT_MODELS
from probity.workflow.audit import AuditEntry, AuditKind, AuditQuery
from probity.workflow.store import REPORT_TABLES
from probity.workflow.transitions import Step

Inspections = Mapping[int, str]  # an inspection's primary key → its id

IMPORTED = ("imported from bundle", "as imported")
COMMAND = re.compile(r" ?\(?(command line \([^()]*\))\)?$")
# The steps whose reason follows their own words in a case's change reason.
REASONED = (f"{Step.RETURN.value}: ", f"{Step.SAVE_ANSWERS.value}: ")
TABLE_WORDS = {
    "narrative": "Report's words",
    "practice_examples": "Practice example",
    "recommendations": "Recommendation",
    "staffing": "Staffing figure",
    "surveys": "Survey result",
    "glossary": "Glossary term",
}


def trail(scope: frozenset[str] | None, query: AuditQuery) -> TrailPages:
    """The entries of the inspections in ``scope`` (None: every inspection, and the users'
    and roles' changes) that the query admits, newest first, read from the database a slice
    at a time."""
    rows = Inspection.objects.all()
    if scope is not None:
        rows = rows.filter(inspection_id__in=scope)
    ids: Inspections = dict(rows.values_list("pk", "inspection_id"))
    whole = scope is None
    sources: list[tuple[AuditKind, Callable[[], list[Source]]]] = [
        (AuditKind.ANSWER, lambda: [_answers(ids)]),
        (AuditKind.ANSWER, lambda: [_second_answers(ids)]),
        (AuditKind.CASE, lambda: [_cases(ids)]),
        (AuditKind.JUDGEMENT, lambda: [_judgements(ids)]),
        (AuditKind.REPORT, lambda: _report_tables(ids)),
        (AuditKind.PUBLICATION, lambda: [_versions(ids)]),
        (AuditKind.SETUP, lambda: [_setup(ids)]),
        (AuditKind.TEAM, lambda: [_team(ids)]),
        (AuditKind.USER, lambda: _users() if whole else []),
        (AuditKind.EXPORT, lambda: [_exports(ids)]),
    ]
    chosen: list[Source] = []
    for kind, source in sources:
        if query.kind is None or query.kind is kind:
            chosen.extend(source())
    chosen.append(_events(ids, whole, query.kind))
    return TrailPages(chosen, query)


def people(trail: TrailPages) -> list[tuple[int, str]]:
    """The users the trail names whatever its person filter (id, name), by name: the choices
    of the person filter."""
    users = User.objects.filter(pk__in=trail.people())
    return sorted(((u.pk, display_name(u)) for u in users), key=lambda p: p[1])


# --- History records ---------------------------------------------------------------------


def _who(record: Any) -> tuple[str, int | None, str]:
    """Who made the change a record holds, their id, and the reason given (a command's name
    taken out of it: it says who)."""
    reason = record.history_change_reason or ""
    if record.history_user_id is not None:
        return display_name(record.history_user), record.history_user_id, reason
    found = COMMAND.search(reason)
    if found is None:
        return "not recorded", None, reason
    return found.group(1), None, reason[: found.start()].strip()


def _changes(
    pairs: Iterable[tuple[Any, Any]],
    kind: AuditKind,
    fields: Sequence[tuple[str, str]],
    words: Callable[[str, Any], str],
    about: Callable[[Any], tuple[str, str]],
    reason_of: Callable[[Any, str], str] = lambda record, reason: reason,
) -> Iterator[AuditEntry]:
    """An entry for each field a record changed from the row's record before it (``pairs``:
    each record with that one, None for the row's first), one for a row added (but not as
    imported) and one for a row deleted. ``about`` gives a record's inspection id and
    subject; ``words`` a field's value as the page says it."""
    for r, old in pairs:
        who, who_id, reason = _who(r)
        if old is None and r.history_type == "+" and reason.startswith(IMPORTED):
            continue
        inspection, subject = about(r)
        entry = partial(AuditEntry, r.history_date, who, who_id, kind, inspection)
        if r.history_type == "-":
            text = "; ".join(f"{label}: {words(a, getattr(r, a))}" for a, label in fields)
            yield entry(f"{subject}: deleted", text, "", reason)
        elif old is None:
            text = "; ".join(
                f"{label}: {words(a, getattr(r, a))}" for a, label in fields if getattr(r, a)
            )
            yield entry(f"{subject}: added", "", text, reason)
        else:
            for attr, label in fields:
                was, now = getattr(old, attr), getattr(r, attr)
                if was != now:
                    why = reason_of(r, reason)
                    yield entry(f"{subject}, {label}", words(attr, was), words(attr, now), why)


def _plain(attr: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


Pairs = list[tuple[Any, Any]]  # a history record, and the row's record before it (or None)


def _source(
    records: Any,
    fields: Sequence[tuple[str, str]],
    render: Callable[[Pairs], Iterable[AuditEntry]],
    *related: str,
) -> HistorySource:
    return HistorySource(records, [a for a, _ in fields], render, ("history_user", *related))


def _answers(ids: Inspections) -> HistorySource:
    def about(r: Any) -> tuple[str, str]:
        case = r.case
        return ids.get(case.inspection_id, ""), f"Case {case.case_id}, {r.question_id}"

    fields = (("answer", "answer"), ("note", "note"))
    return _source(
        Answer.history.filter(case__inspection_id__in=ids), fields,
        lambda pairs: _changes(pairs, AuditKind.ANSWER, fields, _plain, about), "case",
    )  # fmt: skip


def _second_answers(ids: Inspections) -> HistorySource:
    """Second looks at answers: added (but not as imported), changed (resolved, say), deleted."""

    def about(r: Any) -> tuple[str, str]:
        case = r.case
        subject = f"Case {case.case_id}, {r.question_id}, second look by {r.inspector}"
        return ids.get(case.inspection_id, ""), subject

    fields = (
        ("answer", "answer"), ("mode", "mode"), ("note", "note"), ("reason", "reason"),
        ("resolved", "resolved answer"),
    )  # fmt: skip
    return _source(
        SecondAnswer.history.filter(case__inspection_id__in=ids), fields,
        lambda pairs: _changes(pairs, AuditKind.ANSWER, fields, _plain, about), "case",
    )  # fmt: skip


def _cases(ids: Inspections) -> HistorySource:
    fields = (("status", "status"), ("assessor_id", "assessor"))

    def render(pairs: Pairs) -> Iterable[AuditEntry]:
        assessors = {r.assessor_id for pair in pairs for r in pair if r is not None} - {None}
        names = {u.pk: display_name(u) for u in User.objects.filter(pk__in=assessors)}

        def words(attr: str, value: Any) -> str:
            if value is None or value == "":
                return ""
            if attr == "status":
                return str(CaseStatus(value).label)
            return names.get(value, f"user {value}")

        def about(r: Any) -> tuple[str, str]:
            return ids.get(r.inspection_id, ""), f"Case {r.case_id}"

        return _changes(pairs, AuditKind.CASE, fields, words, about, _step_reason)

    return _source(Case.history.filter(inspection_id__in=ids), fields, render)


def _step_reason(record: Any, reason: str) -> str:
    # A step's own words are not a reason: only the reason given after them (a return's, or
    # a submitted case's reopening) is.
    step = next((s for s in REASONED if reason.startswith(s)), "")
    return reason[len(step) :] if step else ""


def _judgements(ids: Inspections) -> HistorySource:
    def words(attr: str, value: Any) -> str:
        if attr == "rating" and value:
            return str(value).replace("_", " ").capitalize()
        return _plain(attr, value)

    def about(r: Any) -> tuple[str, str]:
        return ids.get(r.inspection_id, ""), f"Judgement {r.standard_id}"

    fields = (("rating", "rating"), ("evidence", "evidence"))
    return _source(
        Judgement.history.filter(inspection_id__in=ids), fields,
        lambda pairs: _changes(pairs, AuditKind.JUDGEMENT, fields, words, about),
    )  # fmt: skip


def _report_tables(ids: Inspections) -> list[Source]:
    found: list[Source] = []
    for table, model in REPORT_MODELS.items():
        names = [f.name for f in dataclasses.fields(REPORT_TABLES[table])]
        fields = [(n, n.replace("_", " ")) for n in names]

        def about(r: Any, table: str = table) -> tuple[str, str]:
            where = f" ({r.section})" if table == "narrative" else ""
            return ids.get(r.inspection_id, ""), f"{TABLE_WORDS[table]}{where}, row {r.id}"

        def render(pairs: Pairs, fields: Any = fields, about: Any = about) -> Any:
            return _changes(pairs, AuditKind.REPORT, fields, _plain, about)

        found.append(_source(model.history.filter(inspection_id__in=ids), fields, render))
    return found


def _setup(ids: Inspections) -> HistorySource:
    def words(attr: str, value: Any) -> str:
        if attr == "report_stage" and value:
            return str(ReportStageChoice(value).label)
        return _plain(attr, value)

    def about(r: Any) -> tuple[str, str]:
        return ids.get(r.id, ""), "Inspection"

    # Publication is told by the published versions (with the correction's notice).
    fields = (("fieldwork_start", "fieldwork starts"), ("fieldwork_end", "fieldwork ends"),
              ("lead_inspector", "lead inspector"), ("cases_interviewed", "cases interviewed"),
              ("isbn", "ISBN"), ("language", "language"),
              ("report_stage", "report's stage"))  # fmt: skip
    return _source(
        Inspection.history.filter(id__in=ids), fields,
        lambda pairs: _changes(pairs, AuditKind.SETUP, fields, words, about),
    )  # fmt: skip


def _users_of(pairs: Pairs) -> Iterable[User]:
    return User.objects.filter(pk__in={r.user_id for r, _ in pairs})


def _team(ids: Inspections) -> HistorySource:
    fields = (("role", "part"), ("report_sections", "report's sections to write"))

    def words(attr: str, value: Any) -> str:
        if attr == "role" and value:
            return str(Part(value).label)
        if attr == "report_sections":
            return ", ".join(value or [])
        return _plain(attr, value)

    def render(pairs: Pairs) -> Iterable[AuditEntry]:
        members = {u.pk: display_name(u) for u in _users_of(pairs)}

        def about(r: Any) -> tuple[str, str]:
            return ids.get(r.inspection_id, ""), f"Team: {members.get(r.user_id, r.user_id)}"

        return _changes(pairs, AuditKind.TEAM, fields, words, about)

    return _source(Membership.history.filter(inspection_id__in=ids), fields, render)


def _users() -> list[Source]:
    fields = (("role", "role"),)

    def words(attr: str, value: Any) -> str:
        return str(Role(value).label) if value else ""

    def render(pairs: Pairs) -> Iterable[AuditEntry]:
        holders = {u.pk: u.get_username() for u in _users_of(pairs)}

        def about(r: Any) -> tuple[str, str]:
            where = f" of {r.organisation.name}" if r.organisation_id and r.organisation else ""
            return "", f"User {holders.get(r.user_id, r.user_id)}, role{where}"

        return _changes(pairs, AuditKind.USER, fields, words, about)

    def invited(i: Any) -> AuditEntry:
        return AuditEntry(i.at, display_name(i.invited_by), i.invited_by_id, AuditKind.USER,
                          "", f"User {i.user.get_username()}: invited", "", i.email)  # fmt: skip

    invitations = Invitation.objects.select_related("user", "invited_by")
    return [
        _source(UserRole.history.all(), fields, render, "organisation"),
        RowSource(invitations, invited, who="invited_by_id"),
    ]


# --- Records of their own ----------------------------------------------------------------


def _versions(ids: Inspections) -> RowSource:
    def entry(v: Any) -> AuditEntry:
        what = "Published" if v.number == 1 else "Correction published"
        return AuditEntry(v.at, display_name(v.by) if v.by else "not recorded", v.by_id,
                          AuditKind.PUBLICATION, ids.get(v.inspection_id, ""),
                          f"Report: {what}, version {v.number}", "", v.published.isoformat(),
                          v.notice or "")  # fmt: skip

    return RowSource(
        ReportVersion.objects.filter(inspection_id__in=ids).select_related("by"), entry
    )


def _exports(ids: Inspections) -> RowSource:
    def entry(r: Any) -> AuditEntry:
        return AuditEntry(r.at, display_name(r.by), r.by_id, AuditKind.EXPORT,
                          ids.get(r.inspection_id, ""), f"Exported as {r.format}")  # fmt: skip

    return RowSource(ExportRecord.objects.filter(inspection_id__in=ids).select_related("by"), entry)


def _events(ids: Inspections, whole: bool, kind: AuditKind | None) -> RowSource:
    rows = AuditEvent.objects.select_related("by")
    if not whole:
        rows = rows.filter(inspection_id__in=ids)
    if kind is not None:
        rows = rows.filter(kind=kind.value)

    def entry(e: Any) -> AuditEntry:
        who = display_name(e.by) if e.by else (e.actor or "not recorded")
        return AuditEntry(e.at, who, e.by_id, AuditKind(e.kind),
                          ids.get(e.inspection_id or 0, e.inspection_label), e.subject, e.old,
                          e.new, e.reason)  # fmt: skip

    return RowSource(rows.filter(Q(kind__in=[k.value for k in AuditKind])), entry)
