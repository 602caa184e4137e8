"""An inspector's home in an inspection: the cases assigned to them, grouped by where each
stands (returned first, with the reason), each with how many of its standards are done and a
link to carry on. An inspector who opens the inspection lands here (the dashboard shows it to
them in place of the ratings as they stand, which the policy does not let them read).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from probity.framework import Framework
from probity.web.inspections import casework
from probity.web.inspections.dashboard_model import progress
from probity.web.inspections.models import Case, CaseStatus
from probity.web.views.workflow import actor_for, store_for
from probity.workflow import services
from probity.workflow.policy import Action, decide
from probity.workflow.second_looks import my_second_looks

# The groups of the page, in its order, each with its heading.
GROUPS = (
    (CaseStatus.RETURNED, "Returned to you"),
    (CaseStatus.NOT_STARTED, "To do"),
    (CaseStatus.IN_PROGRESS, "In progress"),
    (CaseStatus.SUBMITTED, "Submitted"),
    (CaseStatus.QUALITY_ASSURED, "Quality assured"),
)
# The states in which the inspector still has work to do on a case.
OPEN = (CaseStatus.RETURNED, CaseStatus.NOT_STARTED, CaseStatus.IN_PROGRESS)


@dataclass(frozen=True)
class YourCase:
    """One of the inspector's cases as their home page lists it."""

    case: Case
    done: int  # standards with every key question answered
    standards: int
    next_url: str  # where to carry on
    next_words: str
    returned: casework.Returned | None


def _your_case(fw: Framework, inspection_id: str, case: Case, answered: set[str]) -> YourCase:
    rows = casework.progress_from(fw, case, answered)
    todo = next((r.standard for r in rows if r.missing), None)
    if case.status in OPEN and todo is not None:
        url = reverse("case-standard", args=[inspection_id, case.case_id, todo.id])
        words = f"Continue with {todo.id} {todo.name}"
    elif case.status in OPEN:
        url, words = reverse("case-check", args=[inspection_id, case.case_id]), "Check and submit"
    else:
        url, words = reverse("case", args=[inspection_id, case.case_id]), "View the case"
    return YourCase(
        case=case,
        done=sum(not r.missing for r in rows),
        standards=len(rows),
        next_url=url,
        next_words=words,
        returned=casework.last_return(case),
    )


def your_cases_page(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The signed-in user's cases in the inspection, grouped (anyone who may read its
    progress; a user with no case assigned is told so)."""
    store, actor = store_for(request), actor_for(request)
    facts = services.authorise(store, actor, Action.READ_INSPECTION, inspection_id)
    inspection = store.inspection_row(inspection_id)
    fw = store.framework_of(inspection_id)
    mine = Case.objects.filter(inspection=inspection, assessor_id=actor.user_id).order_by(
        "position"
    )
    answered = casework.answered_by_case(mine)
    listed = [_your_case(fw, inspection_id, c, answered.get(c.pk, set())) for c in mine]
    groups = [
        {"status": s, "heading": words, "cases": [y for y in listed if y.case.status == s]}
        for s, words in GROUPS
    ]
    today = store.today()
    context = {
        "inspection": inspection,
        "fw": fw,
        "groups": [g for g in groups if g["cases"]],
        "returned": groups[0]["cases"],
        "total": len(listed),
        "progress": progress(inspection),
        "may_read_cases": decide(actor, Action.READ_CASES, facts, today=today).allowed,
        "may_read_report": decide(actor, Action.READ_REPORT, facts, today=today).allowed,
        # The blind second assessments asked of them and still open (nothing of the cases'
        # first answers).
        "second_looks": my_second_looks(store, actor, inspection_id),
    }
    return render(request, "probity/cases/your_cases.html", context)


@login_required
def your_cases(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The signed-in user's cases in the inspection (see :func:`your_cases_page`)."""
    return your_cases_page(request, inspection_id)


urlpatterns = [
    path("your-cases/", your_cases, name="your-cases"),
]
