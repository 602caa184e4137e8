"""The workflow's use cases over the web application's database (:class:`DjangoStore`): what
each keeps, in which rows, with whose name and which reason, and what the facts the policy
decides on are. The workflow's own rules are tested over a fake store (tests/workflow/);
these hold the database to the same guarantees.

(Marked ``pages`` so that ``make test`` runs them again on PostgreSQL as the default
database: the store works on the default one.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User

from probity.framework import load_framework
from probity.framework.applicability import question_rules
from probity.web.inspections.audit import ExportRecord
from probity.web.inspections.models import (
    Answer,
    Case,
    CaseEvent,
    Inspection,
    Judgement,
    Membership,
    SampleWindow,
)
from probity.web.inspections.organisations import (
    Organisation,
    OrganisationKind,
    Role,
    UserRole,
)
from probity.web.inspections.sample import EligibleCase, SampleChange, SampleDraw
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from probity.workflow.errors import NotFoundError, PublishedError, StaleError
from probity.workflow.model import Actor, CaseState, Part
from probity.workflow.model import Role as WorkflowRole
from probity.workflow.sampling import EligibleCase as Eligible
from probity.workflow.store import InspectionSpec

pytestmark = pytest.mark.pages

ID = "north-2026"
FRAMEWORK = "hmip-adult-pdu-2021"
FW = load_framework(FRAMEWORK)
# Fieldwork a month from today (the set-up can be changed until it ends), its sample from
# cases begun half a year before.
START = date.today() + timedelta(days=30)
END = START + timedelta(days=4)
WINDOW = (START - timedelta(days=190), START - timedelta(days=184))


def eligible(n: int = 24) -> list[Eligible]:
    """Fictional eligible cases: a quarter post-custody, a third with a court report."""
    return [
        Eligible(
            f"E{i:03}",
            {
                "case_type": "post_custody" if i % 4 == 0 else "community",
                "unpaid_work_only": False,
                "court_report": i % 3 == 0,
                "rosh": "medium",
                "gender": "male",
                "ethnic_group": "white",
                "disability": False,
                "drug_misuse": False,
                "alcohol_misuse": False,
                "practitioner_grade": "PO",
            },
        )
        for i in range(n)
    ]


class World:
    """A region and its unit, the people (each with their roles), and the store."""

    def __init__(self) -> None:
        region = Organisation.objects.create(
            slug="north-region", name="North", kind=OrganisationKind.REGION
        )
        self.unit = Organisation.objects.create(
            slug="north-pdu", name="North PDU", kind=OrganisationKind.UNIT, parent=region
        )
        self.users: dict[str, User] = {}
        for name, roles in [
            ("lead", [Role.LEAD]), ("inspector_a", [Role.INSPECTOR]),
            ("inspector_b", [Role.INSPECTOR]), ("quality", [Role.QUALITY_LEAD]),
            ("analyst", [Role.ANALYST]),
        ]:  # fmt: skip
            user = User.objects.create_user(name, first_name=name.replace("_", " ").title())
            for role in roles:
                UserRole.objects.create(user=user, role=role)
            self.users[name] = user
        viewer = User.objects.create_user("viewer", first_name="Viewer")
        UserRole.objects.create(user=viewer, role=Role.VIEWER, organisation=region)
        self.users["viewer"] = viewer
        self.store = DjangoStore()

    def actor(self, name: str) -> Actor:
        return self.store.actor(self.users[name].pk)

    def set_up(self, cases: int = 8) -> None:
        lead = self.actor("lead")
        services.create_inspection(
            self.store, lead,
            InspectionSpec(
                ID, FRAMEWORK, "north-pdu", START, END, (WINDOW,), "Lee Lead",
            ),
        )  # fmt: skip
        for name in ("inspector_a", "inspector_b"):
            services.set_member(self.store, lead, ID, self.users[name].pk, Part.INSPECTOR)
        services.load_eligible(self.store, lead, ID, eligible())
        services.draw(self.store, lead, ID, cases, seed=7)
        inspectors = [self.users["inspector_a"].pk, self.users["inspector_b"].pk]
        services.share_unassigned(self.store, lead, ID, inspectors)

    def case_of(self, name: str) -> Case:
        return Case.objects.filter(inspection__inspection_id=ID, assessor=self.users[name])[0]


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.fixture
def ready(world: World) -> World:
    world.set_up()
    return world


def test_a_user_is_their_roles_and_the_organisations_they_view(world):
    viewer = world.actor("viewer")
    assert (viewer.name, viewer.roles, viewer.organisations) == (
        "Viewer", frozenset({WorkflowRole.VIEWER}), frozenset({"north-region"}),
    )  # fmt: skip
    chief = User.objects.create_superuser("chief")
    assert world.store.actor(chief.pk).roles == {WorkflowRole.ADMIN}
    chief.is_active = False
    chief.save()
    with pytest.raises(NotFoundError):
        world.store.actor(chief.pk)
    with pytest.raises(NotFoundError):
        world.store.actor(999_999)


def test_an_inspection_is_set_up_in_its_unit_under_its_framework_led_by_its_creator(ready):
    row = Inspection.objects.get(inspection_id=ID)
    assert (row.unit, row.organisation, row.region) == (ready.unit, "North PDU", "North")
    assert (row.framework, row.framework_hash) == (FRAMEWORK, FW.content_hash)
    windows = SampleWindow.objects.filter(inspection=row)
    assert [(w.start, w.end) for w in windows] == [WINDOW]
    assert row.history.earliest("history_date").history_user == ready.users["lead"]
    facts = DjangoStore().inspection(ID)
    assert (facts.organisation, facts.region, facts.published) == (
        "north-pdu", "north-region", False,
    )  # fmt: skip
    assert facts.team == {
        ready.users["lead"].pk: Part.LEAD,
        ready.users["inspector_a"].pk: Part.INSPECTOR,
        ready.users["inspector_b"].pk: Part.INSPECTOR,
    }
    membership = Membership.objects.get(user=ready.users["inspector_a"])
    assert membership.history.get().history_user == ready.users["lead"]


def test_the_set_up_is_changed_with_its_history(ready):
    lead = ready.actor("lead")
    later = END + timedelta(days=7)
    changes = {"fieldwork_end": later, "sample_windows": ()}
    services.update_inspection(ready.store, lead, ID, changes)
    row = Inspection.objects.get(inspection_id=ID)
    assert row.fieldwork_end == later
    assert not SampleWindow.objects.filter(inspection=row).exists()
    latest = row.history.latest("history_date")
    assert (latest.fieldwork_end, latest.history_user) == (later, ready.users["lead"])


def test_the_sample_drawn_and_changed_keeps_every_draw_and_change_with_its_reason(ready):
    row = Inspection.objects.get(inspection_id=ID)
    assert EligibleCase.objects.filter(inspection=row).count() == 24
    draw = SampleDraw.objects.get(inspection=row)
    assert (draw.seed, draw.size, draw.strata, draw.by) == (
        7,
        8,
        ["case_type"],
        ready.users["lead"],
    )
    cases = Case.objects.filter(inspection=row)
    assert sorted(c.case_id for c in cases) == draw.case_ids
    assert {c.status for c in cases} == {"not_started"}
    spare = next(c.case_id for c in eligible() if c.case_id not in draw.case_ids)
    lead = ready.actor("lead")
    services.add_to_sample(ready.store, lead, ID, [spare], "a women's case, to balance")
    services.drop_from_sample(ready.store, lead, ID, spare, "transferred out of the area")
    assert not Case.objects.filter(inspection=row, case_id=spare).exists()
    changes = SampleChange.objects.filter(inspection=row, case_id=spare)
    assert [(c.kind, c.reason, c.by) for c in changes] == [
        ("add", "a women's case, to balance", ready.users["lead"]),
        ("drop", "transferred out of the area", ready.users["lead"]),
    ]
    dropped = Case.history.filter(case_id=spare, history_type="-").get()
    assert (dropped.history_change_reason, dropped.history_user) == (
        "transferred out of the area", ready.users["lead"],
    )  # fmt: skip


def test_cases_shared_among_the_inspectors_are_assigned_each_with_its_event(ready):
    a = ready.case_of("inspector_a")
    assert (a.assessor, a.inspector, a.version) == (ready.users["inspector_a"], "Inspector A", 2)
    event = CaseEvent.objects.get(case=a)
    assert (event.action, event.by, event.from_state, event.to_state) == (
        "assigned", ready.users["lead"], "not_started", "not_started",
    )  # fmt: skip
    record = a.history.latest("history_date")
    assert (record.history_change_reason, record.history_user) == (
        "assigned to Inspector A", ready.users["lead"],
    )  # fmt: skip


def full_answers(case: Case) -> dict[str, str]:
    rules = question_rules(FW, case.attributes)
    return {q: ("yes" if "yes" in r.allowed else "na") for q, r in rules.items() if r.asked}


def test_a_case_saved_submitted_returned_and_assured_leaves_each_step_with_its_reason(ready):
    case, store = ready.case_of("inspector_a"), ready.store
    inspector, quality = ready.actor("inspector_a"), ready.actor("quality")
    saved = services.save_answers(
        store, inspector, ID, case.case_id, case.version, full_answers(case)
    )
    assert saved.state is CaseState.IN_PROGRESS
    assert Answer.objects.filter(case=case).count() == len(full_answers(case))
    submitted = services.submit_case(store, inspector, ID, case.case_id, saved.version)
    returned = services.return_case(
        store, quality, ID, case.case_id, submitted.version, "Fictional: 2.2.3 needs evidence."
    )
    assert returned.state is CaseState.RETURNED
    again = services.save_answers(store, inspector, ID, case.case_id, returned.version,
                                  {"2.2.3": "no"})  # fmt: skip
    assert again.state is CaseState.RETURNED
    resubmitted = services.submit_case(store, inspector, ID, case.case_id, again.version)
    services.quality_assure(store, quality, ID, {case.case_id: resubmitted.version})
    steps = [
        (e.action, e.by.username, e.from_state, e.to_state, e.reason)
        for e in CaseEvent.objects.filter(case=case)
    ]
    assert steps == [
        ("assigned", "lead", "not_started", "not_started", f"to user {case.assessor_id}"),
        ("answers saved", "inspector_a", "not_started", "in_progress", None),
        ("submitted", "inspector_a", "in_progress", "submitted", None),
        ("returned to the inspector", "quality", "submitted", "returned",
         "Fictional: 2.2.3 needs evidence."),
        ("submitted", "inspector_a", "returned", "submitted", None),
        ("quality assured", "quality", "submitted", "quality_assured", None),
    ]  # fmt: skip
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.version, stored.updated_by) == (
        "quality_assured", 8, ready.users["quality"],
    )  # fmt: skip
    reasons = list(stored.history.order_by("history_date").values_list("history_change_reason"))
    assert ("returned to the inspector: Fictional: 2.2.3 needs evidence.",) in reasons
    change = Answer.objects.get(case=case, question_id="2.2.3")
    assert (change.answer, change.version) == ("no", 2)
    assert change.history.latest("history_date").history_user == ready.users["inspector_a"]


def test_a_long_reason_is_kept_whole_in_the_event_and_the_history(ready):
    # PostgreSQL refuses a value longer than its column: the reason a user gives has no limit
    # but the page's, so the history's change reason is a text field.
    case, store = ready.case_of("inspector_a"), ready.store
    inspector, quality = ready.actor("inspector_a"), ready.actor("quality")
    saved = services.save_answers(
        store, inspector, ID, case.case_id, case.version, full_answers(case)
    )
    submitted = services.submit_case(store, inspector, ID, case.case_id, saved.version)
    reason = "Fictional: the evidence for 2.2.3 is not in the case notes; " * 20
    services.return_case(store, quality, ID, case.case_id, submitted.version, reason)
    assert CaseEvent.objects.get(case=case, action="returned to the inspector").reason == (
        reason.strip()
    )
    reasons = Case.objects.get(pk=case.pk).history.values_list("history_change_reason", flat=True)
    assert f"returned to the inspector: {reason.strip()}" in list(reasons)


def test_a_judgement_is_recorded_then_changed_at_its_version_and_a_stale_one_refused(ready):
    lead = ready.actor("lead")
    first = services.judge(ready.store, lead, ID, "1.1", "good", "Fictional.", 0)
    assert first.version == 1
    second = services.judge(DjangoStore(), lead, ID, "1.1", "outstanding", None, 1)
    assert second.version == 2
    with pytest.raises(StaleError) as refused:
        services.judge(DjangoStore(), lead, ID, "1.1", "inadequate", None, 1)
    assert (refused.value.version, refused.value.changed_by) == (2, "Lead")
    with pytest.raises(StaleError):  # recorded by someone else meanwhile
        services.judge(DjangoStore(), lead, ID, "1.1", "inadequate", None, 0)
    judgement = Judgement.objects.get(inspection__inspection_id=ID, standard_id="1.1")
    assert (judgement.rating, judgement.evidence, judgement.version) == ("outstanding", None, 2)
    assert [h.history_user for h in judgement.history.all()] == [ready.users["lead"]] * 2


def answer_everything(world: World) -> None:
    for case in Case.objects.filter(inspection__inspection_id=ID):
        actor = world.store.actor(case.assessor_id)
        services.save_answers(
            DjangoStore(), actor, ID, case.case_id, case.version, full_answers(case)
        )


def test_a_published_inspection_keeps_its_report_and_refuses_every_change(ready):
    answer_everything(ready)
    lead = ready.actor("lead")
    for standard in ("1.1", "1.2", "1.3", "1.4"):
        services.judge(DjangoStore(), lead, ID, standard, "good", None, 0)
    # What publication waits for besides (reaching it: tests/workflow/test_reviews.py).
    Case.objects.filter(inspection__inspection_id=ID).update(status="quality_assured")
    Inspection.objects.filter(inspection_id=ID).update(report_stage="final")
    services.publish(DjangoStore(), lead, ID)
    row = Inspection.objects.get(inspection_id=ID)
    assert (row.is_published, row.published) == (True, DjangoStore().today())
    assert "<html" in (row.published_html or "")
    assert row.history.latest("history_date").history_user == ready.users["lead"]
    case = ready.case_of("inspector_a")
    with pytest.raises(PublishedError):
        services.save_answers(
            DjangoStore(), ready.actor("inspector_a"), ID, case.case_id, case.version,
            {"2.2.1": "no"},
        )  # fmt: skip
    facts = DjangoStore().inspection(ID)
    assert facts.published
    # Published, the inspection is read by the viewers of its region and by analysts.
    from probity.workflow.policy import Standing, standing

    assert standing(ready.actor("viewer"), facts) is Standing.VIEWER
    assert standing(ready.actor("analyst"), facts) is Standing.ANALYST


def test_an_export_is_recorded(ready):
    services.export(ready.store, ready.actor("lead"), ID, "xlsx")
    record = ExportRecord.objects.get()
    assert (record.inspection.inspection_id, record.by, record.format) == (
        ID, ready.users["lead"], "xlsx",
    )  # fmt: skip


def test_ids_no_stored_row_could_have_are_not_found_without_a_query(
    world, django_assert_num_queries
):
    with django_assert_num_queries(0):
        for call in (
            lambda: world.store.inspection("x\x00y"),
            lambda: world.store.case("x\x00y", "T1"),
        ):
            with pytest.raises(NotFoundError):
                call()
        assert not world.store.inspection_exists("x\x00y")
