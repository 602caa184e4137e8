"""The report's review through the API: a figure found and accepted, the stages, a comment
made and resolved, publication, a correction as version 2."""

from __future__ import annotations

import pytest

from probity.web.inspections.models import Case, NarrativeParagraph

from .test_api import BASE, as_, refused  # noqa: F401 (as_ is a fixture)

pytestmark = pytest.mark.pages


def test_the_report_goes_from_draft_to_a_corrected_version_through_the_api(as_, team):  # noqa: F811
    NarrativeParagraph.objects.create(inspection=team.inspection, position=0, section="2.2",
                                      part="text", text="In 30 out of 42 cases.")  # fmt: skip
    lead = as_("lead")
    figures = lead.call("GET", f"{BASE}/report/figures").json()
    [finding] = figures["findings"]
    assert (figures["open"], finding["kind"], finding["figure"]) == (1, "unbound", "30 out of 42")
    refused(lead.call("POST", f"{BASE}/report/figures/{finding['key']}/accept",
                      {"reason": " "}), 400)  # fmt: skip
    accepted = lead.call(
        "POST", f"{BASE}/report/figures/{finding['key']}/accept", {"reason": "The PDU's figure."}
    ).json()
    assert accepted["open"] == 0
    assert accepted["findings"][0]["accepted"]["reason"] == "The PDU's figure."
    assert (
        lead.call("POST", f"{BASE}/report/stage", {"stage": "quality_review"}).json()["stage"]
        == "quality_review"
    )
    review = (
        as_("inspector_a")
        .call("POST", f"{BASE}/report/comments", {"section": "2.2", "text": "Say which prompt."})
        .json()
    )
    [comment] = review["comments"]
    assert (comment["by"], comment["stage"]) == ("Inspector A", "quality_review")
    lead.call("POST", f"{BASE}/report/stage", {"stage": "final"})
    body = refused(lead.call("POST", f"{BASE}/publish"), 409)
    assert "not resolved" in body["detail"]
    assert "not quality-assured" in body["detail"]
    lead.call("POST", f"{BASE}/report/comments/{comment['id']}/resolve",
              {"resolution": "Named it."})  # fmt: skip
    Case.objects.filter(inspection=team.inspection).update(status="quality_assured")
    assert lead.call("POST", f"{BASE}/publish").status_code == 200
    versions = lead.call(
        "POST", f"{BASE}/report/corrections", {"notice": "A figure corrected."}
    ).json()
    assert [(v["number"], v["notice"]) for v in versions] == [
        (1, None), (2, "A figure corrected.")
    ]  # fmt: skip
