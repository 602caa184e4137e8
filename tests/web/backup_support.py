"""A rich fictional database for the backup tests: the demonstration inspection imported with
the import's own code, users with passwords, a group with a permission, memberships and roles,
an API token, a case's workflow step, an answer changed (with its history), a second look at
it resolved by the lead, a published version of the report and its PDF file in the data
folder."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from django.contrib.auth.models import Group, Permission, User

from probity.bundle import read_bundle
from probity.web.inspections import tokens
from probity.web.inspections.mapping import from_bundle
from probity.web.inspections.models import (
    Answer,
    Case,
    CaseEvent,
    Inspection,
    Membership,
    Part,
    SecondAnswer,
)
from probity.web.inspections.organisations import Role, UserRole
from probity.web.inspections.report_review import ReportVersion
from probity.web.inspections.reports import pdf_path
from tests.conftest import ROOT

DEMO = ROOT / "examples" / "demo"
DEMO_ID = "staffordshire-stoke-2022"
PASSWORD = "fictional-test-password"  # test users only
PUBLISHED_HTML = "<html><body><p>Fictional report, as published.</p></body></html>"


def rich_database(using: str = "default") -> Inspection:
    """Fill the database (the data folder's reports too: set ``PROBITY_DATA_DIR`` first)."""
    inspection = from_bundle(read_bundle(DEMO), using=using)
    users = {}
    for name in ("lead", "inspector", "viewer", "admin"):
        user = User(username=name, first_name=name.title(), is_superuser=name == "admin")
        user.set_password(PASSWORD)
        user.save(using=using)
        users[name] = user
    group = Group.objects.using(using).create(name="Fictional readers")
    group.permissions.add(Permission.objects.using(using).get(codename="view_inspection"))
    users["viewer"].groups.add(group)
    Membership.objects.using(using).create(
        user=users["lead"], inspection=inspection, role=Part.LEAD
    )
    Membership.objects.using(using).create(
        user=users["inspector"], inspection=inspection, role=Part.INSPECTOR,
        report_sections=["summary"],
    )  # fmt: skip
    UserRole.objects.using(using).create(
        user=users["viewer"], role=Role.VIEWER, organisation=inspection.unit
    )
    tokens.issue(users["lead"], "fictional scripts", using=using)
    case = Case.objects.using(using).filter(inspection=inspection).order_by("position").first()
    assert case is not None
    CaseEvent.objects.using(using).create(
        case=case, action="return", by=users["lead"], from_state="submitted",
        to_state="returned", reason="Fictional reason: look again at the risk assessment.",
    )  # fmt: skip
    answer = Answer.objects.using(using).filter(case=case).order_by("position").first()
    assert answer is not None
    answer.note = "Fictional note on the case."
    answer.version += 1
    answer.save(using=using)  # a history record of the change
    other = "Inspector Z" if case.inspector != "Inspector Z" else "Inspector Y"
    SecondAnswer(
        case=case, position=0, question_id=answer.question_id, inspector=other, mode="review",
        answer="yes" if answer.answer == "no" else "no", note="Fictional second note.",
        reason="Fictional reason for disagreeing.", resolved=answer.answer,
        resolved_by=users["lead"], resolved_at=datetime(2026, 8, 1, 12, tzinfo=UTC),
    ).save(using=using)  # fmt: skip
    inspection.published, inspection.is_published = date(2026, 9, 1), True
    inspection.published_html = PUBLISHED_HTML
    inspection.save(using=using)
    ReportVersion(
        inspection=inspection, number=1, published=date(2026, 9, 1), html=PUBLISHED_HTML,
        by=users["lead"],
    ).save(using=using)  # fmt: skip
    pdf = pdf_path(DEMO_ID, PUBLISHED_HTML)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(b"%PDF-1.7 fictional\n")
    return inspection


def data_files(data_dir: Path) -> dict[str, bytes]:
    """Every file under the data folder's reports, by relative path."""
    root = data_dir / "reports"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
