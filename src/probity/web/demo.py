"""The demonstration set-up: the demonstration inspection (``examples/demo``) in the database,
and a team to work on it, each with a fresh random password.

:func:`set_up_demo` replaces the inspection (its rows, memberships and history), creates or
resets the users ``lead`` (lead inspector), ``inspector1`` and ``inspector2`` (inspectors),
and shares the cases between the two inspectors: all the cases of one of the bundle's
assessor labels ("Inspector A", …) go to the same inspector, each label to whoever has fewer
cases so far. Running it again gives the same data and new passwords. The lead must give a
second factor: they have an authenticator set up with a fixed fictional key, printed beside
their password (an app set up with it once keeps working across starts); the inspectors have
none (it is optional for them). Django must be set up.
"""

from __future__ import annotations

import secrets
from base64 import b32encode
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from probity.bundle import read_bundle
from probity.web.inspections import audit_actor
from probity.web.inspections.mapping import from_bundle
from probity.web.inspections.models import Case, Inspection, Membership, Part

# The repository's examples/demo, next to src/ (a source checkout; an installed package has
# no examples, and is given the bundle's path).
DEFAULT_BUNDLE = Path(__file__).resolve().parents[3] / "examples" / "demo"
LEAD = "lead"
INSPECTORS = ("inspector1", "inspector2")
# The demonstration lead's authenticator key: fictional, published here, the same at every
# start; a demonstration is never a real service.
LEAD_TOTP_KEY = b"probity-demo-lead-01"


@dataclass(frozen=True)
class DemoUser:
    """One member of the demonstration team and the password just given to them."""

    username: str
    password: str
    role: Part
    cases: int  # cases assigned to them (none for the lead)
    totp_secret: str | None = None  # their authenticator's key in base32, as an app takes it


@dataclass(frozen=True)
class Demo:
    """The demonstration inspection as stored, and its team."""

    inspection: Inspection
    cases: int
    users: tuple[DemoUser, ...]


def set_up_demo(bundle_path: Path | None = None, *, using: str = DEFAULT_DB_ALIAS) -> Demo:
    """Import (replacing) the demonstration bundle and give it a team; one transaction.

    The database must be migrated. Raises :class:`FileNotFoundError` when there is no bundle
    at ``bundle_path`` (by default the repository's ``examples/demo``) and
    :class:`probity.bundle.DataError` when it is faulty.
    """
    path = bundle_path or DEFAULT_BUNDLE
    if not path.exists():
        raise FileNotFoundError(f"no demonstration bundle at {path}")
    bundle = read_bundle(path)
    # Run from the command line (``probity serve --demo``): its changes are the command line's.
    with audit_actor.acting(None), transaction.atomic(using=using):
        inspection = from_bundle(bundle, replace=True, using=using)
        lead, lead_password = _reset_user(LEAD, "Demo", "Lead", using)
        Membership.objects.using(using).create(user=lead, inspection=inspection, role=Part.LEAD)
        secret = _set_up_authenticator(lead, LEAD_TOTP_KEY, using)
        team = [DemoUser(LEAD, lead_password, Part.LEAD, 0, secret)]
        inspectors: list[tuple[User, str]] = []
        for number, name in enumerate(INSPECTORS, start=1):
            user, password = _reset_user(name, "Demo", f"Inspector {number}", using)
            _remove_devices(user, using)
            Membership.objects.using(using).create(
                user=user, inspection=inspection, role=Part.INSPECTOR
            )
            inspectors.append((user, password))
        cases = Case.objects.using(using).filter(inspection=inspection)
        shares = share_labels(Counter(cases.values_list("inspector", flat=True)), len(INSPECTORS))
        for (user, password), labels in zip(inspectors, shares, strict=True):
            assigned = cases.filter(inspector__in=labels).update(assessor=user)
            team.append(DemoUser(user.username, password, Part.INSPECTOR, assigned))
        _clear_lockouts([u.username for u in team], using)
    return Demo(inspection, cases.count(), tuple(team))


def share_labels(counts: Counter[str], people: int) -> list[list[str]]:
    """The assessor labels shared between ``people`` so that each has about as many cases:
    the label with most cases first, each to whoever has fewest so far (ties: the first)."""
    shares: list[list[str]] = [[] for _ in range(people)]
    totals = [0] * people
    for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        least = totals.index(min(totals))
        shares[least].append(label)
        totals[least] += count
    return shares


def demo_text(demo: Demo, url: str) -> str:
    """The block printed when the demonstration starts: where, who, and each password."""
    inspection = demo.inspection
    width = max(len(u.username) for u in demo.users) + 2
    keys = max(len(u.totp_secret or "-") for u in demo.users) + 2
    lines = [
        "Probity demonstration",
        f"  open:       {url}",
        f"  inspection: {inspection.organisation} ({inspection.inspection_id}), {demo.cases} cases",
        "",
        f"  {'user name':<{width}}{'password':<{len(demo.users[0].password) + 2}}"
        f"{'authenticator key':<{keys}}role",
    ]
    for u in demo.users:
        role = u.role.label if u.role is Part.LEAD else f"{u.role.label} ({u.cases} cases)"
        lines.append(f"  {u.username:<{width}}{u.password}  {u.totp_secret or '-':<{keys}}{role}")
    lines += [
        "",
        "  The passwords are new each time the demonstration starts, and its data is reset.",
        "  The lead also gives a code from an authenticator app: add the key above to the app",
        "  (typed in, time-based); it is fictional and the same at every start. The inspectors",
        "  may set one up under Sign-in security.",
    ]
    return "\n".join(lines)


def _reset_user(username: str, first: str, last: str, using: str) -> tuple[User, str]:
    """Create the user or reset them (active, no staff rights), with a new password."""
    password = secrets.token_urlsafe(12)
    user = User.objects.db_manager(using).filter(username=username).first() or User(
        username=username
    )
    user.first_name, user.last_name = first, last
    user.is_active, user.is_staff, user.is_superuser = True, False, False
    user.set_password(password)
    user.save(using=using)
    return user, password


def _set_up_authenticator(user: User, key: bytes, using: str) -> str:
    """Give the user a confirmed authenticator with this key (replacing any devices they had);
    the key in base32, as an authenticator app takes it."""
    _remove_devices(user, using)
    TOTPDevice.objects.using(using).create(
        user=user, name="Demonstration authenticator", key=key.hex(), confirmed=True
    )
    return b32encode(key).decode().rstrip("=")


def _remove_devices(user: User, using: str) -> None:
    """Forget the user's second-factor devices (a fresh demonstration)."""
    TOTPDevice.objects.using(using).filter(user=user).delete()
    StaticDevice.objects.using(using).filter(user=user).delete()


def _clear_lockouts(usernames: list[str], using: str) -> None:
    """Forget failed sign-ins of the demo users: their old passwords are gone."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.using(using).filter(username__in=usernames).delete()
