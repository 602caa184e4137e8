"""Domain one: the list of judgements for the team, and the judgement page for leads, which
refuses a rating above a decision-rule cap in force and a save over a judgement changed since
the page was opened, and records every change."""

from __future__ import annotations

import html
import re
from contextlib import contextmanager

import pytest
from django.test import Client

from probity.web.inspections.models import Answer, Inspection, Judgement
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from probity.workflow.errors import PublishedError
from tests.web.second_factor import sign_in

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


def form_of(page) -> dict[str, str]:
    """What a browser would send from the judgement page's form, unchanged."""
    body = page.content.decode()
    form = body[body.index('<form method="post" novalidate>') :]
    form = form[: form.index("</form>")]
    sent = {"version": re.search(r'name="version" value="(\d*)"', form)[1]}
    checked = re.search(r'name="rating" type="radio" value="(\w+)" checked', form)
    if checked:
        sent["rating"] = checked[1]
    evidence = re.search(r'<textarea [^>]*name="evidence"[^>]*>(.*?)</textarea>', form, re.S)
    sent["evidence"] = html.unescape(evidence[1]) if evidence else ""
    return sent


def opened(client: Client, team, standard_id: str = "1.1") -> dict[str, str]:
    """Open the judgement page; what saving it unchanged would send."""
    page = client.get(judgement_url(team, standard_id))
    assert page.status_code == 200
    return form_of(page)


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


CHANGED = re.compile(
    r"The judgement on 1\.1 Leadership was changed by (?P<who>[\w ]+) at \d\d:\d\d on "
    r"\d{1,2} [A-Z][a-z]+ \d{4} after you opened this page\. Your choice below is not saved: "
    r"check it against the judgement recorded now, then save again\."
)


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


def test_an_inspector_may_not_read_the_judgements_as_they_stand(team, signed_in):
    response = signed_in("inspector_a").get(list_url(team))
    assert response.status_code == 403
    assert "An inspector may not read the ratings as they stand." in text(response)


def test_a_quality_lead_reads_the_judgements_without_links_to_judge(team, signed_in):
    response = signed_in("quality_lead").get(list_url(team))
    assert response.status_code == 200
    assert f'href="{judgement_url(team, "1.1")}"' not in response.content.decode()
    page = signed_in("quality_lead").get(judgement_url(team))
    assert page.status_code == 200
    assert "A quality lead may not record the judgements." in text(page)
    assert "<form" not in page.content.decode().split('id="main-content"')[1]
    refused = signed_in("quality_lead").post(judgement_url(team), {"rating": "good", "version": 1})
    assert refused.status_code == 403


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
    client = signed_in("lead")
    data = opened(client, team) | {"rating": "good", "evidence": "New words."}
    response = client.post(judgement_url(team, "1.1"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert '<a href="#id_rating">Good is above Requires improvement' in html
    assert 'id="id_rating-error"' in html
    assert "&#x27;leadership-delivers-results&#x27; allows for 1.1" in html
    judgement = judgement_of(team, "1.1")
    assert (judgement.rating, judgement.evidence) == ("good", "Fictional evidence.")


def test_a_judgement_capped_by_another_standards_rating_is_refused_above_it(team, signed_in):
    answer_everything_no(team)
    client = signed_in("lead")
    data = opened(client, team, "1.3") | {"rating": "requires_improvement"}
    response = client.post(judgement_url(team, "1.3"), data)
    assert "services-follow-implementation" in response.content.decode()
    assert judgement_of(team, "1.3").rating == "good"


def test_a_judgement_within_the_cap_is_saved_and_recorded_in_the_history(team, signed_in):
    answer_everything_no(team)
    client = signed_in("lead")
    data = opened(client, team) | {
        "rating": "requires_improvement",
        "evidence": "Leaders know the gaps.",
    }
    response = client.post(judgement_url(team, "1.1"), data)
    assert response.status_code == 302
    assert response["Location"] == list_url(team)
    judgement = judgement_of(team, "1.1")
    assert (judgement.rating, judgement.evidence) == (
        "requires_improvement",
        "Leaders know the gaps.",
    )
    latest, before = judgement.history.order_by("-history_date", "-history_id")[:2]
    assert latest.history_user == team.lead
    assert (latest.history_type, latest.rating, latest.version) == ("~", "requires_improvement", 2)
    assert latest.evidence == "Leaders know the gaps."
    assert (before.rating, before.evidence, before.version) == ("good", "Fictional evidence.", 1)
    assert judgement.version == 2


def test_a_judgement_not_yet_recorded_is_created(team, signed_in):
    Judgement.objects.filter(inspection=team.inspection, standard_id="1.4").delete()
    client = signed_in("admin")
    data = opened(client, team, "1.4")
    assert data == {"version": "0", "evidence": ""}  # none recorded when the page was opened
    response = client.post(judgement_url(team, "1.4"), data | {"rating": "good"})
    assert response.status_code == 302
    judgement = judgement_of(team, "1.4")
    assert (judgement.rating, judgement.evidence, judgement.version) == ("good", None, 1)
    assert judgement.history.get().history_user == team.admin


def test_a_judgement_needs_a_rating(team, signed_in):
    client = signed_in("lead")
    data = {"version": opened(client, team, "1.2")["version"], "evidence": "Words only."}
    response = client.post(judgement_url(team, "1.2"), data)
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
    data = opened(client, team) | {"rating": "outstanding"}
    response = client.post(judgement_url(team, "1.1"), data)
    assert response.status_code == 302
    assert judgement_of(team, "1.1").rating == "outstanding"


def test_nothing_can_be_judged_once_the_inspection_is_published(team, signed_in):
    team.inspection.is_published = True
    team.inspection.save()
    client = signed_in("lead")
    page = client.get(judgement_url(team, "1.1"))
    assert page.status_code == 200
    assert "<form" not in page.content.decode().split('id="main-content"')[1]
    data = {"rating": "inadequate", "version": "1"}
    assert client.post(judgement_url(team, "1.1"), data).status_code == 403
    assert judgement_of(team, "1.1").rating == "good"


# Two people judging one standard


@pytest.fixture
def lead_and_admin(team) -> tuple[Client, Client]:
    """The lead and an administrator, each in their own browser."""
    lead, admin = Client(), Client()
    sign_in(lead, team.lead)
    sign_in(admin, team.admin)
    return lead, admin


def test_the_judgement_page_carries_the_judgements_version(team, signed_in):
    Judgement.objects.filter(inspection=team.inspection, standard_id="1.1").update(version=4)
    data = opened(signed_in("lead"), team)
    assert data == {"version": "4", "rating": "good", "evidence": "Fictional evidence."}


def test_a_save_from_a_page_opened_before_someone_elses_save_is_refused_and_loses_nothing(
    team, lead_and_admin
):
    lead, admin = lead_and_admin
    first, second = opened(lead, team), opened(admin, team)
    saved = lead.post(judgement_url(team), first | {"rating": "outstanding"})
    assert saved.status_code == 302

    refused = admin.post(
        judgement_url(team), second | {"rating": "good", "evidence": "Fictional admin words."}
    )

    assert refused.status_code == 409
    found = CHANGED.search(text(refused))
    assert found is not None, text(refused)
    assert found["who"] == "Lead"
    assert "govuk-error-summary" in text(refused)
    # The judgement recorded now is shown beside the admin's own choice, which is kept, with
    # the judgement's new version.
    assert "The judgement recorded now" in text(refused)
    assert form_of(refused) == {
        "version": "2",
        "rating": "good",
        "evidence": "Fictional admin words.",
    }
    judgement = judgement_of(team, "1.1")
    assert (judgement.rating, judgement.evidence, judgement.version) == (
        "outstanding",
        "Fictional evidence.",
        2,
    )
    assert judgement.history.count() == 2  # the import and the lead's save

    resaved = admin.post(judgement_url(team), form_of(refused))
    assert resaved.status_code == 302
    judgement = judgement_of(team, "1.1")
    assert (judgement.rating, judgement.evidence, judgement.version) == (
        "good",
        "Fictional admin words.",
        3,
    )
    latest, before = judgement.history.order_by("-history_date", "-history_id")[:2]
    assert (latest.history_user, latest.rating, before.history_user, before.rating) == (
        team.admin,
        "good",
        team.lead,
        "outstanding",
    )


def test_a_judgement_recorded_after_the_page_was_opened_without_one_is_not_overwritten(
    team, lead_and_admin
):
    Judgement.objects.filter(inspection=team.inspection, standard_id="1.4").delete()
    lead, admin = lead_and_admin
    first, second = opened(lead, team, "1.4"), opened(admin, team, "1.4")
    assert first["version"] == second["version"] == "0"
    assert lead.post(judgement_url(team, "1.4"), first | {"rating": "good"}).status_code == 302
    refused = admin.post(judgement_url(team, "1.4"), second | {"rating": "inadequate"})
    assert refused.status_code == 409
    assert "was changed by Lead at" in text(refused)
    assert form_of(refused)["version"] == "1"
    assert judgement_of(team, "1.4").rating == "good"


@pytest.mark.parametrize("version", [None, "", "-1", "one"])
def test_a_save_whose_page_does_not_say_the_judgements_version_is_refused(team, signed_in, version):
    data = {"rating": "outstanding"} | ({} if version is None else {"version": version})
    refused = signed_in("lead").post(judgement_url(team), data)
    assert refused.status_code == 400
    assert "The page did not say which judgement on 1.1 it showed" in text(refused)
    assert form_of(refused) == {"version": "1", "rating": "outstanding", "evidence": ""}
    assert judgement_of(team, "1.1").rating == "good"


def test_evidence_longer_than_ten_thousand_characters_is_refused_naming_the_field(team, signed_in):
    client = signed_in("lead")
    data = opened(client, team) | {"rating": "outstanding", "evidence": "x" * 10_001}
    refused = client.post(judgement_url(team), data)
    assert '<a href="#id_evidence">Evidence for 1.1 must be 10,000 characters or fewer</a>' in (
        refused.content.decode()
    )
    assert 'id="id_evidence-error"' in refused.content.decode()
    assert judgement_of(team, "1.1").rating == "good"
    accepted = client.post(judgement_url(team), data | {"evidence": "x" * 10_000})
    assert accepted.status_code == 302
    assert judgement_of(team, "1.1").evidence == "x" * 10_000


def test_once_the_inspection_is_published_no_judgement_is_recorded_even_bypassing_the_page(team):
    store = DjangoStore()
    lead = store.actor(team.lead.pk)
    Inspection.objects.filter(pk=team.inspection.pk).update(is_published=True)
    with pytest.raises(PublishedError):
        services.judge(store, lead, team.inspection.inspection_id, "1.1", "outstanding", None, 1)
    judgement = judgement_of(team, "1.1")
    assert (judgement.rating, judgement.version, judgement.history.count()) == ("good", 1, 1)


class PublishedWhileJudging(DjangoStore):
    """The inspection is published (by someone else, committed) after the page read it,
    before the judgement is saved: just before the transaction of the change begins."""

    @contextmanager
    def transaction(self):
        read = list(self._inspections)
        Inspection.objects.filter(inspection_id__in=read).update(is_published=True)
        with super().transaction():
            yield


def test_a_publication_while_a_judgement_is_on_its_way_refuses_it_saying_why(
    team, signed_in, settings
):
    client = signed_in("lead")
    data = opened(client, team) | {"rating": "outstanding"}
    settings.PROBITY_STORE = f"{__name__}.PublishedWhileJudging"
    refused = client.post(judgement_url(team), data)
    assert refused.status_code == 403
    assert "The inspection is published: nothing in it can be changed" in text(refused)
    assert "The inspection is published: its judgements cannot be changed." in text(refused)
    assert judgement_of(team, "1.1").rating == "good"
