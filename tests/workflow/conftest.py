"""A small inspection in a fake store, its team and its eligible cases (fictional)."""

from __future__ import annotations

from datetime import date

import pytest

from probity.workflow import services
from probity.workflow.model import Part, Role
from probity.workflow.sampling import EligibleCase
from probity.workflow.store import InspectionSpec

from .fake_store import FakeStore

ID = "north-2026"
FRAMEWORK = "hmip-adult-pdu-2021"


def eligible_cases(n: int = 40) -> list[EligibleCase]:
    """Fictional eligible cases: a quarter post-custody, some with a court report."""
    cases = []
    for i in range(n):
        post = i % 4 == 0
        cases.append(
            EligibleCase(
                f"E{i:03}",
                {
                    "case_type": "post_custody" if post else "community",
                    "unpaid_work_only": False,
                    "court_report": i % 3 == 0,
                    "rosh": "medium",
                    "gender": "male",
                    "ethnic_group": "white",
                    "disability": False,
                    "drug_misuse": False,
                    "alcohol_misuse": False,
                    "practitioner_grade": "PO",
                },
            )
        )
    return cases


class World:
    """The store and the people: an administrator, a lead, two inspectors, a quality lead,
    an analyst, a viewer of the unit, one of its region and one of another unit."""

    def __init__(self) -> None:
        self.store = FakeStore(today=date(2026, 5, 1))
        s = self.store
        s.units.update({"north-pdu": "north-region", "south-pdu": "south-region"})
        self.admin = s.add_user(1, "Ada Admin", Role.ADMIN)
        self.lead = s.add_user(2, "Lee Lead", Role.LEAD)
        self.inspector_a = s.add_user(3, "Ines A", Role.INSPECTOR)
        self.inspector_b = s.add_user(4, "Ivo B", Role.INSPECTOR)
        self.quality = s.add_user(5, "Quinn Quality", Role.QUALITY_LEAD)
        self.analyst = s.add_user(6, "Ana Analyst", Role.ANALYST)
        self.viewer = s.add_user(7, "Vic Viewer", Role.VIEWER, organisations=["north-pdu"])
        self.regional = s.add_user(8, "Reg Region", Role.VIEWER, organisations=["north-region"])
        self.elsewhere = s.add_user(9, "Els Where", Role.VIEWER, organisations=["south-pdu"])
        self.other_lead = s.add_user(10, "Ola Other", Role.LEAD)

    def set_up(self, *, cases: int = 12) -> None:
        """The inspection, its team, and a sample of ``cases`` drawn and shared."""
        services.create_inspection(
            self.store,
            self.lead,
            InspectionSpec(
                ID, FRAMEWORK, "north-pdu", date(2026, 6, 8), date(2026, 6, 12),
                ((date(2025, 11, 3), date(2025, 11, 9)),),
            ),
        )  # fmt: skip
        for inspector in (self.inspector_a, self.inspector_b):
            services.set_member(self.store, self.lead, ID, inspector.user_id, Part.INSPECTOR)
        services.load_eligible(self.store, self.lead, ID, eligible_cases())
        services.draw(self.store, self.lead, ID, cases, seed=7)
        services.share_unassigned(
            self.store, self.lead, ID, [self.inspector_a.user_id, self.inspector_b.user_id]
        )

    def case_of(self, inspector_id: int):
        return next(c for c in self.store.cases(ID) if c.assessor == inspector_id)


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def ready(world: World) -> World:
    world.set_up()
    return world
