"""The narrative check (docs/narrative.md): a figure typed in the narrative must be bound to the
figure it is about and agree with it; matching by value alone proves nothing."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from probity.bundle.model import NarrativeParagraph
from probity.report import check_narrative, figures_statement
from probity.report.check import Finding, check_paragraph
from probity.report.claims import claims_in, read_claim
from probity.report.figures import figures_context
from probity.report.proposals import Pool, candidates

from .conftest import ROOT
from .test_report_support import demo_results, narrative_row, small_results

SEED_CONTRADICTIONS = ROOT / "docs" / "seed-contradictions.md"


def findings(tmp_path: Path, *texts: str) -> list[Finding]:
    return check_narrative(small_results(tmp_path, [narrative_row("2.2", t) for t in texts]))


def test_a_literal_that_agrees_with_some_figure_is_still_a_finding_when_unbound(tmp_path):
    # 30 out of 42 is the staff survey's figure, but nothing says the sentence is about it.
    [f] = findings(tmp_path, "In 30 out of 42 cases the plan was sufficient.")
    assert (f.kind, f.figure, f.row) == ("unbound", "30 out of 42", 2)
    assert "not bound" in str(f)


def test_a_bound_literal_that_agrees_with_its_figure_passes(tmp_path):
    # The small bundle: three cases, every answer "yes"; staff survey 30 of 42.
    assert (
        findings(
            tmp_path,
            'Sufficient in {{ "100 per cent" | about(kq["2.2.3"]) }} and '
            '{{ "3 out of 3" | about(kq["2.2.3"]) }} cases, in '
            '{{ "none" | about(kq["2.2.3"], "no") }} not; '
            '{{ "30 out of 42" | about(survey.quality) }} and {{ "most" | about(survey.quality) }}'
            ' staff; a caseload of {{ "33.7" | about(staffing.po_caseload) }} and a vacancy of '
            '{{ "16.6%" | about(staffing.po_vacancy) }}; {{ "one" | about(sample.women) }} woman.',
        )
        == []
    )


def test_a_bound_literal_that_differs_names_the_figure_it_should_have_been(tmp_path):
    [f] = findings(tmp_path, 'Only {{ "62 per cent" | about(kq["2.2.3"]) }} were sufficient.')
    assert (f.kind, f.figure) == ("differs", "62 per cent")
    assert 'kq["2.2.3"]' in f.reason
    assert "3 “Yes” out of 3 (100%)" in f.expected
    assert "Only 62 per cent were sufficient." in f.context  # as the reader sees it


def test_words_that_misstate_a_bound_figure_are_a_finding(tmp_path):
    [f] = findings(tmp_path, 'In {{ "fewer than half" | about(survey.quality) }} of replies.')
    assert f.kind == "misstated"
    assert "under 50%" in f.reason
    assert "30 out of 42 respondents (71%)" in f.reason


def test_a_count_on_the_no_side_is_compared_with_the_no_answers(tmp_path):
    assert findings(tmp_path, 'In {{ "0 out of 3" | about(kq["2.2.3"], "no") }} cases.') == []
    [f] = findings(tmp_path, 'In {{ "3 out of 3" | about(kq["2.2.3"], "no") }} cases.')
    assert "0 “No” out of 3" in f.expected


def test_a_binding_to_a_rating_or_to_nothing_readable_is_unreadable(tmp_path):
    found = findings(
        tmp_path,
        'It was {{ "39 per cent" | about(standard["2.2"]) }}.',
        'It was {{ "good" | about(kq["2.2.3"]) }}.',
    )
    assert [f.kind for f in found] == ["unreadable", "unreadable"]


def test_years_stated_figures_and_references_are_not_questioned(tmp_path):
    assert (
        findings(
            tmp_path,
            'From 6 of 2022, {{ "3,240" | stated }} cases; only {{ kq["2.2.3"] }} of '
            "{{ sample.cases }} cases; {{ survey.quality }} staff.",
        )
        == []
    )


def test_claims_are_read_as_percentages_counts_cases_and_words():
    kinds = [(c.kind, c.text) for c in claims_in(
        "In 28 out of 69 cases, 39 per cent, 16.6%, nine of 33, seven cases, 12 of the cases "
        "and 4 of 2022."
    )]  # fmt: skip
    assert kinds == [
        ("count_of", "28 out of 69"), ("percent", "39 per cent"), ("percent", "16.6%"),
        ("count_of", "nine of 33"), ("count", "seven cases"), ("count", "12 of the cases"),
    ]  # fmt: skip
    words = read_claim("a little over half")
    assert words is not None
    assert words.kind == "words"
    assert read_claim("about a third") is not None
    assert read_claim("good") is None


@cache
def _demo() -> tuple[dict[str, object], Pool]:
    results = demo_results()
    context = figures_context(results)
    return context, candidates(results, context)


def _check(text: str) -> list[Finding]:
    context, pool = _demo()
    return check_paragraph(NarrativeParagraph("2.2", "text", text), 2, context, pool)


# The untampered demonstration: what the check reports is exactly the seed report's own figures
# that its data contradicts or does not hold (docs/seed-contradictions.md).
DEMO_FINDINGS = [
    ("1.1", "28 out of 69", "differs"), ("1.1", "29 out of 74", "differs"),
    ("1.2", "25 per cent", "unbound"), ("1.3", "86 per cent", "unbound"),
    ("1.3", "74 per cent", "unbound"), ("1.3", "70 per cent", "unbound"),
    ("1.3", "41 per cent", "unbound"), ("1.3", "29 per cent", "unbound"),
    ("1.3", "44 per cent", "differs"), ("1.3", "a little over half", "misstated"),
    ("1.3", "seven out of eight", "unbound"), ("1.4", "38 per cent", "unbound"),
    ("1.4", "76 per cent", "unbound"), ("2.4", "28 out of 69", "differs"),
    ("2.4", "29 out of 74", "differs"), ("2.4", "six of the cases", "unbound"),
    ("2.4", "38 out of 66", "differs"), ("2.4", "35 out of 64", "differs"),
    ("2.6", "12 of the cases", "unbound"), ("2.6", "10 cases", "unbound"),
    ("2.6", "10 of 29", "unbound"), ("2.6", "34 per cent", "unbound"),
    ("2.6", "nine of 33", "unbound"), ("2.6", "27 per cent", "unbound"),
]  # fmt: skip


def test_the_demo_reports_only_the_seeds_own_contradictions_each_documented():
    found = [(f.section, f.figure, f.kind) for f in check_narrative(demo_results())]
    assert found == DEMO_FINDINGS
    documented = SEED_CONTRADICTIONS.read_text(encoding="utf-8")
    for _, figure, _ in DEMO_FINDINGS:
        assert f"“{figure}”" in documented or f'"{figure}"' in documented, figure


_BOUND = re.compile(r'\{\{\s*"([^"]+)"\s*\|\s*about\(([^{}]*?)\)\s*\}\}')


def _wrong(literal: str) -> str:
    swaps = {"fewer than half": "over half", "a little over half": "nearly all",
             "two thirds": "a quarter"}  # fmt: skip
    if literal in swaps:
        return swaps[literal]
    if literal in ("one", "seven"):
        return {"one": "three", "seven": "nine"}[literal]
    return re.sub(r"\d+", lambda m: str(int(m[0]) + 7), literal, count=1)


def test_every_bound_figure_of_the_demo_set_wrong_is_reported_with_its_figure():
    tried = 0
    for p in demo_results().bundle.narrative:
        for m in _BOUND.finditer(p.text):
            before = {(f.figure, f.kind) for f in _check(p.text)}
            wrong = _wrong(m[1])
            tampered = p.text[: m.start(1)] + wrong + p.text[m.end(1) :]
            new = [f for f in _check(tampered) if (f.figure, f.kind) not in before]
            ref = m[2].split(",")[0].strip()
            assert len(new) == 1, (m[0], new)
            assert new[0].kind in ("differs", "misstated")
            assert new[0].figure == wrong
            assert ref in new[0].reason or ref.startswith("sample."), new[0].reason
            tried += 1
    assert tried == 13


_REFERENCE = re.compile(
    r'\{\{\s*((?:kq|prompt)\["[^"]+"\](?:\.per_cent)?|survey\.\w+|characteristics\.\w+'
    r"|staffing\.\w+\.value)\s*\}\}"
)


def test_every_reference_of_the_demo_typed_as_a_literal_is_reported_with_its_figure():
    # An author who types the figure instead of quoting it gets a finding, and the figure it is
    # about is among those proposed from the sentence.
    context, _ = _demo()
    tried = proposed = 0
    misses = []
    for p in demo_results().bundle.narrative:
        for m in _REFERENCE.finditer(p.text):
            printed = _render(m[1], context)
            tampered = p.text[: m.start()] + printed + p.text[m.end() :]
            at = m.start()
            claims = [c for c in claims_in(tampered) if c.start <= at < c.end]
            if not claims:
                continue  # typed, it is not a claim the check reads (a bare "33.7")
            tried += 1
            typed = claims[0].text
            new = [f for f in _check(tampered) if f.kind == "unbound" and f.figure == typed]
            assert new, (m[0], printed)
            ref = m[1].split("]")[0] + "]" if "[" in m[1] else ".".join(m[1].split(".")[:2])
            if any(pr.ref == ref for pr in new[0].proposals):
                proposed += 1
            else:
                misses.append((m[1], [pr.ref for pr in new[0].proposals]))
    assert tried >= 30, tried
    assert not misses, misses


def _render(expression: str, context: dict[str, object]) -> str:
    from probity.report.narrative import render_text

    return render_text("{{ " + expression + " }}", context)


def test_the_cover_says_exactly_what_the_check_found():
    clean = figures_statement([])
    assert "checked against the figure it is about" in clean
    found = check_narrative(demo_results())
    open_ = figures_statement(found)
    assert f"{len(found)} figures in its text" in open_.replace("Twenty-four", "24")
    assert "have not been resolved" in open_
    accepted = figures_statement(found, {f.key for f in found})
    assert "accepted each with a reason" in accepted
    assert "have not been resolved" not in accepted


def test_the_report_cover_prints_the_statement_the_check_supports(tmp_path):
    from probity.report import render_html

    results = small_results(tmp_path, [narrative_row("2.2", "In 30 out of 42 cases.")])
    [finding] = check_narrative(results)
    assert figures_statement([finding]) in render_html(results)
    accepted = render_html(results, frozenset({finding.key}))
    assert figures_statement([finding], {finding.key}) in accepted
    clean = small_results(tmp_path / "clean", [narrative_row("2.2", 'Only {{ kq["2.2.3"] }}.')])
    assert figures_statement([]) in render_html(clean)


def test_a_report_with_no_publication_date_is_marked_as_a_draft_on_every_page(tmp_path):
    from probity.report import render_report

    results = small_results(tmp_path / "b", [narrative_row("2.2", 'Only {{ kq["2.2.3"] }}.')])
    assert results.bundle.inspection.published is None
    [path] = render_report(results, {"html"}, tmp_path / "out")
    html = path.read_text(encoding="utf-8")
    assert '<p class="draft-mark" role="note">Draft: under embargo' in html
    assert '@bottom-left { content: "Draft: under embargo' in html  # each printed page
    [demo] = render_report(demo_results(), {"html"}, tmp_path / "demo")
    assert "Draft: under embargo" not in demo.read_text(encoding="utf-8")
