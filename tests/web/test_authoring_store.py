"""The report's words and tables in the database (:class:`DjangoStore`): rows placed in the
report's order, a change conditional on the version read, deletion, and a history that keeps
who, when and the old text, starting from the words as imported.

(Marked ``pages`` so that ``make test`` runs them again on PostgreSQL as the default
database.)"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from probity.bundle.model import NarrativeParagraph, SurveyResult
from probity.web.inspections.models import NarrativeParagraph as ParagraphRow
from probity.web.inspections.store import DjangoStore
from probity.workflow.errors import StaleError

from .team import Team, make_team
from .test_concurrency import in_thread, postgresql_only

pytestmark = pytest.mark.pages


def _imported(team, *texts: str) -> list[int]:
    """Paragraphs as a bundle's import keeps them (in bulk: no history yet)."""
    ParagraphRow.objects.bulk_create(
        ParagraphRow(inspection=team.inspection, position=n, section="2.2", part="text", text=t)
        for n, t in enumerate(texts)
    )
    return list(
        ParagraphRow.objects.filter(inspection=team.inspection).values_list("pk", flat=True)
    )


def test_a_row_added_after_another_takes_its_place_in_the_order(team):
    first, second = _imported(team, "First.", "Second.")
    store = DjangoStore()
    lead = store.actor(team.lead.pk)
    made = store.add_report_row(
        team.inspection.inspection_id, "narrative", NarrativeParagraph("2.2", "text", "Between."),
        first, lead,
    )  # fmt: skip
    at_end = store.add_report_row(
        team.inspection.inspection_id, "narrative", NarrativeParagraph("2.2", "text", "Last."),
        None, lead,
    )  # fmt: skip
    rows = store.report_rows(team.inspection.inspection_id, "narrative")
    assert [r.row_id for r in rows] == [first, made, second, at_end]
    assert [p.text for p in store.bundle(team.inspection.inspection_id).narrative] == [
        "First.", "Between.", "Second.", "Last."
    ]  # fmt: skip


def test_a_change_is_kept_only_at_the_version_read_and_the_history_has_the_imported_text(team):
    [imported] = _imported(team, "As imported.")
    store = DjangoStore()
    iid = team.inspection.inspection_id
    lead, admin = store.actor(team.lead.pk), store.actor(team.admin.pk)
    [row] = store.report_rows(iid, "narrative")
    assert row.version == 0
    admins = NarrativeParagraph("2.2", "text", "The admin's.")
    store.change_report_row(iid, "narrative", imported, admins, 0, admin)
    leads = NarrativeParagraph("2.2", "text", "The lead's.")
    with pytest.raises(StaleError, match="changed by Admin") as stale:
        store.change_report_row(iid, "narrative", imported, leads, 0, lead)
    assert stale.value.version == 2
    assert ParagraphRow.objects.get(pk=imported).text == "The admin's."
    store.delete_report_row(iid, "narrative", imported, 2, lead)
    assert not ParagraphRow.objects.filter(pk=imported).exists()
    history = store.report_history(iid, "narrative")
    assert [(c.kind, c.by) for c in history] == [("changed", "Admin"), ("deleted", "Lead")]
    assert history[0].before == NarrativeParagraph("2.2", "text", "As imported.")
    assert history[0].after == NarrativeParagraph("2.2", "text", "The admin's.")
    assert history[1].before == NarrativeParagraph("2.2", "text", "The admin's.")
    with pytest.raises(StaleError, match="now deleted"):
        store.delete_report_row(iid, "narrative", imported, 3, lead)


def test_an_upload_replaces_every_row_of_a_table_and_each_change_is_in_the_history(team):
    store = DjangoStore()
    iid = team.inspection.inspection_id
    lead = store.actor(team.lead.pk)
    new = [SurveyResult("staff", "A", 10, 4, "a"), SurveyResult("staff", "B", 8, 8)]
    store.replace_report_rows(iid, "surveys", new, lead)
    assert [r.record for r in store.report_rows(iid, "surveys")] == new
    assert store.bundle(iid).surveys == tuple(new)
    kinds = [c.kind for c in store.report_history(iid, "surveys")]
    assert kinds == ["deleted", "added", "added"]


@pytest.fixture
def committed(transactional_db: None, tmp_path: Path) -> Team:
    """The team, committed: other connections (threads) see it."""
    return make_team(tmp_path / "bundle")


class MeetsAnother(DjangoStore):
    """Two of these change or add a row at once: each waits for the other at the last step."""

    barrier = threading.Barrier(2, timeout=10)

    def change_report_row(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.barrier.wait()
        super().change_report_row(*args, **kwargs)

    def add_report_row(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.barrier.wait()
        return super().add_report_row(*args, **kwargs)


def _at_once(team, work) -> list[dict[str, object]]:
    MeetsAnother.barrier.reset()

    def one(text: str):  # type: ignore[no-untyped-def]
        store = MeetsAnother()
        with store.transaction():
            return work(store, store.actor(team.lead.pk), text)

    threads = [in_thread(lambda t=t: one(t)) for t in ("First.", "Second.")]
    for thread, _ in threads:
        thread.join(20)
    return [outcome for _, outcome in threads]


@postgresql_only
def test_two_authors_saving_one_paragraph_at_once_keep_one_text_and_the_other_is_told(
    committed,
):
    team = committed
    [made] = _imported(team, "As imported.")
    iid = team.inspection.inspection_id
    outcomes = _at_once(team, lambda store, lead, text: store.change_report_row(
        iid, "narrative", made, NarrativeParagraph("2.2", "text", text), 0, lead))  # fmt: skip
    errors = [o["error"] for o in outcomes if "error" in o]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], StaleError)
    kept = ParagraphRow.objects.get(pk=made).text
    assert kept in ("First.", "Second.")
    assert ParagraphRow.history.filter(id=made).count() == 2  # as imported, and the one kept


@postgresql_only
def test_two_authors_adding_at_once_both_keep_their_paragraph(committed):
    team = committed
    iid = team.inspection.inspection_id
    outcomes = _at_once(team, lambda store, lead, text: store.add_report_row(
        iid, "narrative", NarrativeParagraph("2.2", "text", text), None, lead))  # fmt: skip
    assert all("result" in o for o in outcomes), outcomes
    texts = ParagraphRow.objects.filter(inspection=team.inspection).values_list("text", flat=True)
    assert sorted(texts) == ["First.", "Second."]
