"""Writing the report in the browser: the task list of sections with their open findings, a
section's paragraphs edited beside the check's findings, previews, proposals that tie a typed
figure, the figure picker, adding and deleting, two authors kept from overwriting each other,
and the history of each paragraph on its page."""

from __future__ import annotations

import pytest

from probity.web.inspections.models import Case, Judgement
from probity.web.inspections.models import NarrativeParagraph as ParagraphRow

from .test_report_pages import base

pytestmark = pytest.mark.pages
TYPED = "In 2 out of 3 cases the plan was sufficient."


def _paragraph(team, text: str = TYPED, section: str = "2.2") -> ParagraphRow:
    """A paragraph as a bundle's import keeps it (in bulk: version 0, no history yet)."""
    ParagraphRow.objects.bulk_create(
        [
            ParagraphRow(
                inspection=team.inspection, position=0, section=section, part="text", text=text
            )
        ]
    )
    return ParagraphRow.objects.get(inspection=team.inspection, position=0)


def _section(team, section: str = "2.2") -> str:
    return base(team) + f"report/write/section/{section}/"


def _beside(page: str, key: object) -> str:
    """The column of findings beside a paragraph's text."""
    return page.split(f'id="findings-{key}"')[1].split('<div class="govuk-grid-row"')[0]


def test_the_task_list_shows_each_section_with_its_open_findings(team, signed_in):
    _paragraph(team)
    page = signed_in("lead").get(base(team) + "report/write/").content.decode()
    assert "govuk-task-list" in page
    order = [
        page.index(name)
        for name in (
            "Acknowledgements",
            "Foreword",
            "Background",
            "1.1 Leadership",
            "2.2 Assessment",
        )
    ]
    assert order == sorted(order)
    row = page.split("2.2 Assessment")[1].split("</li>")[0]
    assert "1 paragraph" in row
    assert "1 open finding" in row


def test_only_the_lead_and_administrators_write_the_report(team, signed_in):
    made = _paragraph(team)
    assert signed_in("admin").get(base(team) + "report/write/").status_code == 200
    assert signed_in("inspector_a").get(base(team) + "report/write/").status_code == 403
    assert signed_in("outsider").get(_section(team)).status_code == 404
    posted = signed_in("inspector_a").post(
        _section(team), {"paragraph": made.pk, "version": 0, "text": "Mine.", "action": "save"}
    )
    assert posted.status_code == 403
    assert ParagraphRow.objects.get(pk=made.pk).text == TYPED


def test_findings_sit_beside_the_text_and_a_proposal_ties_the_typed_figure(team, signed_in):
    made = _paragraph(team)
    lead = signed_in("lead")
    page = lead.get(_section(team)).content.decode()
    assert 'class="govuk-grid-column-two-thirds"' in page
    beside = _beside(page, made.pk)
    assert "“2 out of 3”" in beside
    assert "Not tied to a figure" in beside
    source = beside.split('name="tie" value="')[1].split('"')[0].replace("&quot;", '"')
    assert source.startswith('{{ "2 out of 3" | about(')
    tied = lead.post(
        _section(team),
        {"paragraph": made.pk, "version": 0, "text": TYPED, "part": "text", "tie": source},
    )
    assert tied.status_code == 200
    shown = tied.content.decode()
    assert "about(" in shown.split(f'id="text-{made.pk}"')[1].split("</textarea>")[0]
    assert "Not tied to a figure" not in _beside(shown, made.pk)
    assert ParagraphRow.objects.get(pk=made.pk).text == TYPED  # not saved until Save


def test_a_preview_fills_in_the_figure_or_names_the_unknown_one(team, signed_in):
    made = _paragraph(team)
    lead = signed_in("lead")
    good = lead.post(
        _section(team),
        {
            "paragraph": made.pk,
            "version": 0,
            "part": "text",
            "text": 'Only {{ kq["2.2.1"] }}.',
            "action": "preview",
        },
    )
    preview = good.content.decode().split(f'id="preview-{made.pk}"')[1].split("</div>")[0]
    assert "Only " in preview
    assert "{{" not in preview
    bad = lead.post(
        _section(team),
        {
            "paragraph": made.pk,
            "version": 0,
            "part": "text",
            "text": '{{ kq["9.9.9"] }}',
            "action": "preview",
        },
    )
    said = bad.content.decode().split(f'id="preview-{made.pk}"')[1].split("</div>")[0]
    assert "Unknown figure" in said
    assert "kq[&quot;9.9.9&quot;]" in said


def test_a_save_is_kept_with_its_history_and_a_stale_one_is_refused(team, signed_in):
    made = _paragraph(team)
    lead = signed_in("lead")
    saved = lead.post(
        _section(team),
        {
            "paragraph": made.pk,
            "version": 0,
            "part": "text",
            "text": "Plans were weak.",
            "action": "save",
        },
    )
    assert saved.status_code == 302
    assert ParagraphRow.objects.get(pk=made.pk).text == "Plans were weak."
    stale = lead.post(
        _section(team),
        {
            "paragraph": made.pk,
            "version": 0,
            "part": "text",
            "text": "Overwrite.",
            "action": "save",
        },
    )
    assert stale.status_code == 409
    said = stale.content.decode()
    assert "was changed by Lead" in said
    assert "Overwrite." in said  # the text typed is kept on the page
    assert ParagraphRow.objects.get(pk=made.pk).text == "Plans were weak."
    shown = lead.get(_section(team)).content.decode()
    history = shown.split('id="history"')[1]
    assert TYPED in history
    assert "Plans were weak." in history
    assert "Lead" in history
    own = shown.split(f'id="history-{made.pk}"')[1].split("</details>")[0]
    assert "Changed</strong> by Lead" in own
    assert f"Old text: {TYPED}" in own


def test_a_paragraph_is_added_from_the_picker_and_deleted_after_confirmation(team, signed_in):
    lead = signed_in("lead")
    cases = list(Case.objects.filter(inspection=team.inspection).values_list("status", "version"))
    judged = list(Judgement.objects.filter(inspection=team.inspection).values_list("rating"))
    page = lead.get(_section(team)).content.decode()
    assert 'value="{{ kq[&quot;2.2.1&quot;] }}"' in page
    picked = lead.post(
        _section(team),
        {
            "paragraph": "new",
            "version": 0,
            "part": "text",
            "text": "Sufficient:",
            "action": "insert",
            "figure": '{{ kq["2.2.1"] }}',
        },
    )
    assert "Sufficient: {{ kq[&quot;2.2.1&quot;] }}" in picked.content.decode()
    empty = lead.post(
        _section(team),
        {"paragraph": "new", "version": 0, "part": "text", "text": " ", "action": "save"},
    )
    assert empty.status_code == 400
    assert '<a href="#text-new">Write the paragraph</a>' in empty.content.decode()
    added = lead.post(
        _section(team),
        {
            "paragraph": "new",
            "version": 0,
            "part": "text",
            "text": 'Sufficient: {{ kq["2.2.1"] }}',
            "action": "save",
        },
    )
    assert added.status_code == 302
    made = ParagraphRow.objects.get(inspection=team.inspection, section="2.2")
    confirm = lead.get(_section(team) + f"{made.pk}/delete/")
    assert "Delete this paragraph?" in confirm.content.decode()
    gone = lead.post(_section(team) + f"{made.pk}/delete/", {"version": 1})
    assert gone.status_code == 302
    assert not ParagraphRow.objects.filter(pk=made.pk).exists()
    history = lead.get(_section(team)).content.decode().split('id="history"')[1]
    assert "Deleted" in history
    # Writing the words touches no case and no judgement.
    assert (
        list(Case.objects.filter(inspection=team.inspection).values_list("status", "version"))
        == cases
    )
    assert (
        list(Judgement.objects.filter(inspection=team.inspection).values_list("rating")) == judged
    )


def test_a_domain_takes_strengths_and_areas_for_improvement_under_their_headings(team, signed_in):
    lead = signed_in("lead")
    page = lead.get(_section(team, "domain:2")).content.decode()
    assert '<option value="strength">Strength</option>' in page
    added = lead.post(
        _section(team, "domain:2"),
        {"paragraph": "new", "version": 0, "part": "strength", "text": "Fictional."},
    )
    assert added.status_code == 200  # a preview: nothing is kept without Save
    assert not ParagraphRow.objects.exists()
    saved = lead.post(
        _section(team, "domain:2"),
        {
            "paragraph": "new",
            "version": 0,
            "part": "strength",
            "text": "Fictional.",
            "action": "save",
        },
    )
    assert saved.status_code == 302
    kept = ParagraphRow.objects.get(inspection=team.inspection)
    assert (kept.section, kept.part) == ("domain:2", "strength")
    assert (
        '<h2 class="govuk-heading-m">Strengths</h2>'
        in lead.get(_section(team, "domain:2")).content.decode()
    )


def test_the_lead_gives_an_inspector_a_section_and_the_inspector_writes_only_it(team, signed_in):
    from probity.web.inspections.models import Membership

    lead = signed_in("lead")
    page = lead.get(base(team) + "report/write/").content.decode()
    assert "Inspectors who write sections" in page
    given = lead.post(base(team) + "report/write/",
                      {"inspector": team.inspector_a.pk, "sections": ["2.2"]})  # fmt: skip
    assert given.status_code == 302
    member = Membership.objects.get(user=team.inspector_a, inspection=team.inspection)
    assert member.report_sections == ["2.2"]
    assert member.history.count() == 2
    bad = lead.post(base(team) + "report/write/",
                    {"inspector": team.inspector_a.pk, "sections": ["9.9"]})  # fmt: skip
    assert bad.status_code == 400
    inspector = signed_in("inspector_a")
    tasks = inspector.get(base(team) + "report/write/").content.decode()
    assert "2.2 Assessment" in tasks
    assert "2.3 Planning" not in tasks
    assert "Practice examples" not in tasks
    assert "Inspectors who write sections" not in tasks
    assert inspector.get(base(team) + "report/write/section/2.2/").status_code == 200
    assert inspector.get(base(team) + "report/write/section/2.3/").status_code == 403
    assert inspector.get(base(team) + "report/write/examples/").status_code == 403
    assert signed_in("inspector_b").get(base(team) + "report/write/").status_code == 403
