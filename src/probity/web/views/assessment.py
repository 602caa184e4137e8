"""The assessment of one case against one standard: its key questions and prompts, with the
answers the framework allows on this case, saved with the concurrent-edit check of
:func:`probity.web.inspections.casework.save_answers`.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from probity.web.inspections import casework
from probity.web.inspections.access import TEAM, case_for, inspection_for, may_edit_case
from probity.web.inspections.forms import ANSWER_WORDS, CONTINUE, AssessmentForm
from probity.web.inspections.frameworks import framework_of
from probity.web.inspections.models import CaseStatus


def conflict_message(case_id: str, changed_by: User | None, changed_at: datetime | None) -> str:
    """What a user is told when someone else saved the case after they opened it."""
    return (
        f"Case {case_id} was changed by {casework.who_and_when(changed_by, changed_at)} after "
        "you opened it. Your answers below are not saved: check them against the current "
        "answers and save again."
    )


@login_required
def case_standard(
    request: HttpRequest, inspection_id: str, case_id: str, standard_id: str
) -> HttpResponse:
    """Show (GET) or save (POST) one standard's answers on one case."""
    inspection, access = inspection_for(request.user, inspection_id, allow=TEAM)
    case = case_for(request.user, inspection, access, case_id, edit=request.method == "POST")
    fw = framework_of(inspection)
    standards = casework.assessed_standards(fw, case)
    place = next((i for i, s in enumerate(standards) if s.id == standard_id), None)
    if place is None:
        raise Http404("This standard is not assessed on this case")
    standard = standards[place]
    rules = casework.rules_for(fw, case)
    stored = casework.stored_answers(case, standard)
    context: dict[str, object] = {
        "inspection": inspection,
        "case": case,
        "standard": standard,
        "editable": may_edit_case(request.user, access, inspection, case),
        "answer_words": ANSWER_WORDS,
        "stored": stored,
    }
    if request.method != "POST":
        form = AssessmentForm(None, case=case, standard=standard, rules=rules, stored=stored)
        return _page(request, context, form)
    form = AssessmentForm(request.POST, case=case, standard=standard, rules=rules, stored=stored)
    if not form.is_valid():
        return _page(request, context, form, errors=form.error_list(), status=400)
    assert isinstance(request.user, User)
    try:
        casework.save_answers(
            fw,
            case,
            standard,
            user=request.user,
            version=form.cleaned_data["version"],
            answers=form.answers(),
            notes=form.notes(),
            stored=stored,
        )
    except casework.StaleCaseError as e:
        # Nothing is lost: the page shows the user's own choices again, with the case's new
        # version, so that saving them again is a deliberate choice.
        now = e.case
        data = request.POST.copy()
        data["version"] = str(now.version)
        fresh = casework.stored_answers(now, standard)
        form = AssessmentForm(data, case=now, standard=standard, rules=rules, stored=fresh)
        form.show_saved(fresh)
        editable = may_edit_case(request.user, access, inspection, now)
        context.update(case=now, stored=fresh, editable=editable)
        message = conflict_message(case.case_id, now.updated_by, now.updated_at)
        return _page(request, context, form, errors=[("", message)], status=409)
    except casework.PublishedError as e:  # published while the save was on its way
        inspection.refresh_from_db()
        context.update(editable=False)
        return _page(request, context, form, errors=[("", str(e))], status=403)
    messages.success(request, f"Saved {standard.id} {standard.name} for case {case.case_id}")
    if form.cleaned_data["action"] == CONTINUE and place + 1 < len(standards):
        return redirect("case-standard", inspection_id, case_id, standards[place + 1].id)
    return redirect("case", inspection_id, case_id)


def _page(
    request: HttpRequest,
    context: dict[str, object],
    form: AssessmentForm,
    *,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    case = context["case"]
    reopens = getattr(case, "status", None) == CaseStatus.SUBMITTED
    context.update(form=form, errors=errors or [], reopens=reopens)
    return render(request, "probity/cases/standard.html", context, status=status)


urlpatterns = [
    path("cases/<str:case_id>/standards/<str:standard_id>/", case_standard, name="case-standard"),
]
