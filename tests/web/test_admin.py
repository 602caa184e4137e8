"""The Django admin: administrators manage who plays which part, and read the assessment and
its history; they cannot change answers, cases or judgements there (that would bypass the
version check, the decision rules and the published-inspection lock)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from probity.web.inspections.models import (
    Answer,
    Case,
    FrameworkVersion,
    Judgement,
    Membership,
    Role,
)

pytestmark = pytest.mark.pages


def test_an_administrator_reads_an_answer_and_its_history_but_cannot_change_it(client, team):
    client.force_login(team.admin)
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
    client.force_login(team.admin)
    name = model._meta.model_name
    assert client.get(reverse(f"admin:inspections_{name}_add")).status_code == 403
    row = model.objects.first()
    assert client.get(reverse(f"admin:inspections_{name}_delete", args=[row.pk])).status_code == 403


def test_an_administrator_gives_a_user_a_part_in_an_inspection(client, team):
    client.force_login(team.admin)
    response = client.post(
        reverse("admin:inspections_membership_add"),
        {"user": team.outsider.pk, "inspection": team.inspection.pk, "role": Role.INSPECTOR},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=team.outsider, role=Role.INSPECTOR).exists()


def test_the_admin_is_closed_to_everyone_but_administrators(client, team):
    for name in ("lead", "inspector_a", "viewer", "outsider"):
        client.force_login(team.users()[name])
        response = client.get(reverse("admin:inspections_answer_changelist"))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_filters_cases_by_the_attributes_their_framework_offers(client, team):
    client.force_login(team.admin)
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
    client.force_login(team.admin)
    version = FrameworkVersion.objects.get()
    url = reverse("admin:inspections_frameworkversion_change", args=[version.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "changed"}).status_code == 403
    version.refresh_from_db()
    assert version.text != "changed"
