"""The inspection dashboard: progress counts, and the ratings page recomputed by the core from
the answers saved so far, for the inspection's team only."""

from __future__ import annotations

import re

import pytest

from probity.pipeline import inspect_bundle
from probity.web.inspections.mapping import to_bundle
from probity.web.inspections.models import Answer, Case, CaseStatus, Inspection, Judgement

pytestmark = pytest.mark.pages


def url(team) -> str:
    return f"/inspections/{team.inspection.inspection_id}/"


def key_question_cells(html: str, kq_id: str) -> tuple[str, str]:
    """The "% Yes" and "Yes of applicable" cells of a key question's row."""
    row = re.search(
        r'<th scope="row"[^>]*>\s*' + re.escape(kq_id) + r" (.*?)</th>\s*"
        r"<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>",
        html,
        re.DOTALL,
    )
    assert row is not None, f"no row for key question {kq_id}"
    return row.group(2).strip(), row.group(3).strip()


def key_question_row(html: str, kq_id: str) -> str:
    start = html.index(f">{kq_id} ")
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def set_answer(team, case_id: str, question_id: str, answer: str) -> None:
    updated = Answer.objects.filter(
        case__inspection=team.inspection, case__case_id=case_id, question_id=question_id
    ).update(answer=answer)
    assert updated == 1


def test_the_dashboard_counts_the_cases_at_each_status(team, signed_in):
    Case.objects.filter(inspection=team.inspection, case_id="T2").update(
        status=CaseStatus.IN_PROGRESS
    )
    response = signed_in("lead").get(url(team))
    assert response.status_code == 200
    assert response.context["progress"].by_status == (
        ("Not started", 0), ("In progress", 1), ("Submitted", 2), ("Returned", 0),
        ("Quality assured", 0),
    )  # fmt: skip
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Test PDU</h1>' in html
    assert "1 of 3 cases" in html
    assert "2 of 3 cases" in html


def test_every_key_question_shows_the_cores_figures(team, signed_in):
    html = signed_in("lead").get(url(team)).content.decode()
    results = inspect_bundle(to_bundle(team.inspection))
    for kq_id in results.framework.key_question_ids:
        figure = results.figures[kq_id]
        assert key_question_cells(html, kq_id) == (
            f"{figure.rounded}%",
            f"{figure.yes} of {figure.applicable}",
        )
    # As the core's ratings page prints them: the framework's rounding, "yes of applicable".
    for line in (k for s in results.page.standards for k in s.key_questions):
        assert key_question_cells(html, line.id) == (line.pct_text, str(line.count))
    assert "“Yes” of applicable" in html


def test_with_every_answer_yes_court_work_is_100_percent_of_the_one_court_case(team, signed_in):
    html = signed_in("lead").get(url(team)).content.decode()
    # Only T1 has a court report; every answer of the fixture is "yes".
    assert key_question_cells(html, "2.1.1") == ("100%", "1 of 1")
    assert key_question_cells(html, "2.2.1") == ("100%", "3 of 3")


def test_changing_an_answer_changes_the_figure_on_the_dashboard(team, signed_in):
    set_answer(team, "T1", "2.2.1", "no")
    html = signed_in("lead").get(url(team)).content.decode()
    assert key_question_cells(html, "2.2.1") == ("67%", "2 of 3")  # 2/3 = 66.7, rounded up


def test_the_lowest_key_question_is_marked_as_driving_the_rating(team, signed_in):
    set_answer(team, "T1", "2.2.2", "no")
    html = signed_in("lead").get(url(team)).content.decode()
    assert "Lowest: drives the rating" in key_question_row(html, "2.2.2")
    assert "Lowest: drives the rating" not in key_question_row(html, "2.2.1")
    casework = inspect_bundle(to_bundle(team.inspection)).casework
    assessment = next(r for r in casework if r.standard_id == "2.2")
    assert assessment.driver is not None
    assert assessment.driver.id == "2.2.2"


def test_a_fully_rated_inspection_shows_the_score_and_overall_rating(team, signed_in):
    response = signed_in("lead").get(url(team))
    ratings = inspect_bundle(to_bundle(team.inspection)).ratings
    assert ratings is not None
    # Five casework standards Outstanding (15) and judgements Good, Good, Good,
    # Requires improvement (7).
    assert (ratings.score, ratings.max_score) == (22, 27)
    html = response.content.decode()
    assert "22/27" in html
    assert '<strong class="govuk-tag govuk-tag--turquoise">Good</strong>' in html
    assert "2.6 Outcomes:\n    reported, not rated" in html


def test_without_every_judgement_the_dashboard_says_why_there_is_no_score(team, signed_in):
    Judgement.objects.filter(inspection=team.inspection, standard_id="1.4").delete()
    html = signed_in("lead").get(url(team)).content.decode()
    assert "cannot be fully rated yet" in html
    assert "1.4 Information and facilities: no judgement recorded yet" in html
    assert "/27" not in html


def test_domain_one_shows_the_judgements_and_the_caps_in_force(team, signed_in):
    Answer.objects.filter(case__inspection=team.inspection, answer="yes").update(answer="no")
    html = signed_in("lead").get(url(team)).content.decode()
    assert "leadership-delivers-results: at most Requires improvement" in html
    assert "services-follow-implementation: at most Inadequate" in html
    assert "1.1 Leadership: Good is above Requires improvement" in html


def test_the_dashboard_reads_the_inspection_in_a_bounded_number_of_queries(
    team, signed_in, django_assert_max_num_queries
):
    client = signed_in("lead")
    with django_assert_max_num_queries(20):
        client.get(url(team))


@pytest.mark.parametrize("name", ["admin", "lead", "quality_lead"])
def test_the_lead_and_the_moderators_read_the_ratings_as_they_stand(team, signed_in, name):
    response = signed_in(name).get(url(team))
    assert response.status_code == 200
    assert "Ratings as they stand" in response.content.decode()


@pytest.mark.parametrize("name", ["inspector_a", "inspector_b"])
def test_an_inspector_reads_the_progress_but_not_the_ratings(team, signed_in, name):
    # An inspector opening the inspection lands on their own cases, with its progress.
    response = signed_in(name).get(url(team))
    assert response.status_code == 200
    html = response.content.decode()
    assert "probity/cases/your_cases.html" in [t.name for t in response.templates]
    assert "Progress of the inspection" in html
    assert "ratings" not in response.context
    assert "Ratings as they stand" not in html
    assert f'href="/inspections/{team.inspection.inspection_id}/domain-one/"' not in html


def test_only_those_who_may_read_the_report_see_the_link_to_it(team, signed_in):
    report = f'href="/inspections/{team.inspection.inspection_id}/report/"'
    assert report in signed_in("lead").get(url(team)).content.decode()
    assert report not in signed_in("inspector_a").get(url(team)).content.decode()
    Inspection.objects.filter(pk=team.inspection.pk).update(is_published=True)
    assert report in signed_in("inspector_a").get(url(team)).content.decode()


@pytest.mark.parametrize("name", ["viewer", "outsider"])
def test_viewers_and_outsiders_are_told_an_unpublished_inspection_does_not_exist(
    team, signed_in, name
):
    assert signed_in(name).get(url(team)).status_code == 404


def test_a_pdu_viewer_may_not_open_the_dashboard_of_a_published_inspection(team, signed_in):
    team.inspection.is_published = True
    team.inspection.save()
    assert signed_in("viewer").get(url(team)).status_code == 403


def test_signing_in_comes_first(team, client):
    response = client.get(url(team))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_key_question_below_a_band_by_its_exact_figure_shows_the_engines_band(
    team, signed_in, tmp_path
):
    """Under ``bands.rounding: exact``, 28 of 51 (54.9…%) is below a band at 55: the dashboard
    says what the console, the JSON and the report say (tests/test_exact_rounding_views.py)."""
    from probity.bundle import read_bundle
    from probity.framework import load_framework_file
    from probity.web.inspections.mapping import from_bundle
    from tests.exact_rounding import FRAMEWORK_FILE, write_exact_rounding_bundle

    fw = load_framework_file(FRAMEWORK_FILE)
    bundle = read_bundle(write_exact_rounding_bundle(tmp_path / "exact"), framework=fw)
    inspection = from_bundle(
        bundle, framework=fw, framework_text=FRAMEWORK_FILE.read_text(encoding="utf-8")
    )
    response = signed_in("admin").get(f"/inspections/{inspection.inspection_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert key_question_cells(html, "B.2.1") == ("54.9%", "28 of 51")
    caption = html[
        html.index("B.2 Casework standard 2") : html.index(
            "</caption>", html.index("B.2 Casework standard 2")
        )
    ]
    assert "Inadequate" in caption


def wilson_whole_percent(yes: int, applicable: int) -> str:
    """statsmodels' own 95% Wilson score interval, its ends rounded to whole per cent."""
    from statsmodels.stats.proportion import (  # type: ignore[import-untyped]  # untyped
        proportion_confint,
    )

    low, high = proportion_confint(yes, applicable, alpha=0.05, method="wilson")
    return f"{round(100 * low)}–{round(100 * high)}%"


def figure_cells(html: str, kq_id: str) -> list[str]:
    """Every figure cell of a key question's row: % "Yes", "Yes" of applicable, 95% interval."""
    return [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", key_question_row(html, kq_id))]


def test_the_demo_s_lowest_assessment_figure_shows_its_95_percent_interval(team, signed_in):
    from probity.bundle import read_bundle
    from probity.web.inspections.mapping import from_bundle
    from tests.conftest import ROOT

    inspection = from_bundle(read_bundle(ROOT / "examples" / "demo"))
    html = signed_in("admin").get(f"/inspections/{inspection.inspection_id}/").content.decode()
    assert figure_cells(html, "2.2.3") == ["39%", "31 of 79", "29–50%"]
    assert wilson_whole_percent(31, 79) == "29–50%"
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">95% interval'
        in html
    )


def test_every_key_question_shows_the_interval_of_its_own_count(team, signed_in):
    set_answer(team, "T1", "2.2.1", "no")
    html = signed_in("lead").get(url(team)).content.decode()
    # 2 of 3 for 2.2.1; every other answer of the fixture is "yes": 3 of 3, 1 of 1 in court work.
    assert figure_cells(html, "2.2.1") == ["67%", "2 of 3", wilson_whole_percent(2, 3)]
    assert figure_cells(html, "2.2.2") == ["100%", "3 of 3", "44–100%"]
    assert figure_cells(html, "2.1.1") == ["100%", "1 of 1", "21–100%"]
    assert wilson_whole_percent(3, 3) == "44–100%"
    assert wilson_whole_percent(1, 1) == "21–100%"


def test_a_details_component_says_what_the_interval_means(team, signed_in):
    html = signed_in("lead").get(url(team)).content.decode()
    details = html[html.index('<details class="govuk-details">') : html.index("</details>")]
    assert "What the 95% interval means" in details
    assert "the range of percentages" in details
    assert "The fewer the cases a question applies to, the wider the range." in details


def test_a_standard_one_answer_from_a_band_boundary_is_marked_close_with_the_number(
    team, signed_in
):
    # 2.2.1 "no" on T1: 2 of 3 (66.7%, rounded 67: Good), the others 3 of 3. One more "No"
    # makes 1 of 3 (33%, Inadequate); one more "Yes" 3 of 3 (Outstanding).
    set_answer(team, "T1", "2.2.1", "no")
    html = signed_in("lead").get(url(team)).content.decode()
    marks = re.findall(
        r'<div class="govuk-inset-text probity-close-to-boundary" data-standard="([\d.]+)">'
        r"(.*?)</div>",
        html,
        re.DOTALL,
    )
    # With three cases every rated casework standard is one answer from a boundary; the
    # reported 2.6 and the judged standards carry no mark.
    assert [standard for standard, _ in marks] == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    words = " ".join(re.sub(r"<[^>]+>", " ", dict(marks)["2.2"]).split())
    assert words == (
        "2.2 Assessment: Close to a band boundary "
        "1 more ‘Yes’ answer on key question 2.2.1 would move this standard to ‘Outstanding’. "
        "1 ‘Yes’ answer on key question 2.2.1 becoming ‘No’ would move this standard to "
        "‘Inadequate’."
    )
