"""Writing the report in the browser (:mod:`probity.workflow.authoring`): the task list of its
sections, and a page per section where each paragraph is edited beside the narrative check's
findings on it, previewed with its figures filled in, tied to the figure a typed number is
about with one button, given a figure from the picker, added and deleted. Every change is kept
in the paragraph's history, which the section's page shows.

No JavaScript is needed: each button posts the paragraph's form, and the page comes back with
the text as typed (or as the button rewrote it), its preview and its findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.http import require_http_methods

from probity.bundle.model import NarrativeParagraph
from probity.report.check import Finding
from probity.report.narrative import FIRST_ROW
from probity.web.inspections.casework import display_name
from probity.web.inspections.frameworks import framework_of
from probity.web.views.workflow import actor_for, changed, field_problems, problems, store_for
from probity.workflow import authoring
from probity.workflow.authoring import PARTS, Paragraph, Preview, SectionPage
from probity.workflow.errors import InvalidError, NotFoundError, StaleError
from probity.workflow.policy import Action, decide

KINDS = {
    "differs": "Differs from its figure",
    "misstated": "Misstates its figure",
    "unbound": "Not tied to a figure",
    "unreadable": "Cannot be compared",
}
# The words a proposal's source binds: {{ "28 out of 69" | about(...) }}.
_BOUND = re.compile(r'^\{\{ "([^"]*)" \|')


@login_required
@require_http_methods(["GET", "POST"])
def write_report(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The task list: every section of the report's words, with its paragraphs and the
    number of the check's findings still open on them."""
    store, actor = store_for(request), actor_for(request)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        member = request.POST.get("inspector", "")
        try:
            if not member.isdigit():
                raise InvalidError(["inspector: choose an inspector of the team"])
            authoring.set_writers(store, actor, inspection_id, int(member),
                                  request.POST.getlist("sections"))  # fmt: skip
        except InvalidError as e:
            errors = [(f"sections-{member}", p) for p in problems(e)]
        else:
            messages.success(request, "The sections they may write are saved")
            return redirect("write-report", inspection_id=inspection_id)
    tasks, not_ready = authoring.task_list(store, actor, inspection_id)
    facts = store.inspection(inspection_id)
    today = store.today()
    inspection = store.inspection_row(inspection_id)
    writers = []
    if decide(actor, Action.MANAGE_TEAM, facts, today=today):
        members = inspection.members.filter(role="inspector").select_related("user")
        writers = [(m.user_id, display_name(m.user), set(m.report_sections)) for m in members]
    context = {
        "inspection": inspection,
        "tasks": tasks,
        "not_ready": not_ready,
        "may_write_tables": decide(
            actor, Action.WRITE_REPORT, facts, today=today, section=authoring.ALL_SECTIONS
        ).allowed,
        "writers": writers,
        "sections": authoring.sections(framework_of(inspection)),
        "errors": errors,
    }
    return render(request, "probity/authoring/tasks.html", context, status=400 if errors else 200)


@dataclass
class Editing:
    """The paragraph a post is about, as typed (or rewritten by a button), with its preview."""

    key: str  # the row id, or "new"
    text: str
    heading: str
    part: str
    version: int
    preview: Preview | None = None


def _posted(request: HttpRequest) -> Editing:
    version = request.POST.get("version", "0")
    return Editing(
        request.POST.get("paragraph", "new"),
        request.POST.get("text", ""),
        request.POST.get("heading", ""),
        request.POST.get("part", "text"),
        int(version) if version.isdigit() else -1,
    )


def _cards(page: SectionPage, editing: Editing | None) -> list[dict[str, Any]]:
    """Each paragraph's form as the page draws it: the text (as typed, for the one posted),
    its findings beside it and its preview."""
    cards = []
    for p in page.paragraphs:
        mine = editing is not None and editing.key == str(p.row.row_id)
        card = _card(p, editing if mine else None)
        card["history"] = [c for c in page.history if c.row_id == p.row.row_id]
        cards.append(card)
    return cards


def _card(p: Paragraph, editing: Editing | None) -> dict[str, Any]:
    findings: tuple[Finding, ...] = p.findings
    text, heading = p.paragraph.text, p.paragraph.heading or ""
    preview = None
    if editing is not None:
        text, heading, preview = editing.text, editing.heading, editing.preview
        findings = preview.findings if preview is not None else p.findings
    return {
        "key": str(p.row.row_id),
        "number": p.number,
        "version": p.row.version,
        "part": p.paragraph.part,
        "part_label": PARTS[p.paragraph.part],
        "text": text,
        "heading": heading,
        "preview": preview,
        "findings": _findings(findings, p.accepted),
    }


def _findings(found: tuple[Finding, ...], accepted: frozenset[str]) -> list[dict[str, Any]]:
    return [
        {"finding": f, "kind": KINDS.get(f.kind, f.kind), "accepted": f.key in accepted}
        for f in found
    ]


def _apply(request: HttpRequest, editing: Editing, figures: authoring.Figures) -> None:
    """What a button other than Save does to the text: tie a literal, insert a figure."""
    source = request.POST.get("tie", "")
    bound = _BOUND.match(source)
    if bound:
        editing.text = authoring.tie(editing.text, bound[1], source)
    figure = request.POST.get("figure", "")
    # Only a reference the picker offers is inserted.
    offered = {ref for ref, _ in figures.choices()}
    if request.POST.get("action") == "insert" and figure in offered:
        editing.text = f"{editing.text.rstrip()} {figure}".lstrip()


@login_required
@require_http_methods(["GET", "POST"])
def write_section(request: HttpRequest, inspection_id: str, section: str) -> HttpResponse:
    """One section's paragraphs, each editable beside its findings; a new one at the end."""
    store, actor = store_for(request), actor_for(request)
    page = authoring.section_page(store, actor, inspection_id, section)
    editing: Editing | None = None
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        editing = _posted(request)
        _apply(request, editing, page.figures)
        target = f"text-{editing.key}"
        if request.POST.get("action") == "save":
            try:
                if editing.key == "new":
                    made = authoring.add_paragraph(
                        store,
                        actor,
                        inspection_id,
                        section,
                        editing.part,
                        editing.text,
                        editing.heading,
                    )
                else:
                    made = int(editing.key)
                    authoring.change_paragraph(
                        store,
                        actor,
                        inspection_id,
                        made,
                        editing.version,
                        editing.text,
                        editing.heading,
                    )
            except InvalidError as e:
                fields = {
                    "text": target,
                    "heading": f"heading-{editing.key}",
                    "part": f"part-{editing.key}",
                }
                errors, status = field_problems(e, fields), 400
            except StaleError as e:
                errors = [
                    (
                        target,
                        f"This paragraph was changed by {changed(e)} after you read "
                        "it: your text is below, the paragraph as it now stands is in its "
                        "history. Copy what you need, then save again.",
                    )
                ]
                status = 409
            except NotFoundError as e:
                errors, status = [(target, str(e))], 409
            else:
                messages.success(request, "The paragraph is saved; its history keeps the old text")
                url = request.path + f"#paragraph-{made}"
                return redirect(url)
        number = _number(page, editing.key)
        paragraph = NarrativeParagraph(section, editing.part, editing.text, editing.heading or None)
        editing.preview = authoring.render_preview(page.figures, paragraph, number)
    new = editing if editing is not None and editing.key == "new" else None
    context = {
        "inspection": store.inspection_row(inspection_id),
        "page": page,
        "section": page.section,
        "cards": _cards(page, editing),
        "new": _new_card(page, new),
        "errors": errors,
        "choices": page.figures.choices(),
        "not_ready": page.figures.not_ready,
        "history": page.history,
    }
    return render(request, "probity/authoring/section.html", context, status=status)


def _number(page: SectionPage, key: str) -> int:
    found = [p.number for p in page.paragraphs if str(p.row.row_id) == key]
    return found[0] if found else max([p.number for p in page.paragraphs], default=FIRST_ROW)


def _new_card(page: SectionPage, editing: Editing | None) -> dict[str, Any]:
    parts = page.section.parts
    card: dict[str, Any] = {
        "key": "new",
        "version": 0,
        "text": "",
        "heading": "",
        "part": parts[0],
        "preview": None,
        "findings": [],
    }
    if editing is not None:
        card.update(
            text=editing.text, heading=editing.heading, part=editing.part, preview=editing.preview
        )
        if editing.preview is not None:
            card["findings"] = _findings(editing.preview.findings, frozenset())
    card["parts"] = [(p, PARTS[p]) for p in parts]
    return card


@login_required
@require_http_methods(["GET", "POST"])
def delete_paragraph(
    request: HttpRequest, inspection_id: str, section: str, paragraph: int
) -> HttpResponse:
    """Confirm, then delete a paragraph (its history keeps what it said)."""
    store, actor = store_for(request), actor_for(request)
    page = authoring.section_page(store, actor, inspection_id, section)
    found = next((p for p in page.paragraphs if p.row.row_id == paragraph), None)
    if found is None:
        raise NotFoundError("No such paragraph (it may have been deleted)")
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            authoring.delete_paragraph(
                store, actor, inspection_id, paragraph, int(version) if version.isdigit() else -1
            )
        except StaleError as e:
            errors = [
                (
                    "",
                    f"The paragraph was changed by {changed(e)} after you read it: "
                    "read it again before deleting it.",
                )
            ]
        else:
            messages.success(request, "The paragraph is deleted; its history keeps what it said")
            return redirect("write-section", inspection_id=inspection_id, section=section)
    context = {
        "inspection": store.inspection_row(inspection_id),
        "section": page.section,
        "paragraph": found,
        "errors": errors,
    }
    return render(request, "probity/authoring/delete.html", context, status=409 if errors else 200)


urlpatterns: list[URLPattern | URLResolver] = [
    path("report/write/", write_report, name="write-report"),
    path("report/write/section/<str:section>/", write_section, name="write-section"),
    path(
        "report/write/section/<str:section>/<int:paragraph>/delete/",
        delete_paragraph,
        name="write-delete",
    ),
    path("", include("probity.web.views.authoring_tables")),
]
