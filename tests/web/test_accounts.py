"""Accounts: a user created with a role gets a one-time link to set their own password; no
password is chosen for anyone or shown. From the command line (``probity users add``,
``probity token create``) and through the set-password page."""

from __future__ import annotations

import re

import pytest
import typer
from django.contrib.auth.models import User
from django.core import mail
from typer.testing import CliRunner

from probity.web.account_commands import token_app, users_app
from probity.web.inspections.accounts import add_user, invite
from probity.web.inspections.organisations import UserRole
from probity.web.inspections.tokens import find_active
from probity.workflow.errors import InvalidError
from probity.workflow.model import Role

pytestmark = pytest.mark.pages

app = typer.Typer()
app.add_typer(users_app, name="users")
app.add_typer(token_app, name="token")
runner = CliRunner()
NEW_PASSWORD = "a-fictional-test-passphrase-41"  # for test users only


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def test_a_user_added_from_the_command_line_sets_their_own_password_through_the_link(db, client):
    result = runner.invoke(
        app, ["users", "add", "nadia", "--role", "lead", "--email", "nadia@example.org",
              "--name", "Nadia Lead"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="nadia")
    assert not user.has_usable_password()
    assert list(UserRole.objects.filter(user=user).values_list("role", flat=True)) == ["lead"]
    link = re.search(r"http\S+/set-password/\S+/", result.output).group(0)  # type: ignore[union-attr]
    [email] = mail.outbox
    assert email.to == ["nadia@example.org"]
    assert link in email.body
    form = client.get(path_of(link), follow=True)
    assert form.status_code == 200
    assert "Set your password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Password set" in done.content.decode()
    assert User.objects.get(username="nadia").check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(path_of(link), follow=True)
    assert "This link has expired" in again.content.decode()


def test_every_problem_with_a_new_user_is_named_and_nothing_is_created(db):
    add_user("taken", Role.INSPECTOR)
    with pytest.raises(InvalidError) as raised:
        add_user("taken", Role.VIEWER, organisation="nowhere", email="not-an-address")
    assert raised.value.problems == [
        "user name: 'taken' is taken",
        "e-mail: 'not-an-address' is not an e-mail address",
        "organisation: a viewer needs a unit or region; 'nowhere' is neither",
    ]
    result = runner.invoke(app, ["users", "add", "x y", "--role", "analyst"])
    assert result.exit_code == 2
    assert "user name: 'x y' must be" in result.output
    assert not User.objects.filter(username="x y").exists()


def test_an_invitation_from_a_lead_names_them_and_is_recorded(db):
    lead = add_user("lena", Role.LEAD, full_name="Lena Lead")
    user = add_user("ivan", Role.INSPECTOR, email="ivan@example.org")
    invite(user, lead)
    assert mail.outbox[0].body.startswith("Lena Lead has invited you to Probity.")
    assert user.invitations.count() == 1


def test_a_token_is_printed_once_and_only_its_hash_is_kept(db):
    add_user("tess", Role.ANALYST)
    result = runner.invoke(app, ["token", "create", "tess", "--name", "figures"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    found = find_active(token)
    assert found is not None
    assert found.user.username == "tess"
    assert token not in {found.key_hash, found.prefix}
    missing = runner.invoke(app, ["token", "create", "nobody"])
    assert missing.exit_code == 2
    assert "no active user" in missing.output
