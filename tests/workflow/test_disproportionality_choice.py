"""The lead's choice of the disproportionality chapter, through the workflow over the fake
store: kept on the inspection, followed by publication and by a correction, refused to an
inspector and once published."""

from __future__ import annotations

import pytest

from probity.workflow import services
from probity.workflow.errors import ForbiddenError, PublishedError
from probity.workflow.model import ReportStage
from probity.workflow.reviews import choose_disproportionality, correct, move_report, versions

from .conftest import ID
from .test_reviews import rated

CHAPTER = 'id="disproportionality"'


def test_the_choice_is_kept_and_the_published_versions_follow_it(ready):
    store = ready.store
    assert store.inspection(ID).disproportionality is False
    choose_disproportionality(store, ready.lead, ID, True)
    assert store.inspection(ID).disproportionality is True
    rated(ready)
    move_report(store, ready.lead, ID, ReportStage.FINAL)
    services.publish(store, ready.lead, ID)
    correct(store, ready.lead, ID, "A figure corrected.")
    first, second = versions(store, ready.lead, ID)
    assert CHAPTER in first.html
    assert CHAPTER in second.html


def test_without_the_choice_the_published_report_has_no_such_chapter(ready):
    rated(ready)
    move_report(ready.store, ready.lead, ID, ReportStage.FINAL)
    services.publish(ready.store, ready.lead, ID)
    [first] = versions(ready.store, ready.lead, ID)
    assert CHAPTER not in first.html


def test_an_inspector_may_not_choose_and_no_one_may_once_published(ready):
    with pytest.raises(ForbiddenError):
        choose_disproportionality(ready.store, ready.inspector_a, ID, True)
    assert ready.store.inspection(ID).disproportionality is False
    rated(ready)
    move_report(ready.store, ready.lead, ID, ReportStage.FINAL)
    services.publish(ready.store, ready.lead, ID)
    with pytest.raises(PublishedError):
        choose_disproportionality(ready.store, ready.lead, ID, True)
