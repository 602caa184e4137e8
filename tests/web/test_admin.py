"""The Django admin: administrators manage who plays which part, and read the assessment and
its history; they cannot change answers, cases or judgements there (that would bypass the
version check, the decision rules and the published-inspection lock)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from probity.web.inspections import tokens
from probity.web.inspections.audit import ExportRecord, Invitation
from probity.web.inspections.erasure import Erasure
from probity.web.inspections.models import (
    Answer,
    Case,
    CaseEvent,
    FrameworkVersion,
    Inspection,
    Judgement,
    Membership,
    Part,
    SecondLookRequest,
)
from probity.web.inspections.organisations import Organisation, Role, UserRole
from probity.web.inspections.sample import SampleChange, SampleDraw
from tests.web.second_factor import sign_in

pytestmark = pytest.mark.pages


def test_an_administrator_reads_an_answer_and_its_history_but_cannot_change_it(client, team):
    sign_in(client, team.admin)
    answer = Answer.objects.filter(case__case_id="T1").first()
    url = reverse("admin:inspections_answer_change", args=[answer.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Save" not in page.content.decode()  # a read-only view
    history = client.get(reverse("admin:inspections_answer_history", args=[answer.pk]))
    assert history.status_code == 200
    refused = client.post(url, {"answer": "no", "question_id": answer.question_id})
    assert refused.status_code == 403
    answer.refresh_from_db()
    assert answer.answer == "yes"


@pytest.mark.parametrize("model", [Answer, Case, Judgement])
def test_nothing_of_the_assessment_can_be_added_or_deleted_in_the_admin(client, team, model):
    sign_in(client, team.admin)
    name = model._meta.model_name
    assert client.get(reverse(f"admin:inspections_{name}_add")).status_code == 403
    row = model.objects.first()
    assert client.get(reverse(f"admin:inspections_{name}_delete", args=[row.pk])).status_code == 403


def test_an_administrator_gives_a_user_a_part_in_an_inspection(client, team):
    sign_in(client, team.admin)
    response = client.post(
        reverse("admin:inspections_membership_add"),
        {"user": team.outsider.pk, "inspection": team.inspection.pk, "role": Part.INSPECTOR},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=team.outsider, role=Part.INSPECTOR).exists()


def test_the_admin_is_closed_to_everyone_but_administrators(client, team):
    for name in ("lead", "inspector_a", "viewer", "outsider"):
        sign_in(client, team.users()[name])
        response = client.get(reverse("admin:inspections_answer_changelist"))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_filters_cases_by_the_attributes_their_framework_offers(client, team):
    sign_in(client, team.admin)
    url = reverse("admin:inspections_case_changelist")
    page = client.get(url).content.decode()
    assert "Risk of serious harm (RoSH): Low" in page  # the framework's words
    assert "Gender:" not in page  # not one of the framework's filters
    filtered = client.get(url, {"attribute": "rosh=low"}).content.decode()
    assert ">T2<" in filtered
    assert ">T1<" not in filtered
    assert ">T3<" not in filtered
    everything = client.get(url, {"attribute": "rosh=enormous"}).content.decode()
    assert all(f">{c}<" in everything for c in ("T1", "T2", "T3"))


def test_the_framework_texts_inspections_are_recorded_under_are_read_only(client, team):
    sign_in(client, team.admin)
    version = FrameworkVersion.objects.get()
    url = reverse("admin:inspections_frameworkversion_change", args=[version.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "changed"}).status_code == 403
    version.refresh_from_db()
    assert version.text != "changed"


AUDIT = [CaseEvent, SampleDraw, SampleChange, ExportRecord, Invitation, tokens.ApiToken, Erasure,
         SecondLookRequest]  # fmt: skip


def audit_rows(team) -> None:
    """One row of each record kept for the audit."""
    lead, inspection = team.lead, team.inspection
    case = Case.objects.get(inspection=inspection, case_id="T1")
    CaseEvent.objects.create(
        case=case, action="return", by=lead, from_state="submitted", to_state="returned",
        reason="Fictional reason",
    )  # fmt: skip
    SampleDraw.objects.create(inspection=inspection, seed=7, size=3, case_ids=["T1"], by=lead)
    SampleChange.objects.create(
        inspection=inspection, case_id="T2", kind="drop", reason="Fictional", by=lead
    )
    ExportRecord.objects.create(inspection=inspection, by=lead, format="xlsx")
    SecondLookRequest.objects.create(case=case, inspector=team.inspector_b, requested_by=lead)
    Invitation.objects.create(user=team.outsider, email="o@example.org", invited_by=lead)
    tokens.issue(lead, "fictional token")
    Erasure.objects.create(
        inspection_id=inspection.inspection_id, case_id="T3", kind="request",
        reason="Fictional request", by="records officer",
    )  # fmt: skip


@pytest.mark.parametrize("model", AUDIT, ids=lambda m: m.__name__)
def test_the_records_kept_for_the_audit_are_read_only_in_the_admin(client, team, model):
    audit_rows(team)
    sign_in(client, team.admin)
    name = model._meta.model_name
    row = model.objects.get()
    assert client.get(reverse(f"admin:inspections_{name}_changelist")).status_code == 200
    change = reverse(f"admin:inspections_{name}_change", args=[row.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert "Save" not in page.content.decode()
    assert client.post(change, {}).status_code == 403
    assert client.get(reverse(f"admin:inspections_{name}_add")).status_code == 403
    assert client.get(reverse(f"admin:inspections_{name}_delete", args=[row.pk])).status_code == 403


def test_an_api_tokens_hash_is_never_shown_and_the_token_can_be_revoked(client, team):
    record, token = tokens.issue(team.lead, "fictional token")
    sign_in(client, team.admin)
    url = reverse("admin:inspections_apitoken_changelist")
    for page in (url, reverse("admin:inspections_apitoken_change", args=[record.pk])):
        html = client.get(page).content.decode()
        assert record.prefix in html
        assert record.key_hash not in html
        assert token not in html
    response = client.post(url, {"action": "revoke", "_selected_action": [record.pk]})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None


def test_an_administrator_adds_an_organisation_and_gives_a_regions_viewer_role(client, team):
    sign_in(client, team.admin)
    response = client.post(
        reverse("admin:inspections_organisation_add"),
        {"slug": "hmi-probation", "name": "HM Inspectorate of Probation", "kind": "inspectorate"},
    )
    assert response.status_code == 302
    inspectorate = Organisation.objects.get(slug="hmi-probation")
    assert inspectorate.history.count() == 1
    unit = team.inspection.unit
    add_role = reverse("admin:inspections_userrole_add")
    refused = client.post(add_role, {"user": team.outsider.pk, "role": Role.VIEWER})
    assert refused.status_code == 200  # the form again, with the reason
    assert "A viewer views a unit or a region" in refused.content.decode()
    refused = client.post(
        add_role, {"user": team.outsider.pk, "role": Role.VIEWER, "organisation": inspectorate.pk}
    )
    assert "A viewer views a unit or a region" in refused.content.decode()
    given = client.post(
        add_role, {"user": team.outsider.pk, "role": Role.VIEWER, "organisation": unit.parent_id}
    )
    assert given.status_code == 302
    assert UserRole.objects.get(user=team.outsider).organisation == unit.parent


def test_an_organisations_slug_stays_and_its_new_name_reaches_its_inspections(client, team):
    sign_in(client, team.admin)
    unit = team.inspection.unit
    url = reverse("admin:inspections_organisation_change", args=[unit.pk])
    response = client.post(
        url, {"slug": "changed", "name": "Renamed PDU", "kind": "unit", "parent": unit.parent_id}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.slug, unit.name) == ("test-pdu", "Renamed PDU")
    inspection = Inspection.objects.get(pk=team.inspection.pk)
    assert (inspection.organisation, inspection.region) == ("Renamed PDU", "Test region")
    assert inspection.history.first().history_user == team.admin
    moved = client.post(url, {"name": "Renamed PDU", "kind": "unit", "parent": ""})
    assert moved.status_code == 302
    inspection.refresh_from_db()
    assert inspection.region is None
    wrong = client.post(url, {"name": "Renamed PDU", "kind": "region", "parent": ""})
    assert "Inspections inspect this unit" in wrong.content.decode()
