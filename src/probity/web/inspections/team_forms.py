"""The forms of the team pages: a user given a part in the team (chosen from those who hold a
suitable role), and a new person invited as an inspector (their name and e-mail address).
Each notes every problem at once; the workflow and the accounts module decide the rest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.contrib.auth.models import User

from probity.web.inspections.accounts import EMAIL
from probity.web.inspections.govuk_fields import add_problem
from probity.workflow.model import Part

NAME_LIMIT = 300  # Django's first and last names: 150 characters each
EMAIL_LIMIT = 150  # the address is their user name too, and Django's user names stop at 150
PARTS = ((Part.INSPECTOR.value, "Inspector"), (Part.LEAD.value, "Lead inspector"))


def sentence(text: str) -> str:
    """A problem as the page says it: starting with a capital."""
    return text[:1].upper() + text[1:]


class MemberForm(forms.Form):
    """A user (by id, among ``options``: (user id, name)) and the part they take."""

    user = forms.ChoiceField(
        label="Who",
        error_messages={
            "required": "Select the person to add to the team",
            "invalid_choice": "Select the person to add to the team",
        },
    )
    part = forms.ChoiceField(
        label="Their part",
        choices=PARTS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select their part in the team",
            "invalid_choice": "Select their part in the team",
        },
    )

    def __init__(self, data: Mapping[str, Any] | None, options: Sequence[tuple[str, str]]) -> None:
        super().__init__(data, auto_id="%s")
        self.options, self.parts = list(options), PARTS
        user = self.fields["user"]
        assert isinstance(user, forms.ChoiceField)
        user.choices = self.options

    def chosen(self) -> tuple[int, Part] | None:
        """(user id, part), or None with each problem noted."""
        if not self.is_valid():
            return None
        return int(self.cleaned_data["user"]), Part(self.cleaned_data["part"])

    def add_problem(self, name: str, problem: str) -> None:
        """Say a problem (the workflow's) on a field."""
        add_problem(self, name, problem)


class InviteForm(forms.Form):
    """A new person's full name and e-mail address (which is their user name too)."""

    name = forms.CharField(
        label="Full name",
        max_length=NAME_LIMIT,
        error_messages={
            "required": "Enter their full name",
            "max_length": f"Full name must be {NAME_LIMIT} characters or fewer",
        },
    )
    email = forms.CharField(
        label="E-mail address",
        max_length=EMAIL_LIMIT,
        error_messages={
            "required": "Enter their e-mail address: their one-time link is sent there",
            "max_length": f"E-mail address must be {EMAIL_LIMIT} characters or fewer",
        },
    )

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data, auto_id="%s")

    def clean_email(self) -> str:
        address: str = self.cleaned_data["email"]
        if not EMAIL.match(address):
            raise forms.ValidationError(
                "Enter an e-mail address in the right form, like name@example.org"
            )
        if User.objects.filter(email__iexact=address).exists():
            raise forms.ValidationError(
                "Someone has this e-mail address already: add them from the list on the team "
                "page instead"
            )
        return address

    def add_problems(self, found: Sequence[str]) -> None:
        """Place the accounts module's or the workflow's problems ("user name: ...")."""
        for problem in found:
            name, _, rest = problem.partition(": ")
            if name == "user name" and rest:
                self.add_error(
                    "email", "This e-mail address cannot be used as a user name: " + rest
                )
            elif name == "e-mail" and rest:
                self.add_error("email", sentence(rest))
            else:
                self.add_error(None, sentence(problem))
