"""Writing the report's words: sections in the report's order, paragraphs added, changed and
deleted by the lead (two authors never overwrite each other, the history keeps every old
text), previews with their figures filled in and the check's findings, and proposals that tie
a typed figure to the figure it is about."""

from __future__ import annotations

import pytest

from probity.bundle.model import NarrativeParagraph
from probity.workflow import authoring, services
from probity.workflow.authoring import set_writers, task_list
from probity.workflow.authoring_tables import case_ids
from probity.workflow.errors import ForbiddenError, InvalidError, NotFoundError, StaleError
from probity.workflow.model import ReportStage

from .conftest import ID, World
from .test_reviews import rated


def _words(world: World, *paragraphs: NarrativeParagraph) -> None:
    world.store.inspections[ID].narrative = paragraphs


def _ids(world: World, section: str) -> list[int]:
    page = authoring.section_page(world.store, world.lead, ID, section)
    return [p.row.row_id for p in page.paragraphs]


def test_the_sections_follow_the_report_front_matter_foreword_background_then_chapters(ready):
    found = [s.id for s in authoring.sections(ready.store.framework_of(ID))]
    assert found[:3] == ["acknowledgements", "foreword", "background"]
    assert found[3:8] == ["domain:1", "1.1", "1.2", "1.3", "1.4"]
    assert found[8] == "domain:2"
    by_id = {s.id: s for s in authoring.sections(ready.store.framework_of(ID))}
    assert by_id["1.1"].headings
    assert not by_id["2.2"].headings
    assert by_id["domain:2"].parts == ("text", "strength", "improvement")
    assert by_id["2.2"].parts == ("text",)


def test_the_lead_adds_changes_and_deletes_a_paragraph_and_the_history_keeps_each_text(ready):
    rated(ready)
    s = ready.store
    before = [(c.case_id, c.state, c.version) for c in s.cases(ID)]
    judged = {k: s.judgement(ID, k) for k in ("1.1", "1.2", "1.3", "1.4")}
    made = authoring.add_paragraph(s, ready.lead, ID, "2.2", "text", "Plans were weak.")
    authoring.change_paragraph(s, ready.lead, ID, made, 1, 'Only {{ kq["2.2.3"] }} were.')
    [row] = [r for r in s.report_rows(ID, "narrative") if r.row_id == made]
    assert row.record == NarrativeParagraph("2.2", "text", 'Only {{ kq["2.2.3"] }} were.')
    assert s.bundle(ID).narrative == (row.record,)
    authoring.delete_paragraph(s, ready.admin, ID, made, 2)
    assert s.bundle(ID).narrative == ()
    history = authoring.section_page(s, ready.lead, ID, "2.2").history
    assert [(c.kind, c.by) for c in history] == [
        ("added", "Lee Lead"), ("changed", "Lee Lead"), ("deleted", "Ada Admin")
    ]  # fmt: skip
    assert history[1].before.text == "Plans were weak."  # type: ignore[union-attr]
    assert history[2].before.text == 'Only {{ kq["2.2.3"] }} were.'  # type: ignore[union-attr]
    # Writing the words changes no case, answer or judgement.
    assert [(c.case_id, c.state, c.version) for c in s.cases(ID)] == before
    assert {k: s.judgement(ID, k) for k in judged} == judged


def test_two_authors_do_not_overwrite_each_other(ready):
    made = authoring.add_paragraph(ready.store, ready.lead, ID, "foreword", "text", "First.")
    authoring.change_paragraph(ready.store, ready.admin, ID, made, 1, "The admin's words.")
    with pytest.raises(StaleError, match="now version 2"):
        authoring.change_paragraph(ready.store, ready.lead, ID, made, 1, "The lead's words.")
    with pytest.raises(StaleError):
        authoring.delete_paragraph(ready.store, ready.lead, ID, made, 1)
    [row] = ready.store.report_rows(ID, "narrative")
    assert row.record.text == "The admin's words."  # type: ignore[union-attr]


def test_only_the_lead_and_administrators_write_and_they_still_may_after_publication(ready):
    with pytest.raises(ForbiddenError):
        authoring.add_paragraph(ready.store, ready.inspector_a, ID, "foreword", "text", "Mine.")
    with pytest.raises(ForbiddenError):
        authoring.task_list(ready.store, ready.quality, ID)
    with pytest.raises(NotFoundError):
        authoring.section_page(ready.store, ready.viewer, ID, "foreword")
    rated(ready)
    ready.store.set_report_stage(ID, ReportStage.FINAL, ready.lead)
    services.publish(ready.store, ready.lead, ID)
    published = ready.store.versions(ID)[0].html
    authoring.add_paragraph(ready.store, ready.lead, ID, "foreword", "text", "A correction.")
    assert ready.store.versions(ID)[0].html == published
    assert [p.text for p in ready.store.bundle(ID).narrative] == ["A correction."]


def test_a_paragraph_is_refused_with_each_problem_in_its_place(ready):
    rated(ready)
    with pytest.raises(InvalidError) as refused:
        authoring.add_paragraph(ready.store, ready.lead, ID, "2.2", "strength", " ", "A heading")
    assert refused.value.problems == [
        "part: choose one of paragraph",
        "text: write the paragraph",
        "heading: this section's paragraphs have no sub-headings",
    ]
    with pytest.raises(InvalidError, match=r'text: unknown figure: .*kq\["9\.9\.9"\]'):
        authoring.add_paragraph(ready.store, ready.lead, ID, "2.2", "text", '{{ kq["9.9.9"] }}')
    with pytest.raises(NotFoundError):
        authoring.add_paragraph(ready.store, ready.lead, ID, "9.9", "text", "Nowhere.")
    assert ready.store.report_rows(ID, "narrative") == []


def test_a_new_paragraph_goes_to_the_end_of_its_sub_heading(ready):
    _words(ready,
           NarrativeParagraph("1.1", "text", "A1.", "Leadership"),
           NarrativeParagraph("1.1", "text", "B1.", "Partnerships"),
           NarrativeParagraph("2.2", "text", "Other."))  # fmt: skip
    authoring.add_paragraph(ready.store, ready.lead, ID, "1.1", "text", "A2.", "Leadership")
    authoring.add_paragraph(ready.store, ready.lead, ID, "1.1", "text", "C1.", "Culture")
    texts = [p.text for p in ready.store.bundle(ID).narrative]
    assert texts == ["A1.", "A2.", "B1.", "C1.", "Other."]


def test_a_preview_fills_in_figures_and_names_an_unknown_one(ready):
    rated(ready)
    words = NarrativeParagraph("2.2", "text", '**Only** {{ kq["2.2.3"] }}.')
    shown = authoring.preview(ready.store, ready.lead, ID, words)
    assert shown.error is None
    assert "<strong>Only</strong>" in (shown.html or "")
    assert "{{" not in (shown.html or "")
    wrong = authoring.preview(ready.store, ready.lead, ID,
                              NarrativeParagraph("2.2", "text", '{{ kq["9.9.9"] }}'))  # fmt: skip
    assert wrong.html is None
    assert 'kq["9.9.9"]' in (wrong.error or "")


def test_an_unbound_figure_is_found_and_a_proposal_ties_it_to_its_figure(ready):
    rated(ready)
    text = "In 3 out of 12 cases the plan was sufficient. Plans were weak."
    made = authoring.add_paragraph(ready.store, ready.lead, ID, "2.2", "text", text)
    page = authoring.section_page(ready.store, ready.lead, ID, "2.2")
    [paragraph] = page.paragraphs
    [finding] = paragraph.findings
    assert (finding.kind, finding.figure) == ("unbound", "3 out of 12")
    assert finding.proposals
    proposal = finding.proposals[0]
    tied = authoring.tie(text, finding.figure, proposal.source)
    assert tied == text.replace("3 out of 12", proposal.source)
    authoring.change_paragraph(ready.store, ready.lead, ID, made, 1, tied)
    [again] = authoring.section_page(ready.store, ready.lead, ID, "2.2").paragraphs
    assert all(f.kind != "unbound" for f in again.findings)
    tasks, not_ready = authoring.task_list(ready.store, ready.lead, ID)
    assert not_ready == ""
    counts = {t.section.id: (t.paragraphs, t.open_findings) for t in tasks}
    assert counts["2.2"] == (1, len(again.findings))
    assert counts["foreword"] == (0, 0)


def test_tie_rewrites_only_words_typed_outside_a_reference(ready):
    text = '{{ "3 out of 12" | stated }} and 3 out of 12'
    assert authoring.tie(text, "3 out of 12", "X") == '{{ "3 out of 12" | stated }} and X'
    assert authoring.tie("nothing here", "3 out of 12", "X") == "nothing here"


def test_before_the_inspection_is_rated_the_figures_wait_and_the_words_can_still_be_written(
    ready,
):
    tasks, not_ready = authoring.task_list(ready.store, ready.lead, ID)
    assert not_ready
    assert all(t.open_findings is None for t in tasks)
    shown = authoring.preview(ready.store, ready.lead, ID,
                              NarrativeParagraph("foreword", "text", "Words."))  # fmt: skip
    assert shown.html is None
    assert "once the inspection is rated" in (shown.error or "")
    authoring.add_paragraph(ready.store, ready.lead, ID, "foreword", "text", "Words.")
    assert authoring.section_page(ready.store, ready.lead, ID, "foreword").figures.choices() == []


def test_an_inspector_writes_only_the_sections_the_lead_gives_them(ready):
    with pytest.raises(ForbiddenError):
        task_list(ready.store, ready.inspector_a, ID)
    with pytest.raises(InvalidError, match="not a section"):
        set_writers(ready.store, ready.lead, ID, ready.inspector_a.user_id, ["9.9"])
    with pytest.raises(InvalidError, match="choose an inspector"):
        set_writers(ready.store, ready.lead, ID, ready.quality.user_id, ["2.2"])
    with pytest.raises(ForbiddenError):
        set_writers(ready.store, ready.inspector_a, ID, ready.inspector_a.user_id, ["2.2"])
    set_writers(ready.store, ready.lead, ID, ready.inspector_a.user_id, ["2.2"])
    tasks, _ = task_list(ready.store, ready.inspector_a, ID)
    assert [t.section.id for t in tasks] == ["2.2"]
    made = authoring.add_paragraph(ready.store, ready.inspector_a, ID, "2.2", "text", "Mine.")
    with pytest.raises(ForbiddenError, match="has not given them this part"):
        authoring.add_paragraph(ready.store, ready.inspector_a, ID, "2.3", "text", "Not mine.")
    with pytest.raises(ForbiddenError):
        authoring.section_page(ready.store, ready.inspector_a, ID, "2.3")
    # The report's tables stay with the lead.
    with pytest.raises(ForbiddenError):
        case_ids(ready.store, ready.inspector_a, ID)
    # The lead edits what the inspector wrote; the inspector not another's section.
    lead_made = authoring.add_paragraph(ready.store, ready.lead, ID, "2.3", "text", "Lead's.")
    with pytest.raises(ForbiddenError):
        authoring.delete_paragraph(ready.store, ready.inspector_a, ID, lead_made, 1)
    authoring.change_paragraph(ready.store, ready.lead, ID, made, 1, "Mine, edited.")
    # Taking every section away takes the task list away.
    set_writers(ready.store, ready.lead, ID, ready.inspector_a.user_id, [])
    with pytest.raises(ForbiddenError):
        task_list(ready.store, ready.inspector_a, ID)
