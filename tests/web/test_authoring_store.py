"""The report's words and tables in the database (:class:`DjangoStore`): rows placed in the
report's order, a change conditional on the version read, deletion, and a history that keeps
who, when and the old text, starting from the words as imported.

(Marked ``pages`` so that ``make test`` runs them again on PostgreSQL as the default
database.)"""

from __future__ import annotations

import pytest

from probity.bundle.model import NarrativeParagraph, SurveyResult
from probity.web.inspections.models import NarrativeParagraph as ParagraphRow
from probity.web.inspections.store import DjangoStore
from probity.workflow.errors import StaleError

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
