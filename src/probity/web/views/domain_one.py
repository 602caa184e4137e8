"""Domain one: the inspectors' judgements on its standards, each checked by the core against
the decision rules that the casework puts in force. The judgement page carries the version of
the judgement it showed, so that a save over someone else's later judgement is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path

from probity.framework.models import Framework, Standard
from probity.web.inspections import casework
from probity.web.inspections.access import LEADS, TEAM, inspection_for
from probity.web.inspections.dashboard_model import (
    dashboard_ratings,
    live_results,
    rating_words,
)
from probity.web.inspections.frameworks import framework_change
from probity.web.inspections.judgements import (
    JudgementAboveCapError,
    StaleJudgementError,
    record_judgement,
    recorded_judgement,
)
from probity.web.inspections.models import Judgement

EVIDENCE_LIMIT = 10_000


class JudgementForm(forms.Form):
    """A rating of the framework's, the evidence for it, and the version of the judgement the
    page showed (0: none was recorded)."""

    rating = forms.ChoiceField(widget=forms.RadioSelect)
    evidence = forms.CharField(
        widget=forms.Textarea, required=False, label="Evidence", max_length=EVIDENCE_LIMIT
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

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
        self.fields["evidence"].error_messages["max_length"] = (
            f"Evidence for {standard.id} must be {EVIDENCE_LIMIT:,} characters or fewer"
        )
        # A page that does not say which judgement it showed cannot be checked against it.
        self.no_version = (
            f"The page did not say which judgement on {standard.id} it showed: check the "
            "judgement recorded now, then save again"
        )
        self.fields["version"].error_messages.update(
            required=self.no_version, invalid=self.no_version, min_value=self.no_version
        )


@login_required
def domain_one(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Each domain-one standard's judgement, evidence and caps in force (the team reads it;
    leads judge)."""
    inspection, access = inspection_for(request.user, inspection_id, allow=TEAM)
    results = live_results(inspection)
    ratings = dashboard_ratings(results)
    context = {
        "inspection": inspection,
        "framework_change": framework_change(inspection, results.framework),
        "rows": [r for d in ratings.domains for r in d.judged],
        "may_judge": access.leads and not inspection.is_published,
        "casework_known": ratings.casework_known,
    }
    return render(request, "probity/domain_one/list.html", context)


@login_required
def judgement(request: HttpRequest, inspection_id: str, standard_id: str) -> HttpResponse:
    """Record the judgement on one domain-one standard (leads and administrators), refusing a
    rating above a decision-rule cap in force, and a save over a judgement changed since the
    page was opened (409)."""
    inspection, _ = inspection_for(request.user, inspection_id, allow=LEADS)
    results = live_results(inspection)
    fw = results.framework
    if not fw.has_standard(standard_id) or not fw.standard(standard_id).rule.is_judgement:
        raise Http404("No such domain-one standard")
    if request.method == "POST" and inspection.is_published:
        raise PermissionDenied("A published inspection cannot be changed")
    standard = fw.standard(standard_id)
    ratings = dashboard_ratings(results)
    row = ratings.row(standard_id)
    current = recorded_judgement(inspection, standard_id)
    version = current.version if current else 0
    initial = {
        "rating": row.rating.id if row.rating else None,
        "evidence": row.evidence,
        "version": version,
    }
    form = JudgementForm(
        request.POST if request.method == "POST" else None, fw=fw, standard=standard,
        initial=initial,
    )  # fmt: skip
    status, recorded = 200, None
    if request.method == "POST" and form.is_valid():
        rating = form.cleaned_data["rating"]
        assert isinstance(request.user, User)
        try:
            record_judgement(
                inspection, standard_id, rating, form.cleaned_data["evidence"], results,
                version=form.cleaned_data["version"], user=request.user,
            )  # fmt: skip
        except JudgementAboveCapError as e:
            form.add_error("rating", str(e))
        except StaleJudgementError as e:
            # Their choice stays in the form, which now carries the judgement's new version:
            # saving it again is a deliberate choice.
            form = _again(request.POST, e.version, fw=fw, standard=standard)
            changed = casework.who_and_when(e.changed_by, e.changed_at)
            form.add_error(
                None,
                f"The judgement on {standard.id} {standard.name} was changed by {changed} "
                "after you opened this page. Your choice below is not saved: check it against "
                "the judgement recorded now, then save again.",
            )
            status, recorded = 409, _recorded(fw, e.judgement)
        except casework.PublishedError as e:  # published while the save was on its way
            inspection.refresh_from_db()
            form.add_error(None, str(e))
            status = 403
        else:
            label = fw.rating(rating).label
            messages.success(request, f"Judgement saved: {standard.id} {standard.name} is {label}")
            return redirect("domain-one", inspection_id=inspection.inspection_id)
    elif request.method == "POST" and "version" in form.errors:
        # Shown against the judgement as it is now, with its version to save over it.
        form = _again(request.POST, version, fw=fw, standard=standard)
        form.add_error(None, form.no_version)
        status, recorded = 400, _recorded(fw, current)
    in_force = {c.rule_id: c for c in row.caps}
    rules = [
        {"rule": rule, "cap": in_force.get(rule.id)} for rule in fw.decision_rules_for(standard_id)
    ]
    context = {
        "inspection": inspection,
        "standard": standard,
        "row": row,
        "rules": rules,
        "casework_known": ratings.casework_known,
        "framework_change": framework_change(inspection, fw),
        "form": form,
        "recorded": recorded,
        "errors": [
            ("" if name in ("__all__", "version") else form[name].auto_id, e)
            for name, es in form.errors.items()
            for e in es
        ],
    }
    return render(request, "probity/domain_one/judgement.html", context, status=status)


def _again(posted: QueryDict, version: int, **kwargs: Any) -> JudgementForm:
    """The form as posted, with the judgement's version as it is now."""
    data = posted.copy()
    data["version"] = str(version)
    form = JudgementForm(data, **kwargs)
    form.is_valid()
    return form


def _recorded(fw: Framework, judgement: Judgement | None) -> dict[str, Any]:
    """The judgement recorded now, in words, to set beside the user's own choice."""
    if judgement is None:
        return {"rating": None, "evidence": None}
    return {"rating": rating_words(fw, judgement.rating), "evidence": judgement.evidence}


urlpatterns = [
    path("domain-one/", domain_one, name="domain-one"),
    path("domain-one/<str:standard_id>/", judgement, name="judgement"),
]
