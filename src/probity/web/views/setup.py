"""Setting up an inspection in the browser: creating one, its set-up task list, and changing
its details until fieldwork ends. Every change is a workflow service
(:mod:`probity.workflow.services`); who may see and do what is the workflow's policy.

The set-up pages (these, the sample's and the team's) are for those the policy lets manage
the inspection's sample and team: others with a standing in it are refused with the policy's
reason, and those with none are told it does not exist. Once a change is no longer allowed
(fieldwork ended, or published) the pages still show what was set up, and say why it cannot
change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from probity.framework import available_frameworks
from probity.web.inspections import frameworks
from probity.web.inspections.govuk_fields import error_summary
from probity.web.inspections.models import Case, Inspection, Membership
from probity.web.inspections.organisations import Organisation, OrganisationKind
from probity.web.inspections.people_forms import OptionGroup
from probity.web.inspections.sample import EligibleCase, SampleDraw
from probity.web.inspections.setup_forms import DetailsForm, stored_details
from probity.web.inspections.store import DjangoStore
from probity.web.views.allowed import allowed_to
from probity.web.views.workflow import actor_for, field_problems, status_of, store_for
from probity.workflow import services
from probity.workflow.errors import ForbiddenError, InvalidError, WorkflowError
from probity.workflow.model import Actor, InspectionFacts, Part
from probity.workflow.policy import RULES, Action, Decision, decide, standing


@dataclass
class SetupPage:
    """A set-up page's inspection, for a user who may read it: the store, the actor, its
    facts and row, and whether the action the page does is allowed now (and why not)."""

    store: DjangoStore
    actor: Actor
    facts: InspectionFacts
    inspection: Inspection
    decision: Decision

    @property
    def may_change(self) -> bool:
        return self.decision.allowed

    @property
    def refusal(self) -> str:
        """Why the page's action cannot be taken now (empty when it can)."""
        reason = self.decision.reason
        return "" if self.may_change else reason[:1].upper() + reason[1:] + "."


def setup_page(request: HttpRequest, inspection_id: str, action: Action) -> SetupPage:
    """The inspection, for a user whose standing the policy lets take ``action`` (at some
    time): 404 for no standing at all, 403 with the policy's reason for another standing."""
    store, actor = store_for(request), actor_for(request)
    facts = services.authorise(store, actor, Action.READ_INSPECTION, inspection_id)
    decision = decide(actor, action, facts, today=store.today())
    if standing(actor, facts) not in RULES[action]:
        raise ForbiddenError(decision.reason[:1].upper() + decision.reason[1:])
    return SetupPage(store, actor, facts, store.inspection_row(inspection_id), decision)


def installed() -> list[tuple[str, str]]:
    """The frameworks installed now that load, as (id, title)."""
    found = []
    for fid in sorted({f.id for f in available_frameworks()}):
        fw = frameworks.installed_framework(fid)
        if fw is not None:
            found.append((fid, f"{fw.title} ({fid})"))
    return found


def unit_groups() -> list[OptionGroup]:
    """The units that may be inspected, grouped by their region."""
    units = Organisation.objects.filter(kind=OrganisationKind.UNIT).select_related("parent")
    groups: dict[str, list[tuple[str, str]]] = {}
    for unit in units.order_by("parent__name", "name"):
        region = unit.parent.name if unit.parent is not None else "Units in no region"
        groups.setdefault(region, []).append((unit.slug, unit.name))
    return [OptionGroup(label, options) for label, options in groups.items()]


def _details_page(
    request: HttpRequest, template: str, form: DetailsForm, status: int = 200, **context: object
) -> HttpResponse:
    return render(
        request, template, {"form": form, "errors": error_summary(form), **context}, status=status
    )


@allowed_to(Action.CREATE_INSPECTION)
@require_http_methods(["GET", "POST"])
def inspection_new(request: HttpRequest) -> HttpResponse:
    """Create an inspection; its creator leads it. Then its set-up task list."""
    posted = request.method == "POST"
    form = DetailsForm(
        request.POST if posted else None,
        creating=True,
        frameworks=installed(),
        units=unit_groups(),
    )
    template = "probity/setup/new.html"
    if not posted or not form.is_valid():
        return _details_page(request, template, form)
    store, actor = store_for(request), actor_for(request)
    try:
        made = services.create_inspection(store, actor, form.spec())
    except InvalidError as e:
        for name, problem in field_problems(e, form.problem_fields()):
            form.add_problem(name, problem)
        return _details_page(request, template, form, status=status_of(e))
    messages.success(request, f"Inspection {made.inspection_id} created: you lead it")
    return redirect("setup", made.inspection_id)


@login_required
def setup(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The set-up task list: each part of setting up, and how far it has gone."""
    page = setup_page(request, inspection_id, Action.MANAGE_SAMPLE)
    row = page.inspection
    eligible = EligibleCase.objects.filter(inspection=row).count()
    drawn = SampleDraw.objects.filter(inspection=row).order_by("-at", "-pk").first()
    cases = Case.objects.filter(inspection=row)
    total = cases.count()
    unassigned = cases.filter(assessor__isnull=True).count()
    inspectors = Membership.objects.filter(inspection=row, role=Part.INSPECTOR).count()
    context = {
        "inspection": row,
        "page": page,
        "eligible": eligible,
        "drawn": drawn,
        "total": total,
        "unassigned": unassigned,
        "inspectors": inspectors,
        "may_edit_details": decide(
            page.actor, Action.EDIT_SETUP, page.facts, today=page.store.today()
        ).allowed,
    }
    return render(request, "probity/setup/tasks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def setup_details(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Change the inspection's dates, sample windows and lead inspector's name, until
    fieldwork ends; its framework, unit and id stay as set."""
    page = setup_page(request, inspection_id, Action.EDIT_SETUP)
    posted = request.method == "POST"
    if posted:  # refused before the form is read: fieldwork ended, or published
        services.authorise(page.store, page.actor, Action.EDIT_SETUP, inspection_id)
    stored, rows = stored_details(page.inspection)
    form = DetailsForm(request.POST if posted else None, creating=False, rows=rows, initial=stored)
    fw = page.store.framework_of(inspection_id)
    template = "probity/setup/details.html"
    context: dict[str, Any] = {"inspection": page.inspection, "page": page, "fw": fw}
    if not posted or not form.is_valid():
        return _details_page(request, template, form, **context)
    try:
        services.update_inspection(page.store, page.actor, inspection_id, form.changes())
    except WorkflowError as e:
        if isinstance(e, ForbiddenError):  # fieldwork ended, or published, meanwhile
            page = setup_page(request, inspection_id, Action.EDIT_SETUP)
            context["page"] = page
        for name, problem in field_problems(e, form.problem_fields()):
            form.add_problem(name, problem)
        return _details_page(request, template, form, status=status_of(e), **context)
    messages.success(request, "The inspection’s details are saved")
    return redirect("setup", inspection_id)


urlpatterns = [
    path("setup/", setup, name="setup"),
    path("setup/details/", setup_details, name="setup-details"),
]
