"""Erasure: ``probity erase`` on request, ``probity retention`` at the end of the retention
period. A case's personal data is blanked (in its rows and their history) while its answers
and the published report stay; each erasure is recorded, without the data, in the database
and in the ledger, from which a restore erases again what an older backup brings back."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from typer.testing import CliRunner

from probity.cli import app
from probity.web.inspections.audit import AuditEvent
from probity.web.inspections.audit_actor import command_line_label
from probity.web.inspections.casework import display_name
from probity.web.inspections.erasure import ERASED_TEXT, Erasure
from probity.web.inspections.models import Answer, Case, CaseEvent, Inspection, PracticeExample
from probity.web.inspections.report_review import ReportComment, ReportVersion
from tests.web.team import INSPECTION_ID, Team

pytestmark = pytest.mark.pages
runner = CliRunner()
NOTE = "Fictional note naming the person's circumstances."
REPORT = "<html><body>Fictional published report.</body></html>"


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings) -> Path:
    """The test's own erasure ledger and data folder."""
    monkeypatch.setenv("PROBITY_DATA_DIR", str(tmp_path / "data"))
    settings.PROBITY_ERASURE_LEDGER = tmp_path / "erasures.jsonl"
    return settings.PROBITY_ERASURE_LEDGER


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def personal_data(team: Team, published: date | None = date(2026, 9, 1)) -> None:
    """Notes, a step's reason and a practice example on T1, and a published report."""
    t1 = Case.objects.get(inspection=team.inspection, case_id="T1")
    answer = Answer.objects.filter(case=t1).order_by("position").first()
    assert answer is not None
    answer.note = NOTE
    answer.save()  # its history keeps the note too
    CaseEvent.objects.create(
        case=t1, action="return", from_state="submitted", to_state="returned", reason=NOTE
    )
    PracticeExample.objects.create(
        inspection=team.inspection, position=0, standard_id="2.1", kind="good",
        text=NOTE, pseudonym="Sam", case_id="T1",
    )  # fmt: skip
    Inspection.objects.filter(pk=team.inspection.pk).update(
        published=published, is_published=True, published_html=REPORT
    )
    ReportVersion.objects.create(
        inspection=team.inspection, number=1, published=published or date(2026, 9, 1),
        html=REPORT,
    )  # fmt: skip


def assert_erased(team: Team, case_id: str) -> None:
    case = Case.objects.get(inspection=team.inspection, case_id=case_id)
    assert case.attributes
    assert set(case.attributes.values()) == {None}
    assert not Answer.objects.filter(case=case, note__isnull=False).exists()
    assert not Answer.history.filter(case_id=case.pk, note__isnull=False).exists()
    assert all(set(r.attributes.values()) == {None} for r in Case.history.filter(id=case.pk))
    assert not CaseEvent.objects.filter(case=case, reason__isnull=False).exists()
    assert NOTE not in str(
        list(PracticeExample.objects.filter(case_id=case_id).values_list("text", "pseudonym"))
    )


def test_erasing_a_case_blanks_its_personal_data_and_keeps_its_answers_and_the_report(
    team: Team, ledger: Path, signed_in
) -> None:
    personal_data(team)
    t1 = Case.objects.get(inspection=team.inspection, case_id="T1")
    answers = list(Answer.objects.filter(case=t1).values_list("question_id", "answer"))
    t2 = Case.objects.get(inspection=team.inspection, case_id="T2")

    erased = run(
        "erase", INSPECTION_ID, "T1", "--reason", "Fictional request", "--by", team.lead.username
    )

    assert erased.exit_code == 0, erased.output
    assert "answer.note (1 rows)" in erased.output
    assert_erased(team, "T1")
    assert PracticeExample.objects.get(case_id="T1").text == ERASED_TEXT
    assert list(Answer.objects.filter(case=t1).values_list("question_id", "answer")) == answers
    assert Case.objects.get(pk=t2.pk).attributes == t2.attributes  # another case: untouched
    inspection = Inspection.objects.get(pk=team.inspection.pk)
    assert inspection.published_html == REPORT
    assert ReportVersion.objects.get(inspection=inspection).html == REPORT
    record = Erasure.objects.get()
    assert (record.inspection_id, record.case_id, record.kind, record.reason, record.by) == (
        INSPECTION_ID, "T1", "request", "Fictional request", display_name(team.lead),
    )  # fmt: skip
    assert record.erased["answer.note"] == 1
    event = AuditEvent.objects.get(kind="erasure")
    assert (event.by, event.reason, event.subject) == (
        team.lead, "Fictional request", "Case T1: personal data erased (on request)",
    )  # fmt: skip
    assert "answer.note: 1 rows" in event.new
    (line,) = ledger.read_text(encoding="utf-8").splitlines()
    entry = json.loads(line)
    assert entry["uid"] == str(record.uid)
    assert entry["case_id"] == "T1"
    assert NOTE not in line
    assert "female" not in line  # T1's gender: the record holds no data of the case
    # The pages of the inspection still open.
    assert signed_in("lead").get(f"/inspections/{INSPECTION_ID}/").status_code == 200
    assert signed_in("lead").get(f"/inspections/{INSPECTION_ID}/cases/T1/").status_code == 200


def test_erasing_a_case_that_is_not_stored_is_refused_and_records_nothing(
    team: Team, ledger: Path
) -> None:
    for args in (
        (INSPECTION_ID, "T9", "--reason", "Fictional request"),
        ("no-such-inspection", "T1", "--reason", "Fictional request"),
        (INSPECTION_ID, "T1", "--reason", "  "),
    ):
        refused = run("erase", *args)
        assert refused.exit_code == 2, refused.output
        assert "Traceback" not in refused.output
    assert not Erasure.objects.exists()
    assert not ledger.exists()


def test_retention_erases_the_cases_of_an_inspection_published_longer_ago_than_its_period(
    team: Team, ledger: Path, settings
) -> None:
    settings.PROBITY_RETENTION = {"default": 10_000, "hmip-adult-pdu-2021": 30}
    personal_data(team, published=timezone.localdate() - timedelta(days=31))

    listed = run("retention", "--dry-run")

    assert listed.exit_code == 0, listed.output
    assert f"{INSPECTION_ID} (hmip-adult-pdu-2021" in listed.output
    assert "3 cases: T1, T2, T3" in listed.output
    assert not Erasure.objects.exists()
    applied = run("retention", "--apply")
    assert applied.exit_code == 0, applied.output
    assert "erased 3 cases" in applied.output
    for case_id in ("T1", "T2", "T3"):
        assert_erased(team, case_id)
    assert set(Erasure.objects.values_list("kind", "by")) == {("retention", command_line_label())}
    assert Inspection.objects.get(pk=team.inspection.pk).published_html == REPORT
    again = run("retention", "--apply")
    assert "erased 0 cases" in again.output
    assert Erasure.objects.count() == 3


def test_retention_leaves_an_inspection_within_its_period_or_unpublished(
    team: Team, ledger: Path, settings
) -> None:
    settings.PROBITY_RETENTION = {"default": 30}
    personal_data(team, published=timezone.localdate() - timedelta(days=30))  # the last day kept
    assert "0 cases past their retention" in run("retention", "--dry-run").output
    Inspection.objects.filter(pk=team.inspection.pk).update(
        is_published=False, published=date(2000, 1, 1)
    )
    assert "0 cases past their retention" in run("retention", "--dry-run").output
    both = run("retention", "--dry-run", "--apply")
    assert both.exit_code == 2
    assert "exactly one of --dry-run and --apply" in both.output


@pytest.mark.django_db(transaction=True)
def test_a_case_erased_after_a_backup_stays_erased_when_the_backup_is_restored(
    team: Team, ledger: Path, tmp_path: Path
) -> None:
    personal_data(team)
    archive = tmp_path / "before-erasure.zip"
    assert run("backup", archive).exit_code == 0
    assert run("erase", INSPECTION_ID, "T1", "--reason", "Fictional request").exit_code == 0
    uid = Erasure.objects.get().uid
    call_command("flush", interactive=False, verbosity=0)

    restored = run("restore", archive)

    assert restored.exit_code == 0, restored.output
    assert "1 erasures applied again from the ledger" in restored.output
    assert_erased(team, "T1")
    assert Erasure.objects.get().uid == uid  # the same record, not a new one
    # Restored again over itself: the erasure is in the database now, not applied twice.
    forced = run("restore", archive, "--force")
    assert "1 erasures applied again" in forced.output
    assert Erasure.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_ledger_that_cannot_be_read_stops_the_restore_before_anything_is_written(
    team: Team, ledger: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.zip"
    assert run("backup", archive).exit_code == 0
    assert run("erase", INSPECTION_ID, "T1", "--reason", "Fictional request").exit_code == 0
    good = ledger.read_text(encoding="utf-8")
    ledger.write_text(good + '{"uid": "cut short', encoding="utf-8")  # the last write stopped
    call_command("flush", interactive=False, verbosity=0)
    assert run("restore", archive).exit_code == 0  # a line cut short is left out
    ledger.write_text("not json\n" + good, encoding="utf-8")
    call_command("flush", interactive=False, verbosity=0)

    refused = run("restore", archive)

    assert refused.exit_code == 2, refused.output
    assert "line 1: not an erasure entry" in refused.output
    assert not Case.objects.exists()


def test_erasing_a_case_redacts_the_report_comments_that_name_it_or_its_pseudonym(
    team: Team, ledger: Path
) -> None:
    personal_data(team)  # T1's practice example is under the pseudonym Sam
    naming = ReportComment.objects.create(
        inspection=team.inspection, section="2.2", stage="quality_review",
        text="Case T1: say more of Sam's plan.", resolution="Added for t1.",
    )  # fmt: skip
    other = ReportComment.objects.create(
        inspection=team.inspection, section="2.2", stage="quality_review",
        text="Case T10 and Samuel's case: fine.",
    )  # fmt: skip

    assert run("erase", INSPECTION_ID, "T1", "--reason", "Fictional request").exit_code == 0

    naming.refresh_from_db()
    assert naming.text == f"Case {ERASED_TEXT}: say more of {ERASED_TEXT}'s plan."
    assert naming.resolution == f"Added for {ERASED_TEXT}."
    history = ReportComment.history.filter(id=naming.pk)
    assert history.exists()
    assert all("T1" not in r.text and "Sam" not in r.text for r in history)
    assert ReportComment.objects.get(pk=other.pk).text == "Case T10 and Samuel's case: fine."
    erased = Erasure.objects.get().erased
    assert (erased["report_comment.text"], erased["report_comment.resolution"]) == (1, 1)
    assert erased["history.report_comment.text"] == history.count()


@pytest.mark.django_db(transaction=True)
def test_an_erasure_applied_again_by_a_restore_is_in_the_audit_trail_with_its_reason(
    team: Team, ledger: Path, tmp_path: Path
) -> None:
    personal_data(team)
    archive = tmp_path / "before-erasure.zip"
    assert run("backup", archive).exit_code == 0
    assert run("erase", INSPECTION_ID, "T1", "--reason", "Fictional request").exit_code == 0
    call_command("flush", interactive=False, verbosity=0)

    assert run("restore", archive).exit_code == 0

    (event,) = AuditEvent.objects.filter(kind="erasure")  # the first is not in the backup
    assert event.reason == "re-applied after restore of before-erasure.zip"
    assert event.subject == "Case T1: personal data erased again (on request)"
    assert event.inspection == Inspection.objects.get(inspection_id=INSPECTION_ID)
    assert "answer.note: 1 rows" in event.new
    assert event.actor == command_line_label()
    restored = AuditEvent.objects.get(kind="backup")
    assert event.at >= restored.at - timedelta(seconds=5)
