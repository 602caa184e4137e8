"""Second looks at cases, over :mod:`probity.workflow.second_looks`: the lead marks cases for a
blind second assessment by a named inspector (``second-looks``); that inspector answers the
case's key questions again on a form that holds none of its first answers
(``case-second-look``); a quality lead or the lead reviews a submitted case with its answers
in view (``case-dip-sample``); the discrepancies between first and second answers, each with
a control to resolve it (``discrepancies``); and the agreement of first and second answers
(``agreement``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from probity.statistics.agreement import Statistic
from probity.statistics.agreement_report import AgreementReport
from probity.web.inspections import casework
from probity.web.views.workflow import actor_for, field_problems, status_of, store_for
from probity.workflow import second_looks as looks
from probity.workflow import services
from probity.workflow.errors import ForbiddenError, NotFoundError, WorkflowError
from probity.workflow.policy import Action, decide

ANSWER_LABELS = {"yes": "Yes", "no": "No", "na": "Not applicable"}


def _problems(error: WorkflowError) -> list[tuple[str, str]]:
    """The refusal's problems for the error summary, each linked to its question's field."""
    found = []
    for target, text in field_problems(error, {}):
        qid, _, rest = text.partition(": ")
        found.append((f"q-{qid}", text) if rest and not target else (target, text))
    return found


# --- Marking cases for a blind second assessment -------------------------------------------


@login_required
def second_looks_page(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The lead's page: the submitted cases with checkboxes and the inspector to name, and
    every second look asked for so far, open or done."""
    store, actor = store_for(request), actor_for(request)
    services.authorise(store, actor, Action.REQUEST_SECOND_LOOK, inspection_id)
    errors: list[tuple[str, str]] = []
    status = 200
    ticked = request.POST.getlist("case") if request.method == "POST" else []
    chosen = request.POST.get("inspector", "") if request.method == "POST" else ""
    inspection = store.inspection_row(inspection_id)
    people = {str(u.pk): u for u in casework.inspectors_of(inspection)}
    if request.method == "POST":
        if not ticked:
            errors.append(("cases", "Select the cases to assess a second time"))
        if chosen not in people:
            errors.append(("inspector", "Select the inspector to assess them a second time"))
        if not errors:
            try:
                looks.request_second_looks(store, actor, inspection_id, ticked, int(chosen))
            except (NotFoundError, ForbiddenError):
                raise
            except WorkflowError as e:
                errors, status = field_problems(e, {}), status_of(e)
            else:
                who = casework.display_name(people[chosen])
                n = len(ticked)
                messages.success(
                    request, f"{n} case{'s' if n != 1 else ''} marked for {who} to assess blind"
                )
                return redirect("second-looks", inspection_id)
        status = status if status != 200 else 400
    cases = [c for c in store.cases(inspection_id) if c.state in looks.LOOKED_AT]
    context = {
        "inspection": inspection,
        "cases": cases,
        "inspectors": [(str(u.pk), casework.display_name(u)) for u in people.values()],
        "requests": looks.second_looks(store, actor, inspection_id),
        "ticked": set(ticked),
        "chosen": chosen,
        "errors": errors,
    }
    return render(request, "probity/second_looks/mark.html", context, status=status)


# --- The blind form ------------------------------------------------------------------------


@login_required
def second_look(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """The blind second assessment: the case's key questions, empty; nothing of its first
    answers is read for this page."""
    store, actor = store_for(request), actor_for(request)
    asked = looks.blind_form(store, actor, inspection_id, case_id)
    errors: list[tuple[str, str]] = []
    given: dict[str, str] = {}
    if request.method == "POST":
        given = {q.question_id: request.POST.get(f"q-{q.question_id}", "") for q in asked}
        try:
            looks.record_blind(store, actor, inspection_id, case_id, given)
        except (NotFoundError, ForbiddenError):
            raise
        except WorkflowError as e:
            errors = _problems(e)
        else:
            messages.success(request, f"Your second assessment of case {case_id} is saved")
            return redirect("your-cases", inspection_id)
    context = {
        "inspection": store.inspection_row(inspection_id),
        "case_id": case_id,
        "questions": [
            {
                "q": q,
                "options": [(a, ANSWER_LABELS[a]) for a in q.allowed],
                "given": given.get(q.question_id, ""),
            }
            for q in asked
        ],
        "errors": errors,
    }
    return render(
        request, "probity/second_looks/blind.html", context, status=400 if errors else 200
    )


# --- The dip-sample review -----------------------------------------------------------------


@login_required
def dip_sample(request: HttpRequest, inspection_id: str, case_id: str) -> HttpResponse:
    """A dip-sample review of a submitted case: each key question with its first answer,
    agree or disagree, a disagreement with the reviewer's answer and the reason."""
    store, actor = store_for(request), actor_for(request)
    shown = looks.review_form(store, actor, inspection_id, case_id)
    errors: list[tuple[str, str]] = []
    post = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        verdicts = {}
        for q, _ in shown:
            choice = post.get(f"q-{q.question_id}", "")
            if choice == "agree":
                verdicts[q.question_id] = looks.Verdict(True)
            elif choice == "disagree":
                verdicts[q.question_id] = looks.Verdict(
                    False, post.get(f"answer-{q.question_id}", ""),
                    post.get(f"reason-{q.question_id}", ""),
                )  # fmt: skip
        try:
            looks.record_review(store, actor, inspection_id, case_id, verdicts)
        except (NotFoundError, ForbiddenError):
            raise
        except WorkflowError as e:
            errors = _problems(e)
        else:
            messages.success(request, f"Your review of case {case_id} is saved")
            return redirect("discrepancies", inspection_id)
    context = {
        "inspection": store.inspection_row(inspection_id),
        "case_id": case_id,
        "questions": [
            {
                "q": q,
                "first": ANSWER_LABELS[first],
                "choice": post.get(f"q-{q.question_id}", ""),
                "others": [(a, ANSWER_LABELS[a]) for a in q.allowed if a != first],
                "answer": post.get(f"answer-{q.question_id}", ""),
                "reason": post.get(f"reason-{q.question_id}", ""),
            }
            for q, first in shown
        ],
        "errors": errors,
    }
    return render(
        request, "probity/second_looks/dip_sample.html", context, status=400 if errors else 200
    )


# --- Discrepancies -------------------------------------------------------------------------


@login_required
def discrepancies(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Where first and second answers differ, a table per case, each with its resolution
    (or radios to resolve it); a POST resolves one."""
    store, actor = store_for(request), actor_for(request)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        case_id = request.POST.get("case", "")
        question_id = request.POST.get("question", "")
        answer = request.POST.get("resolved", "")
        try:
            looks.resolve(store, actor, inspection_id, case_id, question_id, answer)
        except (NotFoundError, ForbiddenError):
            raise
        except WorkflowError as e:
            errors = field_problems(e, {})
        else:
            messages.success(request, f"Case {case_id}, {question_id}: resolved as {answer}")
            return redirect("discrepancies", inspection_id)
    found = looks.list_discrepancies(store, actor, inspection_id)
    facts = store.inspection(inspection_id)
    by_case: dict[str, list[dict[str, Any]]] = {}
    for d in found:
        by_case.setdefault(d.case_id, []).append(
            {
                "d": d,
                "first": ANSWER_LABELS[d.first_answer],
                "second": ANSWER_LABELS[d.second_answer],
                "resolved": ANSWER_LABELS.get(d.resolved or "", ""),
                "options": [
                    (d.first_answer, ANSWER_LABELS[d.first_answer]),
                    (d.second_answer, ANSWER_LABELS[d.second_answer]),
                ],
            }
        )
    bundle = store.bundle(inspection_id)
    reasons = {(s.case_id, s.question_id, s.inspector): s.reason for s in bundle.second_answers}
    for rows in by_case.values():
        for row in rows:
            d = row["d"]
            row["reason"] = reasons.get((d.case_id, d.question_id, d.second_inspector)) or ""
    context = {
        "inspection": store.inspection_row(inspection_id),
        "cases": sorted(by_case.items()),
        "unresolved": sum(d.resolved is None for d in found),
        "may_resolve": decide(
            actor, Action.RESOLVE_DISCREPANCY, facts, today=store.today()
        ).allowed,
        "errors": errors,
    }
    return render(
        request, "probity/second_looks/discrepancies.html", context, status=400 if errors else 200
    )


# --- Agreement -----------------------------------------------------------------------------


def _statistic(s: Statistic) -> dict[str, str]:
    """A statistic as the page shows it: its value and interval, or "–" with the reason."""
    if s.value is None:
        return {"value": "–", "interval": "–", "reason": s.reason or ""}
    if s.interval is None:
        # A single pair: no interval means anything (the statistic's own reason says so).
        return {"value": f"{s.value:.2f}", "interval": "–", "reason": s.reason or "one pair"}
    low, high = s.interval
    return {"value": f"{s.value:.2f}", "interval": f"{low:.2f} to {high:.2f}", "reason": ""}


def _rows(report: AgreementReport, table: str) -> list[dict[str, Any]]:
    groups = getattr(report.groups, table)
    return [
        {
            "key": key,
            "pairs": result.pairs,
            "cases": len({p.case_id for p in groups[key]}),
            "observed": _statistic(result.observed),
            "kappa": _statistic(result.kappa),
            "ac1": _statistic(result.ac1),
        }
        for key, result in getattr(report, table).items()
    ]


@login_required
def agreement(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The agreement of first and second answers per key question, per standard and per pair
    of inspectors: observed agreement, Cohen's kappa and Gwet's AC1 with their intervals."""
    store, actor = store_for(request), actor_for(request)
    mode = request.GET.get("mode") or None
    if mode not in (None, looks.BLIND, looks.REVIEW):
        mode = None
    report = looks.agreement_of(store, actor, inspection_id, mode)
    context = {
        "inspection": store.inspection_row(inspection_id),
        "report": report,
        "mode": mode or "",
        "tables": [
            ("Per key question", "Key question", _rows(report, "key_questions")),
            ("Per standard", "Standard", _rows(report, "standards")),
            (
                "Per pair of inspectors",
                "First / second inspector",
                _rows(report, "inspector_pairs"),
            ),
        ],
    }
    return render(request, "probity/second_looks/agreement.html", context)


urlpatterns = [
    path("second-looks/", second_looks_page, name="second-looks"),
    path("cases/<str:case_id>/second-look/", second_look, name="case-second-look"),
    path("cases/<str:case_id>/dip-sample/", dip_sample, name="case-dip-sample"),
    path("discrepancies/", discrepancies, name="discrepancies"),
    path("agreement/", agreement, name="agreement"),
]
