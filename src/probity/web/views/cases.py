"""The cases of an inspection: the list with its filters, a case's page, its workflow (submit,
assign, quality-assure, return with a reason) and its history. Who may see and do what is the
workflow's policy; every step is one of its services (:mod:`probity.workflow.services`), over
the request's store (:func:`~probity.web.views.workflow.store_for`).

Every workflow form posts the case's version as the page showed it: a step is taken only on
the case the user saw, and refused (409, saying who changed it and when) otherwise. A step
refused is answered by the case's page, as it now stands, saying why in its error summary,
with what the user chose or wrote still in its form.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from probity.framework import Framework
from probity.web.inspections import attributes, casework, history, notices
from probity.web.inspections.access import sees_every_case, visible_cases
from probity.web.inspections.forms import AssignForm, CaseFilterForm
from probity.web.inspections.models import Case, Inspection
from probity.web.inspections.store import DjangoStore
from probity.web.views.workflow import (
    actor_for,
    changed,
    field_problems,
    status_of,
    store_for,
)
from probity.workflow import services
from probity.workflow.errors import (
    ForbiddenError,
    InvalidError,
    NotFoundError,
    PublishedError,
    StaleError,
    WorkflowError,
)
from probity.workflow.model import Actor, CaseState, InspectionFacts
from probity.workflow.policy import Action, decide
from probity.workflow.transitions import TRANSITIONS, Step

# The reason for a return, as long as the workflow lets it be (the form's maxlength).
REASON_LIMIT = services.REASON_LIMIT


@login_required
def case_list(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The inspection's cases, filtered; an inspector sees only the cases assigned to them."""
    return case_list_page(request, inspection_id)


def case_list_page(
    request: HttpRequest,
    inspection_id: str,
    *,
    errors: list[tuple[str, str]] | None = None,
    chosen: Collection[str] = (),
    chosen_inspectors: Collection[str] = (),
    status: int = 200,
) -> HttpResponse:
    """The case list as it now stands, with the lead's forms to assign, share and
    quality-assure many cases at once; ``errors`` (field id, sentence) in its error summary,
    the cases and inspectors the user ``chosen`` still ticked."""
    store, actor = store_for(request), actor_for(request)
    facts = services.authorise(store, actor, Action.READ_CASES, inspection_id)
    inspection = store.inspection_row(inspection_id)
    fw = store.framework_of(inspection_id)
    visible = visible_cases(actor, inspection, facts)
    every = sees_every_case(actor, facts)
    inspectors = list(casework.inspectors_of(inspection)) if every else []
    filters = CaseFilterForm(
        request.GET, fw=fw, inspectors=inspectors, present=_present(fw, visible)
    )
    if not every:
        del filters.fields["inspector"]  # they see their own cases only
    cases = filters.apply(visible).select_related("assessor", "updated_by").order_by("position")
    columns = attributes.listed_attributes(fw)
    rows = [
        {
            "case": c,
            "attributes": [a.value_label(c.attributes.get(a.id)) for a in columns],
            "assessor": casework.display_name(c.assessor),
            "changed_by": casework.display_name(c.updated_by) or "Someone no longer a user",
        }
        for c in cases
    ]
    today = store.today()
    may_assign = decide(actor, Action.ASSIGN_CASES, facts, today=today).allowed
    may_qa = decide(actor, Action.QUALITY_ASSURE, facts, today=today).allowed
    context = {
        "inspection": inspection,
        "own_only": not every,
        "may_assign": may_assign,
        "may_quality_assure": may_qa,
        "may_export": decide(actor, Action.EXPORT, facts, today=today).allowed,
        "may_request_second_looks": decide(
            actor, Action.REQUEST_SECOND_LOOK, facts, today=today
        ).allowed,
        "may_read_discrepancies": decide(actor, Action.READ_RATINGS, facts, today=today).allowed,
        "may_read_agreement": decide(actor, Action.READ_AGREEMENT, facts, today=today).allowed,
        "bulk": may_assign or may_qa,
        "inspectors": [(str(u.pk), casework.display_name(u)) for u in inspectors],
        "chosen": set(chosen),
        "chosen_inspectors": set(chosen_inspectors),
        "chosen_assessor": request.POST.get("assessor", "") if request.method == "POST" else "",
        "errors": errors or [],
        # Each field's first problem, said beside it too.
        "cases_error": _first(errors, "cases"),
        "assessor_error": _first(errors, "bulk-assessor"),
        "share_error": _first(errors, "share-inspectors"),
        "columns": columns,
        "rows": rows,
        "total": visible.count(),
        "filters": filters,
        "filtered": any(request.GET.get(name) for name in filters.fields),
    }
    return render(request, "probity/cases/list.html", context, status=status)


def _first(errors: list[tuple[str, str]] | None, field: str) -> str | None:
    return next((p for f, p in errors or [] if f == field), None)


def _present(fw: Framework, cases: QuerySet[Case]) -> dict[str, list[object]]:
    """The values of the filter attributes that offer the values found (text and numbers)
    among the cases, by attribute id; no query when there is none."""
    open_ended = [a for a in attributes.filter_attributes(fw) if not attributes.closed(a)]
    if not open_ended:
        return {}
    stored = list(cases.values_list("attributes", flat=True))
    return {a.id: [s.get(a.id) for s in stored] for a in open_ended}


@dataclass
class CasePage:
    """What a case's page is made from: the store, the actor, the inspection (its row and its
    facts) and the case, as they stand now."""

    request: HttpRequest
    store: DjangoStore
    actor: Actor
    facts: InspectionFacts
    inspection: Inspection
    case: Case

    def again(self) -> CasePage:
        """The page read again, after a step refused (the store forgot what it read)."""
        return _case_page(self.request, self.inspection.inspection_id, self.case.case_id)

    def allowed(self, action: Action) -> bool:
        case = self.store.case(self.inspection.inspection_id, self.case.case_id)
        return decide(self.actor, action, self.facts, case, today=self.store.today()).allowed

    def can(self, step: Step) -> bool:
        """Whether the case's state lets the step start (the transitions table)."""
        return CaseState(self.case.status) in TRANSITIONS[step]


def _case_page(request: HttpRequest, inspection_id: str, case_id: str) -> CasePage:
    """The case, for a user who may read it (404 or 403 otherwise, with the reason)."""
    store, actor = store_for(request), actor_for(request)
    facts = services.authorise(store, actor, Action.READ_CASES, inspection_id, case_id)
    return CasePage(
        request, store, actor, facts, store.inspection_row(inspection_id),
        store.case_row(inspection_id, case_id),
    )  # fmt: skip


def overview(
    page: CasePage,
    *,
    missing: list[str] | None = None,
    assign_form: AssignForm | None = None,
    reason: str = "",
    problems: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case's page: its characteristics, its standards' progress, what may be done;
    ``problems`` (field id, sentence) are said in its error summary, then the key questions
    ``missing`` an answer, each linking to its question."""
    inspection, case = page.inspection, page.case
    fw = page.store.framework_of(inspection.inspection_id)
    may_assign = page.allowed(Action.ASSIGN_CASES)
    if assign_form is None and may_assign:
        assign_form = AssignForm(None, case=case, inspectors=casework.inspectors_of(inspection))
    errors = [(f"#{field}" if field else "", p) for field, p in problems or []]
    for kq_id in missing or []:
        standard = fw.standard_of[kq_id]
        url = reverse("case-standard", args=[inspection.inspection_id, case.case_id, standard.id])
        errors.append((f"{url}#answer-{kq_id}", f"Answer key question {kq_id} ({standard.name})"))
    if assign_form is not None and assign_form.errors:
        errors.extend(("#assessor", str(e)) for e in assign_form.errors["assessor"])
    reason_error = next((p for field, p in problems or [] if field == "reason"), None)
    context = {
        "inspection": inspection,
        "case": case,
        "progress": casework.progress(fw, case),
        "may_edit": page.allowed(Action.EDIT_CASE) and page.can(Step.SAVE_ANSWERS),
        "may_submit": page.allowed(Action.SUBMIT_CASE) and page.can(Step.SUBMIT),
        "may_assign": may_assign,
        "may_quality_assure": page.allowed(Action.QUALITY_ASSURE) and page.can(Step.QUALITY_ASSURE),
        "may_return": page.allowed(Action.RETURN_CASE) and page.can(Step.RETURN),
        "returned": casework.last_return(case),
        "assign_form": assign_form,
        "reason": reason,
        "reason_error": reason_error,
        "reason_limit": REASON_LIMIT,
        "errors": errors,
        "characteristics": characteristics(fw, case),
        "changed_by": casework.display_name(case.updated_by) or "someone no longer a user",
        "missing_count": len(missing or []),
    }
    return render(page.request, "probity/cases/overview.html", context, status=status)


def characteristics(fw: Framework, case: Case) -> list[tuple[str, str]]:
    """The case's facts in words, for its summary list: every attribute of the framework's
    case profile with its label and value, then who assesses it."""
    return [
        *attributes.described(fw, case.attributes),
        ("Inspector (as reported)", case.inspector),
        ("Assigned to", casework.display_name(case.assessor) or "Not assigned"),
    ]


def _step_page(
    request: HttpRequest, inspection_id: str, case_id: str, action: Action
) -> CasePage | HttpResponse:
    """The case, for a user who may take the step on it (404 or 403 otherwise, with the
    reason); or, once the inspection is published, its page saying so (403)."""
    page = _case_page(request, inspection_id, case_id)
    try:
        services.authorise(page.store, page.actor, action, inspection_id, case_id)
    except PublishedError as e:
        return overview(page, problems=[("", str(e))], status=403)
    return page


@login_required
def case_overview(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """A case's page (its assessor, and those who read every case); the read is logged."""
    page = _case_page(request, inspection_id, case_id)
    page.store.record_read(inspection_id, case_id, "case page", page.actor)
    return overview(page)


def _posted_version(request: HttpRequest) -> int | None:
    """The case's version as the posting page showed it (None if the form sent none)."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _take(
    page: CasePage,
    step: Callable[[int], object],
    done: str,
    not_done: str,
    *,
    submitting: bool = False,
    **kept: Any,
) -> HttpResponse:
    """Take a workflow step on the case at the version the form showed, then back to the case
    saying so; or the case's page as it now stands, saying why not (``kept``: what the user
    chose or wrote, shown again; ``submitting``: a refusal for want of answers lists the key
    questions to answer, each linking to its question).

    A refusal the case's page cannot say more of (no such case; not allowed at all) is left
    to :class:`~probity.web.views.workflow.WorkflowErrorMiddleware`.
    """
    version = _posted_version(page.request)
    case_id = page.case.case_id
    if version is None:
        problem = (
            f"Case {case_id} has not been {not_done}: the form did not say which version of "
            "the case it showed. Check the case as it is now, then try again."
        )
        return overview(page, problems=[("", problem)], status=400, **kept)
    try:
        step(version)
    except PublishedError as e:  # published while the step was on its way
        return overview(page.again(), problems=[("", str(e))], status=403, **kept)
    except (NotFoundError, ForbiddenError):
        raise
    except StaleError as e:
        problem = (
            f"Case {case_id} was changed by {changed(e)} after you opened it: it has not been "
            f"{not_done}. Check the case as it is now, then try again."
        )
        return overview(page.again(), problems=[("", problem)], status=409, **kept)
    except WorkflowError as e:
        again = page.again()
        if isinstance(e, InvalidError) and submitting:
            missing = services.unanswered(again.store, again.inspection.inspection_id, case_id)
            if missing:
                return overview(again, missing=missing, status=400, **kept)
        problems = field_problems(e, {"reason": "reason"})
        return overview(again, problems=problems, status=status_of(e), **kept)
    messages.success(page.request, f"Case {case_id} {done}")
    return redirect("case", page.inspection.inspection_id, case_id)


@login_required
@require_POST
def case_submit(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Submit the case for quality assurance, or list the key questions still unanswered."""
    page = _step_page(request, inspection_id, case_id, Action.SUBMIT_CASE)
    if isinstance(page, HttpResponse):
        return page

    def submit(version: int) -> object:
        return services.submit_case(page.store, page.actor, inspection_id, case_id, version)

    return _take(page, submit, "submitted for quality assurance", "submitted", submitting=True)


@login_required
@require_POST
def case_assign(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Assign the case to one of the inspection's inspectors."""
    page = _step_page(request, inspection_id, case_id, Action.ASSIGN_CASES)
    if isinstance(page, HttpResponse):
        return page
    inspectors = casework.inspectors_of(page.inspection)
    form = AssignForm(request.POST, case=page.case, inspectors=inspectors)
    if not form.is_valid():
        return overview(page, assign_form=form, status=400)
    assessor = form.cleaned_data["assessor"]
    words = f"assigned to {casework.display_name(assessor)}"

    def assign(version: int) -> object:
        plan = {case_id: (version, assessor.pk)}
        return services.assign(page.store, page.actor, inspection_id, plan)

    # The lead's choice stays in the form, for them to assign again deliberately.
    return _take(page, assign, words, words, assign_form=form)


@login_required
@require_POST
def case_quality_assure(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Mark a submitted case as quality assured."""
    page = _step_page(request, inspection_id, case_id, Action.QUALITY_ASSURE)
    if isinstance(page, HttpResponse):
        return page

    def quality_assure(version: int) -> object:
        return services.quality_assure(page.store, page.actor, inspection_id, {case_id: version})

    return _take(page, quality_assure, "quality assured", "quality assured")


@login_required
@require_POST
def case_return(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Send the case back to its inspector, with the reason (which they see on the case's page
    and in its history)."""
    page = _step_page(request, inspection_id, case_id, Action.RETURN_CASE)
    if isinstance(page, HttpResponse):
        return page
    reason = request.POST.get("reason", "")  # the service refuses one too long

    def return_case(version: int) -> object:
        done = services.return_case(page.store, page.actor, inspection_id, case_id, version, reason)
        # Returned: the inspector is told by e-mail too, where they have an address.
        notices.tell_returned(
            page.case.assessor,
            organisation=page.inspection.organisation,
            case_id=case_id,
            reason=" ".join(reason.split()),
            by=page.actor.name,
            link=request.build_absolute_uri(reverse("case", args=[inspection_id, case_id])),
        )
        return done

    words = "returned to the inspector"
    return _take(page, return_case, words, words, reason=reason)


@login_required
def case_history(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Every recorded change to the case and its answers, with the reason given for each step
    (those who may read the case)."""
    page = _case_page(request, inspection_id, case_id)
    page.store.record_read(inspection_id, case_id, "history", page.actor)
    context = {
        "inspection": page.inspection,
        "case": page.case,
        "changes": history.case_history(page.case),
    }
    return render(request, "probity/cases/history.html", context)


urlpatterns = [
    path("cases/", case_list, name="cases"),
    path("cases/<str:case_id>/", case_overview, name="case"),
    path("cases/<str:case_id>/submit/", case_submit, name="case-submit"),
    path("cases/<str:case_id>/assign/", case_assign, name="case-assign"),
    path("cases/<str:case_id>/quality-assure/", case_quality_assure, name="case-quality-assure"),
    path("cases/<str:case_id>/return/", case_return, name="case-return"),
    path("cases/<str:case_id>/history/", case_history, name="case-history"),
]
