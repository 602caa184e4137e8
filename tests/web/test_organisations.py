"""The web application's records of the workflow: organisations and the roles users hold, the
unit an import records, the case events, the sample, API tokens and the audit records; their
choices mirror the workflow's enums. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from probity.bundle import Bundle, read_bundle
from probity.framework import load_framework
from probity.web.inspections import mapping, organisations, tokens
from probity.web.inspections.audit import ExportRecord, Invitation
from probity.web.inspections.models import Case, CaseEvent, CaseStatus, Inspection, Part
from probity.web.inspections.organisations import (
    Organisation,
    OrganisationConflictError,
    OrganisationKind,
    Role,
    UserRole,
)
from probity.web.inspections.sample import EligibleCase, SampleChange, SampleDraw
from probity.workflow import model as workflow
from tests.bundles import valid_tables, write_csv_tables

KIND = OrganisationKind


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """The small bundle: Test PDU, in Test region."""
    folder: Path = tmp_path_factory.mktemp("bundle")
    return read_bundle(
        write_csv_tables(valid_tables(load_framework("hmip-adult-pdu-2021")), folder)
    )


def named(bundle: Bundle, inspection_id: str, organisation: str, region: str | None) -> Bundle:
    """The bundle as another inspection, of another organisation."""
    inspection = dataclasses.replace(
        bundle.inspection, inspection_id=inspection_id, organisation=organisation, region=region
    )
    return dataclasses.replace(bundle, inspection=inspection)


def org(database: str, name: str, kind: str, parent: Organisation | None = None) -> Organisation:
    return Organisation.objects.using(database).create(
        slug=organisations.free_slug(name, using=database), name=name, kind=kind, parent=parent
    )


def test_the_choices_mirror_the_workflows_enums():
    assert {r.value: r.label for r in Role} == {r.value: r.label for r in workflow.Role}
    assert [p.value for p in Part] == [p.value for p in workflow.Part]
    assert [(s.value, s.label) for s in CaseStatus] == [
        (s.value, s.label) for s in workflow.CaseState
    ]


def test_an_import_records_the_region_and_unit_its_names_name_and_reuses_them(database, bundle):
    first = mapping.from_bundle(bundle, using=database)
    unit = first.unit
    assert unit is not None
    assert (unit.name, unit.kind, unit.slug) == ("Test PDU", KIND.UNIT, "test-pdu")
    assert unit.parent is not None
    assert (unit.parent.name, unit.parent.kind, unit.parent.parent) == (
        "Test region", KIND.REGION, None,
    )  # fmt: skip
    assert (first.organisation, first.region) == ("Test PDU", "Test region")

    again = mapping.from_bundle(bundle, replace=True, using=database)
    second = mapping.from_bundle(
        named(bundle, "second-2026", "Test PDU", "Test region"), using=database
    )
    neighbour = mapping.from_bundle(
        named(bundle, "neighbour-2026", "Next PDU", "Test region"), using=database
    )
    assert again.unit_id == second.unit_id == unit.pk
    assert neighbour.unit is not None
    assert neighbour.unit.parent_id == unit.parent_id
    assert Organisation.objects.using(database).count() == 3
    assert Organisation.history.using(database).filter(history_type="+").count() == 3


def test_an_inspection_with_no_region_is_of_a_unit_at_the_top(database, bundle):
    inspection = mapping.from_bundle(named(bundle, "lone-2026", "Lone PDU", None), using=database)
    assert inspection.unit is not None
    assert (inspection.unit.parent, inspection.region) == (None, None)
    exported = mapping.to_bundle(inspection).inspection  # the names it was imported with
    assert (exported.organisation, exported.region) == ("Lone PDU", None)


def test_a_unit_is_never_made_where_another_kind_bears_the_name(database, bundle):
    org(database, "Test PDU", KIND.REGION)  # a region at the top, named as the unit would be
    with pytest.raises(OrganisationConflictError, match="Test PDU"):
        mapping.from_bundle(named(bundle, "x-2026", "Test PDU", None), using=database)
    assert not Inspection.objects.using(database).exists()  # nothing stored


def test_slugs_are_made_from_names_and_never_taken_twice(database):
    assert organisations.free_slug("Test PDU", using=database) == "test-pdu"
    org(database, "Test PDU", KIND.REGION)
    assert organisations.free_slug("Test_PDU ", using=database) == "test-pdu-2"
    assert organisations.free_slug("Ynys Môn", using=database) == "ynys-mon"
    assert organisations.free_slug("北", using=database) == "organisation"
    assert len(organisations.free_slug("x" * 80, using=database)) == 50
    bad = Organisation(slug="test_pdu!", name="Bad", kind=KIND.UNIT)
    with pytest.raises(ValidationError, match="slug"):
        bad.clean_fields()


def test_a_name_is_unique_among_siblings_and_among_those_at_the_top(database):
    region = org(database, "North", KIND.REGION)
    org(database, "Town", KIND.UNIT, region)
    other = org(database, "South", KIND.REGION)
    org(database, "Town", KIND.UNIT, other)  # the same name under another region
    for parent in (region, None):
        with pytest.raises(IntegrityError), transaction.atomic(using=database):
            Organisation.objects.using(database).create(
                slug="another", name="Town" if parent else "North", kind=KIND.UNIT, parent=parent
            )


def test_a_unit_sits_under_a_region_and_a_region_under_the_inspectorate(database):
    inspectorate = org(database, "HMI Probation", KIND.INSPECTORATE)
    region = org(database, "North", KIND.REGION, inspectorate)
    unit = org(database, "Town", KIND.UNIT, region)
    for kind, parent in [(KIND.UNIT, unit), (KIND.REGION, region), (KIND.UNIT, inspectorate)]:
        wrong = Organisation(slug="wrong", name="Wrong", kind=kind, parent=parent)
        with pytest.raises(ValidationError, match="cannot sit under"):
            wrong.clean()
    region.kind = KIND.UNIT  # its unit would sit under a unit
    with pytest.raises(ValidationError, match="cannot sit under"):
        region.clean()
    with pytest.raises(IntegrityError), transaction.atomic(using=database):
        Organisation.objects.using(database).filter(pk=inspectorate.pk).update(parent=region)


def test_a_unit_inspected_stays_a_unit_and_is_never_deleted(database, bundle):
    inspection = mapping.from_bundle(bundle, using=database)
    unit = inspection.unit
    assert unit is not None
    unit.kind = KIND.REGION
    unit.parent = None
    with pytest.raises(ValidationError, match="Inspections inspect this unit"):
        unit.clean()
    with pytest.raises(ProtectedError):
        Organisation.objects.using(database).filter(pk=unit.pk).delete()


def test_a_viewer_views_a_unit_or_a_region_and_each_role_is_held_once(database):
    user = User.objects.db_manager(database).create_user("someone")
    region = org(database, "North", KIND.REGION)
    inspectorate = org(database, "HMI Probation", KIND.INSPECTORATE)
    UserRole.objects.using(database).create(user=user, role=Role.VIEWER, organisation=region)
    UserRole.objects.using(database).create(user=user, role=Role.ANALYST)
    with pytest.raises(ValidationError, match="A viewer views a unit or a region"):
        UserRole(user=user, role=Role.VIEWER, organisation=inspectorate).clean()
    with pytest.raises(IntegrityError), transaction.atomic(using=database):
        UserRole.objects.using(database).create(user=user, role=Role.VIEWER)
    for organisation in (region, None):
        role = Role.VIEWER if organisation else Role.ANALYST
        with pytest.raises(IntegrityError), transaction.atomic(using=database):
            UserRole.objects.using(database).create(user=user, role=role, organisation=organisation)


def test_renaming_a_unit_or_its_region_renames_them_in_its_inspections(database, bundle):
    inspection = mapping.from_bundle(bundle, using=database)
    unit = inspection.unit
    assert unit is not None
    assert unit.parent is not None
    unit.name = "Renamed PDU"
    unit.save(using=database)
    assert organisations.rename_followed(unit, using=database) == 1
    unit.parent.name = "Renamed region"
    unit.parent.save(using=database)
    assert organisations.rename_followed(unit.parent, using=database) == 1
    inspection.refresh_from_db(using=database)
    assert (inspection.organisation, inspection.region) == ("Renamed PDU", "Renamed region")
    names = Inspection.history.using(database).filter(id=inspection.pk).order_by("history_date")
    assert [h.organisation for h in names][-2:] == ["Renamed PDU", "Renamed PDU"]


def test_a_case_keeps_its_workflow_steps_with_their_reasons(database, bundle):
    inspection = mapping.from_bundle(bundle, using=database)
    lead = User.objects.db_manager(database).create_user("lead")
    case = Case.objects.using(database).get(inspection=inspection, case_id="T1")
    for action, was, now, reason in [
        ("submit", CaseStatus.IN_PROGRESS, CaseStatus.SUBMITTED, None),
        ("return", CaseStatus.SUBMITTED, CaseStatus.RETURNED, "Evidence for 2.1 missing"),
    ]:
        CaseEvent.objects.using(database).create(
            case=case, action=action, by=lead, from_state=was, to_state=now, reason=reason
        )
    steps = case.events.using(database).all()
    assert [(e.action, e.to_state, e.reason) for e in steps] == [
        ("submit", "submitted", None), ("return", "returned", "Evidence for 2.1 missing"),
    ]  # fmt: skip
    lead.delete()
    assert case.events.using(database).filter(by=None).count() == 2  # the steps stay


def test_the_sample_its_draws_and_its_changes_are_kept(database, bundle):
    inspection = mapping.from_bundle(bundle, using=database)
    lead = User.objects.db_manager(database).create_user("lead")
    for i, case_id in enumerate(["E1", "E2", "E3"]):
        EligibleCase.objects.using(database).create(
            inspection=inspection, position=i, case_id=case_id, attributes={"rosh": "low"}
        )
    with pytest.raises(IntegrityError), transaction.atomic(using=database):
        EligibleCase.objects.using(database).create(inspection=inspection, position=9, case_id="E1")
    seed = 2**63 - 1
    SampleDraw.objects.using(database).create(
        inspection=inspection, seed=seed, size=2, strata=["rosh"], case_ids=["E3", "E1"], by=lead
    )
    SampleChange.objects.using(database).create(
        inspection=inspection, case_id="E1", kind="drop", reason="Transferred out", by=lead
    )
    draw = SampleDraw.objects.using(database).get()
    assert (draw.seed, draw.strata, draw.case_ids) == (seed, ["rosh"], ["E3", "E1"])
    assert [e.case_id for e in inspection.eligible_cases.using(database).all()] == [
        "E1", "E2", "E3",
    ]  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic(using=database):
        SampleChange.objects.using(database).create(
            inspection=inspection, case_id="E2", kind="swap", reason="?", by=lead
        )
    with pytest.raises(ProtectedError):  # who drew it is kept: deactivate them instead
        lead.delete()


def test_exports_and_invitations_are_recorded(database, bundle):
    inspection = mapping.from_bundle(bundle, using=database)
    lead = User.objects.db_manager(database).create_user("lead")
    invitee = User.objects.db_manager(database).create_user("invitee")
    ExportRecord.objects.using(database).create(inspection=inspection, by=lead, format="xlsx")
    Invitation.objects.using(database).create(
        user=invitee, email="invitee@example.org", invited_by=lead, inspection=inspection
    )
    assert inspection.exports.using(database).get().format == "xlsx"
    assert invitee.invitations.using(database).get().invited_by == lead


def test_only_a_tokens_hash_and_first_characters_are_kept(database):
    user = User.objects.db_manager(database).create_user("robot")
    record, token = tokens.issue(user, "nightly export", using=database)
    stored = tokens.ApiToken.objects.using(database).get()
    assert stored.key_hash == tokens.key_hash(token) != token
    assert len(stored.key_hash) == 64
    assert stored.prefix == token[:8]
    assert token not in {str(v) for v in stored.__dict__.values()}

    assert stored.last_used_at is None
    found = tokens.find_active(token, using=database)
    assert found is not None
    assert found.pk == record.pk
    assert tokens.ApiToken.objects.using(database).get().last_used_at is not None
    assert tokens.find_active(token + "x", using=database) is None

    user.is_active = False
    user.save(using=database)
    assert tokens.find_active(token, using=database) is None
    user.is_active = True
    user.save(using=database)
    assert tokens.revoke(tokens.ApiToken.objects.using(database).all()) == 1
    assert tokens.find_active(token, using=database) is None
    assert tokens.revoke(tokens.ApiToken.objects.using(database).all()) == 0
