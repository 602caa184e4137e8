"""The assessment of one case against one standard: its key questions and prompts, with the
answers the framework allows on this case, saved by the workflow
(:func:`probity.workflow.services.save_answers`) at the version of the case the page showed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from probity.framework import Standard
from probity.web.inspections import casework
from probity.web.inspections.forms import ANSWER_WORDS, CONTINUE, AssessmentForm
from probity.web.inspections.models import CaseStatus
from probity.web.views.workflow import actor_for, changed, problems, status_of, store_for
from probity.workflow import consistency, services
from probity.workflow.errors import (
    ForbiddenError,
    NotFoundError,
    PublishedError,
    StaleError,
    WorkflowError,
)
from probity.workflow.model import CaseState
from probity.workflow.policy import Action, decide
from probity.workflow.transitions import TRANSITIONS, Step


def conflict_message(case_id: str, error: StaleError) -> str:
    """What a user is told when someone else saved the case after they opened it."""
    return (
        f"Case {case_id} was changed by {changed(error)} after you opened it. Your answers "
        "below are not saved: check them against the current answers and save again."
    )


@login_required
def case_standard(
    request: HttpRequest, inspection_id: str, case_id: str, standard_id: str
) -> HttpResponse:
    """Show (GET) or save (POST) one standard's answers on one case."""
    store, actor = store_for(request), actor_for(request)
    services.authorise(store, actor, Action.READ_CASES, inspection_id, case_id)
    case = store.case_row(inspection_id, case_id)
    fw = store.framework_of(inspection_id)
    standards = casework.assessed_standards(fw, case)
    place = next((i for i, s in enumerate(standards) if s.id == standard_id), None)
    if place is None:
        raise Http404("This standard is not assessed on this case")
    standard = standards[place]
    rules = casework.rules_for(fw, case)
    stored = store.answers(inspection_id, case_id)
    posted = request.POST if request.method == "POST" else None
    form = AssessmentForm(posted, case=case, standard=standard, rules=rules, stored=stored)
    if posted is None:
        store.record_read(inspection_id, case_id, f"answers to standard {standard.id}", actor)
        return _page(request, inspection_id, standard, form)
    if not form.is_valid():
        return _page(request, inspection_id, standard, form, errors=form.error_list(), status=400)
    answers = form.answers()
    # A note left empty on a question without an answer is no note at all.
    notes = {
        qid: note
        for qid, note in form.notes().items()
        if note is not None or qid in answers or qid in stored
    }
    try:
        services.save_answers(
            store, actor, inspection_id, case_id, form.cleaned_data["version"], answers, notes,
            standard_id=standard.id, reason=request.POST.get("reason"),
        )  # fmt: skip
    except StaleError as e:
        # Nothing is lost: the page shows the user's own choices again, with the case's new
        # version, so that saving them again is a deliberate choice.
        now = store.case_row(inspection_id, case_id)
        fresh = store.answers(inspection_id, case_id)
        data = request.POST.copy()
        data["version"] = str(now.version)
        form = AssessmentForm(data, case=now, standard=standard, rules=rules, stored=fresh)
        form.show_saved(fresh)
        return _page(
            request, inspection_id, standard, form,
            errors=[("", conflict_message(case_id, e))], status=409,
        )  # fmt: skip
    except PublishedError as e:  # published while the save was on its way
        return _refused(request, inspection_id, standard, form, e)
    except (NotFoundError, ForbiddenError):
        raise
    except WorkflowError as e:
        return _refused(request, inspection_id, standard, form, e)
    messages.success(request, f"Saved {standard.id} {standard.name} for case {case_id}")
    after = {qid: a.answer for qid, a in stored.items()} | answers
    for warning in consistency.of_standards([standard], after):
        messages.warning(request, warning.sentence)
    if form.cleaned_data["action"] == CONTINUE and place + 1 < len(standards):
        return redirect("case-standard", inspection_id, case_id, standards[place + 1].id)
    return redirect("case", inspection_id, case_id)


def _refused(
    request: HttpRequest,
    inspection_id: str,
    standard: Standard,
    form: AssessmentForm,
    error: WorkflowError,
) -> HttpResponse:
    """The page again, with the user's choices, saying why they were not saved."""
    errors = [("", p) for p in problems(error)]
    return _page(request, inspection_id, standard, form, errors=errors, status=status_of(error))


def _page(
    request: HttpRequest,
    inspection_id: str,
    standard: Standard,
    form: AssessmentForm,
    *,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page of the standard on the case as the request's store now has it: the form to
    answer, or the answers read-only where the user may not change them now."""
    store, actor = store_for(request), actor_for(request)
    case = form.case
    facts = store.inspection(inspection_id)
    inspection = store.inspection_row(inspection_id)
    allowed = decide(
        actor, Action.EDIT_CASE, facts, store.case(inspection_id, case.case_id),
        today=store.today(),
    )  # fmt: skip
    standards = casework.assessed_standards(store.framework_of(inspection_id), case)
    saved = {qid: a.answer for qid, a in store.answers(inspection_id, case.case_id).items()}
    context = {
        "inspection": inspection,
        "case": case,
        "standard": standard,
        "number": next(i for i, s in enumerate(standards, start=1) if s.id == standard.id),
        "count": len(standards),
        "warnings": consistency.of_standards([standard], saved),
        "editable": allowed.allowed and CaseState(case.status) in TRANSITIONS[Step.SAVE_ANSWERS],
        "answer_words": ANSWER_WORDS,
        "form": form,
        "errors": errors or [],
        "reopens": case.status == CaseStatus.SUBMITTED,
        "reason": request.POST.get("reason", ""),
    }
    return render(request, "probity/cases/standard.html", context, status=status)


urlpatterns = [
    path("cases/<str:case_id>/standards/<str:standard_id>/", case_standard, name="case-standard"),
]
