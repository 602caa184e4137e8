"""The one-page review of a case for its moderation, and a return with its reason: the
inspector reads it on the case's page and on their home page until the case is submitted
again, and is e-mailed it where they have an address."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from probity.web.inspections.models import Answer, Case, CaseStatus

pytestmark = pytest.mark.pages

I = "/inspections/test-pdu-2026"  # noqa: E741
REVIEW = f"{I}/cases/T1/review/"
REASON = "Fictional: 2.2.1 is answered without the evidence the notes promise."


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def version(case_id: str = "T1") -> int:
    return Case.objects.get(case_id=case_id).version


def return_t1(client) -> object:
    return client.post(f"{I}/cases/T1/return/", {"version": version(), "reason": REASON})


@pytest.mark.parametrize("name", ["lead", "quality_lead", "admin"])
def test_the_lead_and_moderators_review_the_whole_case_on_one_page(signed_in, name):
    Answer.objects.filter(case__case_id="T1", question_id="2.2.1").update(note="A fictional note.")
    response = signed_in(name).get(REVIEW)
    assert response.status_code == 200
    html = text(response)
    assert "Review case T1</h1>" in html
    assert "About the case</h2>" in html
    assert "Assigned to</dt>" in html
    assert "Key question 2.2.1: " in html
    assert "A fictional note." in html
    for action in ("quality-assure", "return"):
        form = re.search(rf'<form method="post" action="{I}/cases/T1/{action}/">(.*?)</form>', html)
        assert form is not None, action
        assert f'name="version" value="{version()}"' in form.group(1)


def test_the_review_lists_the_steps_taken_with_their_reasons(signed_in):
    client = signed_in("lead")
    assert return_t1(client).status_code == 302
    html = text(client.get(REVIEW))
    steps = html[html.index('id="steps"') :]
    assert "Returned to the inspector: Submitted to Returned" in steps
    assert REASON in steps
    assert '<td class="govuk-table__cell">Lead</td>' in steps


def test_the_review_shows_the_consistency_warnings(signed_in):
    Answer.objects.filter(case__case_id="T1", question_id__in=["2.2.1"]).update(answer="no")
    html = text(signed_in("lead").get(REVIEW))
    assert "Key question 2.2.1 is answered No, but" in html


def test_the_inspector_reads_their_own_case_s_review_without_the_moderation_forms(signed_in):
    html = text(signed_in("inspector_a").get(REVIEW))
    assert "Review case T1</h1>" in html
    assert "Mark as quality assured" not in html
    assert "Return to inspector" not in html


def test_another_inspector_may_not_review_the_case(signed_in):
    assert signed_in("inspector_b").get(REVIEW).status_code == 403


def test_a_return_needs_a_reason(signed_in):
    response = signed_in("lead").post(
        f"{I}/cases/T1/return/", {"version": version(), "reason": " "}
    )
    assert response.status_code == 400
    assert Case.objects.get(case_id="T1").status == CaseStatus.SUBMITTED
    assert mail.outbox == []


def test_the_inspector_is_emailed_the_reason_where_they_have_an_address(signed_in, team):
    team.inspector_a.email = "inspector.a@example.invalid"
    team.inspector_a.save()
    assert return_t1(signed_in("lead")).status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["inspector.a@example.invalid"]
    assert sent.subject == "Case T1 returned to you (Test PDU)"
    assert REASON in sent.body
    assert "Lead returned case T1" in sent.body
    assert f"http://testserver{I}/cases/T1/" in sent.body


def test_no_email_is_sent_to_an_inspector_without_an_address(signed_in):
    assert return_t1(signed_in("lead")).status_code == 302
    assert mail.outbox == []


def test_the_reason_is_in_a_banner_on_the_case_page_until_the_case_is_submitted_again(signed_in):
    return_t1(signed_in("lead"))
    inspector = signed_in("inspector_a")
    html = text(inspector.get(f"{I}/cases/T1/"))
    assert 'class="govuk-notification-banner"' in html
    assert REASON in html
    assert REASON in text(inspector.get(f"{I}/your-cases/"))
    assert inspector.post(f"{I}/cases/T1/submit/", {"version": version()}).status_code == 302
    assert REASON not in text(inspector.get(f"{I}/cases/T1/"))
    assert REASON not in text(inspector.get(f"{I}/your-cases/"))


def test_the_case_page_links_the_moderators_to_the_review(signed_in):
    assert f'href="{REVIEW}"' in text(signed_in("quality_lead").get(f"{I}/cases/T1/"))
    assert f'href="{REVIEW}"' not in text(signed_in("inspector_a").get(f"{I}/cases/T1/"))
