"""One framework per inspection: an inspection is rated under the exact framework text it
recorded, whatever the file installed under its id says now; the pages that rate it say what
has changed in that file (a published report stands as published; an unpublished inspection
is still rated under the version it recorded). The case list's filters and columns, and a
rated standard kept out of the score, follow the framework recorded."""

from __future__ import annotations

import html
import re

import pytest

from probity.framework import load_framework
from probity.web.inspections.frameworks import framework_change, framework_of
from probity.web.inspections.models import FrameworkVersion, Inspection

from .framework_files import attribute, edited, install, record_under, shipped_text, standard

pytestmark = pytest.mark.pages

RENAMED = "Assessing the case"


def dashboard(team) -> str:
    return f"/inspections/{team.inspection.inspection_id}/"


def cases(team) -> str:
    return f"{dashboard(team)}cases/"


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def renamed_standard(data) -> None:
    standard(data, "2.2")["name"] = RENAMED


def publish(team) -> None:
    Inspection.objects.filter(pk=team.inspection.pk).update(
        is_published=True, published_html="<!DOCTYPE html><title>As published</title>"
    )


def test_importing_records_the_framework_text_the_inspection_is_rated_under(team):
    version = FrameworkVersion.objects.get()
    assert version.text == shipped_text()
    assert team.inspection.framework_hash == version.content_hash
    assert framework_of(team.inspection).content_hash == version.content_hash
    assert framework_change(team.inspection) is None


def test_nothing_is_said_while_the_file_installed_is_the_one_recorded(team, signed_in):
    page = text(signed_in("lead").get(dashboard(team)))
    assert "has changed since" not in page


def test_an_unpublished_inspection_is_still_rated_under_the_version_it_recorded(
    team, signed_in, monkeypatch, tmp_path
):
    install(monkeypatch, tmp_path / "frameworks", edited(renamed_standard))
    assert load_framework("hmip-adult-pdu-2021").standard("2.2").name == RENAMED
    client = signed_in("lead")
    for path in ("", "domain-one/", "domain-one/1.1/", "report/", "publish/"):
        page = text(client.get(f"{dashboard(team)}{path}"))
        assert (
            "The framework file hmip-adult-pdu-2021 has changed since this inspection recorded "
            "it. The inspection is still rated under the version it recorded." in page
        ), path
        assert f"'Assessment' → '{RENAMED}'" in page, path
        assert "has changed since this inspection was published" not in page, path
    page = text(client.get(dashboard(team)))
    assert "2.2 Assessment:" in page  # the recorded framework's words
    assert RENAMED + ":" not in page


def test_a_published_inspection_says_its_report_stands_as_published(
    team, signed_in, monkeypatch, tmp_path
):
    publish(team)
    install(monkeypatch, tmp_path / "frameworks", edited(renamed_standard))
    client = signed_in("lead")
    for path in ("", "domain-one/", "report/"):
        page = text(client.get(f"{dashboard(team)}{path}"))
        assert (
            "The framework file hmip-adult-pdu-2021 has changed since this inspection was "
            "published. The published report stands as published: the inspection is not rated "
            "again under the changed file." in page
        ), path
        assert f"'Assessment' → '{RENAMED}'" in page, path
    viewer = text(signed_in("viewer").get(f"{dashboard(team)}report/"))
    assert "The published report stands as published" in viewer
    assert client.get(f"{dashboard(team)}report.html").content.decode() == (
        "<!DOCTYPE html><title>As published</title>"
    )


def test_a_framework_no_longer_installed_is_said_and_the_recorded_one_still_rates(
    team, signed_in, monkeypatch, tmp_path
):
    install(monkeypatch, tmp_path / "empty", None)
    page = text(signed_in("lead").get(dashboard(team)))
    assert "no framework file hmip-adult-pdu-2021 can be loaded" in page
    assert "22/27" in page


def test_an_inspection_stored_before_frameworks_were_recorded_records_the_file_installed(
    team, signed_in
):
    Inspection.objects.filter(pk=team.inspection.pk).update(framework_hash="")
    FrameworkVersion.objects.all().delete()
    assert signed_in("lead").get(dashboard(team)).status_code == 200
    version = FrameworkVersion.objects.get()
    assert version.text == shipped_text()
    assert Inspection.objects.get(pk=team.inspection.pk).framework_hash == version.content_hash


def rated_apart(data) -> None:
    standard(data, "2.5")["scored"] = False
    data["overall"]["ranges"] = [
        {"rating": "outstanding", "min": 21, "max": 24},
        {"rating": "good", "min": 13, "max": 20},
        {"rating": "requires_improvement", "min": 5, "max": 12},
        {"rating": "inadequate", "min": 0, "max": 4},
    ]


def test_a_rated_standard_kept_out_of_the_score_is_marked_as_rated_separately(team, signed_in):
    record_under(team.inspection, edited(rated_apart))
    page = text(signed_in("lead").get(dashboard(team)))
    rated = r"2\.5 [^:]+: <strong [^>]+>Outstanding</strong> \(rated separately, not in"
    assert re.search(rated, page)
    assert page.count("rated separately, not in the score") == 1
    assert "19/24" in page  # the four other casework standards and the four judgements


def other_filters(data) -> None:
    attribute(data, "rosh").update(filter=False, listed=False)
    attribute(data, "gender").update(filter=True, listed=True, label="Sex recorded")
    attribute(data, "court_report").update(filter=True)


def test_the_case_lists_filters_and_columns_are_the_frameworks(team, signed_in):
    record_under(team.inspection, edited(other_filters))
    client = signed_in("lead")
    page = text(client.get(cases(team)))
    labels = re.findall(r'<label class="govuk-label" for="filter-(\w+)">([^<]+)</label>', page)
    assert labels == [
        ("inspector", "Inspector"),
        ("status", "Status"),
        ("case_type", "Case type"),
        ("court_report", "Court report"),
        ("gender", "Sex recorded"),
    ]
    assert '<option value="female">Female</option>' in page
    headers = re.findall(r'<th scope="col" class="govuk-table__header">([^<]+)</th>', page)
    assert headers[:5] == ["Case", "Case type", "Unpaid work only", "Court report", "Sex recorded"]
    assert "Risk of serious harm" not in page

    def listed(query) -> list[str]:
        body = text(client.get(cases(team), query))
        return re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>(T\d)</a>', body)

    assert listed({"gender": "female"}) == ["T1"]
    assert listed({"court_report": "yes"}) == ["T1"]
    assert listed({"court_report": "no", "case_type": "community"}) == ["T2"]
    assert listed({"rosh": "low"}) == ["T1", "T2", "T3"]  # no longer a filter: ignored
