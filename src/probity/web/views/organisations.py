"""The organisation pages, for administrators (the policy's "manage organisations"): the tree
of the inspectorate, its regions and their units with the number of inspections of each unit;
a region or a unit added; one renamed or moved, its inspections' names following. The checks
are the model's (:mod:`probity.web.inspections.organisation_management`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from probity.web.inspections import organisation_management as manage
from probity.web.inspections.organisation_forms import OrganisationForm
from probity.web.inspections.organisations import Organisation, free_slug
from probity.web.inspections.people_forms import error_list
from probity.web.views.allowed import allowed_to
from probity.workflow.policy import Action

MAY = allowed_to(Action.MANAGE_ORGANISATIONS)


@MAY
def organisation_tree(request: HttpRequest) -> HttpResponse:
    """The inspectorate, its regions, each region's units, with their inspections."""
    nodes = manage.tree()
    context = {
        "inspectorates": [n for n in nodes if n.kind == "inspectorate"],
        "regions": [n for n in nodes if n.kind == "region"],
        "units": [n for n in nodes if n.kind == "unit"],
    }
    return render(request, "probity/organisations/tree.html", context)


def _checked(form: OrganisationForm, organisation: Organisation) -> None:
    """Put every problem the model finds with the organisation on the form (fields already
    found wrong by the form are not checked again)."""
    found_all = manage.problems(
        organisation, skip=frozenset(form.errors), with_clean=bool(organisation.kind)
    )
    for name, found in found_all.items():
        target = name if name in form.fields else None
        for problem in found:
            form.add_error(target, problem)


@MAY
@require_http_methods(["GET", "POST"])
def organisation_add(request: HttpRequest) -> HttpResponse:
    """Add a region or a unit; its slug is made from its name unless one is given."""
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        name = data.get("name", "")
        organisation = Organisation(
            name=name,
            kind=data.get("kind", ""),
            parent=form.parent_organisation(),
            slug=data.get("slug") or free_slug(name),
        )
        _checked(form, organisation)
        if not form.errors:
            try:
                manage.save(organisation, renamed_or_moved=False)
            except manage.SaveConflictError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, f"{organisation} added")
                return redirect("organisations")
    context = {"form": form, "errors": error_list(form)}
    return render(request, "probity/organisations/add.html", context)


@MAY
@require_http_methods(["GET", "POST"])
def organisation_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Rename or move an organisation (and change its slug while nothing uses it); its
    inspections take its new name and region."""
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)
    slug_fixed = manage.in_use(organisation)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        slug_fixed=slug_fixed,
    )
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        before = (organisation.name, organisation.parent_id)
        changed = Organisation.objects.get(pk=organisation.pk)
        changed.name = data.get("name", organisation.name)
        changed.parent = form.parent_organisation() if "parent" in data else organisation.parent
        if not slug_fixed:
            changed.slug = data.get("slug") or organisation.slug
        _checked(form, changed)
        if not form.errors:
            follow = (changed.name, changed.parent_id) != before
            try:
                renamed = manage.save(changed, renamed_or_moved=follow)
            except manage.SaveConflictError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, f"{changed} saved{_followed(renamed)}")
                return redirect("organisations")
    context = {
        "organisation": organisation,
        "form": form,
        "errors": error_list(form),
        "slug_fixed": slug_fixed,
    }
    return render(request, "probity/organisations/change.html", context)


def _followed(renamed: int) -> str:
    if not renamed:
        return ""
    return f": {renamed} inspection{'s' if renamed != 1 else ''} now carry its new names"


urlpatterns = [
    path("", organisation_tree, name="organisations"),
    path("add/", organisation_add, name="organisation-add"),
    path("<slug:slug>/change/", organisation_change, name="organisation"),
]
