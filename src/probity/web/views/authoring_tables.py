"""The report's tables written in the browser (:mod:`probity.workflow.authoring_tables`):
practice examples, recommendations (this inspection's, and the progress found on the previous
ones), staffing figures and survey results (edited in a table, or uploaded as a CSV file).

A practice example's page shows nothing of its case but the case's id: the case's data is
personal data, and a pseudonym found in it is refused without saying where.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from probity.bundle.model import PracticeExample, Recommendation
from probity.report.formatting import PROGRESS_LABELS
from probity.web.inspections.authoring_forms import (
    EXAMPLE_FIELDS,
    PracticeExampleForm,
    survey_upload_problem,
)
from probity.web.views.workflow import actor_for, changed, field_problems, problems, store_for
from probity.workflow import authoring_tables as tables
from probity.workflow.errors import InvalidError, NotFoundError, StaleError
from probity.workflow.store import ReportRow

FILE_FIELD = "surveys-file"


def _version(request: HttpRequest, name: str = "version") -> int:
    """The version of a row the form was read at (-1, matching none, if it says no number)."""
    typed = request.POST.get(name, "")
    return int(typed) if typed.isdigit() else -1


def _stale(e: StaleError, where: str) -> list[tuple[str, str]]:
    return [
        (
            where,
            f"This was changed by {changed(e)} after you read it: read it again, then "
            "make your change",
        )
    ]


@login_required
@require_http_methods(["GET"])
def examples(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The practice examples, by standard, each with a link to change it."""
    store, actor = store_for(request), actor_for(request)
    found = tables.rows(store, actor, inspection_id, "practice_examples")
    context = {
        "inspection": store.inspection_row(inspection_id),
        "examples": found,
        "kinds": tables.EXAMPLE_KINDS,
    }
    return render(request, "probity/authoring/examples.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def example(request: HttpRequest, inspection_id: str, row: int | None = None) -> HttpResponse:
    """Add or change a practice example."""
    store, actor = store_for(request), actor_for(request)
    cases = tables.case_ids(store, actor, inspection_id)
    fw = store.framework_of(inspection_id)
    standards = [(s.id, f"{s.id} {s.name}") for s in fw.standards]
    current = None
    if row is not None:
        current = next(
            (
                r
                for r in tables.rows(store, actor, inspection_id, "practice_examples")
                if r.row_id == row
            ),
            None,
        )
        if current is None:
            raise NotFoundError("No such practice example")
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        form = PracticeExampleForm(request.POST, standards=standards, cases=cases)
        form.is_valid()
        typed = {k: str(request.POST.get(k, "")) for k in EXAMPLE_FIELDS}
        try:
            tables.save_practice_example(
                store,
                actor,
                inspection_id,
                row,
                _version(request),
                standard_id=typed["standard"],
                kind=typed["kind"],
                case_id=typed["case"],
                pseudonym=typed["pseudonym"],
                text=typed["text"],
            )
        except InvalidError as e:
            errors, status = field_problems(e, EXAMPLE_FIELDS), 400
        except StaleError as e:
            errors, status = _stale(e, "id_text"), 409
        else:
            messages.success(request, "The practice example is saved")
            return redirect("write-examples", inspection_id=inspection_id)
    else:
        initial = {}
        if current is not None:
            assert isinstance(current.record, PracticeExample)
            r = current.record
            initial = {
                "standard": r.standard_id,
                "kind": r.kind,
                "pseudonym": r.pseudonym or "",
                "text": r.text,
                "case": r.case_id or "",
            }
        form = PracticeExampleForm(initial=initial, standards=standards, cases=cases)
    said = dict(reversed(errors))
    context = {
        "inspection": store.inspection_row(inspection_id),
        "form": form,
        "row": current,
        "errors": errors,
        "said": said,
    }
    return render(request, "probity/authoring/example.html", context, status=status)


def _recommendations(found: list[ReportRow]) -> dict[str, list[ReportRow]]:
    out: dict[str, list[ReportRow]] = {"current": [], "previous": []}
    for r in found:
        if isinstance(r.record, Recommendation) and r.record.kind in out:
            out[r.record.kind].append(r)
    return out


@login_required
@require_http_methods(["GET", "POST"])
def recommendations(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """This inspection's recommendations (changed, or one added) and the previous ones, each
    with the progress found."""
    store, actor = store_for(request), actor_for(request)
    found = _recommendations(tables.rows(store, actor, inspection_id, "recommendations"))
    errors: list[tuple[str, str]] = []
    typed: dict[str, str] = {}
    if request.method == "POST":
        key = request.POST.get("row", "new")
        row = int(key) if key.isdigit() else None
        typed = {k: str(v) for k, v in request.POST.items()}
        fields = {
            k: f"{k}-{key}"
            for k in ("text", "addressed_to", "progress", "findings", "improvement_required")
        }
        try:
            if request.POST.get("kind") == "previous" and row is not None:
                tables.record_progress(
                    store,
                    actor,
                    inspection_id,
                    row,
                    _version(request),
                    progress=typed.get("progress", ""),
                    findings=typed.get("findings", ""),
                    improvement_required=typed.get("improvement_required", ""),
                )
            else:
                tables.save_recommendation(
                    store,
                    actor,
                    inspection_id,
                    row,
                    _version(request),
                    text=typed.get("text", ""),
                    addressed_to=typed.get("addressed_to", ""),
                )
        except InvalidError as e:
            errors = field_problems(e, fields)
        except StaleError as e:
            errors = _stale(e, fields["text"])
        else:
            messages.success(request, "The recommendation is saved")
            return redirect("write-recommendations", inspection_id=inspection_id)
        typed["key"] = key
    context = {
        "inspection": store.inspection_row(inspection_id),
        "current": found["current"],
        "previous": found["previous"],
        "progress": list(PROGRESS_LABELS.items()),
        "errors": errors,
        "typed": typed,
    }
    return render(
        request, "probity/authoring/recommendations.html", context, status=400 if errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The staffing figures and survey results, each table edited as one form."""
    store, actor = store_for(request), actor_for(request)
    staffing = tables.rows(store, actor, inspection_id, "staffing")
    surveys = tables.rows(store, actor, inspection_id, "surveys")
    errors: list[tuple[str, str]] = []
    typed: dict[str, str] = {}
    if request.method == "POST":
        typed = {k: str(v) for k, v in request.POST.items()}
        which = request.POST.get("table")
        try:
            if which == "staffing":
                n = tables.save_staffing(
                    store,
                    actor,
                    inspection_id,
                    {
                        r.row_id: (
                            _version(request, f"version-{r.row_id}"),
                            typed.get(f"value-{r.row_id}", ""),
                        )
                        for r in staffing
                        if f"value-{r.row_id}" in typed
                    },
                )
            else:
                n = tables.save_surveys(
                    store,
                    actor,
                    inspection_id,
                    {
                        r.row_id: (
                            _version(request, f"version-{r.row_id}"),
                            typed.get(f"respondents-{r.row_id}", ""),
                            typed.get(f"positive-{r.row_id}", ""),
                        )
                        for r in surveys
                        if f"respondents-{r.row_id}" in typed
                    },
                )
        except InvalidError as e:
            ids = {p.split(":")[0].lower(): p.split(":")[0].lower() for p in e.problems}
            errors = field_problems(e, ids)
        except StaleError as e:
            errors = _stale(e, "")
        else:
            messages.success(request, f"{n} figure{'s' if n != 1 else ''} changed")
            return redirect("write-figures", inspection_id=inspection_id)
    return _figures_page(request, inspection_id, staffing, surveys, errors, typed)


def _figures_page(
    request: HttpRequest,
    inspection_id: str,
    staffing: list[ReportRow],
    surveys: list[ReportRow],
    errors: list[tuple[str, str]],
    typed: dict[str, str],
    file_error: str = "",
) -> HttpResponse:
    said = dict(reversed(errors))

    def cell(name: str, row: ReportRow, stored: object) -> dict[str, Any]:
        key = f"{name}-{row.row_id}"
        value = typed.get(
            key,
            "" if stored is None else f"{stored:g}" if isinstance(stored, float) else str(stored),
        )
        return {"id": key, "value": value, "error": said.get(key, "")}

    context: dict[str, Any] = {
        "inspection": store_for(request).inspection_row(inspection_id),
        "staffing": [
            {"row": r, "value": cell("value", r, getattr(r.record, "value", None))}
            for r in staffing
        ],
        "surveys": [
            {"row": r, **{c: cell(c, r, getattr(r.record, c)) for c in ("respondents", "positive")}}
            for r in surveys
        ],
        "errors": errors,
        "file_error": file_error,
        "file_field": FILE_FIELD,
    }
    return render(request, "probity/authoring/figures.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["POST"])
def upload_surveys(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Replace the survey results with those of a CSV file: every row, or none."""
    store, actor = store_for(request), actor_for(request)
    staffing = tables.rows(store, actor, inspection_id, "staffing")
    surveys = tables.rows(store, actor, inspection_id, "surveys")
    upload = request.FILES.get(FILE_FIELD)
    wrong = survey_upload_problem(upload)
    if wrong is not None or upload is None:
        return _figures_page(
            request, inspection_id, staffing, surveys, [(FILE_FIELD, wrong or "")], {}, wrong or ""
        )
    try:
        n = tables.upload_surveys(
            store, actor, inspection_id, upload.read().decode("utf-8", errors="replace")
        )
    except (InvalidError, StaleError) as e:
        found = problems(e)
        said = (
            f"The file has {len(found)} problem{'s' if len(found) != 1 else ''}: nothing was "
            "loaded. Correct the file and upload it again"
        )
        located = [(FILE_FIELD, said), *((FILE_FIELD, p) for p in found)]
        return _figures_page(request, inspection_id, staffing, surveys, located, {}, said)
    messages.success(request, f"{n} survey result{'s' if n != 1 else ''} loaded")
    return redirect("write-figures", inspection_id=inspection_id)


urlpatterns = [
    path("report/write/examples/", examples, name="write-examples"),
    path("report/write/examples/new/", example, name="write-example-new"),
    path("report/write/examples/<int:row>/", example, name="write-example"),
    path("report/write/recommendations/", recommendations, name="write-recommendations"),
    path("report/write/figures/", figures, name="write-figures"),
    path("report/write/figures/surveys/", upload_surveys, name="write-surveys-upload"),
]
