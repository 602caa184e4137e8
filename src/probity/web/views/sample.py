"""The sample pages: the list of eligible cases uploaded (CSV or XLSX, every problem located
by row and column, nothing loaded if there is any) and its template; the planner, the draw
from a seed, and cases added to or dropped from the sample, each with a reason
(:mod:`probity.web.views.sample_draw`). The reading is :mod:`probity.bundle.eligible`'s, the
changes are the workflow's services."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from probity.bundle import DataError
from probity.bundle.eligible import eligible_template_csv, read_eligible, write_eligible_template
from probity.framework.models import Framework
from probity.web.inspections.sample_forms import UPLOAD_LIMIT, upload_problem
from probity.web.views.setup import setup_page
from probity.web.views.workflow import problems, sentence, status_of
from probity.workflow import services
from probity.workflow.errors import WorkflowError
from probity.workflow.policy import Action
from probity.workflow.sampling import EligibleCase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_FIELD = "eligible-file"


@dataclass(frozen=True)
class Share:
    """One value of a stratum attribute: its label, and how many cases have it in the list
    and in the sample (with their shares, as whole percentages)."""

    label: str
    eligible: int
    eligible_pct: int
    sampled: int = 0
    sampled_pct: int = 0


@dataclass(frozen=True)
class Breakdown:
    """A list of cases by one of the framework's sampling strata attributes."""

    label: str
    shares: tuple[Share, ...]


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def breakdowns(
    fw: Framework, eligible: Sequence[EligibleCase], sampled: Sequence[EligibleCase] = ()
) -> list[Breakdown]:
    """The eligible cases (and the sampled ones) by each stratum attribute of the framework's
    sampling section, labelled as its case profile labels them."""
    found = []
    by_id = {a.id: a for a in fw.case_profile.attributes}
    for attribute_id in fw.sampling.strata:
        a = by_id.get(attribute_id)
        listed = Counter(c.attributes.get(attribute_id) for c in eligible)
        drawn = Counter(c.attributes.get(attribute_id) for c in sampled)
        values = [*(a.value_ids if a is not None else ()), *listed, *drawn]
        seen = list(dict.fromkeys(v for v in values if listed[v] or drawn[v]))
        shares = tuple(
            Share(
                a.value_label(v) if a is not None else str(v),
                listed[v],
                _pct(listed[v], len(eligible)),
                drawn[v],
                _pct(drawn[v], len(sampled)),
            )
            for v in seen
        )
        found.append(Breakdown(a.label if a is not None else attribute_id, shares))
    return found


def _eligible_page(
    request: HttpRequest,
    inspection_id: str,
    errors: Sequence[tuple[str, str]] = (),
    file_error: str = "",
    status: int = 200,
) -> HttpResponse:
    page = setup_page(request, inspection_id, Action.MANAGE_SAMPLE)
    fw = page.store.framework_of(inspection_id)
    eligible = page.store.eligible(inspection_id)
    context = {
        "inspection": page.inspection,
        "page": page,
        "fw": fw,
        "count": len(eligible),
        "breakdowns": breakdowns(fw, eligible),
        "errors": list(errors),
        "file_error": file_error,
        "limit_mb": UPLOAD_LIMIT // (1024 * 1024),
        "columns": ["case_id", *(a.id for a in fw.case_profile.attributes)],
    }
    return render(request, "probity/sample/eligible.html", context, status=status)


def _located(problem: object) -> str:
    """A problem of the list as the page says it: where (row and column), then what; the
    temporary file's name is not said."""
    place, message = getattr(problem, "place", ""), getattr(problem, "message", str(problem))
    return sentence(f"{place}: {message}") if place else sentence(message)


@login_required
@require_http_methods(["GET", "POST"])
def sample_eligible(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Upload the list of eligible cases (replacing any uploaded before), or see it."""
    if request.method != "POST":
        return _eligible_page(request, inspection_id)
    page = setup_page(request, inspection_id, Action.MANAGE_SAMPLE)
    services.authorise(page.store, page.actor, Action.MANAGE_SAMPLE, inspection_id)
    upload = request.FILES.get(FILE_FIELD)
    wrong = upload_problem(upload)
    if wrong is not None or upload is None:
        return _eligible_page(
            request, inspection_id, [(FILE_FIELD, wrong or "")], wrong or "", status=400
        )
    fw = page.store.framework_of(inspection_id)
    suffix = Path((upload.name or "").lower()).suffix
    # read_eligible reads a path; the upload is written to a file of ours, removed after.
    with tempfile.TemporaryDirectory(prefix="probity-eligible-") as folder:
        path = Path(folder) / f"eligible{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            cases = read_eligible(path, fw)
        except DataError as e:
            found = [(FILE_FIELD, _located(p)) for p in e.problems]
            said = (
                f"The list has {len(found)} problem{'s' if len(found) != 1 else ''}: nothing "
                "was loaded. Correct the list and upload it again"
            )
            return _eligible_page(
                request, inspection_id, [(FILE_FIELD, said), *found], said, status=400
            )
    try:
        count = services.load_eligible(page.store, page.actor, inspection_id, cases)
    except WorkflowError as e:
        found = [(FILE_FIELD, p) for p in problems(e)]
        return _eligible_page(
            request, inspection_id, found, "Nothing was loaded", status=status_of(e)
        )
    messages.success(request, f"The list of {count} eligible case{'s' if count != 1 else ''} "
                              "is loaded")  # fmt: skip
    return redirect("sample-eligible", inspection_id)


@login_required
def sample_template(request: HttpRequest, inspection_id: str, fmt: str) -> HttpResponse:
    """The empty list of eligible cases under the inspection's framework: CSV or XLSX."""
    page = setup_page(request, inspection_id, Action.MANAGE_SAMPLE)
    fw = page.store.framework_of(inspection_id)
    name = f"{inspection_id}-eligible-cases.{fmt}"
    if fmt == "csv":
        response = HttpResponse(eligible_template_csv(fw), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        with tempfile.TemporaryDirectory(prefix="probity-template-") as folder:
            path = Path(folder) / name
            write_eligible_template(fw, path)
            response = HttpResponse(path.read_bytes(), content_type=XLSX)
    else:
        raise Http404("No such template")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
