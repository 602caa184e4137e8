"""The lead's choice to include the disproportionality chapter: stored on the inspection,
honoured by the report as previewed and as published, refused to anyone but the lead (and
administrators) and once the report is published."""

from __future__ import annotations

import pytest

from probity.web.inspections.models import Inspection

from .team import ready_to_publish

pytestmark = pytest.mark.pages

CHAPTER = 'id="disproportionality"'


def base(team) -> str:
    return f"/inspections/{team.inspection.inspection_id}/"


def chosen(team) -> bool:
    return Inspection.objects.get(pk=team.inspection.pk).disproportionality


def test_the_lead_chooses_the_chapter_and_the_report_includes_it(team, signed_in):
    client = signed_in("lead")
    page = client.get(base(team) + "report/").content.decode()
    assert 'name="disproportionality"' in page
    assert "Include the disproportionality chapter" in page
    assert CHAPTER not in client.get(base(team) + "report.html").content.decode()
    response = client.post(base(team) + "report/chapters/", {"disproportionality": "yes"})
    assert response.status_code == 302
    assert chosen(team)
    page = client.get(base(team) + "report/").content.decode()
    assert 'value="yes" checked' in page
    report = client.get(base(team) + "report.html").content.decode()
    assert CHAPTER in report
    # The three test cases: each group of the three is under the minimum of five.
    assert "fewer than 5 cases" in report
    client.post(base(team) + "report/chapters/", {})
    assert not chosen(team)
    assert CHAPTER not in client.get(base(team) + "report.html").content.decode()


def test_the_published_report_keeps_the_chapter_chosen(team, signed_in):
    client = signed_in("lead")
    client.post(base(team) + "report/chapters/", {"disproportionality": "yes"})
    ready_to_publish(team)
    assert client.post(base(team) + "publish/").status_code == 302
    stored = Inspection.objects.get(pk=team.inspection.pk)
    assert stored.is_published
    assert stored.published_html is not None
    assert CHAPTER in stored.published_html


def test_the_choice_is_refused_to_anyone_but_the_lead(team, signed_in):
    for name in ("inspector_a", "quality_lead"):
        response = signed_in(name).post(
            base(team) + "report/chapters/", {"disproportionality": "yes"}
        )
        assert response.status_code == 403, name
    assert signed_in("outsider").post(base(team) + "report/chapters/").status_code == 404
    assert not chosen(team)
    page = signed_in("quality_lead").get(base(team) + "report/").content.decode()
    assert 'name="disproportionality"' not in page


def test_the_choice_is_refused_once_the_report_is_published(team, signed_in):
    client = signed_in("lead")
    ready_to_publish(team)
    assert client.post(base(team) + "publish/").status_code == 302
    response = client.post(base(team) + "report/chapters/", {"disproportionality": "yes"})
    assert response.status_code == 403
    assert not chosen(team)
    assert 'name="disproportionality"' not in client.get(base(team) + "report/").content.decode()
