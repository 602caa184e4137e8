"""The lists the pages start from agree with the policy: an inspection is listed to exactly
those with a standing in it, with that standing, and its cases to exactly those the policy
lets read each (:mod:`probity.web.inspections.access`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from probity.bundle import read_bundle
from probity.framework import load_framework
from probity.web.inspections import access, mapping
from probity.web.inspections.models import Case, Inspection, Membership, Part
from probity.web.inspections.organisations import Role, UserRole
from probity.web.inspections.store import DjangoStore
from probity.workflow.policy import Action, decide, standing
from tests.bundles import valid_tables, write_csv_tables

pytestmark = pytest.mark.pages


def stored(folder: Path, inspection_id: str, unit: str, region: str, published: bool) -> str:
    """An inspection of the small bundle, of ``unit`` in ``region``."""
    bundle = read_bundle(
        write_csv_tables(valid_tables(load_framework("hmip-adult-pdu-2021")), folder)
    )
    record = dataclasses.replace(
        bundle.inspection, inspection_id=inspection_id, organisation=unit, region=region
    )
    row = mapping.from_bundle(dataclasses.replace(bundle, inspection=record))
    Inspection.objects.filter(pk=row.pk).update(is_published=published)
    return inspection_id


@pytest.fixture
def everyone(db: None, tmp_path: Path) -> dict[str, User]:
    """Three inspections (one not published) of three units, two in one region, and a user of
    every kind; returns the users by name."""
    open_one = stored(tmp_path / "a", "open-2026", "Unit A", "Region 1", published=False)
    stored(tmp_path / "b", "done-2025", "Unit B", "Region 1", published=True)
    stored(tmp_path / "c", "far-2025", "Unit C", "Region 2", published=True)
    users = {
        name: User.objects.create_user(name)
        for name in (
            "admin", "superuser", "lead", "inspector", "other_inspector", "quality", "analyst",
            "unit_viewer", "region_viewer", "far_viewer", "guest", "outsider", "done_inspector",
        )
    }  # fmt: skip
    User.objects.filter(username="superuser").update(is_superuser=True)
    open_row = Inspection.objects.get(inspection_id=open_one)
    unit_a = open_row.unit
    assert unit_a is not None
    assert unit_a.parent is not None
    roles = [
        ("admin", Role.ADMIN, None), ("quality", Role.QUALITY_LEAD, None),
        ("analyst", Role.ANALYST, None), ("lead", Role.LEAD, None),
        ("unit_viewer", Role.VIEWER, unit_a), ("region_viewer", Role.VIEWER, unit_a.parent),
        ("far_viewer", Role.VIEWER, Inspection.objects.get(inspection_id="far-2025").unit),
    ]  # fmt: skip
    for name, role, organisation in roles:
        UserRole.objects.create(user=users[name], role=role, organisation=organisation)
    for name, part in [("lead", Part.LEAD), ("inspector", Part.INSPECTOR),
                       ("other_inspector", Part.INSPECTOR), ("guest", Part.VIEWER)]:  # fmt: skip
        Membership.objects.create(user=users[name], inspection=open_row, role=part)
    done = Inspection.objects.get(inspection_id="done-2025")
    Membership.objects.create(user=users["guest"], inspection=done, role=Part.VIEWER)
    Membership.objects.create(user=users["done_inspector"], inspection=done, role=Part.INSPECTOR)
    cases = Case.objects.filter(inspection=open_row)
    cases.filter(case_id__in=["T1", "T3"]).update(assessor=users["inspector"])
    cases.filter(case_id="T2").update(assessor=users["other_inspector"])
    return users


def test_an_inspection_is_listed_to_exactly_those_with_a_standing_in_it(everyone):
    store = DjangoStore()
    for name, user in everyone.items():
        actor = store.actor(user.pk)
        expected = {}
        for row in Inspection.objects.all():
            where = standing(actor, store.inspection(row.inspection_id))
            if where is not None:
                expected[row.inspection_id] = where
        listed = {row.inspection_id: where for row, where in access.listed(actor)}
        assert listed == expected, name
        visible = set(access.visible_inspections(actor).values_list("inspection_id", flat=True))
        assert visible == set(expected), name


def test_the_world_has_every_kind_of_standing(everyone):
    """(So that the test above tests something.)"""
    store = DjangoStore()
    seen = {where for user in everyone.values() for _, where in access.listed(store.actor(user.pk))}
    assert {w.value for w in seen} == {
        "admin",
        "lead",
        "quality_lead",
        "inspector",
        "analyst",
        "viewer",
    }


def test_the_cases_listed_are_exactly_those_the_policy_lets_each_read(everyone):
    store = DjangoStore()
    today = store.today()
    for name, user in everyone.items():
        actor = store.actor(user.pk)
        for row in Inspection.objects.all():
            facts = store.inspection(row.inspection_id)
            listed = set(access.visible_cases(actor, row, facts).values_list("case_id", flat=True))
            readable = {
                c.case_id
                for c in store.cases(row.inspection_id)
                if decide(actor, Action.READ_CASES, facts, c, today=today)
            }
            assert listed == readable, (name, row.inspection_id)
            every = access.sees_every_case(actor, facts)
            assert every == (readable == {c.case_id for c in store.cases(row.inspection_id)}
                             and bool(readable)), (name, row.inspection_id)  # fmt: skip
