"""Domain one: the inspectors' judgements on its standards, each checked by the core against
the decision rules that the casework puts in force."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from probity.framework.models import Framework, Standard
from probity.web.inspections.access import LEADS, TEAM, inspection_for
from probity.web.inspections.live import (
    JudgementAboveCapError,
    caps_by_standard,
    live_results,
    record_judgement,
    standard_rows,
)


class JudgementForm(forms.Form):
    """A rating of the framework's, and the evidence for it."""

    rating = forms.ChoiceField(widget=forms.RadioSelect)
    evidence = forms.CharField(widget=forms.Textarea, required=False, label="Evidence")

    def __init__(self, *args: Any, fw: Framework, standard: Standard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rating = self.fields["rating"]
        assert isinstance(rating, forms.ChoiceField)
        rating.choices = [(r.id, r.label) for r in fw.ratings]
        rating.label = f"Rating for {standard.id} {standard.name}"
        rating.error_messages = {
            "required": f"Select a rating for {standard.id} {standard.name}",
            "invalid_choice": f"Select one of the ratings listed for {standard.id}",
        }


@login_required
def domain_one(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Each domain-one standard's judgement, evidence and caps in force (the team reads it;
    leads judge)."""
    inspection, access = inspection_for(request.user, inspection_id, allow=TEAM)
    results = live_results(inspection)
    context = {
        "inspection": inspection,
        "rows": [r for r in standard_rows(results) if r.kind == "judged"],
        "may_judge": access.leads and not inspection.is_published,
        "casework_known": caps_by_standard(results) is not None,
    }
    return render(request, "probity/domain_one/list.html", context)


@login_required
def judgement(request: HttpRequest, inspection_id: str, standard_id: str) -> HttpResponse:
    """Record the judgement on one domain-one standard (leads and administrators), refusing a
    rating above a decision-rule cap in force."""
    inspection, _ = inspection_for(request.user, inspection_id, allow=LEADS)
    results = live_results(inspection)
    fw = results.framework
    if not fw.has_standard(standard_id) or not fw.standard(standard_id).rule.is_judgement:
        raise Http404("No such domain-one standard")
    if request.method == "POST" and inspection.is_published:
        raise PermissionDenied("A published inspection cannot be changed")
    standard = fw.standard(standard_id)
    row = next(r for r in standard_rows(results) if r.id == standard_id)
    initial = {"rating": row.rating.id if row.rating else None, "evidence": row.evidence}
    form = JudgementForm(
        request.POST if request.method == "POST" else None, fw=fw, standard=standard,
        initial=initial,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        rating = form.cleaned_data["rating"]
        try:
            record_judgement(
                inspection, standard_id, rating, form.cleaned_data["evidence"], results
            )
        except JudgementAboveCapError as e:
            form.add_error("rating", str(e))
        else:
            label = fw.rating(rating).label
            messages.success(request, f"Judgement saved: {standard.id} {standard.name} is {label}")
            return redirect("domain-one", inspection_id=inspection.inspection_id)
    caps = caps_by_standard(results)
    in_force = {c.rule_id: c for c in row.caps}
    rules = [
        {"rule": rule, "cap": in_force.get(rule.id)} for rule in fw.decision_rules_for(standard_id)
    ]
    context = {
        "inspection": inspection,
        "standard": standard,
        "row": row,
        "rules": rules,
        "casework_known": caps is not None,
        "form": form,
        "errors": [(form[name].auto_id, e) for name, es in form.errors.items() for e in es],
    }
    return render(request, "probity/domain_one/judgement.html", context)


urlpatterns = [
    path("domain-one/", domain_one, name="domain-one"),
    path("domain-one/<str:standard_id>/", judgement, name="judgement"),
]
