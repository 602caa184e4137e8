"""The list of eligible cases uploaded (every problem located, nothing loaded if there is any)
and its template; the planner, the draw from a seed, and cases added and dropped with a
reason."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from probity.web.inspections.models import Case
from probity.web.inspections.sample import EligibleCase, SampleChange, SampleDraw
from probity.web.inspections.sample_forms import UPLOAD_LIMIT
from tests.web.setup_support import HEADER, NEW_ID, create_new, eligible_csv, give_lead_role
from tests.web.team import INSPECTION_ID

pytestmark = pytest.mark.pages


@pytest.fixture
def lead(signed_in, team):
    """The lead, signed in, leading a new inspection with no list and no sample."""
    give_lead_role(team.lead)
    client = signed_in("lead")
    create_new(client)
    return client


def upload(client, text: str | bytes, name: str = "eligible.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse("sample-eligible", args=[NEW_ID]),
        {"eligible-file": SimpleUploadedFile(name, data)},
    )


def drawn_ids(client, size: int, seed: int) -> list[str]:
    response = client.post(reverse("sample", args=[NEW_ID]), {"size": size, "seed": seed})
    assert response.status_code == 302, response.content.decode()[:3000]
    return sorted(Case.objects.filter(inspection__inspection_id=NEW_ID)
                  .values_list("case_id", flat=True))  # fmt: skip


def test_a_good_list_is_loaded_and_summarised_by_each_stratum(lead):
    response = upload(lead, eligible_csv(30))
    assert response.status_code == 302
    page = lead.get(response["Location"]).content.decode()
    assert "30 eligible cases loaded" in page
    assert "By case type" in page  # the stratum's label, from the case profile
    assert re.search(r"Community</th>\s*<td[^>]*>20</td>\s*<td[^>]*>67%", page)
    assert EligibleCase.objects.filter(inspection__inspection_id=NEW_ID).count() == 30


def test_a_bad_row_is_located_on_the_page_and_nothing_is_loaded(lead):
    response = upload(lead, eligible_csv(10, bad_row=4))
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in page
    assert "Row 5, column case_type: &#x27;custody&#x27; is not one of" in page
    assert "nothing was loaded" in page
    assert not EligibleCase.objects.filter(inspection__inspection_id=NEW_ID).exists()


def test_every_problem_of_a_list_is_shown_at_once(lead):
    bad = (
        HEADER
        + "E1,community,no,no,low,male,white,no,no,no,PO\n" * 2
        + (
            "E/3,community,no,no,low,male,white,no,no,no,PO\n"
            "E4,custody,no,no,low,male,white,no,no,no,PO\n"
        )
    )
    page = upload(lead, bad).content.decode()
    assert "Row 3, column case_id: duplicate: E1 is already on row 2" in page
    assert "Row 4, column case_id" in page
    assert "Row 5, column case_type" in page
    assert "The list has 3 problems" in page


def test_a_bad_list_leaves_the_list_loaded_before_as_it_was(lead):
    upload(lead, eligible_csv(12))
    upload(lead, eligible_csv(30, bad_row=2))
    assert EligibleCase.objects.filter(inspection__inspection_id=NEW_ID).count() == 12


def test_a_workbook_is_read_too(lead):
    wb = Workbook()
    ws = wb.active
    ws.title = "eligible_cases"
    for line in eligible_csv(6).splitlines():
        ws.append(line.split(","))
    out = io.BytesIO()
    wb.save(out)
    response = upload(lead, out.getvalue(), "list.xlsx")
    assert response.status_code == 302
    assert EligibleCase.objects.filter(inspection__inspection_id=NEW_ID).count() == 6


@pytest.mark.parametrize(
    ("content", "name", "problem"),
    [
        (b"case_id\n", "list.txt", "must be a CSV file (.csv) or an XLSX workbook"),
        (b"", "list.csv", "The selected file is empty"),
        (b"x" * (UPLOAD_LIMIT + 1), "list.csv", "must be smaller than 5 MB"),
    ],
    ids=["not-csv-or-xlsx", "empty", "too-large"],
)
def test_a_file_of_the_wrong_kind_or_size_is_refused_with_a_clear_error(
    lead, content, name, problem
):
    response = upload(lead, content, name)
    assert response.status_code == 400
    assert problem in response.content.decode()


def test_no_file_chosen_is_said(lead):
    response = lead.post(reverse("sample-eligible", args=[NEW_ID]), {})
    assert response.status_code == 400
    assert '<a href="#eligible-file">Select the list of eligible cases' in (
        response.content.decode()
    )


def test_the_template_downloads_as_csv_and_as_a_workbook_with_the_frameworks_columns(lead):
    response = lead.get(reverse("sample-template", args=[NEW_ID, "csv"]))
    assert response.status_code == 200
    assert response.content.decode() == HEADER
    assert "attachment" in response["Content-Disposition"]
    response = lead.get(reverse("sample-template", args=[NEW_ID, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content))["eligible_cases"]
    assert ",".join(c.value for c in sheet[1]) + "\n" == HEADER
    assert lead.get(reverse("sample-template", args=[NEW_ID, "pdf"])).status_code == 404


def test_the_planner_suggests_a_size_from_the_frameworks_defaults_marked_as_assumptions(lead):
    upload(lead, eligible_csv(79))
    page = lead.get(reverse("sample", args=[NEW_ID])).content.decode()
    assert "Suggested size: 44 cases" in page  # N = 79, ±10%, 95%: 44
    assert "Assumption" in page
    assert 'name="margin" type="text" value="10"' in page
    assert "1.9600" in page  # z at 95%
    assert 'name="size" type="text" value="44"' in page


def test_the_planners_figures_can_be_changed_and_bad_ones_are_named(lead):
    upload(lead, eligible_csv(79))
    url = reverse("sample", args=[NEW_ID])
    assert "Suggested size: 79 cases" in lead.get(url, {"margin": "1"}).content.decode()
    page = lead.get(url, {"margin": "x", "confidence": "100"}).content.decode()
    assert "The margin must be a number" in page
    assert "The confidence must be more than 0 and less than 100" in page


def test_the_same_seed_draws_the_same_cases(lead, signed_in, team):
    upload(lead, eligible_csv(40))
    first = drawn_ids(lead, 12, 4242)
    Case.objects.filter(inspection__inspection_id=NEW_ID).delete()
    SampleDraw.objects.filter(inspection__inspection_id=NEW_ID).delete()
    assert drawn_ids(lead, 12, 4242) == first
    assert len(first) == 12
    page = lead.get(reverse("sample", args=[NEW_ID])).content.decode()
    assert "12 of 40 eligible cases, seed 4242" in page
    assert "Margin achieved" in page
    assert "The sample by case type, against the list" in page


def test_the_draw_needs_a_size_and_a_seed_and_a_size_the_list_can_give(lead):
    upload(lead, eligible_csv(10))
    url = reverse("sample", args=[NEW_ID])
    page = lead.post(url, {"size": "", "seed": "x"}).content.decode()
    assert "Enter the number of cases to draw" in page
    assert "The seed must be a whole number" in page
    response = lead.post(url, {"size": "11", "seed": "1"})
    assert response.status_code == 400
    assert "cannot be drawn from 10 eligible case(s)" in response.content.decode()
    assert not Case.objects.filter(inspection__inspection_id=NEW_ID).exists()


def test_a_sample_is_drawn_once_then_changed_case_by_case(lead):
    upload(lead, eligible_csv(10))
    drawn_ids(lead, 4, 1)
    response = lead.post(reverse("sample", args=[NEW_ID]), {"size": "4", "seed": "2"})
    assert response.status_code == 409
    assert "The sample is drawn already" in response.content.decode()


def test_cases_are_added_with_a_reason_and_never_without(lead, team):
    upload(lead, eligible_csv(10))
    ids = drawn_ids(lead, 4, 1)
    spare = sorted({f"E{i:03d}" for i in range(1, 11)} - set(ids))[:2]
    url = reverse("sample-add", args=[NEW_ID])
    response = lead.post(url, {"cases": spare, "reason": "  "})
    assert response.status_code == 400
    assert '<a href="#reason">Say why the cases are added</a>' in response.content.decode()
    response = lead.post(url, {"reason": "Fictional: more of one type"})
    assert '<a href="#cases">Choose the cases to add</a>' in response.content.decode()
    assert Case.objects.filter(inspection__inspection_id=NEW_ID).count() == 4
    response = lead.post(url, {"cases": spare, "reason": "Fictional: more of one type"})
    assert response.status_code == 302
    assert Case.objects.filter(inspection__inspection_id=NEW_ID).count() == 6
    page = lead.get(reverse("sample", args=[NEW_ID])).content.decode()
    assert page.count("Fictional: more of one type") == 2
    assert "Lead" in page.split("Changes to the sample")[1]  # who


def test_a_case_not_started_is_dropped_with_a_reason_and_never_without(lead):
    upload(lead, eligible_csv(10))
    case_id = drawn_ids(lead, 4, 1)[0]
    url = reverse("sample-drop", args=[NEW_ID, case_id])
    response = lead.post(url, {"reason": ""})
    assert response.status_code == 400
    assert f"Say why case {case_id} is dropped" in response.content.decode()
    assert Case.objects.filter(inspection__inspection_id=NEW_ID).count() == 4
    response = lead.post(url, {"reason": "Fictional: transferred out"})
    assert response.status_code == 302
    assert not Case.objects.filter(inspection__inspection_id=NEW_ID, case_id=case_id).exists()
    change = SampleChange.objects.get(inspection__inspection_id=NEW_ID, kind="drop")
    assert (change.case_id, change.reason) == (case_id, "Fictional: transferred out")


def test_a_case_already_started_cannot_be_dropped(signed_in):
    client = signed_in("lead")
    url = reverse("sample-drop", args=[INSPECTION_ID, "T1"])  # imported submitted
    response = client.post(url, {"reason": "Fictional"})
    assert response.status_code == 409
    assert "only a case not started, with no answer, can be dropped" in (response.content.decode())
    assert Case.objects.filter(inspection__inspection_id=INSPECTION_ID, case_id="T1").exists()


def test_the_quality_lead_is_refused_the_sample(signed_in):
    response = signed_in("quality_lead").get(reverse("sample", args=[INSPECTION_ID]))
    assert response.status_code == 403
