"""The pages that write the report's tables: a practice example whose pseudonym is refused,
in its place, when the case's record contains it (the page never shows that record), the
recommendations and progress on previous ones, staffing and survey figures edited in a table,
and survey results uploaded as a CSV file (each problem located, nothing half-loaded)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from probity.web.inspections.models import (
    Answer,
    PracticeExample,
    Recommendation,
    StaffingFigure,
    SurveyResult,
)

from .test_report_pages import base

pytestmark = pytest.mark.pages
NOTE = "Fictional: Jonny said the plan was read to him."


def _write(team) -> str:
    return base(team) + "report/write/"


def test_the_task_list_links_to_the_tables(team, signed_in):
    page = signed_in("lead").get(_write(team)).content.decode()
    for name in ("Recommendations", "Practice examples", "Staffing and survey figures"):
        assert f">{name}</a>" in page


def test_a_pseudonym_in_the_cases_record_is_refused_in_its_place_without_showing_it(
    team, signed_in
):
    answer = Answer.objects.filter(case__inspection=team.inspection, case__case_id="T1").first()
    assert answer is not None
    answer.note = NOTE
    answer.save()
    lead = signed_in("lead")
    form = lead.get(_write(team) + "examples/new/").content.decode()
    assert '<option value="T1">T1</option>' in form
    assert "PQiP" not in form  # nothing of the case's record but its id
    typed = {
        "standard": "2.2",
        "kind": "good",
        "case": "T1",
        "pseudonym": "Jonny",
        "text": "Fictional: a plan made with the person.",
        "version": "0",
    }
    refused = lead.post(_write(team) + "examples/new/", typed)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert '<a href="#id_pseudonym">Choose another: this one appears in the case' in page
    assert 'id="id_pseudonym-error"' in page
    assert "read to him" not in page
    assert not PracticeExample.objects.exists()
    for traced in ("T1", "pqip"):
        assert (
            lead.post(_write(team) + "examples/new/", {**typed, "pseudonym": traced}).status_code
            == 400
        )
    saved = lead.post(_write(team) + "examples/new/", {**typed, "pseudonym": "Sam"})
    assert saved.status_code == 302
    kept = PracticeExample.objects.get(inspection=team.inspection)
    assert (kept.pseudonym, kept.standard_id, kept.kind) == ("Sam", "2.2", "good")
    assert kept.history.count() == 1
    listed = lead.get(_write(team) + "examples/").content.decode()
    assert "Sam" in listed
    changed = lead.post(
        _write(team) + f"examples/{kept.pk}/", {**typed, "pseudonym": "Alex", "version": "1"}
    )
    assert changed.status_code == 302
    stale = lead.post(
        _write(team) + f"examples/{kept.pk}/", {**typed, "pseudonym": "Kim", "version": "1"}
    )
    assert stale.status_code == 409
    assert PracticeExample.objects.get(pk=kept.pk).pseudonym == "Alex"


def test_recommendations_are_added_changed_and_progress_recorded(team, signed_in):
    previous = Recommendation.objects.create(
        inspection=team.inspection,
        position=0,
        kind="previous",
        number=1,
        text="Fictional: improve plans.",
        source="2019",
        progress="no_progress",
        improvement_required=True,
    )
    lead = signed_in("lead")
    url = _write(team) + "recommendations/"
    empty = lead.post(
        url, {"row": "new", "kind": "current", "version": "0", "text": "", "addressed_to": ""}
    )
    assert empty.status_code == 400
    assert '<a href="#text-new">Write the recommendation</a>' in empty.content.decode()
    added = lead.post(
        url,
        {
            "row": "new",
            "kind": "current",
            "version": "0",
            "text": "Improve oversight.",
            "addressed_to": "The PDU head",
        },
    )
    assert added.status_code == 302
    made = Recommendation.objects.get(inspection=team.inspection, kind="current")
    assert (made.number, made.addressed_to) == (1, "The PDU head")
    progress = lead.post(
        url,
        {
            "row": previous.pk,
            "kind": "previous",
            "version": "1",
            "progress": "some_progress",
            "findings": "Fictional: better.",
            "improvement_required": "no",
        },
    )
    assert progress.status_code == 302
    previous.refresh_from_db()
    assert (previous.progress, previous.findings, previous.improvement_required) == (
        "some_progress",
        "Fictional: better.",
        False,
    )
    assert '<option value="some_progress" selected>' in lead.get(url).content.decode()


def test_staffing_and_survey_figures_are_edited_in_a_table_with_errors_at_their_cells(
    team, signed_in
):
    fte = StaffingFigure.objects.create(
        inspection=team.inspection,
        position=0,
        section="key",
        measure="Staff (FTE)",
        value=20,
        unit="fte",
    )
    survey = SurveyResult.objects.get(inspection=team.inspection)
    lead = signed_in("lead")
    url = _write(team) + "figures/"
    page = lead.get(url).content.decode()
    assert f'id="value-{fte.pk}"' in page
    assert f'name="respondents-{survey.pk}" type="text" inputmode="numeric" value="10"' in page
    bad = lead.post(url, {"table": "staffing", f"version-{fte.pk}": "1", f"value-{fte.pk}": "lots"})
    assert bad.status_code == 400
    said = bad.content.decode()
    assert f'<a href="#value-{fte.pk}">Enter a number, like 42</a>' in said
    assert f'id="value-{fte.pk}-error"' in said
    assert 'value="lots"' in said  # what was typed is kept
    ok = lead.post(url, {"table": "staffing", f"version-{fte.pk}": "1", f"value-{fte.pk}": "22.5"})
    assert ok.status_code == 302
    assert StaffingFigure.objects.get(pk=fte.pk).value == 22.5
    over = lead.post(
        url,
        {
            "table": "surveys",
            f"version-{survey.pk}": "1",
            f"respondents-{survey.pk}": "10",
            f"positive-{survey.pk}": "11",
        },
    )
    assert over.status_code == 400
    assert f'<a href="#positive-{survey.pk}">Must be between 0' in over.content.decode()


def test_a_survey_file_replaces_the_results_or_loads_nothing_with_each_problem_located(
    team, signed_in
):
    lead = signed_in("lead")
    url = _write(team) + "figures/surveys/"
    bad = b"survey,ref,question,respondents,positive\nstaff,a,First?,10,4\nstaff,b,Second?,3,9\n"
    refused = lead.post(url, {"surveys-file": SimpleUploadedFile("s.csv", bad, "text/csv")})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "The file has 1 problem: nothing was loaded" in page
    assert "Row 3, positive: must be between 0 and the 3 respondents" in page
    assert list(SurveyResult.objects.values_list("question", flat=True)) == ["Fictional statement"]
    good = b"survey,ref,question,respondents,positive\nstaff,a,First?,10,4\npop,,Second?,8,8\n"
    loaded = lead.post(url, {"surveys-file": SimpleUploadedFile("s.csv", good, "text/csv")})
    assert loaded.status_code == 302
    assert list(SurveyResult.objects.order_by("position").values_list("question", "ref")) == [
        ("First?", "a"),
        ("Second?", None),
    ]
    assert lead.post(url, {}).status_code == 400
    assert (
        signed_in("inspector_a")
        .post(url, {"surveys-file": SimpleUploadedFile("s.csv", good, "text/csv")})
        .status_code
        == 403
    )


def test_the_lead_adds_a_glossary_term_the_report_prints_and_the_export_keeps(team, signed_in):
    from probity.pipeline import inspect_bundle
    from probity.report import render_html
    from probity.web.inspections.mapping import to_bundle
    from probity.web.inspections.models import GlossaryTerm

    lead = signed_in("lead")
    url = base(team) + "report/write/glossary/"
    assert "The framework’s terms" in lead.get(url).content.decode()
    empty = lead.post(url, {"row": "new", "version": "0", "term": "", "definition": ""})
    assert empty.status_code == 400
    assert 'href="#term-new"' in empty.content.decode()
    added = lead.post(url, {"row": "new", "version": "0", "term": "Fictional hub",
                            "definition": "Fictional: a shared office."})  # fmt: skip
    assert added.status_code == 302
    row = GlossaryTerm.objects.get(inspection=team.inspection)
    assert row.history.count() == 1
    bundle = to_bundle(team.inspection)
    assert [(t.term, t.definition) for t in bundle.glossary] == [
        ("Fictional hub", "Fictional: a shared office.")
    ]
    assert "Fictional: a shared office." in render_html(inspect_bundle(bundle))
    assert signed_in("inspector_a").get(url).status_code == 403
