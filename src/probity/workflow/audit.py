"""The audit trail as the core sees it: one typed entry per thing done (a change with its old
and new value, an export, a read of case-level data), whose trail a user may read, and the
entries as the rows of the audit export.

The web application builds the entries from its history records and its own records
(:mod:`probity.web.inspections.audit_trail`); the page and the export both format these.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from probity.bundle.formulas import neutralised
from probity.workflow.access import refuse
from probity.workflow.errors import ForbiddenError, InvalidError
from probity.workflow.model import Actor
from probity.workflow.policy import Action, decide
from probity.workflow.store import Store


class AuditKind(StrEnum):
    """What kind of thing an entry records (the audit page's filter)."""

    ANSWER = "answer"
    CASE = "case"
    JUDGEMENT = "judgement"
    REPORT = "report"
    PUBLICATION = "publication"
    SETUP = "setup"
    TEAM = "team"
    USER = "user"
    IMPORT = "import"
    EXPORT = "export"
    READ = "read"
    ERASURE = "erasure"
    BACKUP = "backup"

    @property
    def label(self) -> str:
        """The kind as the page names it."""
        return KIND_LABELS[self]


KIND_LABELS = {
    AuditKind.ANSWER: "Answers and notes",
    AuditKind.CASE: "Case status, assignment and sample",
    AuditKind.JUDGEMENT: "Judgements",
    AuditKind.REPORT: "Report's words and tables",
    AuditKind.PUBLICATION: "Publication and corrections",
    AuditKind.SETUP: "Inspection set-up and report stage",
    AuditKind.TEAM: "Team memberships",
    AuditKind.USER: "Users and roles",
    AuditKind.IMPORT: "Imports",
    AuditKind.EXPORT: "Exports and downloads",
    AuditKind.READ: "Reads of case-level data",
    AuditKind.ERASURE: "Erasures of personal data",
    AuditKind.BACKUP: "Backups and restores",
}


@dataclass(frozen=True)
class AuditEntry:
    """One thing done: when, by whom (``who_id`` None: no Probity user, such as a command run
    without one, whose ``who`` then names it), what kind, in which inspection ("" for none),
    on what (``subject``), the value before and after ("" where there is none), and the reason
    given where the step asks for one."""

    at: datetime
    who: str
    who_id: int | None
    kind: AuditKind
    inspection: str
    subject: str
    old: str = ""
    new: str = ""
    reason: str = ""


@dataclass(frozen=True)
class AuditQuery:
    """The filters of the audit page: one inspection, one person (a user id), one kind, and
    a range of days (both ends included); None is any."""

    inspection: str | None = None
    person: int | None = None
    kind: AuditKind | None = None
    start: date | None = None
    end: date | None = None

    def problems(self) -> list[str]:
        """What cannot be used, each prefixed with its field (none: the query can be run)."""
        if self.start is not None and self.end is not None and self.start > self.end:
            return ["end: must be the same day as the start or after it"]
        return []


def audit_scope(
    store: Store, actor: Actor, led: Iterable[str], query: AuditQuery
) -> frozenset[str] | None:
    """The inspections whose trail the actor reads under the query: None for every one (and
    the users' and roles' changes), for those who may read the whole trail; otherwise those
    of ``led`` (the inspections the actor has a part in) whose trail the policy lets them
    read, narrowed to the one the query names. ForbiddenError for anyone who reads none;
    NotFoundError or ForbiddenError for an inspection named that they may not read; an
    InvalidError for filters that cannot be used."""
    problems = query.problems()
    if problems:
        raise InvalidError(problems)
    today = store.today()
    if decide(actor, Action.READ_WHOLE_AUDIT, today=today):
        return None if query.inspection is None else frozenset({query.inspection})
    if query.inspection is not None:
        facts = store.inspection(query.inspection)
        refuse(decide(actor, Action.READ_AUDIT, facts, today=today))
        return frozenset({query.inspection})
    allowed = frozenset(
        i for i in led if decide(actor, Action.READ_AUDIT, store.inspection(i), today=today)
    )
    if not allowed:
        raise ForbiddenError(
            "Only administrators and the lead inspector of an inspection may read its audit trail"
        )
    return allowed


CSV_HEADER = ("when", "who", "kind", "inspection", "what", "old", "new", "reason")


def audit_csv(entries: Sequence[AuditEntry]) -> str:
    """The entries as CSV, in the order given, a header first; times in ISO 8601 with their
    offset."""
    return "".join(audit_csv_lines(entries))


def audit_csv_lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    """The CSV of :func:`audit_csv` a line at a time, each entry read only when its line is
    wanted (for an export streamed as it is read)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def line(values: Sequence[str]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(values)
        return out.getvalue()

    yield line(CSV_HEADER)
    for e in entries:
        values = (e.who, e.kind.label, e.inspection, e.subject, e.old, e.new, e.reason)
        yield line([e.at.isoformat(), *(neutralised(v) for v in values)])
