"""A small fictional inspection and its team, stored in a test database: the three cases of
:mod:`tests.bundles`, a lead inspector, two inspectors, a viewer of the organisation's published
reports, an administrator, a quality lead and an analyst (who stand in every inspection by their
roles), and a user with no part in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User

from probity.bundle import read_bundle
from probity.framework import load_framework
from probity.web.inspections.mapping import from_bundle
from probity.web.inspections.models import Case, CaseStatus, Inspection, Membership, Part
from probity.web.inspections.organisations import Role, UserRole
from tests.bundles import valid_tables, write_csv_tables

PASSWORD = "fictional-test-password"  # test users only; never a real account
INSPECTION_ID = "test-pdu-2026"
PDU = "Test PDU"
REGION = "Test region"


@dataclass(frozen=True)
class Team:
    """The stored inspection and everyone with (or without) a part in it."""

    inspection: Inspection
    admin: User
    lead: User
    inspector_a: User  # assigned T1 and T3
    inspector_b: User  # assigned T2
    viewer: User  # reads Test PDU's published reports (a viewer's role of the unit)
    outsider: User  # signed in, no part in this inspection
    quality_lead: User  # moderates every inspection (the role), no part in this one
    analyst: User  # reads every published inspection (the role)

    def users(self) -> dict[str, User]:
        """Every user by the name of their part."""
        return {
            "admin": self.admin, "lead": self.lead, "inspector_a": self.inspector_a,
            "inspector_b": self.inspector_b, "viewer": self.viewer, "outsider": self.outsider,
            "quality_lead": self.quality_lead, "analyst": self.analyst,
        }  # fmt: skip


def make_team(folder: Path, using: str = "default") -> Team:
    """Import the small bundle (written into ``folder``) and create its team."""
    bundle = read_bundle(
        write_csv_tables(valid_tables(load_framework("hmip-adult-pdu-2021")), folder)
    )
    inspection = from_bundle(bundle, using=using)

    def user(name: str, **extra: object) -> User:
        u = User(username=name, first_name=name.replace("_", " ").title(), **extra)
        u.set_password(PASSWORD)
        u.save(using=using)
        return u

    admin = user("admin", is_superuser=True, is_staff=True)
    lead, a, b = user("lead"), user("inspector_a"), user("inspector_b")
    viewer, outsider = user("viewer"), user("outsider")
    Membership.objects.using(using).create(user=lead, inspection=inspection, role=Part.LEAD)
    for u in (a, b):
        Membership.objects.using(using).create(user=u, inspection=inspection, role=Part.INSPECTOR)
    UserRole.objects.using(using).create(
        user=viewer, role=Role.VIEWER, organisation=inspection.unit
    )
    quality_lead, analyst = user("quality_lead"), user("analyst")
    UserRole.objects.using(using).create(user=quality_lead, role=Role.QUALITY_LEAD)
    UserRole.objects.using(using).create(user=analyst, role=Role.ANALYST)
    cases = Case.objects.using(using).filter(inspection=inspection)
    cases.filter(case_id__in=["T1", "T3"]).update(assessor=a)
    cases.filter(case_id="T2").update(assessor=b)
    return Team(inspection, admin, lead, a, b, viewer, outsider, quality_lead, analyst)


def ready_to_publish(team: Team, using: str = "default") -> None:
    """What publication waits for, beside a full rating: every case quality-assured and the
    report at its final stage (reaching them is tested in tests/workflow/test_reviews.py)."""
    Case.objects.using(using).filter(inspection=team.inspection).update(
        status=CaseStatus.QUALITY_ASSURED
    )
    Inspection.objects.using(using).filter(pk=team.inspection.pk).update(report_stage="final")
