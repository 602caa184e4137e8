"""Assignment and moderation at scale, from the case list: the lead ticks many cases and
assigns them to an inspector in one go, shares the unassigned cases evenly among chosen
inspectors, or quality-assures many submitted cases at once. Each is one of the workflow's
services (all or none); each ticked case carries the version the list showed, so a case
changed since is refused, and the list is shown again saying who changed which case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import dateformat, timezone
from django.views.decorators.http import require_POST

from probity.web.inspections import casework
from probity.web.inspections.models import Case
from probity.web.views.cases import case_list_page
from probity.web.views.workflow import actor_for, field_problems, status_of, store_for
from probity.workflow import services
from probity.workflow.errors import ForbiddenError, NotFoundError, StaleError, WorkflowError
from probity.workflow.policy import Action


def _chosen(request: HttpRequest) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """The cases ticked, each with the version the list showed; and the problems with them."""
    versions: dict[str, int] = {}
    problems = []
    for case_id in request.POST.getlist("case"):
        raw = request.POST.get(f"version-{case_id}", "")
        if raw.isascii() and raw.isdigit():
            versions[case_id] = int(raw)
        else:
            problems.append(
                ("cases", f"The list did not say which version of case {case_id} it showed: "
                 "open the list again")
            )  # fmt: skip
    return versions, problems


def _stale(inspection_id: str, versions: Mapping[str, int]) -> list[tuple[str, str]]:
    """Every ticked case changed since the list showed it, saying who changed it and when."""
    rows = Case.objects.filter(
        inspection__inspection_id=inspection_id, case_id__in=list(versions)
    ).select_related("updated_by")
    found = []
    for row in sorted(rows, key=lambda r: r.position):
        if row.version != versions[row.case_id]:
            who = casework.display_name(row.updated_by) or "someone else"
            when = row.updated_at and dateformat.format(
                timezone.localtime(row.updated_at), "H:i \\o\\n j F Y"
            )
            at = f" at {when}" if when else ""
            found.append(
                ("", f"Case {row.case_id} was changed by {who}{at} after you opened the list")
            )
    return found


def _take(
    request: HttpRequest,
    inspection_id: str,
    versions: Mapping[str, int],
    step: Callable[[], object],
    not_done: str,
    chosen_inspectors: list[str],
) -> HttpResponse | None:
    """Take the step; None when it is done, else the list again saying why not."""
    try:
        step()
    except (NotFoundError, ForbiddenError):
        raise
    except StaleError as e:
        problems = _stale(inspection_id, versions) or [("", str(e))]
        problems.append(
            ("", f"No case has been {not_done}. Check the cases as they are now, then try again.")
        )
        return case_list_page(request, inspection_id, errors=problems, chosen=versions,
                              chosen_inspectors=chosen_inspectors, status=409)  # fmt: skip
    except WorkflowError as e:
        problems = field_problems(e, {})
        problems.append(("", f"No case has been {not_done}."))
        return case_list_page(request, inspection_id, errors=problems, chosen=versions,
                              chosen_inspectors=chosen_inspectors, status=status_of(e))  # fmt: skip
    return None


def _plural(n: int) -> str:
    return f"{n} case{'s' if n != 1 else ''}"


@login_required
@require_POST
def cases_assign(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Assign every ticked case to the inspector chosen."""
    store, actor = store_for(request), actor_for(request)
    inspection = services.authorise(store, actor, Action.ASSIGN_CASES, inspection_id)
    versions, problems = _chosen(request)
    people = {str(u.pk): u for u in casework.inspectors_of(store.inspection_row(inspection_id))}
    assessor = people.get(request.POST.get("assessor", ""))
    if not versions and not problems:
        problems.append(("cases", "Select the cases to assign"))
    if assessor is None:
        problems.append(
            ("bulk-assessor", "Select one of this inspection's inspectors to assign the cases to")
        )
    if problems:
        return case_list_page(request, inspection_id, errors=problems, chosen=versions, status=400)
    assert assessor is not None
    plan = {case_id: (version, assessor.pk) for case_id, version in versions.items()}
    refused = _take(
        request, inspection.inspection_id, versions,
        lambda: services.assign(store, actor, inspection_id, plan), "assigned", [],
    )  # fmt: skip
    if refused is not None:
        return refused
    messages.success(request, f"{_plural(len(plan))} assigned to {casework.display_name(assessor)}")
    return redirect("cases", inspection_id)


@login_required
@require_POST
def cases_share(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Share the unassigned cases evenly among the inspectors ticked."""
    store, actor = store_for(request), actor_for(request)
    services.authorise(store, actor, Action.ASSIGN_CASES, inspection_id)
    people = {str(u.pk): u for u in casework.inspectors_of(store.inspection_row(inspection_id))}
    ticked = request.POST.getlist("inspector")
    chosen = [people[p] for p in ticked if p in people]
    if not chosen or len(chosen) != len(ticked):
        problem = ("share-inspectors", "Select the inspectors to share the unassigned cases among")
        return case_list_page(request, inspection_id, errors=[problem],
                              chosen_inspectors=ticked, status=400)  # fmt: skip
    done: list[object] = []

    def share() -> None:
        done.extend(services.share_unassigned(store, actor, inspection_id, [u.pk for u in chosen]))

    refused = _take(request, inspection_id, {}, share, "assigned", ticked)
    if refused is not None:
        return refused
    names = [casework.display_name(u) for u in chosen]
    among = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    if done:
        messages.success(request, f"{_plural(len(done))} shared among {among}")
    else:
        messages.info(request, "There were no unassigned cases to share")
    return redirect("cases", inspection_id)


@login_required
@require_POST
def cases_quality_assure(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Mark every ticked case quality assured (all or none: each must be submitted)."""
    store, actor = store_for(request), actor_for(request)
    services.authorise(store, actor, Action.QUALITY_ASSURE, inspection_id)
    versions, problems = _chosen(request)
    if not versions and not problems:
        problems.append(("cases", "Select the submitted cases to quality-assure"))
    if problems:
        return case_list_page(request, inspection_id, errors=problems, chosen=versions, status=400)
    refused = _take(
        request, inspection_id, versions,
        lambda: services.quality_assure(store, actor, inspection_id, versions),
        "quality assured", [],
    )  # fmt: skip
    if refused is not None:
        return refused
    messages.success(request, f"{_plural(len(versions))} quality assured")
    return redirect("cases", inspection_id)


urlpatterns = [
    path("moderation/assign/", cases_assign, name="cases-assign"),
    path("moderation/share/", cases_share, name="cases-share"),
    path("moderation/quality-assure/", cases_quality_assure, name="cases-quality-assure"),
]
