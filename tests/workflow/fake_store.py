"""A fake store for the workflow's tests: inspections kept in dictionaries, with the same
guarantees the database gives (all or nothing per transaction, version checks, publication
refused inside a transaction)."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from probity.bundle.model import (
    Answer,
    Bundle,
    Case,
    Inspection,
    NarrativeParagraph,
    SampleWindow,
    SecondAnswer,
)
from probity.bundle.model import Judgement as CoreJudgement
from probity.framework import Framework, load_framework
from probity.workflow.errors import InvalidError, NotFoundError, PublishedError, StaleError
from probity.workflow.model import (
    Actor,
    CaseEvent,
    CaseFacts,
    CaseState,
    InspectionFacts,
    Part,
    ReportStage,
    Role,
)
from probity.workflow.sampling import Draw, EligibleCase
from probity.workflow.store import (
    AcceptedFinding,
    InspectionSpec,
    Judgement,
    PublishedVersion,
    ReportComment,
    ReportRecord,
    ReportRow,
    RowChange,
    SecondGiven,
    SecondLook,
    StoredAnswer,
)


@dataclass
class _Case:
    case_id: str
    attributes: dict[str, object]
    state: CaseState = CaseState.NOT_STARTED
    version: int = 1
    assessor: int | None = None
    answers: dict[str, StoredAnswer] = field(default_factory=dict)


@dataclass
class _Inspection:
    spec: InspectionSpec
    framework: Framework
    published: date | None = None
    team: dict[int, Part] = field(default_factory=dict)
    cases: dict[str, _Case] = field(default_factory=dict)
    eligible: list[EligibleCase] = field(default_factory=list)
    judgements: dict[str, Judgement] = field(default_factory=dict)
    report_html: str | None = None
    # The report's words (a test writes them) and the check's findings the lead accepted.
    narrative: tuple[NarrativeParagraph, ...] = ()
    accepted: dict[str, AcceptedFinding] = field(default_factory=dict)
    stage: ReportStage = ReportStage.DRAFT
    writers: dict[int, frozenset[str]] = field(default_factory=dict)
    disproportionality: bool = False
    comments: list[ReportComment] = field(default_factory=list)
    versions: list[PublishedVersion] = field(default_factory=list)
    # The report's tables as authors write them (by table: [row id, record, version]), and
    # every change to them; the narrative is read from ``narrative`` until first written.
    authored: dict[str, list[list[Any]]] = field(default_factory=dict)
    authored_history: list[tuple[str, RowChange]] = field(default_factory=list)
    second_looks: list[SecondLook] = field(default_factory=list)
    second_answers: list[SecondAnswer] = field(default_factory=list)
    # Who resolved each case and question, and when.
    resolutions: dict[tuple[str, str], tuple[str, datetime]] = field(default_factory=dict)


@dataclass
class _User:
    name: str
    roles: frozenset[Role]
    organisations: frozenset[str] = frozenset()


class FakeStore:
    """Inspections in memory. ``units`` are the organisation records of kind unit."""

    def __init__(self, today: date = date(2026, 6, 1)) -> None:
        self._today = today
        self.users: dict[int, _User] = {}
        self.units: dict[str, str | None] = {}  # unit id → its region id
        self.inspections: dict[str, _Inspection] = {}
        self.events: list[CaseEvent] = []
        self.draws: list[Draw] = []
        self.exports: list[tuple[str, int, str]] = []
        self.dropped: list[tuple[str, str, str]] = []
        self.added_reasons: list[tuple[str, str, str]] = []
        # A test sets this to publish the inspection "while a change is on its way".
        self.publish_during_next_transaction: str | None = None
        self.transactions = 0

    # Set-up helpers for tests.
    def add_user(
        self, user_id: int, name: str, *roles: Role, organisations: Sequence[str] = ()
    ) -> Actor:
        self.users[user_id] = _User(name, frozenset(roles), frozenset(organisations))
        return self.actor(user_id)

    def set_today(self, today: date) -> None:
        self._today = today

    # The protocol.
    @contextmanager
    def transaction(self) -> Iterator[None]:
        saved = copy.deepcopy((self.inspections, self.events, self.draws, self.exports,
                               self.dropped, self.added_reasons))  # fmt: skip
        self.transactions += 1
        try:
            yield
        except BaseException:
            (self.inspections, self.events, self.draws, self.exports, self.dropped,
             self.added_reasons) = saved  # fmt: skip
            raise

    def now(self) -> datetime:
        return datetime(self._today.year, self._today.month, self._today.day, 12) + timedelta(
            seconds=len(self.events)
        )

    def today(self) -> date:
        return self._today

    def actor(self, user_id: int) -> Actor:
        user = self.users.get(user_id)
        if user is None:
            raise NotFoundError(f"No such user {user_id}")
        return Actor(user_id, user.name, user.roles, user.organisations)

    def unit_exists(self, unit: str) -> bool:
        return unit in self.units

    def _get(self, inspection_id: str) -> _Inspection:
        found = self.inspections.get(inspection_id)
        if found is None:
            raise NotFoundError("No such inspection")
        return found

    def inspection(self, inspection_id: str, *, lock: bool = False) -> InspectionFacts:
        i = self._get(inspection_id)
        if lock and self.publish_during_next_transaction == inspection_id:
            self.publish_during_next_transaction = None
            i.published = self._today
        return InspectionFacts(
            inspection_id, i.spec.framework, i.spec.unit, self.units.get(i.spec.unit),
            i.spec.fieldwork_end, i.published is not None, dict(i.team), i.stage,
            dict(i.writers), i.disproportionality,
        )  # fmt: skip

    def inspection_exists(self, inspection_id: str) -> bool:
        return inspection_id in self.inspections

    def installed_framework(self, framework_id: str) -> Framework:
        try:
            return load_framework(framework_id)
        except Exception as e:  # the store's own error type, as the web's store gives it
            raise InvalidError([f"no framework {framework_id!r} is installed"]) from e

    def framework_of(self, inspection_id: str) -> Framework:
        return self._get(inspection_id).framework

    def create_inspection(self, spec: InspectionSpec, framework: Framework, by: Actor) -> None:
        self.inspections[spec.inspection_id] = _Inspection(
            spec, framework, team={by.user_id: Part.LEAD}
        )

    def update_inspection(
        self, inspection_id: str, changes: Mapping[str, object], by: Actor
    ) -> None:
        i = self._get(inspection_id)
        rest = dict(changes)
        if "disproportionality" in rest:
            i.disproportionality = bool(rest.pop("disproportionality"))
        i.spec = replace(i.spec, **rest)  # type: ignore[arg-type]

    def bundle(self, inspection_id: str) -> Bundle:
        i = self._get(inspection_id)
        s = i.spec
        return Bundle(
            inspection=Inspection(
                inspection_id, s.unit, self.units.get(s.unit), s.framework, s.fieldwork_start,
                s.fieldwork_end, i.published, s.lead_inspector,
            ),
            sample_windows=tuple(SampleWindow(a, b) for a, b in s.sample_windows),
            cases=tuple(Case(c.case_id, "Inspector", dict(c.attributes)) for c in i.cases.values()),
            answers=tuple(
                Answer(c.case_id, q, a.answer, a.note)
                for c in i.cases.values() for q, a in c.answers.items()
            ),
            judgements=tuple(
                CoreJudgement(k, j.rating, j.evidence) for k, j in i.judgements.items()
            ),
            narrative=i.narrative,
            second_answers=tuple(i.second_answers),
        )  # fmt: skip

    def set_part(self, inspection_id: str, user_id: int, part: Part | None, by: Actor) -> None:
        team = self._get(inspection_id).team
        if part is None:
            team.pop(user_id, None)
        else:
            team[user_id] = part

    def eligible(self, inspection_id: str) -> list[EligibleCase]:
        return list(self._get(inspection_id).eligible)

    def set_eligible(self, inspection_id: str, cases: Sequence[EligibleCase], by: Actor) -> None:
        self._get(inspection_id).eligible = list(cases)

    def add_cases(
        self, inspection_id: str, cases: Sequence[EligibleCase], by: Actor, reason: str
    ) -> None:
        i = self._get(inspection_id)
        for c in cases:
            i.cases[c.case_id] = _Case(c.case_id, dict(c.attributes))
            self.added_reasons.append((inspection_id, c.case_id, reason))

    def drop_case(self, inspection_id: str, case_id: str, by: Actor, reason: str) -> None:
        del self._get(inspection_id).cases[case_id]
        self.dropped.append((inspection_id, case_id, reason))

    def record_draw(self, inspection_id: str, draw: Draw, by: Actor) -> None:
        self.draws.append(draw)

    def _facts(self, c: _Case) -> CaseFacts:
        return CaseFacts(c.case_id, c.state, c.version, c.assessor)

    def cases(self, inspection_id: str) -> list[CaseFacts]:
        return [self._facts(c) for c in self._get(inspection_id).cases.values()]

    def _case(self, inspection_id: str, case_id: str) -> _Case:
        found = self._get(inspection_id).cases.get(case_id)
        if found is None:
            raise NotFoundError("No such case")
        return found

    def case(self, inspection_id: str, case_id: str) -> CaseFacts:
        named = frozenset(
            s.inspector for s in self._get(inspection_id).second_looks
            if s.case_id == case_id and s.open
        )  # fmt: skip
        return replace(self._facts(self._case(inspection_id, case_id)), second_looks=named)

    def case_attributes(self, inspection_id: str, case_id: str) -> Mapping[str, object]:
        return dict(self._case(inspection_id, case_id).attributes)

    def answers(self, inspection_id: str, case_id: str) -> Mapping[str, StoredAnswer]:
        return dict(self._case(inspection_id, case_id).answers)

    def _claim(self, inspection_id: str, case: CaseFacts) -> _Case:
        stored = self._case(inspection_id, case.case_id)
        if stored.version != case.version:
            raise StaleError(f"Case {case.case_id}", stored.version, None, None)
        if self._get(inspection_id).published is not None:
            raise PublishedError
        stored.version += 1
        return stored

    def change_case(self, inspection_id: str, case: CaseFacts, *, state: CaseState,
                    event: CaseEvent, assessor: int | None = None,
                    assign: bool = False) -> CaseFacts:  # fmt: skip
        stored = self._claim(inspection_id, case)
        stored.state = state
        if assign:
            stored.assessor = assessor
        self.events.append(event)
        return self._facts(stored)

    def write_answers(self, inspection_id: str, case: CaseFacts,
                      answers: Mapping[str, StoredAnswer], *, state: CaseState,
                      event: CaseEvent) -> CaseFacts:  # fmt: skip
        stored = self._claim(inspection_id, case)
        stored.answers.update(answers)
        stored.state = state
        self.events.append(event)
        return self._facts(stored)

    def judgement(self, inspection_id: str, standard_id: str) -> Judgement | None:
        return self._get(inspection_id).judgements.get(standard_id)

    def write_judgement(self, inspection_id: str, standard_id: str, rating: str,
                        evidence: str | None, *, version: int, by: Actor) -> Judgement:  # fmt: skip
        judgements = self._get(inspection_id).judgements
        current = judgements.get(standard_id)
        if (current.version if current else 0) != version:
            raise StaleError(
                f"The judgement of {standard_id}", current.version if current else 0, None, None
            )
        judgements[standard_id] = Judgement(rating, evidence, version + 1)
        return judgements[standard_id]

    def publish(self, inspection_id: str, published: date, report_html: str, by: Actor) -> None:
        i = self._get(inspection_id)
        i.published, i.report_html = published, report_html
        i.versions.append(PublishedVersion(1, published, report_html, None, self._name(by)))

    def _name(self, by: Actor) -> str:
        return self.users[by.user_id].name

    def record_export(self, inspection_id: str, by: Actor, what: str) -> None:
        self.exports.append((inspection_id, by.user_id, what))

    def accepted_findings(self, inspection_id: str) -> Mapping[str, AcceptedFinding]:
        return dict(self._get(inspection_id).accepted)

    def accept_finding(
        self, inspection_id: str, key: str, section: str, figure: str, reason: str, by: Actor
    ) -> None:
        self._get(inspection_id).accepted[key] = AcceptedFinding(
            key, section, figure, reason, self.users[by.user_id].name, self.now()
        )

    def set_report_stage(
        self, inspection_id: str, stage: ReportStage, by: Actor, reason: str | None = None
    ) -> None:
        self._get(inspection_id).stage = stage

    def comments(self, inspection_id: str) -> list[ReportComment]:
        return list(self._get(inspection_id).comments)

    def add_comment(
        self, inspection_id: str, section: str, stage: ReportStage, text: str, by: Actor
    ) -> int:
        found = self._get(inspection_id).comments
        found.append(ReportComment(len(found) + 1, section, stage.value, text, self._name(by),
                                   self.now()))  # fmt: skip
        return len(found)

    def resolve_comment(
        self, inspection_id: str, comment_id: int, resolution: str, by: Actor
    ) -> None:
        found = self._get(inspection_id).comments
        i = next(n for n, c in enumerate(found) if c.comment_id == comment_id)
        found[i] = replace(found[i], resolution=resolution, resolved_by=self._name(by),
                           resolved_at=self.now())  # fmt: skip

    def versions(self, inspection_id: str) -> list[PublishedVersion]:
        return list(self._get(inspection_id).versions)

    def add_version(
        self, inspection_id: str, published: date, html: str, notice: str, by: Actor
    ) -> None:
        i = self._get(inspection_id)
        i.versions.append(PublishedVersion(len(i.versions) + 1, published, html, notice,
                                           self._name(by)))  # fmt: skip
        i.report_html = html

    # The report's tables as authors write them.
    def _authored(self, inspection_id: str, table: str) -> list[list[Any]]:
        i = self._get(inspection_id)
        if table not in i.authored:
            seed = i.narrative if table == "narrative" else ()
            i.authored[table] = [[n + 1, r, 1] for n, r in enumerate(seed)]
        return i.authored[table]

    def _kept(self, inspection_id: str, table: str) -> None:
        i = self._get(inspection_id)
        if table == "narrative":
            i.narrative = tuple(r for _, r, _ in i.authored[table])

    def _log(self, inspection_id: str, table: str, row_id: int, kind: str, by: Actor,
             before: ReportRecord | None, after: ReportRecord | None) -> None:  # fmt: skip
        change = RowChange(row_id, kind, self._name(by), self.now(), before, after)
        self._get(inspection_id).authored_history.append((table, change))

    def report_rows(self, inspection_id: str, table: str) -> list[ReportRow]:
        return [ReportRow(n, r, v) for n, r, v in self._authored(inspection_id, table)]

    def add_report_row(self, inspection_id: str, table: str, record: ReportRecord,
                       after: int | None, by: Actor) -> int:  # fmt: skip
        rows = self._authored(inspection_id, table)
        row_id = max((r[0] for r in rows), default=0) + 1
        at = len(rows) if after is None else [r[0] for r in rows].index(after) + 1
        rows.insert(at, [row_id, record, 1])
        self._kept(inspection_id, table)
        self._log(inspection_id, table, row_id, "added", by, None, record)
        return row_id

    def _current(self, inspection_id: str, table: str, row_id: int, version: int) -> list[Any]:
        found = next((r for r in self._authored(inspection_id, table) if r[0] == row_id), None)
        if found is None or found[2] != version:
            raise StaleError("The row", found[2] if found else 0, None, None)
        return found

    def change_report_row(self, inspection_id: str, table: str, row_id: int,
                          record: ReportRecord, version: int, by: Actor) -> None:  # fmt: skip
        found = self._current(inspection_id, table, row_id, version)
        self._log(inspection_id, table, row_id, "changed", by, found[1], record)
        found[1], found[2] = record, version + 1
        self._kept(inspection_id, table)

    def delete_report_row(self, inspection_id: str, table: str, row_id: int, version: int,
                          by: Actor) -> None:  # fmt: skip
        found = self._current(inspection_id, table, row_id, version)
        self._authored(inspection_id, table).remove(found)
        self._log(inspection_id, table, row_id, "deleted", by, found[1], None)
        self._kept(inspection_id, table)

    def replace_report_rows(self, inspection_id: str, table: str,
                            records: Sequence[ReportRecord], by: Actor) -> None:  # fmt: skip
        for row_id, _, version in list(self._authored(inspection_id, table)):
            self.delete_report_row(inspection_id, table, row_id, version, by)
        for record in records:
            self.add_report_row(inspection_id, table, record, None, by)

    def report_history(self, inspection_id: str, table: str) -> list[RowChange]:
        return [c for t, c in self._get(inspection_id).authored_history if t == table]

    def set_writers(
        self, inspection_id: str, user_id: int, sections: frozenset[str], by: Actor
    ) -> None:
        self._get(inspection_id).writers[user_id] = sections

    # Second looks.
    def second_looks(self, inspection_id: str) -> list[SecondLook]:
        return list(self._get(inspection_id).second_looks)

    def request_second_look(
        self, inspection_id: str, case_id: str, inspector: int, by: Actor
    ) -> None:
        self._get(inspection_id).second_looks.append(
            SecondLook(case_id, inspector, self.users[inspector].name, self._name(by), self.now())
        )

    def write_second_answers(self, inspection_id: str, case_id: str, mode: str,
                             given: Sequence[SecondGiven], by: Actor) -> None:  # fmt: skip
        i = self._get(inspection_id)
        if i.published is not None:
            raise PublishedError
        name = self._name(by)
        i.second_answers += [
            SecondAnswer(case_id, g.question_id, g.answer, name, mode, g.note, g.reason)
            for g in given
        ]
        i.second_looks = [
            replace(s, done_at=self.now())
            if (s.case_id, s.inspector, mode) == (case_id, by.user_id, "blind")
            else s
            for s in i.second_looks
        ]

    def resolve_second_answers(self, inspection_id: str, case_id: str, question_id: str,
                               resolved: str, by: Actor) -> None:  # fmt: skip
        i = self._get(inspection_id)
        i.second_answers = [
            replace(s, resolved=resolved)
            if (s.case_id, s.question_id) == (case_id, question_id)
            else s
            for s in i.second_answers
        ]
        i.resolutions[(case_id, question_id)] = (self._name(by), self.now())
