"""The narrative: figure references render the computed figures (docs/narrative.md), bad
references are errors at their place, raw HTML never passes, and ``--check`` questions every
literal figure the data does not support (tests/test_report_check.py)."""

from __future__ import annotations

import pytest

from probity.report import NarrativeError, render_paragraphs
from probity.report.narrative import markdown_html

from .test_report_support import demo_results, narrative_row, small_results


def rendered(tmp_path, *texts: str, section: str = "2.2") -> list[str]:
    results = small_results(tmp_path, [narrative_row(section, t) for t in texts])
    return [str(html) for _, html in render_paragraphs(results)]


def test_a_key_question_reference_renders_its_published_percentage(tmp_path):
    results = small_results(tmp_path, [narrative_row("2.2", 'Only {{ kq["2.2.3"] }} were.')])
    figure = results.figures["2.2.3"]
    [(_, html)] = render_paragraphs(results)
    assert f"Only {figure.rounded}% were." in html


def test_every_kind_of_figure_renders_as_the_contract_says(tmp_path):
    texts = [
        'A {{ kq["2.2.3"].pct }} {{ kq["2.2.3"].yes }} {{ kq["2.2.3"].no }} '
        '{{ kq["2.2.3"].applicable }} {{ kq["2.2.3"].per_cent }}',
        'B {{ prompt["2.4.2.e"].no }} out of {{ prompt["2.4.2.e"].applicable }}',
        'C {{ standard["2.2"] }} {{ standard["2.2"].rating }} {{ standard["2.2"].driver }}',
        "D {{ score }}/{{ max_score }} {{ overall }}",
        "E {{ sample.cases }} {{ sample.community }} {{ sample.post_custody }} "
        "{{ sample.court_reports }} {{ sample.women }} {{ sample.pqip }} {{ sample.high_rosh }}",
        "F {{ characteristics.female }} {{ characteristics.female.count }} of "
        "{{ characteristics.female.of }}",
        "G {{ survey.quality }} ({{ survey.quality.pct }}%), {{ survey.quality.positive }}/"
        "{{ survey.quality.respondents }}",
        "H {{ staffing.po_caseload }} {{ staffing.po_vacancy }} {{ staffing.po_vacancy.value }}",
    ]
    results = small_results(tmp_path, [narrative_row("2.2", t) for t in texts])
    out = [str(html) for _, html in render_paragraphs(results)]
    ratings = results.ratings
    # The small bundle: three cases, every answer "yes"; one woman; staff survey 30 of 42.
    assert "A 100 3 0 3 100 per cent" in out[0]
    assert "B 0 out of 3" in out[1]
    assert "C Outstanding Outstanding 100%" in out[2]
    overall = results.framework.rating(ratings.overall).label
    assert f"D {ratings.score}/{ratings.max_score} {overall}" in out[3]
    assert "E 3 2 1 1 1 1 1" in out[4]
    assert "F 33% 1 of 3" in out[5]
    assert "G 30 out of 42 (71%), 30/42" in out[6]
    assert "H 33.7 16.6% 16.6" in out[7]


def test_the_demo_narrative_renders_and_quotes_the_computed_figures():
    results = demo_results()
    paragraphs = render_paragraphs(results)
    assert len(paragraphs) == len(results.bundle.narrative)
    text = " ".join(str(h) for _, h in paragraphs)
    assert "{{" not in text


def test_an_unknown_name_is_an_error_naming_its_section_row_and_the_name(tmp_path):
    results = small_results(tmp_path, [
        narrative_row("foreword", "Fine: {{ score }}."),
        narrative_row("2.2", 'Bad: {{ kq["9.9.9"] }}.'),
        narrative_row("1.1", "Also bad: {{ survey.nosuchref }} and {{ nonsense }}."),
    ])  # fmt: skip
    with pytest.raises(NarrativeError) as caught:
        render_paragraphs(results)
    problems = caught.value.problems
    assert [(p.section, p.row) for p in problems] == [("2.2", 3), ("1.1", 4)]
    assert '"9.9.9"' in problems[0].message
    assert "nosuchref" in problems[1].message
    assert "row 3 (section 2.2)" in str(problems[0])


def test_a_part_a_figure_does_not_have_is_an_error_that_lists_the_parts(tmp_path):
    results = small_results(tmp_path, [narrative_row("2.2", '{{ kq["2.2.3"].median }}')])
    with pytest.raises(NarrativeError) as caught:
        render_paragraphs(results)
    message = caught.value.problems[0].message
    assert ".median" in message
    assert ".applicable" in message


def test_a_syntax_error_is_reported_at_its_place(tmp_path):
    results = small_results(tmp_path, [narrative_row("background", "{{ kq[ }}")])
    with pytest.raises(NarrativeError) as caught:
        render_paragraphs(results)
    assert caught.value.problems[0].section == "background"


def test_the_sandbox_keeps_a_paragraph_away_from_python(tmp_path):
    results = small_results(
        tmp_path, [narrative_row("2.2", "{{ score.__class__.__mro__ }} {{ kq._entries }}")]
    )
    with pytest.raises(NarrativeError):
        render_paragraphs(results)


def test_raw_html_in_a_paragraph_is_shown_as_text_never_passed_through(tmp_path):
    [html] = rendered(tmp_path, 'A <script>alert(1)</script> and <b onclick="x">bold</b>')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b " not in html


def test_a_stated_figure_prints_as_written_and_is_escaped(tmp_path):
    [html] = rendered(tmp_path, 'A caseload of {{ "3,240" | stated }} and {{ "<i>" | stated }}.')
    assert "A caseload of 3,240 and &lt;i&gt;." in html


def test_markdown_renders_but_images_headings_and_outside_links_do_not(tmp_path):
    html = str(
        markdown_html(
            "# Not a heading\n\n**bold** ![x](https://example.org/x.png) "
            "[site](https://example.org/) [here](#ratings)"
        )
    )
    assert "<h1" not in html
    assert "<strong>bold</strong>" in html
    assert "<img" not in html
    assert 'href="https' not in html
    assert "site (https://example.org/)" in html
    assert '<a href="#ratings">here</a>' in html
