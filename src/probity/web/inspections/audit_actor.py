"""Who a change is made by when no page's request says so: a command (``probity import``,
``probity users add``…) names its Probity user (``--by USERNAME``), or else the command line
and the login name of whoever ran it.

django-simple-history takes the author of a change from the row saved (``_history_user``,
set by :class:`~probity.web.inspections.store.DjangoStore`) or from the request of the page.
A command has no request, and a row kept from an earlier step still carries that step's
author: left alone, a command's changes would name no one, or whoever saved the row last.
Inside :func:`acting`, every history record written is the command's: its user, or (with
none) its change reason ends with "command line (login)".
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from probity.web.inspections.casework import display_name


@dataclass(frozen=True)
class CommandActor:
    """Who runs a command: their Probity user (None: none named) and their name as the audit
    trail gives it."""

    user: User | None
    label: str

    @property
    def user_id(self) -> int | None:
        """The Probity user's id (None: the command line's)."""
        return self.user.pk if self.user is not None else None


_ACTING: ContextVar[CommandActor | None] = ContextVar("probity_command_actor", default=None)


def command_line_label() -> str:
    """ "command line (login name)": the author of a command run without a Probity user."""
    try:
        login = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password file
        login = "unknown login"
    return f"command line ({login})"


@contextmanager
def acting(user: User | None) -> Iterator[CommandActor]:
    """Everything written inside is the command's: ``user``'s, or the command line's."""
    actor = CommandActor(user, display_name(user) if user is not None else command_line_label())
    token = _ACTING.set(actor)
    try:
        yield actor
    finally:
        _ACTING.reset(token)


def current() -> CommandActor | None:
    """The command acting now, or None (a page's request, or nothing)."""
    return _ACTING.get()


@receiver(pre_create_historical_record)
def _name_the_command(sender: Any, history_instance: Any, **kwargs: Any) -> None:
    """A history record written inside :func:`acting` names the command's author, whatever
    the row saved carries."""
    actor = _ACTING.get()
    if actor is None:
        return
    history_instance.history_user = actor.user
    if actor.user is None:
        reason = history_instance.history_change_reason
        history_instance.history_change_reason = (
            f"{reason} ({actor.label})" if reason else actor.label
        )
