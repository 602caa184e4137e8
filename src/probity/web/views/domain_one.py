"""The inspectors' judgements on the standards rated by judgement (domain one in the adult
frameworks), each checked by the workflow (:func:`probity.workflow.services.judge`) against
the decision rules that the casework puts in force. The judgement page carries the version of
the judgement it showed, so that a save over someone else's later judgement is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path

from probity.framework.models import Framework, Standard
from probity.web.inspections.dashboard_model import dashboard_ratings, live_results, rating_words
from probity.web.inspections.frameworks import framework_change
from probity.web.views.workflow import (
    actor_for,
    changed,
    field_problems,
    sentence,
    status_of,
    store_for,
)
from probity.workflow import services
from probity.workflow.errors import (
    ForbiddenError,
    NotFoundError,
    PublishedError,
    StaleError,
    WorkflowError,
)
from probity.workflow.policy import Action, decide
from probity.workflow.store import Judgement

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
    """Each judged standard's judgement, evidence and caps in force (those who may read the
    ratings as they stand; those who may judge have a link to judge)."""
    store, actor = store_for(request), actor_for(request)
    facts = services.authorise(store, actor, Action.READ_RATINGS, inspection_id)
    inspection = store.inspection_row(inspection_id)
    results = live_results(inspection)
    ratings = dashboard_ratings(results)
    context = {
        "inspection": inspection,
        "framework_change": framework_change(inspection, results.framework),
        "rows": [r for d in ratings.domains for r in d.judged],
        "may_judge": decide(actor, Action.JUDGE, facts, today=store.today()).allowed,
        "casework_known": ratings.casework_known,
    }
    return render(request, "probity/domain_one/list.html", context)


@login_required
def judgement(request: HttpRequest, inspection_id: str, standard_id: str) -> HttpResponse:
    """Record the judgement on one judged standard (those the policy lets judge), refusing a
    rating above a decision-rule cap in force (400), and a save over a judgement changed
    since the page was opened (409); read-only for those who may only read it."""
    store, actor = store_for(request), actor_for(request)
    services.authorise(store, actor, Action.READ_RATINGS, inspection_id)
    fw = store.framework_of(inspection_id)
    if not fw.has_standard(standard_id) or not fw.standard(standard_id).rule.is_judgement:
        raise Http404("No such judged standard")
    standard = fw.standard(standard_id)
    current = store.judgement(inspection_id, standard_id)
    version = current.version if current else 0
    if request.method != "POST":
        form = JudgementForm(None, fw=fw, standard=standard, initial=_initial(current, version))
        return _judgement_page(request, inspection_id, standard, form)
    form = JudgementForm(request.POST, fw=fw, standard=standard)
    if not form.is_valid():
        if "version" in form.errors:
            # Shown against the judgement as it is now, with its version to save over it.
            form = _again(request.POST, version, fw=fw, standard=standard)
            form.add_error(None, form.no_version)
            recorded = _recorded(fw, current)
            return _judgement_page(request, inspection_id, standard, form, recorded, status=400)
        return _judgement_page(request, inspection_id, standard, form, status=400)
    rating = form.cleaned_data["rating"]
    try:
        services.judge(
            store, actor, inspection_id, standard_id, rating, form.cleaned_data["evidence"],
            form.cleaned_data["version"],
        )  # fmt: skip
    except StaleError as e:
        # Their choice stays in the form, which now carries the judgement's new version:
        # saving it again is a deliberate choice.
        form = _again(request.POST, e.version, fw=fw, standard=standard)
        form.add_error(
            None,
            f"The judgement on {standard.id} {standard.name} was changed by {changed(e)} "
            "after you opened this page. Your choice below is not saved: check it against "
            "the judgement recorded now, then save again.",
        )
        recorded = _recorded(fw, store.judgement(inspection_id, standard_id))
        return _judgement_page(request, inspection_id, standard, form, recorded, status=409)
    except PublishedError as e:  # published while the save was on its way
        form.add_error(None, str(e))
        return _judgement_page(request, inspection_id, standard, form, status=403)
    except (NotFoundError, ForbiddenError):
        raise
    except WorkflowError as e:
        for field, problem in field_problems(e, {"rating": "rating", "evidence": "evidence"}):
            form.add_error(field or None, problem)
        return _judgement_page(request, inspection_id, standard, form, status=status_of(e))
    label = fw.rating(rating).label
    messages.success(request, f"Judgement saved: {standard.id} {standard.name} is {label}")
    return redirect("domain-one", inspection_id=inspection_id)


def _initial(current: Judgement | None, version: int) -> dict[str, Any]:
    return {
        "rating": current.rating if current else None,
        "evidence": current.evidence if current else None,
        "version": version,
    }


def _judgement_page(
    request: HttpRequest,
    inspection_id: str,
    standard: Standard,
    form: JudgementForm,
    recorded: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """The judgement page: the caps in force as the casework stands, and the form (or the
    judgement, read-only, for those who may not judge now)."""
    store, actor = store_for(request), actor_for(request)
    facts = store.inspection(inspection_id)
    inspection = store.inspection_row(inspection_id)
    results = live_results(inspection)
    fw = results.framework
    ratings = dashboard_ratings(results)
    row = ratings.row(standard.id)
    in_force = {c.rule_id: c for c in row.caps}
    rules = [
        {"rule": rule, "cap": in_force.get(rule.id)} for rule in fw.decision_rules_for(standard.id)
    ]
    may = decide(actor, Action.JUDGE, facts, today=store.today())
    context = {
        "inspection": inspection,
        "standard": standard,
        "row": row,
        "rules": rules,
        "casework_known": ratings.casework_known,
        "framework_change": framework_change(inspection, fw),
        "form": form,
        "recorded": recorded,
        "may_judge": may.allowed,
        "not_now": "" if may.allowed else sentence(may.reason),
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
