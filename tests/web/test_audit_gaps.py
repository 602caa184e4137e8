"""What the audit trail must hold that it once did not: the reason a correction gives, the
right author of a change made without a request, judgements and publication on a page of
their own (not only the Django admin), and the reading of case-level data."""

from __future__ import annotations

import getpass

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from probity.cli import app
from probity.framework import load_framework
from probity.web.inspections.audit import AuditEvent
from probity.web.inspections.models import CaseStatus, Inspection
from probity.web.inspections.store import DjangoStore
from probity.workflow import reviews, services
from tests.bundles import valid_tables, write_csv_tables

from .second_factor import sign_in
from .team import ready_to_publish
from .test_assessment import case, opened, page

pytestmark = pytest.mark.pages


def _last_inspection_record(team):
    return Inspection.history.filter(id=team.inspection.pk).order_by("-history_id").first()


def _published_and_corrected(team):
    """One store (as a command or any caller without a request has): the lead publishes, then
    the administrator corrects."""
    ready_to_publish(team)
    store = DjangoStore()
    lead, admin = store.actor_of(team.lead), store.actor_of(team.admin)
    services.publish(store, lead, team.inspection.inspection_id)
    reviews.correct(store, admin, team.inspection.inspection_id, "Vacancy rate corrected.")


def test_a_correction_is_kept_in_the_history_with_its_notice_as_the_reason(team):
    _published_and_corrected(team)
    assert _last_inspection_record(team).history_change_reason == "Vacancy rate corrected."


def test_a_correction_made_without_a_request_is_attributed_to_who_made_it(team):
    _published_and_corrected(team)
    assert _last_inspection_record(team).history_user == team.admin


def test_a_judgement_changed_and_the_publication_are_on_the_audit_page(team, signed_in):
    store = DjangoStore()
    lead = store.actor_of(team.lead)
    services.judge(store, lead, team.inspection.inspection_id, "1.1", "outstanding", None, 1)
    ready_to_publish(team)
    services.publish(DjangoStore(), lead, team.inspection.inspection_id)
    page = signed_in("lead").get("/audit/", {"inspection": team.inspection.inspection_id})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Judgement 1.1" in text
    assert "Outstanding" in text
    assert "Published" in text


def test_an_inspector_reading_a_case_page_is_on_the_audit_page(team, signed_in, client):
    url = f"/inspections/{team.inspection.inspection_id}/cases/T1/"
    assert signed_in("inspector_a").get(url).status_code == 200
    page = signed_in("lead").get("/audit/", {"kind": "read"})
    assert page.status_code == 200
    assert "Inspector A" in page.content.decode()
    assert "Case T1" in page.content.decode()


def test_an_import_from_the_command_line_names_the_command_line_and_its_login(
    team, signed_in, tmp_path
):
    folder = write_csv_tables(valid_tables(load_framework("hmip-adult-pdu-2021")), tmp_path / "b")
    done = CliRunner().invoke(app, ["import", str(folder), "--replace"])
    assert done.exit_code == 0, done.output
    page = signed_in("admin").get("/audit/", {"inspection": team.inspection.inspection_id})
    assert f"command line ({getpass.getuser()})" in page.content.decode()


# Reopening a case and sending the report back ask for a reason, which the trail keeps


def test_changing_a_submitted_case_on_its_page_asks_for_a_reason_the_trail_then_shows(
    team, signed_in
):
    inspector = signed_in("inspector_a")
    assert case("T1").status == CaseStatus.SUBMITTED
    shown = inspector.get(page("T1", "2.2")).content.decode()
    assert 'name="reason"' in shown
    changed = opened(inspector, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"}
    refused = inspector.post(page("T1", "2.2"), changed | {"reason": ""})
    assert refused.status_code == 400
    assert "say why case T1 is reopened" in refused.content.decode()
    assert case("T1").status == CaseStatus.SUBMITTED
    why = "Fictional: the plan was reviewed after submission"
    assert inspector.post(page("T1", "2.2"), changed | {"reason": why}).status_code == 302
    assert case("T1").status == CaseStatus.IN_PROGRESS
    trail = signed_in("lead").get("/audit/", {"kind": "case"}).content.decode()
    row = next(r for r in trail.split("<tr") if "Case T1, status" in r and why in r)
    assert "Submitted" in row
    assert "In progress" in row
    assert "Inspector A" in row


def test_sending_the_report_back_to_draft_on_its_page_asks_for_a_reason_the_trail_then_shows(
    team, signed_in
):
    review = f"/inspections/{team.inspection.inspection_id}/report/review/"
    lead = signed_in("lead")
    assert lead.post(review, {"step": "move", "stage": "quality_review"}).status_code == 302
    assert 'name="reason"' in lead.get(review).content.decode()
    refused = lead.post(review, {"step": "move", "stage": "draft", "reason": " "})
    assert refused.status_code == 400
    assert "say why the report goes back to draft" in refused.content.decode()
    assert Inspection.objects.get(pk=team.inspection.pk).report_stage == "quality_review"
    why = "Fictional: the foreword is to be rewritten"
    moved = lead.post(review, {"step": "move", "stage": "draft", "reason": why})
    assert moved.status_code == 302
    assert Inspection.objects.get(pk=team.inspection.pk).report_stage == "draft"
    trail = lead.get("/audit/", {"kind": "setup"}).content.decode()
    row = next(r for r in trail.split("<tr") if "report&#x27;s stage" in r and why in r)
    assert "Internal quality review" in row
    assert "Draft" in row
    assert "Lead" in row


# Users changed in the Django admin


def _admin_form(user: User, **changes: object) -> dict[str, object]:
    """What the admin's change form of ``user`` posts, with ``changes``."""
    joined = timezone.localtime(user.date_joined)
    data: dict[str, object] = {
        "username": user.username, "first_name": user.first_name,
        "last_name": user.last_name, "email": user.email,
        "date_joined_0": joined.strftime("%Y-%m-%d"), "date_joined_1": joined.strftime("%H:%M:%S"),
        "groups": [g.pk for g in user.groups.all()],
    }  # fmt: skip
    for flag in ("is_active", "is_staff", "is_superuser"):
        if changes.pop(flag, getattr(user, flag)):
            data[flag] = "on"
    return data | changes


def test_a_user_changed_in_the_admin_is_in_the_trail_with_old_and_new(team, client, signed_in):
    sign_in(client, team.admin)
    group = Group.objects.create(name="Fictional reviewers")
    url = reverse("admin:auth_user_change", args=[team.outsider.pk])
    form = _admin_form(team.outsider, is_active=False, is_staff=True, groups=[group.pk])
    saved = client.post(url, form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    events = {
        e.subject: (e.old, e.new, e.by)
        for e in AuditEvent.objects.filter(kind="user", subject__startswith="User outsider")
    }
    assert events == {
        "User outsider, account": ("active", "deactivated", team.admin),
        "User outsider, staff (Django admin)": ("no", "yes", team.admin),
        "User outsider, groups": ("", "Fictional reviewers", team.admin),
    }
    page = signed_in("admin").get("/audit/", {"kind": "user"}).content.decode()
    assert "User outsider, groups" in page
    assert "Fictional reviewers" in page


def test_a_user_saved_unchanged_in_the_admin_adds_nothing_to_the_trail(team, client):
    sign_in(client, team.admin)
    url = reverse("admin:auth_user_change", args=[team.outsider.pk])
    assert client.post(url, _admin_form(team.outsider)).status_code == 302
    assert not AuditEvent.objects.filter(kind="user").exists()


def test_a_password_set_in_the_admin_is_in_the_trail_without_the_password(team, client):
    sign_in(client, team.admin)
    url = reverse("admin:auth_user_password_change", args=[team.outsider.pk])
    new = "A fictional passphrase set by the admin 2027"
    done = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert done.status_code == 302, done.content.decode()[:2000]
    event = AuditEvent.objects.get(kind="user")
    assert (event.subject, event.old, event.new, event.by) == (
        "User outsider, password", "", "set in the Django admin", team.admin,
    )  # fmt: skip
    assert new not in f"{event.subject} {event.old} {event.new} {event.reason}"
