"""Who reads the audit trail (through the policy), its filters, and its export as CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from probity.workflow.audit import AuditEntry, AuditKind, AuditQuery, audit_csv, audit_scope
from probity.workflow.errors import ForbiddenError, InvalidError, NotFoundError
from probity.workflow.policy import Action, decide

from .conftest import ID


def test_an_administrator_reads_the_whole_trail_and_one_inspection_when_they_name_it(ready):
    assert audit_scope(ready.store, ready.admin, [], AuditQuery()) is None
    named = audit_scope(ready.store, ready.admin, [], AuditQuery(inspection=ID))
    assert named == frozenset({ID})


def test_a_lead_reads_only_the_trail_of_the_inspections_they_lead(ready):
    assert audit_scope(ready.store, ready.lead, [ID], AuditQuery()) == frozenset({ID})
    assert audit_scope(ready.store, ready.lead, [ID], AuditQuery(inspection=ID)) == {ID}


@pytest.mark.parametrize("who", ["inspector_a", "quality", "analyst", "viewer", "other_lead"])
def test_anyone_but_a_lead_or_an_administrator_is_refused_the_trail(ready, who):
    actor = getattr(ready, who)
    with pytest.raises(ForbiddenError, match="lead inspector of an inspection"):
        audit_scope(ready.store, actor, [ID], AuditQuery())


def test_an_inspector_naming_their_own_inspection_is_refused_its_trail_with_the_reason(ready):
    with pytest.raises(ForbiddenError, match="may not read the inspection's audit trail"):
        audit_scope(ready.store, ready.inspector_a, [ID], AuditQuery(inspection=ID))


def test_a_lead_naming_an_inspection_they_have_no_part_in_is_told_it_does_not_exist(ready):
    with pytest.raises(NotFoundError):
        audit_scope(ready.store, ready.other_lead, [], AuditQuery(inspection=ID))


def test_a_date_range_ending_before_it_starts_is_refused_with_the_field(ready):
    query = AuditQuery(start=date(2026, 6, 2), end=date(2026, 6, 1))
    with pytest.raises(InvalidError, match="end: must be the same day"):
        audit_scope(ready.store, ready.admin, [], query)


def test_the_policy_gives_the_trail_to_administrators_and_the_lead_only(ready):
    facts = ready.store.inspection(ID)
    today = ready.store.today()
    assert decide(ready.lead, Action.READ_AUDIT, facts, today=today)
    assert not decide(ready.inspector_a, Action.READ_AUDIT, facts, today=today)
    assert decide(ready.admin, Action.READ_WHOLE_AUDIT, today=today)
    assert not decide(ready.lead, Action.READ_WHOLE_AUDIT, today=today)


def test_the_export_has_a_header_a_row_per_entry_and_no_cell_a_spreadsheet_would_run():
    entry = AuditEntry(
        datetime(2026, 6, 9, 10, 2, tzinfo=UTC), "Lee Lead", 2, AuditKind.CASE, ID,
        "Case E001", "Submitted", "Returned", "=HYPERLINK(\"x\")",
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(audit_csv([entry]))))
    assert rows[0] == ["when", "who", "kind", "inspection", "what", "old", "new", "reason"]
    assert rows[1][:5] == ["2026-06-09T10:02:00+00:00", "Lee Lead", AuditKind.CASE.label, ID,
                           "Case E001"]  # fmt: skip
    assert rows[1][7] == '\'=HYPERLINK("x")'
