"""The report's review: its stage (draft, internal quality review, factual accuracy, final),
comments on its sections and their resolution, and corrections after publication
(:mod:`probity.workflow.reviews`)."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from probity.web.inspections.exports import record_export, report_version_form
from probity.web.inspections.frameworks import framework_of
from probity.web.views.workflow import actor_for, problems, store_for
from probity.workflow import reviews
from probity.workflow.access import authorise
from probity.workflow.errors import InvalidError, NotAllowedNowError
from probity.workflow.model import ReportStage
from probity.workflow.policy import Action, decide


def _act(request: HttpRequest, inspection_id: str) -> list[tuple[str, str]]:
    """Carry out the posted step; the errors to show (none: done)."""
    store, actor = store_for(request), actor_for(request)
    step = request.POST.get("step", "")
    try:
        if step == "move":
            to = ReportStage(request.POST.get("stage", ""))
            reviews.move_report(store, actor, inspection_id, to, request.POST.get("reason"))
            messages.success(request, f"The report is now at the stage: {to.label}")
        elif step == "comment":
            reviews.comment(store, actor, inspection_id, request.POST.get("section", ""),
                            request.POST.get("text", ""))  # fmt: skip
            messages.success(request, "Your comment is sent")
        elif step == "resolve":
            number = request.POST.get("comment", "")
            if not number.isdigit():
                raise InvalidError(["comment: choose one"])
            reviews.resolve_comment(store, actor, inspection_id, int(number),
                                    request.POST.get("resolution", ""))  # fmt: skip
            messages.success(request, "The comment is resolved")
        else:
            raise InvalidError(["step: not a step of the review"])
    except ValueError:
        return [("stage", "Choose a stage of the review")]
    except (InvalidError, NotAllowedNowError) as e:
        field = {"comment": "text", "resolve": f"resolution-{request.POST.get('comment')}"}
        return [(field.get(step, "step"), p) for p in problems(e)]
    return []


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The review page: the stage and where the lead may send it, the comments by section with
    their resolution, and a form to comment (for those who may, at this stage)."""
    store, actor = store_for(request), actor_for(request)
    found = reviews.comments(store, actor, inspection_id)  # refuses those who may not read
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        errors = _act(request, inspection_id)
        if not errors:
            return redirect("report-review", inspection_id=inspection_id)
        found = reviews.comments(store, actor, inspection_id)
    facts = store.inspection(inspection_id)
    today = store.today()
    inspection = store.inspection_row(inspection_id)
    sections = reviews.report_sections(framework_of(inspection))
    names = dict(sections)

    def may(action: Action) -> bool:
        return decide(actor, action, facts, today=today).allowed

    context = {
        "inspection": inspection,
        "stage": facts.report_stage,
        "stages": [(s, s.label) for s in ReportStage],
        "moves": reviews.stage_choices(facts.report_stage) if may(Action.MOVE_REPORT) else [],
        "may_comment": may(Action.COMMENT_REPORT),
        "may_resolve": may(Action.RESOLVE_COMMENT),
        "may_read_inspection": may(Action.READ_INSPECTION),
        "sections": sections,
        "comments": [
            (c, names.get(c.section, c.section), ReportStage(c.stage).label) for c in found
        ],
        "open": sum(not c.resolved for c in found),
        "errors": errors,
        "posted": request.POST if errors else {},
    }
    return render(request, "probity/report/review.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def report_correct(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Publish a correction: the report as its words now stand, as the next version, with a
    notice saying what was corrected."""
    store, actor = store_for(request), actor_for(request)
    authorise(store, actor, Action.CORRECT, inspection_id)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            number = reviews.correct(store, actor, inspection_id, request.POST.get("notice", ""))
        except (InvalidError, NotAllowedNowError) as e:
            errors = [("notice", p) for p in problems(e)]
        else:
            messages.success(request, f"Version {number} of the report is published")
            return redirect("report", inspection_id=inspection_id)
    context = {"inspection": store.inspection_row(inspection_id), "errors": errors,
               "notice": request.POST.get("notice", "")}  # fmt: skip
    return render(request, "probity/report/correct.html", context, status=400 if errors else 200)


@login_required
# A version carries its own style sheet inline, as the report does (django-csp types a view as
# taking the request alone, hence the ignore).
@csp_update({"style-src": [UNSAFE_INLINE]})  # type: ignore[arg-type]
def report_version(request: HttpRequest, inspection_id: str, number: int) -> HttpResponse:
    """One published version of the report, as it was published (recorded as an export)."""
    store, actor = store_for(request), actor_for(request)
    found = {v.number: v for v in reviews.versions(store, actor, inspection_id)}
    if number not in found:
        raise Http404("No such version")
    record_export(store, actor, inspection_id, report_version_form(number))
    return HttpResponse(found[number].html, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("report/review/", report_review, name="report-review"),
    path("report/correct/", report_correct, name="report-correct"),
    path("report/versions/<int:number>.html", report_version, name="report-version"),
]
