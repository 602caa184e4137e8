"""The sample page: the planner (population: the eligible cases; margin, confidence and
expected proportion from the framework's sampling section, editable), the draw from a seed
(offered at random, shown, and recorded with the size so that the draw can be made again),
the sample by stratum against the list's shares, and the cases added or dropped since, each
with who, when and why."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from probity.web.inspections.casework import display_name
from probity.web.inspections.govuk_fields import error_summary
from probity.web.inspections.models import Case
from probity.web.inspections.sample import SampleChange, SampleDraw
from probity.web.inspections.sample_forms import (
    REASON_LIMIT,
    DrawForm,
    PlannerForm,
    new_seed,
    reason_problem,
)
from probity.web.views.sample import breakdowns, sample_eligible, sample_template
from probity.web.views.setup import SetupPage, setup_page
from probity.web.views.workflow import field_problems, problems, status_of
from probity.workflow import services
from probity.workflow.errors import InvalidError, NotAllowedNowError, WorkflowError
from probity.workflow.planner import achieved_margin, sample_size
from probity.workflow.policy import Action
from probity.workflow.sampling import EligibleCase


def _sampled(page: SetupPage, inspection_id: str) -> list[Case]:
    return list(
        Case.objects.filter(inspection=page.inspection).select_related("assessor")
        .order_by("position")
    )  # fmt: skip


def _sample_page(
    request: HttpRequest,
    inspection_id: str,
    draw_form: DrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = setup_page(request, inspection_id, Action.MANAGE_SAMPLE)
    fw = page.store.framework_of(inspection_id)
    eligible = page.store.eligible(inspection_id)
    cases = _sampled(page, inspection_id)
    planner = PlannerForm(request.GET, fw.sampling)
    chosen = planner.fractions()
    plan = None
    if chosen is not None and eligible:
        plan = sample_size(len(eligible), *chosen)
    if draw_form is None:
        draw_form = DrawForm(initial={"size": str(plan.size) if plan else "", "seed": new_seed()})
    drawn = SampleDraw.objects.filter(inspection=page.inspection).order_by("-at", "-pk").first()
    in_sample = [EligibleCase(c.case_id, dict(c.attributes)) for c in cases]
    margin = None
    if cases and eligible and len(cases) <= len(eligible):
        margin = achieved_margin(
            len(cases), len(eligible), fw.sampling.confidence, fw.sampling.expected
        )
    changes = SampleChange.objects.filter(inspection=page.inspection).select_related("by")
    context = {
        "inspection": page.inspection,
        "page": page,
        "fw": fw,
        "eligible": len(eligible),
        "planner": planner,
        "plan": plan,
        "draw_form": draw_form,
        "errors": [*error_summary(planner), *error_summary(draw_form)],
        "drawn": drawn,
        "cases": cases,
        "margin_pp": None if margin is None else round(margin * 100, 1),
        "confidence_pct": round(fw.sampling.confidence * 100, 1),
        "breakdowns": breakdowns(fw, eligible, in_sample) if cases else [],
        "changes": [
            {"change": c, "by": display_name(c.by) or "Someone no longer a user"}
            for c in changes.order_by("-at", "-pk")
        ],
        "not_started": "not_started",
    }
    return render(request, "probity/sample/sample.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sample(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The planner and the draw (GET); draw the sample (POST: size and seed)."""
    if request.method != "POST":
        return _sample_page(request, inspection_id)
    page = setup_page(request, inspection_id, Action.MANAGE_SAMPLE)
    services.authorise(page.store, page.actor, Action.MANAGE_SAMPLE, inspection_id)
    form = DrawForm(request.POST)
    chosen = form.values()
    if chosen is None:
        return _sample_page(request, inspection_id, form, status=400)
    size, seed = chosen
    try:
        made = services.draw(page.store, page.actor, inspection_id, size, seed)
    except (InvalidError, NotAllowedNowError) as e:
        # The workflow's problems with a draw are the size's (more than the list has), but
        # one not allowed now (drawn already) is the page's.
        field = None if isinstance(e, NotAllowedNowError) else "size"
        for problem in problems(e):
            form.add_error(field, problem)
        return _sample_page(request, inspection_id, form, status=status_of(e))
    messages.success(request, f"The sample is drawn: {made.size} cases, seed {made.seed}")
    return redirect("sample", inspection_id)


def _reason(data: Mapping[str, str]) -> str:
    return str(data.get("reason", "")).strip()


@login_required
@require_http_methods(["GET", "POST"])
def sample_add(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Add eligible cases to the sample, with the reason."""
    page = setup_page(request, inspection_id, Action.MANAGE_SAMPLE)
    chosen: list[str] = []
    errors: list[tuple[str, str]] = []
    reason = ""
    status = 200
    if request.method == "POST":
        services.authorise(page.store, page.actor, Action.MANAGE_SAMPLE, inspection_id)
        chosen, reason = request.POST.getlist("cases"), _reason(request.POST)
        too_long = reason_problem(reason)
        try:
            if too_long:
                raise InvalidError([f"reason: {too_long}"])
            services.add_to_sample(page.store, page.actor, inspection_id, chosen, reason)
        except WorkflowError as e:
            errors = field_problems(e, {"reason": "reason"})
            errors = [(f or "cases", p) for f, p in errors]
            status = status_of(e)
        else:
            messages.success(request, f"{len(chosen)} case{'s' if len(chosen) != 1 else ''} "
                                      "added to the sample")  # fmt: skip
            return redirect("sample", inspection_id)
    sampled = {c.case_id for c in page.store.cases(inspection_id)}
    fw = page.store.framework_of(inspection_id)
    strata = [a for a in fw.case_profile.attributes if a.id in fw.sampling.strata]
    offered = [
        {
            "case_id": c.case_id,
            "words": ", ".join(a.value_label(c.attributes.get(a.id)) for a in strata),
        }
        for c in page.store.eligible(inspection_id)
        if c.case_id not in sampled
    ]
    context = {
        "inspection": page.inspection,
        "page": page,
        "offered": offered,
        "chosen": chosen,
        "reason": reason,
        "reason_limit": REASON_LIMIT,
        "errors": errors,
        "cases_error": next((p for f, p in errors if f == "cases"), ""),
        "reason_error": next((p for f, p in errors if f == "reason"), ""),
    }
    return render(request, "probity/sample/add.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sample_drop(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """Drop a case (not started, with no answer) from the sample, with the reason."""
    page = setup_page(request, inspection_id, Action.MANAGE_SAMPLE)
    case = page.store.case_row(inspection_id, case_id)
    errors: list[tuple[str, str]] = []
    reason = ""
    status = 200
    if request.method == "POST":
        services.authorise(page.store, page.actor, Action.MANAGE_SAMPLE, inspection_id)
        reason = _reason(request.POST)
        too_long = reason_problem(reason)
        try:
            if too_long:
                raise InvalidError([f"reason: {too_long}"])
            services.drop_from_sample(page.store, page.actor, inspection_id, case_id, reason)
        except WorkflowError as e:
            errors = field_problems(e, {"reason": "reason"})
            status = status_of(e)
        else:
            messages.success(request, f"Case {case_id} is dropped from the sample")
            return redirect("sample", inspection_id)
    context = {
        "inspection": page.inspection,
        "page": page,
        "case": case,
        "reason": reason,
        "reason_limit": REASON_LIMIT,
        "errors": errors,
        "reason_error": next((p for f, p in errors if f == "reason"), ""),
    }
    return render(request, "probity/sample/drop.html", context, status=status)


urlpatterns = [
    path("sample/", sample, name="sample"),
    path("sample/eligible/", sample_eligible, name="sample-eligible"),
    path("sample/eligible/template.<str:fmt>", sample_template, name="sample-template"),
    path("sample/add/", sample_add, name="sample-add"),
    path("sample/cases/<str:case_id>/drop/", sample_drop, name="sample-drop"),
]
