"""The audit trail's page and its CSV export: who sees what (the lead their inspection's
trail, administrators everything, anyone else 403), the filters, the pages of fifty, the
export logged, reads of case data through the pages and the API, and the changes of commands
and of accounts named by who made them."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from typer.testing import CliRunner

from probity.cli import app
from probity.framework import load_framework
from probity.web.inspections import user_management
from probity.web.inspections.audit import AuditEvent, record_event
from probity.web.inspections.models import Answer
from probity.web.inspections.store import DjangoStore
from probity.web.inspections.tokens import issue
from probity.workflow import services
from probity.workflow.model import Role
from tests.bundles import valid_tables, write_csv_tables

pytestmark = pytest.mark.pages

REASON = "The evidence for 2.1 is missing (fictional)."


def _return_t2(team) -> None:
    """The lead returns T2 (imported submitted) with a reason, through the service."""
    store = DjangoStore()
    lead = store.actor_of(team.lead)
    case = store.case(team.inspection.inspection_id, "T2")
    services.return_case(store, lead, team.inspection.inspection_id, "T2", case.version, REASON)


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode())))


def test_the_lead_sees_a_return_with_its_states_before_and_after_and_its_reason(team, signed_in):
    _return_t2(team)
    page = signed_in("lead").get("/audit/", {"kind": "case"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Case T2, status" in text
    assert "Submitted" in text
    assert "Returned" in text
    assert REASON in text


@pytest.mark.parametrize("who", ["inspector_a", "quality_lead", "analyst", "viewer", "outsider"])
def test_anyone_but_the_lead_or_an_administrator_is_refused_the_trail_and_its_export(
    team, signed_in, who
):
    client = signed_in(who)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
    assert not AuditEvent.objects.filter(kind="export").exists()


def test_a_lead_naming_an_inspection_they_do_not_lead_is_told_it_does_not_exist(team, signed_in):
    assert signed_in("lead").get("/audit/", {"inspection": "another-2026"}).status_code == 404


def test_the_kind_and_person_filters_keep_only_what_they_name(team, signed_in):
    _return_t2(team)
    client = signed_in("inspector_a")
    client.get(f"/inspections/{team.inspection.inspection_id}/cases/T1/")
    lead = signed_in("lead")
    reads = lead.get("/audit/", {"kind": "read"}).content.decode()
    assert "Case T1: case page" in reads
    assert "Case T2, status" not in reads
    by_lead = lead.get("/audit/", {"person": str(team.lead.pk)}).content.decode()
    assert "Case T2, status" in by_lead
    assert "Case T1: case page" not in by_lead


def test_the_date_filters_keep_the_days_asked_for_and_refuse_a_range_backwards(team, signed_in):
    _return_t2(team)
    lead = signed_in("lead")
    today = timezone.localdate()
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert "Case T2, status" in lead.get("/audit/", {"start": today.isoformat()}).content.decode()
    later = lead.get("/audit/", {"start": tomorrow}).content.decode()
    assert "Nothing is recorded under these filters" in later
    backwards = lead.get("/audit/", {"start": tomorrow, "end": today.isoformat()})
    assert backwards.status_code == 400
    assert "To must be the same day as From or after it" in backwards.content.decode()
    assert lead.get("/audit/", {"start": "3 December"}).status_code == 400


def test_the_trail_is_shown_fifty_entries_a_page_newest_first(team, signed_in):
    for n in range(55):
        record_event("read", f"Case T1: read number {n:02}", by=team.lead.pk,
                     inspection=team.inspection)  # fmt: skip
    lead = signed_in("lead")
    first = lead.get("/audit/", {"kind": "read"}).content.decode()
    assert "read number 54" in first
    assert "read number 04" not in first
    assert "page 1 of 2" in first
    second = lead.get("/audit/", {"kind": "read", "page": "2"}).content.decode()
    assert "read number 04" in second
    assert "read number 54" not in second


def test_the_export_is_the_filtered_list_as_csv_and_is_itself_logged(team, signed_in):
    _return_t2(team)
    lead = signed_in("lead")
    response = lead.get("/audit/export.csv", {"kind": "case"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == ["when", "who", "kind", "inspection", "what", "old", "new", "reason"]
    returned = next(r for r in rows[1:] if r[4] == "Case T2, status")
    assert returned[1:3] == ["Lead", "Case status, assignment and sample"]
    assert returned[5:] == ["Submitted", "Returned", REASON]
    logged = AuditEvent.objects.get(kind="export")
    assert (logged.by, logged.new, logged.reason) == (team.lead, f"{len(rows) - 1} entries",
                                                      "kind=case")  # fmt: skip
    assert "Audit trail exported as CSV" in lead.get("/audit/").content.decode()


def test_a_case_read_through_the_api_is_logged_once(team, client):
    _, token = issue(team.inspector_a, "fictional script")
    url = f"/api/v1/inspections/{team.inspection.inspection_id}/cases/T1"
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    read = AuditEvent.objects.get(kind="read")
    assert (read.by, read.subject) == (team.inspector_a, "Case T1: read through the API")


def test_the_answer_sheet_and_a_standards_answers_are_logged_as_reads(team, signed_in):
    base = f"/inspections/{team.inspection.inspection_id}/cases/T1/"
    client = signed_in("inspector_a")
    assert client.get(base + "check/").status_code == 200
    assert client.get(base + "standards/2.2/").status_code == 200
    subjects = set(AuditEvent.objects.filter(kind="read").values_list("subject", flat=True))
    assert subjects == {"Case T1: answer sheet", "Case T1: answers to standard 2.2"}


def test_an_answer_changed_on_the_page_shows_its_old_and_new_value(team, signed_in):
    answer = Answer.objects.filter(case__case_id="T1", answer__in=["yes", "no"]).first()
    store = DjangoStore()
    inspector = store.actor_of(team.inspector_a)
    case = store.case(team.inspection.inspection_id, "T1")
    new = "no" if answer.answer == "yes" else "yes"
    services.save_answers(store, inspector, team.inspection.inspection_id, "T1", case.version,
                          {answer.question_id: new}, reason="Fictional: checked again")  # fmt: skip
    rows = _rows(signed_in("lead").get("/audit/export.csv", {"kind": "answer"}))
    changed = next(r for r in rows[1:] if r[4] == f"Case T1, {answer.question_id}, answer")
    assert changed[1] == "Inspector A"
    assert changed[5:7] == [answer.answer, new]


def test_roles_and_accounts_changed_are_in_the_administrators_trail_not_the_leads(team, signed_in):
    user_management.set_active(team.admin, team.outsider, False)
    admin_page = signed_in("admin").get("/audit/", {"kind": "user"}).content.decode()
    assert "User outsider, account" in admin_page
    assert "deactivated" in admin_page
    assert signed_in("lead").get("/audit/", {"kind": "user"}).status_code == 200
    assert "User outsider" not in signed_in("lead").get("/audit/").content.decode()


def _import(tmp_path, *extra: str):
    folder = write_csv_tables(valid_tables(load_framework("hmip-adult-pdu-2021")), tmp_path / "b")
    return CliRunner().invoke(app, ["import", str(folder), "--replace", *extra])


def test_an_import_by_a_named_user_is_theirs_in_the_trail_and_in_the_history(
    team, signed_in, tmp_path
):
    signed_in("inspector_a").get(f"/inspections/{team.inspection.inspection_id}/cases/T1/")
    before = timezone.now()
    done = _import(tmp_path, "--by", "lead")
    assert done.exit_code == 0, done.output
    event = AuditEvent.objects.get(kind="import")
    assert (event.by, event.subject) == (team.lead, "Inspection replaced from b")
    # The answers deleted and imported again, each recorded as the lead's (not the inspector's
    # who used the pages last).
    records = Answer.history.filter(history_date__gte=before)
    assert set(records.values_list("history_type", "history_user")) == {
        ("-", team.lead.pk),
        ("+", team.lead.pk),
    }


def test_an_import_by_no_active_user_is_refused_and_writes_nothing(team, tmp_path):
    user_management.set_active(team.admin, team.outsider, False)
    for name in ("nobody", "outsider"):
        done = _import(tmp_path, "--by", name)
        assert done.exit_code == 2
        assert "no active user with this user name" in done.output
    assert not AuditEvent.objects.filter(kind="import").exists()


def test_a_user_added_from_the_command_line_is_in_the_trail_with_the_command_line(team, signed_in):
    done = CliRunner().invoke(app, ["users", "add", "newcomer", "--role", Role.ANALYST.value])
    assert done.exit_code == 0, done.output
    rows = _rows(signed_in("admin").get("/audit/export.csv", {"kind": "user"}))
    added = next(r for r in rows[1:] if r[4] == "User newcomer")
    assert added[1].startswith("command line (")
    role = next(r for r in rows[1:] if r[4] == "User newcomer, role: added")
    assert role[1] == added[1]


def _many_reads(team, n: int) -> None:
    """``n`` reads of T1, one a second, all newer than anything else in the trail."""
    start = timezone.now() + timedelta(hours=1)
    AuditEvent.objects.bulk_create(
        AuditEvent(at=start + timedelta(seconds=i), by=team.lead, kind="read",
                   inspection=team.inspection, subject=f"Case T1: read number {i:03}")
        for i in range(n)
    )  # fmt: skip


def test_page_three_of_five_hundred_entries_shows_the_right_fifty_reading_only_a_page(
    team, signed_in
):
    _many_reads(team, 500)
    admin = signed_in("admin")
    admin.get("/audit/", {"page": "1"})  # the session's own queries done once
    with CaptureQueriesContext(connection) as captured:
        page = admin.get("/audit/", {"page": "3"})
    assert page.status_code == 200
    shown = re.findall(r"read number (\d{3})", page.content.decode())
    assert shown == [f"{i:03}" for i in range(399, 349, -1)]  # entries 101 to 150, newest first
    assert len(captured) <= 80  # a few per source: none grows with the entries
    events = [q["sql"] for q in captured if "inspections_auditevent" in q["sql"]]
    assert events
    for sql in events:  # each reads a count, the people named, or one page's worth of rows
        assert "COUNT(" in sql.upper() or "DISTINCT" in sql.upper() or "LIMIT" in sql.upper()
    counted = admin.get("/audit/", {"kind": "read", "page": "10"}).content.decode()
    assert "500 entries, newest first (page 10 of 10)" in counted
    assert re.findall(r"read number (\d{3})", counted)[0] == "049"


def test_the_export_of_five_hundred_entries_streams_every_one_in_order(team, signed_in):
    _many_reads(team, 500)
    response = signed_in("lead").get("/audit/export.csv", {"kind": "read"})
    assert response.streaming
    rows = _rows(response)
    assert [r[4] for r in rows[1:]] == [f"Case T1: read number {i:03}" for i in range(499, -1, -1)]
