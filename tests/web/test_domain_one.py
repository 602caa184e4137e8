"""Domain one: the list of judgements for the team, and the judgement page for leads, which
refuses a rating above a decision-rule cap in force and records every change."""

from __future__ import annotations

import pytest

from probity.web.inspections.models import Answer, Judgement

pytestmark = pytest.mark.pages


def list_url(team) -> str:
    return f"/inspections/{team.inspection.inspection_id}/domain-one/"


def judgement_url(team, standard_id: str = "1.1") -> str:
    return f"{list_url(team)}{standard_id}/"


def answer_everything_no(team) -> None:
    """Every answer "no" where it was "yes": every domain-two standard is then Inadequate, so
    leadership-delivers-results caps 1.1 at Requires improvement, and
    services-follow-implementation caps 1.3 at 2.4's rating, Inadequate."""
    Answer.objects.filter(case__inspection=team.inspection, answer="yes").update(answer="no")


def judgement_of(team, standard_id: str) -> Judgement:
    return Judgement.objects.get(inspection=team.inspection, standard_id=standard_id)


def test_the_list_shows_each_standards_judgement_and_evidence(team, signed_in):
    response = signed_in("lead").get(list_url(team))
    assert response.status_code == 200
    html = response.content.decode()
    for standard in (
        "1.1 Leadership",
        "1.2 Staff",
        "1.3 Services",
        "1.4 Information and facilities",
    ):
        assert standard in html
    assert "Fictional evidence." in html
    assert f'href="{judgement_url(team, "1.1")}"' in html


def test_an_inspector_reads_the_list_without_links_to_judge(team, signed_in):
    response = signed_in("inspector_a").get(list_url(team))
    assert response.status_code == 200
    assert f'href="{judgement_url(team, "1.1")}"' not in response.content.decode()


@pytest.mark.parametrize("name", ["viewer", "outsider"])
def test_the_list_is_not_there_for_those_outside_the_team(team, signed_in, name):
    assert signed_in(name).get(list_url(team)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_inspector_may_not_open_the_judgement_page(team, signed_in, method):
    client = signed_in("inspector_a")
    response = getattr(client, method)(judgement_url(team), {"rating": "inadequate"})
    assert response.status_code == 403
    assert judgement_of(team, "1.1").rating == "good"


def test_a_standard_rated_from_casework_has_no_judgement_page(team, signed_in):
    assert signed_in("lead").get(judgement_url(team, "2.2")).status_code == 404


def test_the_judgement_page_shows_the_cap_in_force_with_its_rule_and_reason(team, signed_in):
    answer_everything_no(team)
    html = signed_in("lead").get(judgement_url(team, "1.1")).content.decode()
    assert "<strong>leadership-delivers-results</strong>: A key element of leadership" in html
    assert "the highest rating allowed is" in html
    assert "every rated standard of domain 2 is Requires improvement or Inadequate" in html


def test_a_judgement_above_the_cap_is_refused_naming_the_rule(team, signed_in):
    answer_everything_no(team)
    response = signed_in("lead").post(
        judgement_url(team, "1.1"), {"rating": "good", "evidence": "New words."}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert '<a href="#id_rating">Good is above Requires improvement' in html
    assert 'id="id_rating-error"' in html
    assert "&#x27;leadership-delivers-results&#x27; allows for 1.1" in html
    judgement = judgement_of(team, "1.1")
    assert (judgement.rating, judgement.evidence) == ("good", "Fictional evidence.")


def test_a_judgement_capped_by_another_standards_rating_is_refused_above_it(team, signed_in):
    answer_everything_no(team)
    response = signed_in("lead").post(
        judgement_url(team, "1.3"), {"rating": "requires_improvement"}
    )
    assert "services-follow-implementation" in response.content.decode()
    assert judgement_of(team, "1.3").rating == "good"


def test_a_judgement_within_the_cap_is_saved_and_recorded_in_the_history(team, signed_in):
    answer_everything_no(team)
    response = signed_in("lead").post(
        judgement_url(team, "1.1"),
        {"rating": "requires_improvement", "evidence": "Leaders know the gaps."},
    )
    assert response.status_code == 302
    assert response["Location"] == list_url(team)
    judgement = judgement_of(team, "1.1")
    assert (judgement.rating, judgement.evidence) == (
        "requires_improvement",
        "Leaders know the gaps.",
    )
    latest, before = judgement.history.order_by("-history_date", "-history_id")[:2]
    assert latest.history_user == team.lead
    assert (latest.history_type, latest.rating) == ("~", "requires_improvement")
    assert (before.rating, before.evidence) == ("good", "Fictional evidence.")


def test_a_judgement_not_yet_recorded_is_created(team, signed_in):
    Judgement.objects.filter(inspection=team.inspection, standard_id="1.4").delete()
    response = signed_in("admin").post(judgement_url(team, "1.4"), {"rating": "good"})
    assert response.status_code == 302
    judgement = judgement_of(team, "1.4")
    assert (judgement.rating, judgement.evidence) == ("good", None)
    assert judgement.history.get().history_user == team.admin


def test_a_judgement_needs_a_rating(team, signed_in):
    response = signed_in("lead").post(judgement_url(team, "1.2"), {"evidence": "Words only."})
    assert "Select a rating for 1.2 Staff" in response.content.decode()
    assert judgement_of(team, "1.2").evidence is None


def test_while_the_casework_cannot_be_rated_a_judgement_is_accepted_and_the_page_says_why(
    team, signed_in
):
    # Court work's only key question applies to T1 alone: without its answer, no case.
    Answer.objects.filter(case__inspection=team.inspection, question_id="2.1.1").delete()
    client = signed_in("lead")
    assert (
        "Not known yet: the casework cannot be rated"
        in client.get(judgement_url(team, "1.1")).content.decode()
    )
    response = client.post(judgement_url(team, "1.1"), {"rating": "outstanding"})
    assert response.status_code == 302
    assert judgement_of(team, "1.1").rating == "outstanding"


def test_nothing_can_be_judged_once_the_inspection_is_published(team, signed_in):
    team.inspection.is_published = True
    team.inspection.save()
    client = signed_in("lead")
    page = client.get(judgement_url(team, "1.1"))
    assert page.status_code == 200
    assert "<form" not in page.content.decode().split('id="main-content"')[1]
    assert client.post(judgement_url(team, "1.1"), {"rating": "inadequate"}).status_code == 403
    assert judgement_of(team, "1.1").rating == "good"
