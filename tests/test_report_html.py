"""The HTML report holds the computed figures, in the structure of the inspectorate's report,
as an accessible, self-contained file. Figures are compared with InspectionResults; a few of
the seed report's published figures are anchors."""

from __future__ import annotations

import itertools
import re

import pytest

from probity.framework import RuleKind
from probity.report import render_html
from probity.report.colours import (
    BACKGROUND,
    NOT_RATED,
    SECONDARY_TEXT,
    TEXT,
    contrast_ratio,
    rating_swatches,
)
from probity.report.formatting import pct_text, rating_label, staffing_text

from .test_report_support import demo_results, narrative_row, parse_html, small_results


@pytest.fixture(scope="module")
def results():
    return demo_results()


@pytest.fixture(scope="module")
def html(results):
    return render_html(results)


@pytest.fixture(scope="module")
def doc(html):
    return parse_html(html)


def test_the_document_is_british_english_with_a_title(doc, results):
    root = doc.find("html")
    assert root.attrs["lang"] == "en-GB"
    assert results.bundle.inspection.organisation in doc.find("title").text()


def test_the_cover_names_the_pdu_region_and_month_of_publication(doc):
    cover = doc.find("header", class_="cover")
    assert "Staffordshire and Stoke PDU" in cover.find("h1").text()
    assert "The Probation Service – West Midlands region" in cover.text()
    assert "HM Inspectorate of Probation, August 2022" in cover.text()


def test_the_ratings_page_gives_every_standard_its_computed_rating_in_words(doc, results):
    fw = results.framework
    page = doc.find("section", id="ratings")
    rows = {r.attrs["data-standard"]: r for r in page.find_all("tr") if "data-standard" in r.attrs}
    assert set(rows) == {s.id for s in fw.standards}
    for s in results.ratings.standards:
        badge = rows[s.standard_id].find("span")
        assert badge.text() == rating_label(fw, s.rating)
        assert badge.has_class("rating")
    assert rows["2.6"].find("span").text() == "Not rated"


def test_the_ratings_page_gives_the_computed_score_and_overall_rating(doc, results):
    page = doc.find("section", id="ratings")
    ratings = results.ratings
    assert page.find("strong", id="score").text() == f"{ratings.score}/{ratings.max_score}"
    assert page.find("strong", id="score").text() == "2/27"  # the seed's ratings page
    overall = page.find("p", class_="overall").text()
    assert overall == f"Overall rating {results.framework.rating(ratings.overall).label}"
    assert "Fieldwork took place in June 2022" in page.text()


def casework(results):
    return [s for s in results.framework.standards if s.key_questions]


def test_each_key_question_table_prints_the_computed_figures_with_the_driver_in_bold(doc, results):
    for standard in casework(results):
        result = results.ratings.result(standard.id)
        table = doc.find("table", id=f"kq-table-{standard.id.replace('.', '-')}")
        assert table.find("caption").text().startswith(f"{standard.id} {standard.name}")
        rows = {
            r.attrs["data-question"]: r for r in table.find_all("tr") if "data-question" in r.attrs
        }
        assert list(rows) == [kq.id for kq in standard.key_questions]
        for kq in standard.key_questions:
            cell = rows[kq.id].find("td")
            expected = pct_text(results.figures[kq.id].rounded)
            assert cell.text().startswith(expected), (kq.id, cell.text())
            bold = cell.find_all("strong")
            is_driver = (
                result.rule is RuleKind.BAND_OF_LOWEST_KEY_QUESTION
                and result.driver is not None
                and result.driver.id == kq.id
            )
            assert [b.text() for b in bold] == ([expected] if is_driver else []), kq.id


def test_the_seed_s_driving_figures_are_the_bold_ones(doc):
    # Anchors from the published report: the lowest key question of each standard.
    for standard, kq, pct in [("2.2", "2.2.3", "39%"), ("2.3", "2.3.3", "46%"),
                              ("2.4", "2.4.3", "37%"), ("2.5", "2.5.3", "46%")]:  # fmt: skip
        table = doc.find("table", id=f"kq-table-{standard.replace('.', '-')}")
        row = table.find("tr", data_question=kq)
        assert row.find("strong").text() == pct


def test_each_casework_standard_explains_its_rule_with_the_framework_s_footnote(doc, results):
    fw = results.framework
    for standard in casework(results):
        section = doc.find("section", id=f"standard-{standard.id.replace('.', '-')}")
        # Printed once: as the report's note, unless the narrative already quotes it.
        assert section.text().count(" ".join(fw.rule_texts[standard.rule].split())) == 1


def test_outcomes_is_reported_with_its_figure_and_marked_not_rated(doc, results):
    section = doc.find("section", id="standard-2-6")
    assert section.find("p", class_="standard-rating").text() == "Rating: Not rated"
    row = section.find("tr", data_question="2.6.1")
    assert row.find("td").text() == pct_text(results.figures["2.6.1"].rounded) == "35%"


def test_annexe_three_lists_every_prompt_with_its_computed_percentage_and_markers(doc, results):
    annexe = doc.find("section", id="annexe-three")
    assert results.framework.annexe_note in annexe.text()
    rows = {
        r.attrs["data-question"]: r for r in annexe.find_all("tr") if "data-question" in r.attrs
    }
    for prompt in results.framework.prompts:
        row = rows[prompt.id]
        assert row.find("td").text() == pct_text(results.figures[prompt.id].rounded), prompt.id
        header = row.find("th").text()
        assert header.startswith(" ".join(prompt.text.split()))
        markers = " ".join(prompt.markers)
        assert header.endswith(markers) if markers else not header.endswith("*")
    assert "Prompts relevant to post-custody cases only:" in annexe.text()


def test_annexe_two_prints_every_staffing_figure_in_its_unit(doc, results):
    annexe = doc.find("section", id="annexe-two")
    printed = {
        r.find("th").text(): r.find("td").text() for r in annexe.find_all("tr") if r.find_all("td")
    }
    for figure in results.bundle.staffing:
        if figure.section == "services":
            assert figure.measure not in printed
            continue
        assert printed[" ".join(figure.measure.split())] == staffing_text(figure)
    # Anchors from the published Annexe two.
    assert printed["Total staff headcount (full-time equivalent) (FTE)"] == "233"
    assert "16.6%" in printed.values()
    assert "Not available" in printed.values()


def test_the_case_characteristics_table_holds_the_five_proportions_and_the_service_figures(
    doc, results
):
    table = doc.find("table", id="characteristics")
    values = [r.find("td").text() for r in table.find("tbody").find_all("tr")]
    expected = [pct_text(c.count.pct) for c in results.characteristics]
    expected += [staffing_text(f) for f in results.bundle.staffing if f.section == "services"]
    assert values == expected
    assert values[:5] == ["10%", "13%", "39%", "43%", "51%"]  # as published


def test_recommendations_are_numbered_on_and_grouped_by_whom_they_address(doc):
    section = doc.find("section", id="recommendations")
    groups = [p.text() for p in section.find_all("p", class_="addressed-to")]
    assert groups == ["Staffordshire and Stoke PDU should:", "West Midlands region should:"]
    lists = [ol for ol in section.find_all("ol") if ol.has_class("recommendations")]
    assert [ol.attrs["start"] for ol in lists] == ["1", "6"]
    assert [len(ol.find_all("li")) for ol in lists] == [5, 2]


def test_annexe_one_gives_each_previous_recommendation_its_progress(doc, results):
    previous = [r for r in results.bundle.recommendations if r.kind == "previous"]
    articles = doc.find("section", id="annexe-one").find_all("article")
    assert len(articles) == len(previous)
    first = articles[0].text()
    assert "Recommendation from Staffordshire & West Midlands Community Rehabilitation" in first
    assert "19 December 2018" in first
    assert "Categorisation No progress" in first
    assert "Improvement still required? Yes" in first


def test_the_decision_rule_in_force_is_stated_with_what_it_did(doc):
    section = doc.find("section", id="standard-1-1")
    rule = section.find("div", class_="decision-rule").text()
    assert "For Staffordshire and Stoke PDU that decision rule is in operation" in rule
    assert "can be no higher than ‘Requires improvement’" in rule


def test_practice_examples_follow_the_paragraph_that_introduces_them(doc):
    section = doc.find("section", id="standard-2-2")
    flow = [n for n in section.iter() if n.tag == "p" or n.has_class("practice")]
    introductions = [i for i, n in enumerate(flow) if n.text().endswith("assessment:")]
    assert introductions
    follower = flow[introductions[0] + 1]
    assert follower.has_class("practice")
    assert "Good practice example: Alice" in follower.text()


def test_headings_go_down_one_level_at_a_time(doc):
    levels = [int(n.tag[1]) for n in doc.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, (before, after)


def test_every_table_has_a_caption_and_scoped_header_cells(doc):
    tables = doc.find_all("table")
    assert len(tables) > 15
    for table in tables:
        assert table.find_all("caption"), table.attrs
        headers = table.find_all("th")
        assert headers
        assert all(th.attrs.get("scope") in {"col", "row"} for th in headers), table.attrs


def test_nothing_in_the_file_points_outside_it(doc, html):
    for node in doc.iter():
        for attr in ("src", "href", "srcset", "action", "data"):
            value = node.attrs.get(attr)
            if value is not None:
                assert value.startswith("#"), (node.tag, attr, value)
    assert not doc.find_all("script")
    assert not doc.find_all("link")
    style = doc.find("style").text()
    assert "@import" not in style
    assert "url(" not in style.replace("url(#", "")
    # An address elsewhere is printed as text (Annexe four's links), never in an attribute.
    assert not re.search(r"=\s*[\"']?https?://", html.replace("http://www.w3.org/2000/svg", ""))


def test_every_link_in_the_file_has_a_target_in_it(doc):
    ids = {n.attrs["id"] for n in doc.iter() if "id" in n.attrs}
    for a in doc.find_all("a"):
        assert a.attrs["href"][1:] in ids, a.attrs["href"]


def test_the_contents_links_to_every_chapter(doc):
    contents = doc.find("nav")
    links = [a.text() for a in contents.find_all("a")]
    for title in ["Ratings", "Recommendations", "1. Organisational delivery",
                  "2. Court work and case supervision", "2.4 Implementation and delivery",
                  "Annexe three – Inspection data"]:  # fmt: skip
        assert title in links


def test_every_chart_is_an_image_with_a_title_and_a_description_of_its_figures(doc, results):
    charts = doc.find_all("svg")
    assert len(charts) == 1 + len(casework(results))
    for svg in charts:
        assert svg.attrs["role"] == "img"
        title, desc = svg.find("title"), svg.find("desc")
        assert title.text()
        assert desc.text()
        assert svg.attrs["aria-labelledby"] == f"{title.attrs['id']} {desc.attrs['id']}"
    for standard in casework(results):
        desc = doc.find("svg", id=f"chart-{standard.id.replace('.', '-')}").find("desc").text()
        for kq in standard.key_questions:
            assert pct_text(results.figures[kq.id].rounded) in desc


def test_the_driving_bar_is_marked_by_a_pattern_and_the_word_lowest(doc, results):
    for standard in casework(results):
        result = results.ratings.result(standard.id)
        svg = doc.find("svg", id=f"chart-{standard.id.replace('.', '-')}")
        marked = result.rule is RuleKind.BAND_OF_LOWEST_KEY_QUESTION
        assert bool(svg.find_all("pattern")) is marked
        texts = [t.text() for t in svg.find_all("text")]
        expected = (
            f"{pct_text(results.figures[result.driver.id].rounded)} lowest" if marked else None
        )
        assert (expected in texts) if marked else not any("lowest" in t for t in texts)


def test_the_band_limits_drawn_are_the_framework_s(doc, results):
    svg = doc.find("svg", id="chart-2-2")
    texts = [t.text() for t in svg.find_all("text")]
    for band in results.framework.bands.ranges:
        if band.min > 0:
            assert f"{band.min}% {results.framework.rating(band.rating).label}" in texts


def test_every_colour_with_text_on_it_passes_aa_contrast(results):
    for swatch in [*rating_swatches(results.framework).values(), NOT_RATED]:
        assert contrast_ratio(swatch.fill, swatch.text) >= 4.5, swatch
    for colour in (TEXT, SECONDARY_TEXT):
        assert contrast_ratio(colour, BACKGROUND) >= 4.5
        assert contrast_ratio(colour, NOT_RATED.fill) >= 4.5


def test_a_rating_is_coloured_and_always_in_words(doc, results):
    for badge in [n for n in doc.find_all("span") if n.has_class("rating")]:
        assert badge.text() in {r.label for r in results.framework.ratings} | {"Not rated"}
        assert any(c.startswith("rating--") for c in badge.attrs["class"].split())


def test_a_report_without_narrative_says_how_each_standard_was_judged(tmp_path):
    results = small_results(tmp_path)
    doc = parse_html(render_html(results))
    leadership = doc.find("section", id="standard-1-1")
    assert "we take into account the answers to the following three questions" in (
        leadership.find("p", class_="intro").text()
    )
    assert len(leadership.find("ul", class_="questions").find_all("li")) == 3
    assert "Fictional evidence." in leadership.find("div", class_="evidence").text()
    assessment = doc.find("section", id="standard-2-2")
    reason = assessment.find("p", class_="rating-reason").text()
    assert "The lowest score for the key questions was 100%" in reason
    assert "‘Outstanding’ rating band (80–100%)" in reason
    assert "Foreword" not in [a.text() for a in doc.find("nav").find_all("a")]


def test_the_narrative_goes_under_its_headings_in_order(tmp_path):
    results = small_results(tmp_path, [
        narrative_row("1.1", "Opening."),
        narrative_row("1.1", "First.", heading="Are potential risks anticipated?"),
        narrative_row("1.1", "Second.", heading="Are potential risks anticipated?"),
        narrative_row("domain:1", "A strength.", part="strength"),
        narrative_row("domain:1", "To improve.", part="improvement"),
    ])  # fmt: skip
    doc = parse_html(render_html(results))
    leadership = doc.find("section", id="standard-1-1")
    assert [h.text() for h in leadership.find_all("h4")] == ["Are potential risks anticipated?"]
    texts = [p.text() for p in leadership.find_all("p")]
    assert texts.index("Opening.") < texts.index("First.") < texts.index("Second.")
    assert not leadership.find_all("p", class_="intro")  # the narrative opens the standard
    domain = doc.find("section", id="domain-1")
    assert domain.find("ul", class_="findings findings--strengths").text() == "A strength."
    assert domain.find("ul", class_="findings findings--improvements").text() == "To improve."


def wilson_whole_percent(yes: int, applicable: int) -> str:
    """statsmodels' own 95% Wilson score interval, its ends rounded to whole per cent."""
    from statsmodels.stats.proportion import (  # type: ignore[import-untyped]  # untyped
        proportion_confint,
    )

    low, high = proportion_confint(yes, applicable, alpha=0.05, method="wilson")
    return f"{round(100 * low)}–{round(100 * high)}%"


def test_annexe_three_gives_every_question_its_applicable_cases_and_95_percent_interval(
    doc, results
):
    annexe = doc.find("section", id="annexe-three")
    intro = [p.text() for p in annexe.find_all("p")]
    assert any("95% interval" in t and "Wilson score interval" in t for t in intro), intro
    for table in annexe.find_all("table"):
        heads = [th.text() for th in table.find("thead").find_all("th")]
        assert heads == ["Question", "% “Yes”", "Applicable cases", "95% interval"]
        assert all(th.attrs["scope"] == "col" for th in table.find("thead").find_all("th"))
    rows = {
        r.attrs["data-question"]: r for r in annexe.find_all("tr") if "data-question" in r.attrs
    }
    questions = [*results.framework.prompts, *results.framework.key_questions]
    for q in questions:
        figure = results.figures[q.id]
        cells = [td.text() for td in rows[q.id].find_all("td")]
        assert cells[1:] == [
            str(figure.applicable),
            wilson_whole_percent(figure.yes, figure.applicable),
        ], q.id
    assert [td.text() for td in rows["2.2.3"].find_all("td")] == ["39%", "79", "29–50%"]


def test_each_key_question_table_shows_the_cases_and_the_95_percent_interval(doc, results):
    for standard in casework(results):
        table = doc.find("table", id=f"kq-table-{standard.id.replace('.', '-')}")
        heads = [th.text() for th in table.find("thead").find_all("th")]
        assert heads[2:] == ["‘Yes’ of applicable cases", "95% interval"]
        for kq in standard.key_questions:
            f = results.figures[kq.id]
            cells = [td.text() for td in table.find("tr", data_question=kq.id).find_all("td")]
            assert cells[1:] == [
                f"{f.yes} out of {f.applicable}",
                wilson_whole_percent(f.yes, f.applicable),
            ], kq.id
    row = doc.find("table", id="kq-table-2-2").find("tr", data_question="2.2.3")
    assert [td.text() for td in row.find_all("td")] == ["39% (lowest)", "31 out of 79", "29–50%"]


def test_each_casework_standard_says_how_many_answers_would_move_it_up_a_band(doc, results):
    # 2.2.3 stands at 31 of 79 (39%); 40 of 79 (50.6%, rounded 51) is the first count in
    # Requires improvement, since 39 of 79 is 49.4% (49): 9 answers.
    section = doc.find("section", id="standard-2-2")
    moves = section.find("p", class_="band-moves").text()
    assert moves == (
        "9 more ‘Yes’ answers on key question 2.2.3 would move this standard to ‘Requires "
        "improvement’."
    )
    # None of the demonstration's standards is one or two answers from a boundary.
    assert "Close to a band boundary" not in doc.text()
    for s in results.framework.standards:
        section = doc.find("section", id=f"standard-{s.id.replace('.', '-')}")
        said = section.find_all("p", class_="band-moves")
        assert len(said) == (1 if s.rated and not s.rule.is_judgement else 0), s.id


def test_a_standard_one_answer_from_a_band_boundary_is_marked_close_in_its_chapter(tmp_path):
    # The small bundle's 2.2 key questions are each 3 of 3 (100%, Outstanding): one "No"
    # makes 2 of 3 (66.7%, rounded 67), Good.
    doc = parse_html(render_html(small_results(tmp_path)))
    moves = doc.find("section", id="standard-2-2").find("p", class_="band-moves")
    assert moves.find("strong", class_="close-mark").text() == "Close to a band boundary."
    assert moves.text() == (
        "Close to a band boundary. 1 ‘Yes’ answer on key question 2.2.1 becoming ‘No’ would "
        "move this standard to ‘Good’."
    )
