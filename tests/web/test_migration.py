"""Migration 0004 carries stored inspections over unchanged: every case's ten attribute
columns, and those of every historical record of a case, move into ``attributes`` (so the
history of changes survives); ``pdu`` becomes ``organisation``, the PDU viewers the
organisation's viewers; and going back restores the columns. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
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


@pytest.fixture(params=[_database("default", "sqlite"), _database("postgres", "postgresql")])
def executor(request: pytest.FixtureRequest) -> Iterator[MigrationExecutor]:
    """A migration executor on the database, at migration 0003 of the inspections; the
    database is migrated to the latest again afterwards."""
    alias: str = request.param
    if alias == "postgres" and POSTGRES_PROBLEM is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_PROBLEM} (CI=true: PostgreSQL is required)")
        pytest.skip(POSTGRES_PROBLEM)
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
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
