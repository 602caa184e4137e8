"""The form of the organisation pages: a region or a unit added, or one renamed or moved.
Its parent is chosen from the inspectorates and regions recorded (by slug), never typed; the
rules of what may sit under what are the model's (:meth:`Organisation.clean`), checked by
:func:`probity.web.inspections.organisation_management.problems`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from probity.web.inspections.organisations import SLUG_LENGTH, Organisation, OrganisationKind
from probity.web.inspections.people_forms import OptionGroup

NAME_LENGTH = 200
# What may be added here (the inspectorate is set up once, in the admin site).
ADDED_KINDS = [OrganisationKind.REGION, OrganisationKind.UNIT]


def parent_groups(exclude: Organisation | None = None) -> list[OptionGroup]:
    """The organisations something may sit under: the inspectorate(s), then the regions."""
    places = Organisation.objects.filter(
        kind__in=[OrganisationKind.INSPECTORATE, OrganisationKind.REGION]
    ).order_by("name")
    if exclude is not None and exclude.pk is not None:
        places = places.exclude(pk=exclude.pk)
    groups = []
    for kind, label in [
        (OrganisationKind.INSPECTORATE, "The inspectorate (for a region)"),
        (OrganisationKind.REGION, "Regions (for a unit)"),
    ]:
        options = [(p.slug, p.name) for p in places if p.kind == kind]
        if options:
            groups.append(OptionGroup(label, options))
    return groups


class OrganisationForm(forms.Form):
    """An organisation's name, kind (when it is added), parent and slug (while nothing uses
    the organisation). ``parent`` is the slug of the parent, or empty for none."""

    name = forms.CharField(
        label="Name",
        max_length=NAME_LENGTH,
        error_messages={
            "required": "Enter the organisation’s name",
            "max_length": f"Name must be {NAME_LENGTH} characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="What is it?",
        choices=[(k.value, k.label) for k in ADDED_KINDS],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether it is a region or a unit",
            "invalid_choice": "Select whether it is a region or a unit",
        },
    )
    parent = forms.ChoiceField(
        label="Where it sits",
        required=False,
        error_messages={"invalid_choice": "Select where it sits from the list"},
    )
    slug = forms.CharField(
        label="Slug",
        max_length=SLUG_LENGTH,
        required=False,
        validators=[
            RegexValidator(r"^[A-Za-z0-9-]+$", "Slug must use only letters, digits and hyphens")
        ],
        error_messages={
            "required": "Enter a slug",
            "max_length": f"Slug must be {SLUG_LENGTH} characters or fewer",
        },
    )

    def __init__(
        self,
        *args: Any,
        organisation: Organisation | None = None,
        slug_fixed: bool = False,
        **kwargs: Any,
    ) -> None:
        if organisation is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": organisation.name,
                    "parent": organisation.parent.slug if organisation.parent else "",
                    "slug": organisation.slug,
                },
            )
        super().__init__(*args, **kwargs)
        self.groups = parent_groups(organisation)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ChoiceField)
        parent.choices = [("", "")] + [o for g in self.groups for o in g.options]
        if organisation is not None:
            del self.fields["kind"]  # renamed or moved, never turned into another kind
            self.fields["slug"].required = True
        if slug_fixed:
            del self.fields["slug"]

    def parent_organisation(self) -> Organisation | None:
        """The parent chosen (once cleaned), or None."""
        slug = self.cleaned_data.get("parent")
        return Organisation.objects.filter(slug=slug).first() if slug else None
