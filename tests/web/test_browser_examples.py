"""Each example inspection through the web application in a real browser: imported, one
standard of a case assessed by its inspector (signed in through the sign-in page) and saved,
then exported as the core writes a bundle: the cases come back exactly as they went in, and
the answers with the one change made.

Every framework has its example bundle: adding one is a line of ``EXAMPLES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from probity.bundle import read_bundle, write_csv_folder
from probity.web.inspections.frameworks import framework_of
from probity.web.inspections.mapping import from_bundle, to_bundle
from probity.web.inspections.models import Answer, Case, Inspection, Membership, Part

from ..conftest import ROOT
from .browser_fixtures import DESKTOP, LiveTeam, sign_in, watch
from .team import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]

# The example bundles, one per framework (folders of CSV files under examples/).
EXAMPLES = [
    "examples/demo",
    "examples/adult-2023-demo",
    "examples/youth-demo",
]


def changed_lines(before: Path, after: Path) -> list[tuple[str, str]]:
    """The lines of two CSV files that differ, pairwise (the files have as many lines)."""
    old = before.read_text(encoding="utf-8").splitlines()
    new = after.read_text(encoding="utf-8").splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A browser page, nobody signed in."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("example", EXAMPLES)
def test_an_example_inspection_is_assessed_in_the_browser_and_exports_its_cases_unchanged(
    live_server, page, tmp_path, example
):
    folder = ROOT / example
    inspection = from_bundle(read_bundle(folder))
    inspector = User(username="example_inspector", first_name="Example", last_name="Inspector")
    inspector.set_password(PASSWORD)
    inspector.save()
    Membership.objects.create(user=inspector, inspection=inspection, role=Part.INSPECTOR)
    case = Case.objects.filter(inspection=inspection).order_by("position").first()
    assert case is not None
    Case.objects.filter(pk=case.pk).update(assessor=inspector)
    live = LiveTeam(live_server.url, team=None)  # the example's own people, not the team's
    console = watch(page.context)

    sign_in(page, live, "example_inspector")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspections")
    page.get_by_role("link", name=inspection.organisation, exact=True).click()
    # An inspector opening the inspection lands on their own cases.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cases")
    page.get_by_role("link", name=case.case_id, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.case_id}")
    # The first standard the case is assessed against.
    page.locator("main table tbody th a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Case {case.case_id}: ")

    # The first key question's answer changed to the other one.
    name = page.locator("form input[type='radio'][name^='answer-']").first.get_attribute("name")
    assert name is not None
    question_id = name.removeprefix("answer-")
    checked = page.locator(f"input[name='{name}']:checked")
    before = checked.get_attribute("value") if checked.count() else None
    after = "no" if before == "yes" else "yes"
    page.locator(f"input[name='{name}'][value='{after}']").check()
    reason = page.get_by_label("Why are you changing a submitted case?")
    if reason.count():  # the example's case is submitted: changing it reopens it
        reason.fill("Fictional: the answer is checked again")
    with page.expect_response(lambda r: r.request.method == "POST") as answered:
        page.get_by_role("button", name="Save as draft", exact=True).click()
    page.wait_for_load_state()
    assert answered.value.status == 302
    expect(page.get_by_role("alert")).to_contain_text(re.compile(rf"Saved .* {case.case_id}"))
    assert console.policy_refusals() == []

    stored = Inspection.objects.get(pk=inspection.pk)
    assert Answer.objects.get(case=case, question_id=question_id).answer == after
    out = tmp_path / "exported"
    write_csv_folder(to_bundle(stored), out, framework_of(stored))
    assert (out / "cases.csv").read_text(encoding="utf-8") == (folder / "cases.csv").read_text(
        encoding="utf-8"
    )
    if before is not None:  # the one answer changed, in its place
        [(old, new)] = changed_lines(folder / "answers.csv", out / "answers.csv")
        assert old.startswith(f"{case.case_id},{question_id},{before},")
        assert new.startswith(f"{case.case_id},{question_id},{after},")
    assert read_bundle(out).cases == read_bundle(folder).cases
