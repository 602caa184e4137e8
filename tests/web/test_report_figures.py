"""The page that checks the report's figures: findings beside their words, acceptance with a
reason by the lead (kept, with who and when), publication refused until each is resolved."""

from __future__ import annotations

import pytest

from probity.web.inspections.models import Inspection, NarrativeParagraph
from probity.web.inspections.report_check import AcceptedFinding

from .team import ready_to_publish
from .test_report_pages import base

pytestmark = pytest.mark.pages


def _words(team, text: str) -> None:
    NarrativeParagraph.objects.create(
        inspection=team.inspection, position=0, section="2.2", part="text", text=text
    )


def test_the_lead_sees_a_finding_accepts_it_with_a_reason_and_then_publishes(team, signed_in):
    _words(team, "In 30 out of 42 cases the plan was sufficient.")
    ready_to_publish(team)
    lead = signed_in("lead")
    refused = lead.post(base(team) + "publish/")
    assert refused.status_code == 409
    assert "figure in the report" in refused.content.decode()
    page = lead.get(base(team) + "report/figures/").content.decode()
    assert "“30 out of 42”" in page
    assert "Not tied to a figure" in page
    key = page.split('name="key" value="')[1].split('"')[0]
    empty = lead.post(base(team) + "report/figures/", {"key": key, "reason": " "})
    assert empty.status_code == 400
    assert "say why" in empty.content.decode()
    done = lead.post(base(team) + "report/figures/", {"key": key, "reason": "The PDU's figure."})
    assert done.status_code == 302
    kept = AcceptedFinding.objects.get(inspection=team.inspection, key=key)
    assert (kept.reason, kept.by, kept.figure) == ("The PDU's figure.", team.lead, "30 out of 42")
    assert kept.history.count() == 1
    assert lead.post(base(team) + "publish/").status_code == 302
    html = Inspection.objects.get(pk=team.inspection.pk).published_html or ""
    assert "the lead inspector accepted each with a reason" in html


def test_only_those_who_may_publish_see_or_accept_the_findings(team, signed_in):
    _words(team, "In 30 out of 42 cases.")
    assert signed_in("inspector_a").get(base(team) + "report/figures/").status_code == 403
    assert signed_in("viewer").get(base(team) + "report/figures/").status_code in (403, 404)
    posted = signed_in("inspector_a").post(
        base(team) + "report/figures/", {"key": "x", "reason": "y"}
    )
    assert posted.status_code == 403
    assert not AcceptedFinding.objects.exists()
