"""Two people editing one case: the second save of the same version is refused, nothing of
either person's work is lost, and a deliberate re-save works. A save racing with the
publication of the inspection is refused, without saves of different cases waiting for one
another; a publication racing with a save, or with another publication, publishes nothing it
did not rate.

What a page cannot bring about (a publication at the moment a save is on its way) is brought
about by a store of the tests' own (the setting ``PROBITY_STORE``, which the pages' one seam,
:func:`probity.web.views.workflow.store_for`, reads), never by patching names inside views."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from probity.web.inspections.models import Answer, Case, CaseEvent, Inspection
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from probity.workflow.errors import NotAllowedNowError, PublishedError, StaleError
from tests.web.second_factor import sign_in
from tests.web.team import Team, make_team, ready_to_publish

from .test_assessment import answer, opened, page, read_form, text

pytestmark = pytest.mark.pages

URL = page("T1", "2.2")
CONFLICT = re.compile(
    r"Case T1 was changed by (?P<who>[\w ]+) at \d\d:\d\d on \d{1,2} [A-Z][a-z]+ \d{4} after "
    r"you opened it\. Your answers below are not saved: check them against the current "
    r"answers and save again\."
)


@pytest.fixture
def two(team) -> tuple[Client, Client]:
    """The case's inspector and the lead, each in their own browser."""
    inspector, lead = Client(), Client()
    sign_in(inspector, team.inspector_a)
    sign_in(lead, team.lead)
    return inspector, lead


def test_the_second_save_of_the_same_version_is_refused_and_loses_nothing(two):
    inspector, lead = two
    first = opened(inspector, "T1", "2.2")
    second = opened(lead, "T1", "2.2")
    assert first["version"] == second["version"] == "1"

    saved = inspector.post(URL, first | {"answer-2.2.1": "no", "action": "draft"})
    assert saved.status_code == 302
    refused = lead.post(
        URL,
        second | {"answer-2.2.2": "no", "note-2.2.2": "Fictional lead note.", "action": "draft"},
    )

    assert refused.status_code == 409
    found = CONFLICT.search(text(refused))
    assert found is not None, text(refused)
    assert found["who"] == "Inspector A"
    # The lead's own choices are still on the page, with the case's new version.
    again = read_form(refused.content).data
    assert (again["answer-2.2.1"], again["answer-2.2.2"]) == ("yes", "no")
    assert again["note-2.2.2"] == "Fictional lead note."
    assert again["version"] == "2"
    # The database holds the first save only.
    assert answer("T1", "2.2.1").answer == "no"
    assert answer("T1", "2.2.2").answer == "yes"
    assert answer("T1", "2.2.2").note is None
    assert Case.objects.get(case_id="T1").version == 2


def test_a_deliberate_resave_with_the_new_version_works(two, team):
    inspector, lead = two
    second = opened(lead, "T1", "2.2")
    inspector.post(URL, opened(inspector, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"})
    refused = lead.post(URL, second | {"answer-2.2.2": "no", "action": "draft"})
    assert refused.status_code == 409

    resaved = lead.post(URL, read_form(refused.content).data | {"action": "draft"})
    assert resaved.status_code == 302
    assert answer("T1", "2.2.2").answer == "no"
    assert answer("T1", "2.2.1").answer == "yes"  # the lead chose to keep their own answer
    t1 = Case.objects.get(case_id="T1")
    assert (t1.version, t1.updated_by) == (3, team.lead)


def test_the_refused_page_shows_the_saved_answer_beside_each_that_differs(two):
    inspector, lead = two
    second = opened(lead, "T1", "2.2")
    inspector.post(URL, opened(inspector, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"})
    html = text(lead.post(URL, second | {"action": "draft"}))
    assert '<div id="answer-2.2.1-hint" class="govuk-hint">Saved answer now: No.</div>' in html
    assert "answer-2.2.2-hint" not in html  # the same on both sides


def test_a_workflow_step_after_the_page_was_opened_also_refuses_the_save(two, team):
    inspector, lead = two
    data = opened(inspector, "T1", "2.2")
    lead.post(
        "/inspections/test-pdu-2026/cases/T1/assign/",
        {"assessor": team.inspector_a.pk, "version": "1"},
    )
    refused = inspector.post(URL, data | {"answer-2.2.1": "no", "action": "draft"})
    assert refused.status_code == 409
    found = CONFLICT.search(text(refused))
    assert found is not None
    assert found["who"] == "Lead"
    assert answer("T1", "2.2.1").answer == "yes"


def test_the_same_person_in_two_tabs_is_warned_too(two):
    inspector, _ = two
    tab_one = opened(inspector, "T1", "2.2")
    tab_two = opened(inspector, "T1", "2.2")
    changed = tab_one | {"answer-2.2.1": "no", "action": "draft"}
    assert inspector.post(URL, changed).status_code == 302
    assert inspector.post(URL, tab_two | {"action": "draft"}).status_code == 409


ID = "test-pdu-2026"


REOPENED = "Fictional: changed after submission"


def save(team: Team, who: str, version: int, value: str, store: DjangoStore | None = None):
    """Save 2.2.1 on T1 through the workflow, as ``who`` (a fresh store unless given)."""
    store = store or DjangoStore()
    actor = store.actor(team.users()[who].pk)
    return services.save_answers(store, actor, ID, "T1", version, {"2.2.1": value}, reason=REOPENED)


def test_saving_with_a_stale_version_raises_saying_who_and_writes_nothing(team):
    save(team, "inspector_a", 1, "no")
    records = Answer.history.count(), Case.history.count(), CaseEvent.objects.count()
    with pytest.raises(StaleError) as refused:
        save(team, "lead", 1, "yes")
    assert (refused.value.version, refused.value.changed_by) == (2, "Inspector A")
    assert answer("T1", "2.2.1").answer == "no"
    assert (Answer.history.count(), Case.history.count(), CaseEvent.objects.count()) == records
    assert Case.objects.get(case_id="T1").version == 2


def test_a_save_that_loses_the_race_for_the_case_says_who_won_it(team):
    """Read at version 1 by both; the other's save lands between this one's read and its
    claim on the case: the claim itself refuses."""
    store = DjangoStore()
    store.case(ID, "T1")  # read, as a page reads it
    save(team, "inspector_a", 1, "no")
    with pytest.raises(StaleError) as refused:
        save(team, "lead", 1, "yes", store)
    assert (refused.value.version, refused.value.changed_by) == (2, "Inspector A")
    assert refused.value.changed_at is not None
    assert answer("T1", "2.2.1").answer == "no"


def test_a_save_takes_a_fixed_number_of_queries_however_many_answers_change(two):
    inspector, _ = two

    def queries(changes: dict[str, str]) -> int:
        data = opened(inspector, "T1", "2.3") | changes | {"action": "draft"}
        with CaptureQueriesContext(connection) as captured:
            assert inspector.post(page("T1", "2.3"), data).status_code == 302
        return len(captured)

    queries({"answer-2.3.2": "no"})  # the first change puts the case in progress, recorded once
    one = queries({"answer-2.3.1": "no"})
    many = queries({f"answer-2.3.{k}": "yes" for k in (1, 2, 3)} | {"answer-2.3.1.a": "no"})
    assert many == one
    # The session and the user; whether the user owes a second factor (one query); the user's
    # roles, the inspection, its team, the case and its answers; then in the transaction (a
    # savepoint in the tests) the inspection held against publication, the claim on the case,
    # the answers and their history.
    assert one <= 14


# Publication racing with saves


def test_once_the_inspection_is_published_a_save_refuses_and_writes_nothing(team):
    Inspection.objects.filter(pk=team.inspection.pk).update(is_published=True)
    records = (Answer.history.count(), Case.history.count())
    with pytest.raises(PublishedError):
        save(team, "lead", 1, "no")
    assert (answer("T1", "2.2.1").answer, answer("T1", "2.2.1").note) == ("yes", None)
    t1 = Case.objects.get(case_id="T1")
    assert (t1.version, t1.status, t1.updated_by) == (1, "submitted", None)
    assert (Answer.history.count(), Case.history.count()) == records


class PublishedWhileSaving(DjangoStore):
    """The inspection is published (by someone else, committed) after the page read it,
    before the save: just before the transaction of the change begins."""

    @contextmanager
    def transaction(self):
        read = list(self._inspections)
        Inspection.objects.filter(inspection_id__in=read).update(is_published=True)
        with super().transaction():
            yield


def test_a_publication_while_a_save_is_on_its_way_refuses_it_saying_why(two, settings):
    """Published after the page's own check, before the save: the save itself refuses."""
    inspector, _ = two
    data = opened(inspector, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"}
    settings.PROBITY_STORE = f"{__name__}.PublishedWhileSaving"
    refused = inspector.post(URL, data)
    assert refused.status_code == 403
    html = text(refused)
    assert "The inspection is published: nothing in it can be changed" in html
    assert "The inspection is published: these answers are read-only." in html
    assert answer("T1", "2.2.1").answer == "yes"
    assert Case.objects.get(case_id="T1").version == 1


def test_the_published_check_costs_a_save_one_query(team):
    Case.objects.filter(case_id="T1").update(status="in_progress")
    store = DjangoStore()
    lead = store.actor(team.lead.pk)
    store.inspection(ID)  # read, as the page reads them before it saves
    store.answers(ID, "T1")
    with CaptureQueriesContext(connection) as captured:
        services.save_answers(store, lead, ID, "T1", 1, {"2.2.1": "no", "2.2.2": "no"})
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    # The check, then one statement each for the case, the answers and their history.
    assert len(statements) == 4, statements
    assert "inspections_inspection" in statements[0]
    assert not any("inspections_inspection" in sql for sql in statements[1:])


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks between connections: PostgreSQL only (SQLite runs one write at a time)",
)


@pytest.fixture
def committed_team(transactional_db, tmp_path) -> Team:
    """The team, committed: other connections (threads) see it."""
    return make_team(tmp_path / "bundle")


def in_thread(work: Callable[[], object]) -> tuple[threading.Thread, dict[str, object]]:
    """Run ``work`` on its own connection; what it returned or raised lands in the dict."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except Exception as e:  # handed to the test, which asserts on it
            outcome["error"] = e
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def wait_until_someone_waits_for_a_lock() -> None:
    """Until another connection of this database is waiting for a row lock (10 s at most)."""
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            (waiting,) = cursor.fetchone()
        if waiting:
            return
        time.sleep(0.05)
    raise AssertionError("no connection is waiting for a lock")


def take_the_publications_lock(inspection: Inspection, *, wait: str) -> None:
    """Lock the inspection's row as the publication does, waiting ``wait`` at most."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{wait}'")
        Inspection.objects.select_for_update().get(pk=inspection.pk)


def save_one_answer(team: Team, case_id: str) -> int:
    """Save 2.2.1 "no" on the case as the lead, through the workflow; its new version."""
    store = DjangoStore()
    lead = store.actor(team.lead.pk)
    version = store.case(ID, case_id).version
    return services.save_answers(
        store, lead, ID, case_id, version, {"2.2.1": "no"}, reason=REOPENED
    ).version


@postgresql_only
def test_a_save_waits_for_a_publication_in_progress_then_refuses(committed_team):
    team = committed_team
    locked, release = threading.Event(), threading.Event()

    def publish() -> None:  # as the publish view does: the row FOR UPDATE, then published
        with transaction.atomic():
            row = Inspection.objects.select_for_update().get(pk=team.inspection.pk)
            locked.set()
            assert release.wait(10)
            row.is_published = True
            row.save(update_fields=["is_published"])

    publisher, published = in_thread(publish)
    assert locked.wait(10)
    saver, saved = in_thread(lambda: save_one_answer(team, "T1"))
    try:
        wait_until_someone_waits_for_a_lock()  # the save, on the publication's lock
    finally:
        release.set()
        publisher.join(10)
        saver.join(10)
    assert published == {"result": None}
    assert isinstance(saved.get("error"), PublishedError), saved
    assert answer("T1", "2.2.1").answer == "yes"
    assert Case.objects.get(case_id="T1").version == 1


@postgresql_only
def test_saves_of_different_cases_do_not_wait_for_one_another_but_publication_waits(
    committed_team,
):
    team = committed_team
    holding, release = threading.Event(), threading.Event()

    def save_and_hold() -> int:  # a save of T1 whose transaction has not ended yet
        with transaction.atomic():
            version = save_one_answer(team, "T1")
            holding.set()
            assert release.wait(10)
        return version

    first, held = in_thread(save_and_hold)
    assert holding.wait(10)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            assert save_one_answer(team, "T3") == 2  # no wait for the save of T1
        with pytest.raises(OperationalError):  # it waits for the save of T1 to end
            take_the_publications_lock(team.inspection, wait="200ms")
    finally:
        release.set()
        first.join(10)
    assert held == {"result": 2}
    assert answer("T1", "2.2.1").answer == answer("T3", "2.2.1").answer == "no"


def publish(team: Team, store: DjangoStore | None = None) -> None:
    store = store or DjangoStore()
    services.publish(store, store.actor(team.lead.pk), ID)


@postgresql_only
def test_a_publication_that_waited_for_a_change_publishes_nothing_it_did_not_rate(
    committed_team,
):
    """A change (a judgement recorded again) holds its lock when the publication starts: the
    publication rates the inspection without it, then waits for it to end before it
    publishes, finds the inspection changed, and publishes nothing; published again, the
    change is in the report. (Every case is quality-assured first, as publication requires,
    so the change is not a case's.)"""
    team = committed_team
    ready_to_publish(team)
    holding, release = threading.Event(), threading.Event()

    def judge_and_hold() -> int:
        store = DjangoStore()
        current = store.judgement(ID, "1.4")
        assert current is not None
        with transaction.atomic():
            judged = services.judge(
                store,
                store.actor(team.lead.pk),
                ID,
                "1.4",
                current.rating,
                "Fictional: evidence added.",
                current.version,
            )
            holding.set()
            assert release.wait(10)
        return judged.version

    changer, changed = in_thread(judge_and_hold)
    assert holding.wait(10)
    publisher, published = in_thread(lambda: publish(team))
    try:
        wait_until_someone_waits_for_a_lock()  # the publication, on the change's lock
    finally:
        release.set()
        changer.join(10)
        publisher.join(10)
    assert "result" in changed, changed
    refused = published.get("error")
    assert isinstance(refused, StaleError), published
    assert str(refused).startswith("The inspection was changed")
    assert not Inspection.objects.get(pk=team.inspection.pk).is_published
    publish(team)
    kept = Inspection.objects.get(pk=team.inspection.pk)
    assert kept.is_published
    assert "Fictional: evidence added." in (kept.published_html or "")


class PublishesAtTheSameMoment(DjangoStore):
    """Two of these publish at once: each waits for the other at the last step, holding the
    inspection as every change does."""

    barrier = threading.Barrier(2, timeout=10)

    def publish(self, inspection_id, published, report_html, by):
        self.barrier.wait()
        super().publish(inspection_id, published, report_html, by)


@postgresql_only
def test_two_publications_at_once_publish_once_and_the_other_says_why(committed_team):
    team = committed_team
    ready_to_publish(team)
    PublishesAtTheSameMoment.barrier.reset()
    first, one = in_thread(lambda: publish(team, PublishesAtTheSameMoment()))
    second, other = in_thread(lambda: publish(team, PublishesAtTheSameMoment()))
    first.join(20)
    second.join(20)
    outcomes = sorted([one, other], key=lambda o: "error" in o)
    assert outcomes[0] == {"result": None}, outcomes
    refused = outcomes[1].get("error")
    assert isinstance(refused, NotAllowedNowError), outcomes
    assert "Someone else is publishing the inspection at this moment" in str(refused)
    assert Inspection.objects.get(pk=team.inspection.pk).is_published
    assert Inspection.history.filter(id=team.inspection.pk, is_published=True).count() == 1
