"""Migrations carry stored inspections over unchanged, and back. On SQLite and PostgreSQL.

- 0004: every case's ten attribute columns, and those of every historical record of a case,
  move into ``attributes`` (so the history of changes survives); ``pdu`` becomes
  ``organisation``, the PDU viewers the organisation's viewers; going back restores the
  columns.
- 0005 to 0007: every inspection gets the unit (and region) records its names name, and
  every organisation viewer becomes a viewer's role of the unit(s) of that name, with its
  history; going back makes the viewers again.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .conftest import POSTGRES_PROBLEM

pytestmark = pytest.mark.integration

APP = "inspections"
BEFORE = (APP, "0003_judgement_version_published_report")
AFTER = (APP, "0004_case_attributes_framework_versions")

T1 = {
    "case_type": "community", "unpaid_work_only": False, "court_report": True, "rosh": "medium",
    "gender": "female", "ethnic_group": "white", "disability": False, "drug_misuse": True,
    "alcohol_misuse": False, "practitioner_grade": "PQiP",
}  # fmt: skip
# As T1 was when first imported, before a change kept in its history.
T1_BEFORE = T1 | {"rosh": "low", "court_report": False}
T2 = {
    "case_type": "post_custody", "unpaid_work_only": False, "court_report": False,
    "rosh": "very_high", "gender": "male", "ethnic_group": "asian", "disability": True,
    "drug_misuse": False, "alcohol_misuse": True, "practitioner_grade": "PO",
}  # fmt: skip


def _database(alias: str, name: str) -> Any:
    marks = [pytest.mark.django_db(databases=[alias], transaction=True)]
    if alias == "postgres" and POSTGRES_PROBLEM is not None:
        marks = []
    return pytest.param(alias, id=name, marks=marks)


DATABASES = [_database("default", "sqlite"), _database("postgres", "postgresql")]


@pytest.fixture(params=DATABASES)
def executor(request: pytest.FixtureRequest) -> Iterator[MigrationExecutor]:
    """A migration executor on the database, at migration 0003 of the inspections; the
    database is migrated to the latest again afterwards."""
    yield from executor_at(request.param, BEFORE)


def executor_at(alias: str, start: tuple[str, str]) -> Iterator[MigrationExecutor]:
    """A migration executor on the database, at ``start``; the database is migrated to the
    latest again afterwards."""
    if alias == "postgres" and POSTGRES_PROBLEM is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_PROBLEM} (CI=true: PostgreSQL is required)")
        pytest.skip(POSTGRES_PROBLEM)
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    executor.migrate([start])
    try:
        yield executor
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(executor: MigrationExecutor, target: tuple[str, str]) -> Any:
    """Migrate the inspections to ``target``; the models as they are there."""
    fresh = MigrationExecutor(executor.connection)
    fresh.migrate([target])
    return fresh.loader.project_state([target]).apps


def store_before(apps: Any, db: str) -> None:
    """An inspection as migration 0003 stored it: two cases, T1 changed once since import."""
    User = apps.get_model("auth", "User")
    Inspection = apps.get_model(APP, "Inspection")
    HistoricalInspection = apps.get_model(APP, "HistoricalInspection")
    Case = apps.get_model(APP, "Case")
    HistoricalCase = apps.get_model(APP, "HistoricalCase")
    PduViewer = apps.get_model(APP, "PduViewer")
    HistoricalPduViewer = apps.get_model(APP, "HistoricalPduViewer")

    viewer = User.objects.using(db).create(username="viewer")
    inspection = Inspection.objects.using(db).create(
        inspection_id="old-2026", pdu="Old PDU", region="Old region",
        framework="hmip-adult-pdu-2021", fieldwork_start=dt.date(2026, 6, 1),
        fieldwork_end=dt.date(2026, 6, 5),
    )  # fmt: skip
    HistoricalInspection.objects.using(db).create(
        id=inspection.pk, inspection_id="old-2026", pdu="Old PDU", region="Old region",
        framework="hmip-adult-pdu-2021", fieldwork_start=dt.date(2026, 6, 1),
        fieldwork_end=dt.date(2026, 6, 5), is_published=False,
        history_date=timezone.now(), history_type="+",
    )  # fmt: skip
    now = timezone.now()
    for position, (case_id, values, history) in enumerate(
        [("T1", T1, [T1_BEFORE, T1]), ("T2", T2, [T2])]
    ):
        case = Case.objects.using(db).create(
            inspection=inspection, position=position, case_id=case_id, inspector="Inspector A",
            **values,
        )  # fmt: skip
        for n, old in enumerate(history):
            HistoricalCase.objects.using(db).create(
                id=case.pk, case_id=case_id, inspector="Inspector A", version=n + 1,
                status="submitted", inspection_id=inspection.pk,
                history_date=now + dt.timedelta(seconds=n), history_type="+" if n == 0 else "~",
                history_change_reason="imported from bundle old-2026" if n == 0 else None,
                **old,
            )  # fmt: skip
    PduViewer.objects.using(db).create(user=viewer, pdu="Old PDU")
    HistoricalPduViewer.objects.using(db).create(
        id=1, pdu="Old PDU", user_id=viewer.pk, history_date=now, history_type="+"
    )


def test_the_cases_columns_and_their_history_move_into_attributes_and_back(executor):
    db = executor.connection.alias
    store_before(migrate(executor, BEFORE), db)

    apps = migrate(executor, AFTER)
    Case = apps.get_model(APP, "Case")
    HistoricalCase = apps.get_model(APP, "HistoricalCase")
    stored = {c.case_id: c.attributes for c in Case.objects.using(db).all()}
    assert stored == {"T1": T1, "T2": T2}
    assert all(type(stored["T1"][k]) is bool for k in ("court_report", "disability"))
    history = [
        (h.case_id, h.attributes)
        for h in HistoricalCase.objects.using(db).order_by("case_id", "history_date")
    ]
    assert history == [("T1", T1_BEFORE), ("T1", T1), ("T2", T2)]

    Inspection = apps.get_model(APP, "Inspection")
    inspection = Inspection.objects.using(db).get()
    assert (inspection.organisation, inspection.region) == ("Old PDU", "Old region")
    assert inspection.framework_hash == ""  # recorded when its framework is first needed
    historical = apps.get_model(APP, "HistoricalInspection").objects.using(db).get()
    assert historical.organisation == "Old PDU"
    viewer = apps.get_model(APP, "OrganisationViewer").objects.using(db).get()
    assert viewer.organisation == "Old PDU"
    past = apps.get_model(APP, "HistoricalOrganisationViewer").objects.using(db).get()
    assert past.organisation == "Old PDU"

    apps = migrate(executor, BEFORE)
    Case = apps.get_model(APP, "Case")
    back = {
        c.case_id: {k: getattr(c, k) for k in T1} for c in Case.objects.using(db).order_by("pk")
    }
    assert back == {"T1": T1, "T2": T2}
    HistoricalCase = apps.get_model(APP, "HistoricalCase")
    assert [
        h.rosh for h in HistoricalCase.objects.using(db).order_by("case_id", "history_date")
    ] == ["low", "medium", "very_high"]
    assert apps.get_model(APP, "PduViewer").objects.using(db).get().pdu == "Old PDU"


# Migrations 0005 to 0007: organisations as records, viewers as roles.
NAMES = (APP, "0004_case_attributes_framework_versions")
RECORDS = (APP, "0007_remove_organisation_viewer")
SLUG = re.compile(r"^[A-Za-z0-9-]+$")


@pytest.fixture(params=DATABASES)
def executor_at_names(request: pytest.FixtureRequest) -> Iterator[MigrationExecutor]:
    """A migration executor on the database, at migration 0004 (organisations by name)."""
    yield from executor_at(request.param, NAMES)


def store_names(apps: Any, db: str) -> dict[str, Any]:
    """Inspections and viewers as 0004 stored them: four inspections in two regions (and one
    in none), one unit name in both regions; viewers of a name two units bear, of a name no
    inspection bears, and of a region's name. The users by name."""
    User = apps.get_model("auth", "User")
    Inspection = apps.get_model(APP, "Inspection")
    OrganisationViewer = apps.get_model(APP, "OrganisationViewer")
    HistoricalOrganisationViewer = apps.get_model(APP, "HistoricalOrganisationViewer")
    users = {
        name: User.objects.using(db).create(username=name)
        for name in ("admin", "pdu_viewer", "gone_viewer", "region_viewer")
    }
    for inspection_id, organisation, region in [
        ("old-2026", "Old PDU", "Old region"), ("second-2026", "Second PDU", "Old region"),
        ("lone-2026", "Lone PDU", None), ("other-2026", "Old PDU", "Other region"),
    ]:  # fmt: skip
        Inspection.objects.using(db).create(
            inspection_id=inspection_id, organisation=organisation, region=region,
            framework="hmip-adult-pdu-2021", fieldwork_start=dt.date(2026, 6, 1),
            fieldwork_end=dt.date(2026, 6, 5),
        )  # fmt: skip
    then = timezone.now() - dt.timedelta(days=30)
    for user, name in [
        ("pdu_viewer", "Old PDU"),
        ("gone_viewer", "Gone PDU"),
        ("region_viewer", "Old region"),
    ]:
        viewer = OrganisationViewer.objects.using(db).create(user=users[user], organisation=name)
        if user == "pdu_viewer":
            HistoricalOrganisationViewer.objects.using(db).create(
                id=viewer.pk, organisation=name, user_id=users[user].pk, history_date=then,
                history_type="+", history_user_id=users["admin"].pk,
            )  # fmt: skip
    return users


def test_inspections_get_unit_records_and_viewers_become_roles_and_back(executor_at_names):
    db = executor_at_names.connection.alias
    users = store_names(migrate(executor_at_names, NAMES), db)

    apps = migrate(executor_at_names, RECORDS)
    Organisation = apps.get_model(APP, "Organisation")
    organisations = {
        (o.name, o.kind, o.parent.name if o.parent else None): o
        for o in Organisation.objects.using(db).select_related("parent")
    }
    assert set(organisations) == {
        ("Old region", "region", None), ("Other region", "region", None),
        ("Old PDU", "unit", "Old region"), ("Second PDU", "unit", "Old region"),
        ("Lone PDU", "unit", None), ("Old PDU", "unit", "Other region"),
        ("Gone PDU", "unit", None),  # a viewer's, which no inspection names
        ("Old region", "unit", "Old region"),  # a viewer's: never the whole region
    }  # fmt: skip
    slugs = [o.slug for o in organisations.values()]
    assert len(set(slugs)) == len(slugs)
    assert all(SLUG.match(s) and len(s) <= 50 for s in slugs)
    assert organisations["Old PDU", "unit", "Old region"].slug == "old-pdu"
    made = apps.get_model(APP, "HistoricalOrganisation").objects.using(db)
    assert made.filter(history_type="+").count() == len(organisations)

    Inspection = apps.get_model(APP, "Inspection")
    placed = {
        i.inspection_id: (i.unit.name, i.unit.parent.name if i.unit.parent else None)
        for i in Inspection.objects.using(db).select_related("unit__parent")
    }
    assert placed == {
        "old-2026": ("Old PDU", "Old region"), "second-2026": ("Second PDU", "Old region"),
        "lone-2026": ("Lone PDU", None), "other-2026": ("Old PDU", "Other region"),
    }  # fmt: skip
    for i in Inspection.objects.using(db).all():
        assert (i.organisation, i.region) == placed[i.inspection_id]
    history = apps.get_model(APP, "HistoricalInspection").objects.using(db)
    assert history.filter(history_type="~", unit__isnull=False).count() == 4

    UserRole = apps.get_model(APP, "UserRole")
    roles = {
        (
            r.user.username,
            r.organisation.name,
            r.organisation.parent.name if r.organisation.parent else None,
        )
        for r in UserRole.objects.using(db).select_related("user", "organisation__parent")
    }
    assert roles == {
        ("pdu_viewer", "Old PDU", "Old region"), ("pdu_viewer", "Old PDU", "Other region"),
        ("gone_viewer", "Gone PDU", None), ("region_viewer", "Old region", "Old region"),
    }  # fmt: skip
    assert set(UserRole.objects.using(db).values_list("role", flat=True)) == {"viewer"}
    past = apps.get_model(APP, "HistoricalUserRole").objects.using(db)
    one = UserRole.objects.using(db).filter(user_id=users["pdu_viewer"].pk).first()
    assert [
        (h.history_type, h.history_user_id, h.organisation_id)
        for h in past.filter(id=one.pk).order_by("history_date")
    ] == [("+", users["admin"].pk, one.organisation_id), ("~", None, one.organisation_id)]
    assert past.filter(user_id=users["gone_viewer"].pk).get().history_type == "+"
    with pytest.raises(LookupError):
        apps.get_model(APP, "OrganisationViewer")

    apps = migrate(executor_at_names, NAMES)
    viewers = apps.get_model(APP, "OrganisationViewer").objects.using(db)
    assert sorted(viewers.values_list("user__username", "organisation")) == [
        ("gone_viewer", "Gone PDU"), ("pdu_viewer", "Old PDU"), ("region_viewer", "Old region"),
    ]  # fmt: skip
    inspections = apps.get_model(APP, "Inspection").objects.using(db)
    assert sorted(inspections.values_list("organisation", "region")) == [
        ("Lone PDU", None), ("Old PDU", "Old region"), ("Old PDU", "Other region"),
        ("Second PDU", "Old region"),
    ]  # fmt: skip


def test_a_regions_viewer_made_again_going_back_views_each_unit_of_the_region(
    executor_at_names,
):
    db = executor_at_names.connection.alias
    store_names(migrate(executor_at_names, NAMES), db)
    apps = migrate(executor_at_names, RECORDS)
    Organisation = apps.get_model(APP, "Organisation")
    UserRole = apps.get_model(APP, "UserRole")
    region = Organisation.objects.using(db).get(name="Old region", kind="region")
    User = apps.get_model("auth", "User")
    leader = User.objects.using(db).create(username="regional_leader")
    UserRole.objects.using(db).create(user=leader, role="viewer", organisation=region)
    UserRole.objects.using(db).create(user=leader, role="analyst")

    apps = migrate(executor_at_names, NAMES)
    viewers = apps.get_model(APP, "OrganisationViewer").objects.using(db)
    assert sorted(
        viewers.filter(user__username="regional_leader").values_list("organisation", flat=True)
    ) == ["Old PDU", "Old region", "Second PDU"]  # the region's three units
