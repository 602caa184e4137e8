"""What the set-up, sample and team page tests share: a lead inspector who holds the lead's
role, a new inspection created through the page with fieldwork in the future, and lists of
eligible cases (fictional) as CSV text."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from probity.web.inspections.organisations import Role, UserRole

NEW_ID = "new-pdu-2027"
HEADER = (
    "case_id,case_type,unpaid_work_only,court_report,rosh,gender,ethnic_group,disability,"
    "drug_misuse,alcohol_misuse,practitioner_grade\n"
)


def eligible_csv(count: int = 20, bad_row: int | None = None) -> str:
    """A fictional list of ``count`` eligible cases, E001…, two in three community cases;
    ``bad_row``: that data row (1 = the first) has a case type no framework knows."""
    rows = []
    for i in range(1, count + 1):
        kind = "post_custody" if i % 3 == 0 else "community"
        if i == bad_row:
            kind = "custody"
        rows.append(f"E{i:03d},{kind},no,no,low,male,white,no,no,no,PO\n")
    return HEADER + "".join(rows)


def dates_of(name: str, when: date) -> dict[str, str]:
    """A date as a GOV.UK date input posts it."""
    return {f"{name}-day": str(when.day), f"{name}-month": str(when.month),
            f"{name}-year": str(when.year)}  # fmt: skip


def creation(**changes: str) -> dict[str, str]:
    """A good creation form for Test PDU, fieldwork two months from today (``changes``
    replace or add fields)."""
    start = timezone.localdate() + timedelta(days=60)
    data = {
        "framework": "hmip-adult-pdu-2021",
        "unit": "test-pdu",
        "inspection_id": NEW_ID,
        "lead_inspector": "Fictional Lead",
        **dates_of("fieldwork_start", start),
        **dates_of("fieldwork_end", start + timedelta(days=4)),
        **dates_of("window-1-start", start - timedelta(days=200)),
        **dates_of("window-1-end", start - timedelta(days=150)),
    }
    data.update(changes)
    return data


def give_lead_role(user: User) -> User:
    """The user holds the lead inspector's role (and so may create inspections)."""
    UserRole.objects.create(user=user, role=Role.LEAD)
    return user


def create_new(client: Client) -> str:
    """Create the new inspection through the page (the client's user leads it)."""
    response = client.post(reverse("inspection-new"), creation())
    assert response.status_code == 302, response.content.decode()[:2000]
    return NEW_ID
