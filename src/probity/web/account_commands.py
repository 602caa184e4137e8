"""``probity users add`` and ``probity token create``: accounts from the command line, for the
first start (the first administrator) and for scripts. Each sets Django up itself, as
``probity import`` does. Exit status 2 with every problem named; nothing is written then."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from probity.bundle import Problem
from probity.web.commands import BY_OPTION, DATABASE_OPTION, _fail, _setup, command_user
from probity.workflow.model import Role

users_app = typer.Typer(help="Manage users.", no_args_is_help=True)
token_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)


@users_app.command("add")
def users_add_command(
    username: Annotated[str, typer.Argument(help="The new user's user name.")],
    role: Annotated[Role, typer.Option("--role", help="Their role.")],
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="A viewer's unit or region (its slug)."),
    ] = None,
    email: Annotated[str, typer.Option("--email", help="Their e-mail address.")] = "",
    name: Annotated[str, typer.Option("--name", help="Their full name.")] = "",
    database: Annotated[str, DATABASE_OPTION] = "default",
    by: Annotated[str | None, BY_OPTION] = None,
) -> None:
    """Create a user with a role and print a one-time link for them to set their password (and
    e-mail it to them, with --email)."""
    _setup(database)
    from probity.web.inspections.accounts import add_user, invite
    from probity.web.inspections.audit import record_event
    from probity.web.inspections.audit_actor import acting
    from probity.workflow.errors import InvalidError

    with acting(command_user(by, database)) as actor:
        try:
            user = add_user(
                username, role, organisation=organisation, email=email, full_name=name,
                using=database,
            )  # fmt: skip
        except InvalidError as e:
            _fail([Problem("users add", username, p) for p in e.problems])
        record_event(
            "user", f"User {username}", by=actor.user.pk if actor.user else None,
            actor=actor.label, new=f"created, {role.label}", using=database,
        )  # fmt: skip
        link = invite(user, actor.user, using=database)
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"Created {username} ({role.label}).", markup=False)
    out.print(f"One-time link to set their password: {link}", markup=False)


@token_app.command("create")
def token_create_command(
    username: Annotated[str, typer.Argument(help="Whose token it is.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "command line",
    database: Annotated[str, DATABASE_OPTION] = "default",
) -> None:
    """Issue a personal API token for a user and print it (it is shown this once only)."""
    _setup(database)
    from django.contrib.auth.models import User

    from probity.web.inspections.tokens import issue

    user = User.objects.using(database).filter(username=username, is_active=True).first()
    if user is None:
        _fail([Problem("token create", username, "no active user with this user name")])
    _, token = issue(user, name, using=database)
    print(token)
