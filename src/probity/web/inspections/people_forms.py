"""The forms of the people pages: a new user, and a role given to a user. A viewer's
organisation is chosen from the units and regions recorded (by slug), never typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.models import User

from probity.web.inspections.accounts import EMAIL, USERNAME
from probity.web.inspections.organisations import Organisation, OrganisationKind
from probity.web.inspections.user_management import viewable_organisations
from probity.workflow.model import Role

NAME_LENGTH = 150  # Django's first and last names: 150 characters each


@dataclass(frozen=True)
class OptionGroup:
    """Options of a select under one heading: (value, text) pairs."""

    label: str
    options: list[tuple[str, str]]


def organisation_groups(places: list[Organisation]) -> list[OptionGroup]:
    """Units and regions as a select offers them: each region (the whole region first, then
    its units), then the units in no region."""
    regions = sorted((p for p in places if p.kind == OrganisationKind.REGION), key=lambda p: p.name)
    units = sorted((p for p in places if p.kind == OrganisationKind.UNIT), key=lambda p: p.name)
    groups = [
        OptionGroup(
            region.name,
            [(region.slug, f"{region.name} (the whole region)")]
            + [(u.slug, u.name) for u in units if u.parent_id == region.pk],
        )
        for region in regions
    ]
    region_ids = {r.pk for r in regions}
    alone = [(u.slug, u.name) for u in units if u.parent_id not in region_ids]
    if alone:
        groups.append(OptionGroup("Units in no region", alone))
    return groups


class RoleFields(forms.Form):
    """A role, and the unit or region a viewer's role is of (ignored for the other roles)."""

    role = forms.ChoiceField(
        label="Role",
        choices=[(r.value, r.label) for r in Role],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role listed"},
    )
    organisation = forms.ChoiceField(
        label="Unit or region they view",
        required=False,
        error_messages={"invalid_choice": "Select a unit or region from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = organisation_groups(list(viewable_organisations()))
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "")] + [o for g in self.groups for o in g.options]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") == Role.VIEWER and not cleaned.get("organisation"):
            if "organisation" not in self.errors:
                self.add_error(
                    "organisation", "Select the unit or region this organisation viewer views"
                )
        elif cleaned.get("role") not in (None, Role.VIEWER):
            cleaned["organisation"] = ""  # only a viewer's role is of an organisation
        return cleaned

    def chosen_role(self) -> Role:
        """The role chosen (once valid)."""
        return Role(self.cleaned_data["role"])


class UserForm(RoleFields):
    """A new user: user name, full name, e-mail address (optional), their first role."""

    username = forms.CharField(
        label="User name",
        max_length=150,
        error_messages={
            "required": "Enter a user name",
            "max_length": "User name must be 150 characters or fewer",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=2 * NAME_LENGTH,
        error_messages={
            "required": "Enter their full name",
            "max_length": f"Full name must be {2 * NAME_LENGTH} characters or fewer",
        },
    )
    email = forms.CharField(
        label="E-mail address",
        required=False,
        max_length=254,
        error_messages={"max_length": "E-mail address must be 254 characters or fewer"},
    )

    field_order = ("username", "full_name", "email", "role", "organisation")

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if not USERNAME.match(username):
            raise forms.ValidationError(
                "User name must use only letters, digits and the characters . _ @ + -"
            )
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(f"The user name {username} is taken: choose another")
        return username

    def clean_full_name(self) -> str:
        name: str = " ".join(self.cleaned_data["full_name"].split())
        first, _, last = name.partition(" ")
        if len(first) > NAME_LENGTH or len(last) > NAME_LENGTH:
            raise forms.ValidationError(
                f"Each part of the full name must be {NAME_LENGTH} characters or fewer"
            )
        return name

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if email and not EMAIL.match(email):
            raise forms.ValidationError(
                "Enter an e-mail address in the correct format, like name@example.org"
            )
        return email


# The fields of the core's problems ("user name: …"), for problems found after the form's own
# checks (a name taken meanwhile).
PROBLEM_FIELDS = {
    "user name": "username",
    "e-mail": "email",
    "organisation": "organisation",
    "role": "role",
}


def add_problems(form: forms.Form, problems: list[str]) -> None:
    """Put the core's problems on the form's fields (or the whole form)."""
    for problem in problems:
        where, sep, what = problem.partition(": ")
        field = PROBLEM_FIELDS.get(where) if sep else None
        if field in form.fields:
            form.add_error(field, what[:1].upper() + what[1:])
        else:
            form.add_error(None, problem)


def error_list(form: forms.Form) -> list[tuple[str, str]]:
    """The form's errors for the GOV.UK error summary: (the field's id, the message), in the
    order of the fields; errors of the whole form link nowhere."""
    found = [("", str(e)) for e in form.non_field_errors()]
    for name in form.fields:
        found += [(form[name].auto_id, str(e)) for e in form.errors.get(name, [])]
    return found
