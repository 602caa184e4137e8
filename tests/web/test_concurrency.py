"""Two people editing one case: the second save of the same version is refused, nothing of
either person's work is lost, and a deliberate re-save works. A save racing with the
publication of the inspection is refused, without saves of different cases waiting for one
another."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from probity.framework import load_framework
from probity.web.inspections import casework
from probity.web.inspections.models import Answer, Case, Inspection
from tests.web.team import Team, make_team

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
    inspector.force_login(team.inspector_a)
    lead.force_login(team.lead)
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
    assert inspector.post(URL, tab_one | {"action": "draft"}).status_code == 302
    assert inspector.post(URL, tab_two | {"action": "draft"}).status_code == 409


def test_saving_with_a_stale_version_raises_and_writes_nothing(team):
    fw = load_framework("hmip-adult-pdu-2021")
    t1 = Case.objects.get(case_id="T1")
    standard = fw.standard("2.2")
    casework.save_answers(
        fw, t1, standard, user=team.inspector_a, version=1, answers={"2.2.1": "no"}, notes={}
    )
    stale = Case.objects.get(case_id="T1")
    records = Answer.history.count()
    with pytest.raises(casework.StaleCaseError) as refused:
        casework.save_answers(
            fw, stale, standard, user=team.lead, version=1, answers={"2.2.1": "yes"}, notes={}
        )
    assert refused.value.case.updated_by == team.inspector_a
    assert answer("T1", "2.2.1").answer == "no"
    assert Answer.history.count() == records
    assert Case.objects.get(case_id="T1").version == 2


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
    assert one <= 16


# Publication racing with saves


def test_once_the_inspection_is_published_a_save_refuses_and_writes_nothing(team):
    Inspection.objects.filter(pk=team.inspection.pk).update(is_published=True)
    fw = load_framework("hmip-adult-pdu-2021")
    t1 = Case.objects.get(case_id="T1")
    records = (Answer.history.count(), Case.history.count())
    with pytest.raises(casework.PublishedError):
        casework.save_answers(
            fw, t1, fw.standard("2.2"), user=team.lead, version=1,
            answers={"2.2.1": "no", "2.2.2": "no"}, notes={"2.2.1": "Fictional."},
        )  # fmt: skip
    assert (answer("T1", "2.2.1").answer, answer("T1", "2.2.1").note) == ("yes", None)
    t1 = Case.objects.get(case_id="T1")
    assert (t1.version, t1.status, t1.updated_by) == (1, "submitted", None)
    assert (Answer.history.count(), Case.history.count()) == records


def test_a_publication_while_a_save_is_on_its_way_refuses_it_saying_why(two, team, monkeypatch):
    """Published after the page's own check, before the save: the save itself refuses."""
    from probity.web.views import assessment

    def published_meanwhile(*args, **kwargs):
        found = case_for(*args, **kwargs)
        Inspection.objects.filter(pk=team.inspection.pk).update(is_published=True)
        return found

    inspector, _ = two
    data = opened(inspector, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"}
    case_for = assessment.case_for
    monkeypatch.setattr(assessment, "case_for", published_meanwhile)
    refused = inspector.post(URL, data)
    assert refused.status_code == 403
    html = text(refused)
    assert "The inspection is published: nothing in it can be changed" in html
    assert "The inspection is published: these answers are read-only." in html
    assert answer("T1", "2.2.1").answer == "yes"
    assert Case.objects.get(case_id="T1").version == 1


def test_the_published_check_costs_a_save_one_query(team):
    fw = load_framework("hmip-adult-pdu-2021")
    Case.objects.filter(case_id="T1").update(status="in_progress")
    t1 = Case.objects.get(case_id="T1")
    standard = fw.standard("2.2")
    stored = casework.stored_answers(t1, standard)
    with CaptureQueriesContext(connection) as captured:
        casework.save_answers(
            fw, t1, standard, user=team.lead, version=1, answers={"2.2.1": "no", "2.2.2": "no"},
            notes={}, stored=stored,
        )  # fmt: skip
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
    fw = load_framework("hmip-adult-pdu-2021")
    case = Case.objects.get(case_id=case_id)
    return casework.save_answers(
        fw, case, fw.standard("2.2"), user=team.lead, version=case.version,
        answers={"2.2.1": "no"}, notes={},
    )  # fmt: skip


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
    assert isinstance(saved.get("error"), casework.PublishedError), saved
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
            written = save_one_answer(team, "T1")
            holding.set()
            assert release.wait(10)
        return written

    first, held = in_thread(save_and_hold)
    assert holding.wait(10)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")
            assert save_one_answer(team, "T3") == 1  # no wait for the save of T1
        with pytest.raises(OperationalError):  # it waits for the save of T1 to end
            take_the_publications_lock(team.inspection, wait="200ms")
    finally:
        release.set()
        first.join(10)
    assert held == {"result": 1}
    assert answer("T1", "2.2.1").answer == answer("T3", "2.2.1").answer == "no"
