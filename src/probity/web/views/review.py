"""A case on one page: the inspector's check of their answers before submitting
(``case-check``), and the lead's or a quality lead's review of the whole case with its history
of steps and the forms to quality-assure or return it (``case-review``).

Both read the case as the workflow's policy lets the user read it; the forms they carry post to
the case's own steps (:mod:`probity.web.views.cases`) with the version the page showed, so a
step on a case changed meanwhile is refused there.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from probity.web.inspections import casework
from probity.web.inspections.answer_sheet import answer_sheet
from probity.web.inspections.models import CaseEvent, CaseStatus
from probity.web.views.cases import REASON_LIMIT, characteristics
from probity.web.views.workflow import actor_for, store_for
from probity.workflow import services
from probity.workflow.model import CaseState
from probity.workflow.policy import Action, decide
from probity.workflow.second_looks import LOOKED_AT
from probity.workflow.transitions import TRANSITIONS, Step


def _case_context(request: HttpRequest, inspection_id: str, case_id: str) -> dict[str, Any]:
    """What both pages show of a case the user may read (404 or 403 otherwise), and what the
    user may do to it now."""
    store, actor = store_for(request), actor_for(request)
    facts = services.authorise(store, actor, Action.READ_CASES, inspection_id, case_id)
    case = store.case_row(inspection_id, case_id)
    fw = store.framework_of(inspection_id)
    state, today = CaseState(case.status), store.today()
    core_case = store.case(inspection_id, case_id)

    def may(action: Action, step: Step) -> bool:
        allowed = decide(actor, action, facts, core_case, today=today).allowed
        return allowed and state in TRANSITIONS[step]

    missing = services.unanswered(store, inspection_id, case_id)
    return {
        "inspection": store.inspection_row(inspection_id),
        "fw": fw,
        "case": case,
        "sheet": answer_sheet(fw, case, store.answers(inspection_id, case_id)),
        "missing": [(kq, fw.standard_of[kq]) for kq in missing],
        "may_edit": may(Action.EDIT_CASE, Step.SAVE_ANSWERS),
        "may_submit": may(Action.SUBMIT_CASE, Step.SUBMIT) and not missing,
        "may_quality_assure": may(Action.QUALITY_ASSURE, Step.QUALITY_ASSURE),
        "may_return": may(Action.RETURN_CASE, Step.RETURN),
        "returned": casework.last_return(case),
    }


@login_required
def case_check(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Check your answers: every standard's questions and answers with links to change them,
    the prompts not answered, the key questions not answered (which block submission), the
    consistency warnings, then the button to submit the case."""
    context = _case_context(request, inspection_id, case_id)
    store_for(request).record_read(inspection_id, case_id, "answer sheet", actor_for(request))
    return render(request, "probity/cases/check.html", context)


@login_required
def case_review(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """The whole case on one page for its moderation: its characteristics, every answer and
    note, the consistency warnings, the steps taken on it with their reasons, and the forms to
    quality-assure or return it."""
    context = _case_context(request, inspection_id, case_id)
    store_for(request).record_read(inspection_id, case_id, "review", actor_for(request))
    case = context["case"]
    events = CaseEvent.objects.filter(case=case).select_related("by").order_by("at", "pk")
    context |= {
        "characteristics": characteristics(context["fw"], case),
        "events": [
            {
                "event": e,
                "by": casework.display_name(e.by) or "someone no longer a user",
                "from_label": CaseStatus(e.from_state).label,
                "to_label": CaseStatus(e.to_state).label,
            }
            for e in events
        ],
        "reason": "",
        "reason_limit": REASON_LIMIT,
        "may_dip_sample": _may_dip_sample(request, inspection_id, case_id),
    }
    return render(request, "probity/cases/review.html", context)


def _may_dip_sample(request: HttpRequest, inspection_id: str, case_id: str) -> bool:
    """Whether the user may review the case, submitted, with its answers in view."""
    store, actor = store_for(request), actor_for(request)
    case = store.case(inspection_id, case_id)
    allowed = decide(actor, Action.REVIEW_CASE, store.inspection(inspection_id), case,
                     today=store.today()).allowed  # fmt: skip
    return allowed and case.state in LOOKED_AT and case.assessor != actor.user_id


urlpatterns = [
    path("cases/<str:case_id>/check/", case_check, name="case-check"),
    path("cases/<str:case_id>/review/", case_review, name="case-review"),
]
