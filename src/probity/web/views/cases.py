"""The cases of an inspection: the list with its filters, a case's overview, its workflow
(submit, assign, quality-assure, return) and its audit trail. The work itself is done by
:mod:`probity.web.inspections.casework`; who may do it is decided by
:mod:`probity.web.inspections.access`.

Every workflow form posts the case's version as the page showed it: a step is taken only on
the case the user saw, and refused (409, saying who changed it and when) otherwise.
"""

from __future__ import annotations

from typing import Protocol

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from probity.framework import Framework, KeyQuestion, Standard
from probity.web.inspections import attributes, casework, history
from probity.web.inspections.access import (
    LEADS,
    TEAM,
    Access,
    case_for,
    inspection_for,
    may_edit_case,
    visible_cases,
)
from probity.web.inspections.forms import AssignForm, CaseFilterForm
from probity.web.inspections.frameworks import framework_of
from probity.web.inspections.models import Case, CaseStatus, Inspection


@login_required
def case_list(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The inspection's cases, filtered; an inspector sees only the cases assigned to them."""
    inspection, access = inspection_for(request.user, inspection_id, allow=TEAM)
    fw = framework_of(inspection)
    visible = visible_cases(request.user, inspection, access)
    inspectors = list(casework.inspectors_of(inspection)) if access.leads else []
    filters = CaseFilterForm(
        request.GET, fw=fw, inspectors=inspectors, present=_present(fw, visible)
    )
    if not access.leads:
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
    context = {
        "inspection": inspection,
        "access": access,
        "columns": columns,
        "rows": rows,
        "total": visible.count(),
        "filters": filters,
        "filtered": any(request.GET.get(name) for name in filters.fields),
    }
    return render(request, "probity/cases/list.html", context)


def _present(fw: Framework, cases: QuerySet[Case]) -> dict[str, list[object]]:
    """The values of the filter attributes that offer the values found (text and numbers)
    among the cases, by attribute id; no query when there is none."""
    open_ended = [a for a in attributes.filter_attributes(fw) if not attributes.closed(a)]
    if not open_ended:
        return {}
    stored = list(cases.values_list("attributes", flat=True))
    return {a.id: [s.get(a.id) for s in stored] for a in open_ended}


def overview(
    request: HttpRequest,
    inspection: Inspection,
    access: Access,
    case: Case,
    *,
    missing: list[tuple[Standard, KeyQuestion]] | None = None,
    assign_form: AssignForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case's page: its characteristics, its standards' progress, what may be done;
    ``problems`` are said in its error summary, before any field's errors."""
    fw = framework_of(inspection)
    rows = casework.progress(fw, case)
    if assign_form is None and access.leads:
        assign_form = AssignForm(None, case=case, inspectors=casework.inspectors_of(inspection))
    errors = [("", p) for p in problems or []]
    for standard, kq in missing or []:
        url = reverse("case-standard", args=[inspection.inspection_id, case.case_id, standard.id])
        errors.append((f"{url}#answer-{kq.id}", f"Answer key question {kq.id} ({standard.name})"))
    if assign_form is not None and assign_form.errors:
        errors.extend(("#assessor", str(e)) for e in assign_form.errors["assessor"])
    context = {
        "inspection": inspection,
        "access": access,
        "case": case,
        "progress": rows,
        "may_edit": may_edit_case(request.user, access, inspection, case),
        "may_submit": case.status in (CaseStatus.NOT_STARTED, CaseStatus.IN_PROGRESS),
        "assign_form": assign_form,
        "errors": errors,
        "characteristics": characteristics(fw, case),
        "changed_by": casework.display_name(case.updated_by) or "someone no longer a user",
        "missing_count": len(missing or []),
    }
    return render(request, "probity/cases/overview.html", context, status=status)


def characteristics(fw: Framework, case: Case) -> list[tuple[str, str]]:
    """The case's facts in words, for its summary list: every attribute of the framework's
    case profile with its label and value, then who assesses it."""
    return [
        *attributes.described(fw, case.attributes),
        ("Inspector (as reported)", case.inspector),
        ("Assigned to", casework.display_name(case.assessor) or "Not assigned"),
    ]


@login_required
def case_overview(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """A case's overview (its assessor, leads and administrators)."""
    inspection, access = inspection_for(request.user, inspection_id, allow=TEAM)
    case = case_for(request.user, inspection, access, case_id)
    return overview(request, inspection, access, case)


def _back(inspection: Inspection, case: Case) -> HttpResponse:
    return redirect("case", inspection.inspection_id, case.case_id)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required let only a user through
    return request.user


def _posted_version(request: HttpRequest) -> int | None:
    """The case's version as the posting page showed it (None if the form sent none)."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _not_taken(
    request: HttpRequest,
    inspection: Inspection,
    access: Access,
    case: Case,
    error: casework.StaleCaseError | casework.PublishedError | None,
    not_done: str,
    assign_form: AssignForm | None = None,
) -> HttpResponse:
    """The overview of the case as it now stands, saying why the step was not taken: the
    case changed since the page was opened (409), the inspection was published meanwhile
    (403), or the form did not say which version of the case it showed (400)."""
    if isinstance(error, casework.StaleCaseError):
        now = error.case
        changed = casework.who_and_when(now.updated_by, now.updated_at)
        problem = (
            f"Case {case.case_id} was changed by {changed} after you opened it: it has not "
            f"been {not_done}. Check the case as it is now, then try again."
        )
        return overview(
            request, inspection, access, now, assign_form=assign_form, problems=[problem],
            status=409,
        )  # fmt: skip
    if isinstance(error, casework.PublishedError):
        inspection.refresh_from_db()
        return overview(request, inspection, access, case, problems=[str(error)], status=403)
    problem = (
        f"Case {case.case_id} has not been {not_done}: the form did not say which version of "
        "the case it showed. Check the case as it is now, then try again."
    )
    return overview(request, inspection, access, case, problems=[problem], status=400)


@login_required
@require_POST
def case_submit(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Submit the case for quality assurance, or list the key questions still unanswered."""
    inspection, access = inspection_for(request.user, inspection_id, allow=TEAM)
    case = case_for(request.user, inspection, access, case_id, edit=True)
    fw = framework_of(inspection)
    version = _posted_version(request)
    if version is None:
        return _not_taken(request, inspection, access, case, None, "submitted")
    try:
        casework.submit(fw, case, _user(request), version=version)
    except casework.IncompleteCaseError as e:
        return overview(request, inspection, access, case, missing=e.missing, status=400)
    except (casework.StaleCaseError, casework.PublishedError) as e:
        return _not_taken(request, inspection, access, case, e, "submitted")
    except casework.TransitionError as e:
        messages.error(request, str(e))
        return _back(inspection, case)
    messages.success(request, f"Case {case.case_id} submitted for quality assurance")
    return _back(inspection, case)


def _lead_case(
    request: HttpRequest, inspection_id: str, case_id: str
) -> tuple[Inspection, Access, Case]:
    """The inspection, the lead's access and the case, for a lead's change to the case."""
    inspection, access = inspection_for(request.user, inspection_id, allow=LEADS)
    if inspection.is_published:
        raise PermissionDenied("A published inspection cannot be changed")
    return inspection, access, case_for(request.user, inspection, access, case_id)


@login_required
@require_POST
def case_assign(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Assign the case to one of the inspection's inspectors (leads)."""
    inspection, access, case = _lead_case(request, inspection_id, case_id)
    form = AssignForm(request.POST, case=case, inspectors=casework.inspectors_of(inspection))
    if not form.is_valid():
        return overview(request, inspection, access, case, assign_form=form, status=400)
    assessor = form.cleaned_data["assessor"]
    not_done = f"assigned to {casework.display_name(assessor)}"
    version = _posted_version(request)
    if version is None:
        return _not_taken(request, inspection, access, case, None, not_done, form)
    try:
        casework.assign(case, assessor, _user(request), version=version)
    except (casework.StaleCaseError, casework.PublishedError) as e:
        # The lead's choice stays in the form, for them to assign again deliberately.
        return _not_taken(request, inspection, access, case, e, not_done, form)
    except casework.TransitionError as e:  # their part changed since the form was checked
        messages.error(request, str(e))
        return _back(inspection, case)
    messages.success(request, f"Case {case.case_id} {not_done}")
    return _back(inspection, case)


class _Step(Protocol):
    def __call__(self, case: Case, user: User, *, version: int) -> Case: ...


def _step(
    request: HttpRequest, inspection_id: str, case_id: str, step: _Step, done: str
) -> HttpResponse:
    inspection, access, case = _lead_case(request, inspection_id, case_id)
    version = _posted_version(request)
    if version is None:
        return _not_taken(request, inspection, access, case, None, done)
    try:
        step(case, _user(request), version=version)
    except (casework.StaleCaseError, casework.PublishedError) as e:
        return _not_taken(request, inspection, access, case, e, done)
    except casework.TransitionError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Case {case.case_id} {done}")
    return _back(inspection, case)


@login_required
@require_POST
def case_quality_assure(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Mark a submitted case as quality assured (leads)."""
    return _step(request, inspection_id, case_id, casework.quality_assure, "quality assured")


@login_required
@require_POST
def case_return(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Send the case back to its inspector, in progress (leads)."""
    return _step(
        request, inspection_id, case_id, casework.return_to_inspector, "returned to the inspector"
    )


@login_required
def case_history(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Every recorded change to the case and its answers (leads and administrators)."""
    inspection, access = inspection_for(request.user, inspection_id, allow=LEADS)
    case = case_for(request.user, inspection, access, case_id)
    context = {"inspection": inspection, "case": case, "changes": history.case_history(case)}
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
