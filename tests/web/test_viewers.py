"""Who reads an inspection by the roles they hold: a viewer of its unit, of its unit's region,
or with a viewer's part in it reads it once published, and a unit of the same name elsewhere
is another unit; a user holding the administrator's role is an administrator, as a superuser
is."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from probity.bundle import read_bundle
from probity.framework import load_framework
from probity.web.inspections import access, mapping
from probity.web.inspections.models import Inspection, Membership, Part
from probity.web.inspections.organisations import Role, UserRole
from probity.web.inspections.store import DjangoStore
from probity.workflow.errors import NotFoundError
from probity.workflow.policy import Standing, standing
from tests.bundles import valid_tables, write_csv_tables
from tests.web.second_factor import sign_in
from tests.web.team import INSPECTION_ID, Team

pytestmark = pytest.mark.pages

I = {"inspection_id": INSPECTION_ID}  # noqa: E741 (the kwargs of most routes)


def another(tmp_path, inspection_id: str, organisation: str, region: str) -> Inspection:
    """Another published inspection, of the organisation named, in the region named."""
    bundle = read_bundle(
        write_csv_tables(valid_tables(load_framework("hmip-adult-pdu-2021")), tmp_path / "other")
    )
    inspection = dataclasses.replace(
        bundle.inspection, inspection_id=inspection_id, organisation=organisation, region=region
    )
    stored = mapping.from_bundle(dataclasses.replace(bundle, inspection=inspection))
    stored.is_published = True
    stored.save()
    return stored


def publish(team: Team) -> None:
    team.inspection.is_published = True
    team.inspection.save()


def actor(user: User):
    return DjangoStore().actor_of(user)


def standing_of(user: User, inspection: Inspection) -> Standing | None:
    store = DjangoStore()
    return standing(store.actor_of(user), store.inspection(inspection.inspection_id))


def report_status(client, user: User, inspection_id: str = INSPECTION_ID) -> int:
    sign_in(client, user)
    return client.get(reverse("report", kwargs={"inspection_id": inspection_id})).status_code


def test_a_units_viewer_reads_its_published_reports_and_no_other_units(client, team, tmp_path):
    assert report_status(client, team.viewer) == 404  # not yet published
    publish(team)
    # The same name in another region is another unit.
    namesake = another(tmp_path, "namesake-2026", "Test PDU", "Other region")
    assert namesake.unit_id != team.inspection.unit_id
    assert report_status(client, team.viewer) == 200
    assert report_status(client, team.viewer, "namesake-2026") == 404
    assert list(access.visible_inspections(actor(team.viewer))) == [team.inspection]


def test_a_regions_viewer_reads_every_unit_of_the_region(client, team, tmp_path):
    publish(team)
    neighbour = another(tmp_path, "neighbour-2026", "Next PDU", "Test region")
    elsewhere = another(tmp_path, "elsewhere-2026", "Far PDU", "Other region")
    leader = User.objects.create_user("regional_leader")
    assert team.inspection.unit is not None
    UserRole.objects.create(user=leader, role=Role.VIEWER, organisation=team.inspection.unit.parent)
    assert report_status(client, leader) == 200
    assert report_status(client, leader, "neighbour-2026") == 200
    assert report_status(client, leader, "elsewhere-2026") == 404
    assert set(access.visible_inspections(actor(leader))) == {team.inspection, neighbour}
    assert standing_of(leader, elsewhere) is None
    sign_in(client, leader)
    assert client.get(reverse("dashboard", kwargs=I)).status_code == 403  # reports only


def test_a_viewers_part_in_an_inspection_reads_it_once_published_and_nothing_else(client, team):
    guest = User.objects.create_user("guest")
    Membership.objects.create(user=guest, inspection=team.inspection, role=Part.VIEWER)
    assert report_status(client, guest) == 404
    assert not access.visible_inspections(actor(guest)).exists()
    publish(team)
    assert report_status(client, guest) == 200
    assert standing_of(guest, team.inspection) is Standing.VIEWER
    for name, kwargs in [("dashboard", I), ("cases", I), ("domain-one", I)]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name


def test_the_administrators_role_makes_an_administrator_as_a_superuser_is(client, team):
    assert actor(team.admin).has(Role.ADMIN)  # a superuser, holding no role
    chief = User.objects.create_user("chief")
    assert not actor(chief).has(Role.ADMIN)
    UserRole.objects.create(user=chief, role=Role.ADMIN)
    assert actor(chief).has(Role.ADMIN)
    assert standing_of(chief, team.inspection) is Standing.ADMIN
    sign_in(client, chief)
    assert client.get(reverse("dashboard", kwargs=I)).status_code == 200
    chief.is_active = False
    chief.save()
    with pytest.raises(NotFoundError):  # a deactivated user is nobody
        actor(chief)
