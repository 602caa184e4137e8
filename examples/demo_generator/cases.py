"""The 79 fictional cases, with the sample's published make-up."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

INSPECTORS = tuple(f"Inspector {letter}" for letter in "ABCDEF")

# Unpaid-work-only cases: community orders whose only requirement is unpaid work (prompts
# marked * do not apply to them). Nine, because with 79 - 9 = 70 applicable cases both
# single-* prompts can be hit exactly (2.3.2.a 61% = 43/70, 2.5.2.a 44% = 31/70); at ten (69
# cases) 44% is out of reach. The narrative's "28 out of 69" (2.4.2.e) hints at ten.
UNPAID_WORK_ONLY = 9
UNPAID_WORK_ONLY_WITH_REPORT = 7


@dataclass
class Case:
    """A fictional case, with a latent quality of the work on it (never written out)."""

    case_id: str
    case_type: str
    unpaid_work_only: bool
    court_report: bool
    rosh: str
    gender: str
    ethnic_group: str
    disability: bool
    drug_misuse: bool
    alcohol_misuse: bool
    practitioner_grade: str
    inspector: str
    quality: float = 0.0

    @property
    def high_rosh(self) -> bool:
        return self.rosh in ("high", "very_high")

    @property
    def female(self) -> bool:
        return self.gender == "female"

    @property
    def attributes(self) -> dict[str, object]:
        """The case's attributes as the framework's case profile declares them: what decides
        which of its questions apply to the case."""
        return {
            name: getattr(self, name)
            for name in ("case_type", "unpaid_work_only", "court_report", "rosh", "gender",
                         "ethnic_group", "disability", "drug_misuse", "alcohol_misuse",
                         "practitioner_grade")
        }  # fmt: skip


def build_cases(rng: random.Random) -> list[Case]:
    """79 fictional cases with the sample's published make-up."""
    specs: list[dict[str, Any]] = [
        {"case_type": "community", "court_report": False, "unpaid_work_only": False}
        for _ in range(50)
    ] + [
        {"case_type": "post_custody", "court_report": False, "unpaid_work_only": False}
        for _ in range(29)
    ]
    community, post = specs[:50], specs[50:]

    # Court reports: all 37 among the community cases. The sample is of sentences and
    # licences that commenced in November and December 2021; for a licence case that is the
    # date of release, months or years after sentence, when the report (if any) was written
    # before unification and often elsewhere. The community cases' reports are the recent,
    # relevant ones.
    for spec in rng.sample(community, 37):
        spec["court_report"] = True
    # Unpaid work only: community orders by definition (a licence is never unpaid work only);
    # most followed a (often short-format) report.
    with_report = [s for s in community if s["court_report"]]
    without_report = [s for s in community if not s["court_report"]]
    uwo = rng.sample(with_report, UNPAID_WORK_ONLY_WITH_REPORT) + rng.sample(
        without_report, UNPAID_WORK_ONLY - UNPAID_WORK_ONLY_WITH_REPORT
    )
    for spec in uwo:
        spec["unpaid_work_only"] = True

    # Risk of serious harm: 13 high or very high, 9 of them on licence; unpaid-work-only
    # cases are low or medium.
    others = [s for s in community if not s["unpaid_work_only"]]
    assign(rng, post, "rosh", ["very_high"] * 2 + ["high"] * 7 + ["medium"] * 17 + ["low"] * 3)
    assign(rng, others, "rosh", ["high"] * 4 + ["medium"] * 22 + ["low"] * 15)
    assign(rng, uwo, "rosh", ["medium"] * 4 + ["low"] * 5)

    # Eight women: three on licence, five on community orders with more than unpaid work.
    for spec in specs:
        spec["gender"] = "male"
    for spec in rng.sample(post, 3) + rng.sample(others, 5):
        spec["gender"] = "female"
    # 10 black, Asian or minority ethnic (13% of 79).
    for spec in specs:
        spec["ethnic_group"] = "white"
    bame = ["black"] * 4 + ["asian"] * 3 + ["mixed"] * 2 + ["other"]
    for spec, group in zip(rng.sample(specs, len(bame)), bame, strict=True):
        spec["ethnic_group"] = group
    for name, count in (("disability", 31), ("drug_misuse", 34), ("alcohol_misuse", 40)):
        chosen = set(rng.sample(range(len(specs)), count))
        for index, spec in enumerate(specs):
            spec[name] = index in chosen

    # Practitioners: high/very high risk cases stay with probation officers (the short-term
    # sentence team of PSOs takes none); unpaid-work-only cases are held by PSOs; seven cases
    # by PQiP trainees; 28 PSO cases in all.
    for spec in specs:
        spec["practitioner_grade"] = "PO"
    for spec in uwo:
        spec["practitioner_grade"] = "PSO"
    open_community = [s for s in others if s["rosh"] not in ("high", "very_high")]
    open_post = [s for s in post if s["rosh"] not in ("high", "very_high")]
    pqip = rng.sample(open_community, 5) + rng.sample(open_post, 2)
    for spec in pqip:
        spec["practitioner_grade"] = "PQiP"
    rest_community = [s for s in open_community if s["practitioner_grade"] == "PO"]
    rest_post = [s for s in open_post if s["practitioner_grade"] == "PO"]
    for spec in rng.sample(rest_community, 10) + rng.sample(rest_post, 9):
        spec["practitioner_grade"] = "PSO"

    rng.shuffle(specs)
    inspectors = [INSPECTORS[i % len(INSPECTORS)] for i in range(len(specs))]
    rng.shuffle(inspectors)
    grade_effect = {"PQiP": 0.9, "PO": 0.1, "PSO": -0.5}
    cases = []
    for number, (spec, inspector) in enumerate(zip(specs, inspectors, strict=True), start=1):
        case = Case(case_id=f"C{number:03d}", inspector=inspector, **spec)
        case.quality = rng.gauss(0.0, 1.0) + grade_effect[case.practitioner_grade]
        if case.female:
            case.quality += 0.3
        cases.append(case)
    return cases


def assign(rng: random.Random, specs: list[dict[str, Any]], key: str, values: list[str]) -> None:
    """Give each spec one of the values, in a random order."""
    shuffled = list(values)
    rng.shuffle(shuffled)
    for spec, value in zip(specs, shuffled, strict=True):
        spec[key] = value
