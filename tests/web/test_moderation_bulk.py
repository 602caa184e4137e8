"""Assignment and moderation at scale on the case list: many cases assigned in one go, the
unassigned shared evenly, many quality-assured at once; all or none, each case at the
version the list showed, and the list again saying who changed which case."""

from __future__ import annotations

import re

import pytest
from django.db.models import F
from django.utils import timezone

from probity.web.inspections.models import Case, CaseStatus

pytestmark = pytest.mark.pages

I = "/inspections/test-pdu-2026"  # noqa: E741


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def ticked(*case_ids: str) -> dict[str, object]:
    """What the list posts with these cases ticked, at the versions it showed."""
    data: dict[str, object] = {"case": list(case_ids)}
    for c in Case.objects.filter(case_id__in=case_ids):
        data[f"version-{c.case_id}"] = str(c.version)
    return data


def assessor(case_id: str) -> str | None:
    found = Case.objects.select_related("assessor").get(case_id=case_id).assessor
    return found.username if found else None


def changed_by(user, *case_ids: str) -> None:
    """Someone else changes the cases after the list was opened."""
    Case.objects.filter(case_id__in=case_ids).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )


def test_the_lead_s_list_has_a_box_for_each_case_with_its_version(signed_in):
    html = text(signed_in("lead").get(f"{I}/cases/"))
    for c in Case.objects.all():
        assert f'name="case" type="checkbox" value="{c.case_id}"' in html
        assert f'name="version-{c.case_id}" value="{c.version}"' in html
    assert "Assign the selected cases</button>" in html
    assert "Quality-assure the selected cases</button>" in html
    assert "Share the unassigned cases</button>" in html


def test_an_inspector_s_list_has_no_boxes(signed_in):
    html = text(signed_in("inspector_a").get(f"{I}/cases/"))
    assert 'type="checkbox"' not in html


def test_a_lead_assigns_many_cases_to_one_inspector_in_one_post(signed_in, team):
    data = ticked("T1", "T3") | {"assessor": str(team.inspector_b.pk)}
    response = signed_in("lead").post(f"{I}/moderation/assign/", data, follow=True)
    assert "2 cases assigned to Inspector B" in text(response)
    assert [assessor(c) for c in ("T1", "T2", "T3")] == ["inspector_b"] * 3


def test_a_case_changed_since_the_list_was_opened_stops_the_whole_assignment(signed_in, team):
    data = ticked("T1", "T3") | {"assessor": str(team.inspector_b.pk)}
    changed_by(team.inspector_a, "T3")
    response = signed_in("lead").post(f"{I}/moderation/assign/", data)
    assert response.status_code == 409
    html = text(response)
    assert "Case T3 was changed by Inspector A at" in html
    assert "No case has been assigned." in html
    assert [assessor("T1"), assessor("T3")] == ["inspector_a", "inspector_a"]
    # The cases ticked stay ticked, at their versions now, to assign again deliberately.
    assert 'value="T1" checked' in html
    assert f'name="version-T3" value="{Case.objects.get(case_id="T3").version}"' in html


def test_assigning_without_cases_or_inspector_says_both_at_once(signed_in):
    response = signed_in("lead").post(f"{I}/moderation/assign/", {})
    assert response.status_code == 400
    html = text(response)
    assert '<a href="#cases">Select the cases to assign</a>' in html
    assert (
        '<a href="#bulk-assessor">Select one of this inspection&#x27;s inspectors to assign '
        "the cases to</a>" in html
    )
    assert "<title>Error: " in html


def test_a_user_not_an_inspector_of_the_inspection_cannot_be_assigned(signed_in, team):
    data = ticked("T1") | {"assessor": str(team.outsider.pk)}
    assert signed_in("lead").post(f"{I}/moderation/assign/", data).status_code == 400
    assert assessor("T1") == "inspector_a"


def test_the_unassigned_cases_are_shared_evenly_among_the_inspectors_chosen(signed_in, team):
    Case.objects.update(assessor=None)
    data = {"inspector": [str(team.inspector_a.pk), str(team.inspector_b.pk)]}
    response = signed_in("lead").post(f"{I}/moderation/share/", data, follow=True)
    assert "3 cases shared among Inspector A and Inspector B" in text(response)
    assert [assessor(c) for c in ("T1", "T2", "T3")] == [
        "inspector_a",
        "inspector_b",
        "inspector_a",
    ]


def test_sharing_without_an_inspector_chosen_is_refused(signed_in):
    Case.objects.filter(case_id="T1").update(assessor=None)
    response = signed_in("lead").post(f"{I}/moderation/share/", {})
    assert response.status_code == 400
    assert "Select the inspectors to share the unassigned cases among" in text(response)
    assert assessor("T1") is None


def test_many_submitted_cases_are_quality_assured_in_one_post(signed_in):
    response = signed_in("lead").post(
        f"{I}/moderation/quality-assure/", ticked("T1", "T2"), follow=True
    )
    assert "2 cases quality assured" in text(response)
    statuses = dict(Case.objects.values_list("case_id", "status"))
    assert statuses == {"T1": "quality_assured", "T2": "quality_assured", "T3": "submitted"}


def test_a_quality_lead_quality_assures_many_cases_too(signed_in):
    response = signed_in("quality_lead").post(f"{I}/moderation/quality-assure/", ticked("T1", "T3"))
    assert response.status_code == 302
    assert Case.objects.filter(status=CaseStatus.QUALITY_ASSURED).count() == 2


def test_a_stale_case_stops_the_whole_quality_assurance(signed_in, team):
    data = ticked("T1", "T2")
    changed_by(team.inspector_b, "T2")
    response = signed_in("lead").post(f"{I}/moderation/quality-assure/", data)
    assert response.status_code == 409
    html = text(response)
    assert "Case T2 was changed by Inspector B at" in html
    assert "No case has been quality assured." in html
    assert not Case.objects.filter(status=CaseStatus.QUALITY_ASSURED).exists()


def test_a_case_not_submitted_stops_the_whole_quality_assurance(signed_in):
    Case.objects.filter(case_id="T2").update(status=CaseStatus.IN_PROGRESS)
    response = signed_in("lead").post(f"{I}/moderation/quality-assure/", ticked("T1", "T2"))
    assert response.status_code == 409
    assert "No case has been quality assured." in text(response)
    assert not Case.objects.filter(status=CaseStatus.QUALITY_ASSURED).exists()


@pytest.mark.parametrize("route", ["assign", "share", "quality-assure"])
def test_an_inspector_may_not_moderate_in_bulk(signed_in, team, route):
    data = ticked("T1") | {
        "assessor": str(team.inspector_a.pk),
        "inspector": str(team.inspector_a.pk),
    }
    assert signed_in("inspector_a").post(f"{I}/moderation/{route}/", data).status_code == 403
    assert not Case.objects.filter(status=CaseStatus.QUALITY_ASSURED).exists()
    assert assessor("T1") == "inspector_a"
