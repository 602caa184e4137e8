"""A fictional inspection of a probation delivery unit under ``hmip-adult-pdu-2023``: 50 cases
(32 community sentences, 18 post-release supervision) in Millbrook and Ashcombe PDU, a place
that does not exist. Every person, case, figure and name is invented."""

from __future__ import annotations

import random
from datetime import date

from probity.bundle.model import (
    Bundle,
    Case,
    Inspection,
    Judgement,
    NarrativeParagraph,
    PracticeExample,
    Recommendation,
    SampleWindow,
    StaffingFigure,
    SurveyResult,
)
from probity.framework import Framework

from .common import answer_cases, inspectors, spread, with_notes

FRAMEWORK_ID = "hmip-adult-pdu-2023"
FOLDER = "adult-2023-demo"
SEED = 20240603
PDU = "Millbrook and Ashcombe PDU"
REGION = "Eastshire"

# Each key question's % "Yes", chosen so that 2.1 is Good, 2.2 and 2.3 Requires improvement
# and 2.4 Inadequate.
TARGETS = {
    "2.1.1": 74, "2.1.2": 68, "2.1.3": 66,
    "2.2.1": 64, "2.2.2": 70, "2.2.3": 52,
    "2.3.1": 62, "2.3.2": 58, "2.3.3": 54,
    "2.4.1": 56, "2.4.2": 48, "2.4.3": 44,
}  # fmt: skip

JUDGEMENTS = {
    "1.1": ("good", "Leaders have a clear plan for the PDU and have started to improve the "
            "quality of work on risk of harm; staff know the priorities."),
    "1.2": ("requires_improvement", "Probation officer vacancies leave practitioners with "
            "high workloads; oversight by managers is inconsistent."),
    "1.3": ("requires_improvement", "A good range of services for accommodation and "
            "employment; too few places on accredited programmes. Capped at the rating of "
            "implementation and delivery."),
}  # fmt: skip

EXPECTED = {
    **{s: r for s, (r, _) in JUDGEMENTS.items()},
    "2.1": "good", "2.2": "requires_improvement", "2.3": "requires_improvement",
    "2.4": "inadequate",
}  # fmt: skip
EXPECTED_SCORE = (8, 21, "requires_improvement")

NOTES = {
    "2.2.3": "No contingency plan despite known contact with a former partner.",
    "2.3.3": "No home visit after a domestic abuse call-out was reported.",
    "2.4.3": "Review did not consider the new police information.",
}


def build_cases(rng: random.Random) -> list[Case]:
    """50 fictional cases of people on probation."""
    n = 50
    kinds = spread(rng, [("community", 32), ("post_custody", 18)])
    rosh = spread(rng, [("low", 6), ("medium", 24), ("high", 17), ("very_high", 3)])
    gender = spread(rng, [("female", 6), ("male", 43), ("not_recorded", 1)])
    ethnic = spread(
        rng, [("white", 38), ("black", 4), ("asian", 4), ("mixed", 3), ("not_recorded", 1)]
    )
    disability = spread(rng, [(True, 14), (False, n - 14)])
    drugs = spread(rng, [(True, 19), (False, n - 19)])
    alcohol = spread(rng, [(True, 15), (False, n - 15)])
    grade = spread(rng, [("PO", 27), ("PSO", 14), ("PQiP", 7), ("other", 2)])
    team = inspectors(5)
    return [
        Case(
            f"A{i + 1:03d}",
            team[i % len(team)],
            {
                "case_type": kinds[i],
                "rosh": rosh[i],
                "gender": gender[i],
                "ethnic_group": ethnic[i],
                "disability": disability[i],
                "drug_misuse": drugs[i],
                "alcohol_misuse": alcohol[i],
                "practitioner_grade": grade[i],
            },
        )
        for i in range(n)
    ]


def build(fw: Framework) -> Bundle:
    """The whole fictional PDU inspection."""
    rng = random.Random(SEED)
    cases = build_cases(rng)
    answers = answer_cases(fw, cases, TARGETS, rng)
    answers = with_notes(answers, NOTES)
    return Bundle(
        inspection=Inspection(
            inspection_id="millbrook-ashcombe-pdu-demo",
            organisation=PDU,
            region=REGION,
            framework=FRAMEWORK_ID,
            fieldwork_start=date(2024, 6, 3),
            fieldwork_end=date(2024, 6, 7),
            published=date(2024, 8, 14),
            lead_inspector="Jo Example",
            cases_interviewed=44,
        ),
        sample_windows=(
            SampleWindow(date(2023, 11, 6), date(2023, 11, 12)),
            SampleWindow(date(2023, 12, 4), date(2023, 12, 10)),
        ),
        cases=tuple(cases),
        answers=tuple(answers),
        judgements=tuple(Judgement(s, r, e) for s, (r, e) in JUDGEMENTS.items()),
        staffing=STAFFING,
        surveys=SURVEYS,
        recommendations=RECOMMENDATIONS,
        practice_examples=PRACTICE_EXAMPLES,
        narrative=tuple(
            NarrativeParagraph(section, part, " ".join(text.split()), heading)
            for section, part, heading, text in NARRATIVE
        ),
    )


SOURCE = "The Probation Service (fictional)"
STAFFING = (
    StaffingFigure(
        "key_staffing", "Probation officers in post (FTE)", 31.5, "fte", "po_fte", SOURCE
    ),
    StaffingFigure(
        "key_staffing", "Probation officer vacancy rate", 18, "percent", "po_vacancies", SOURCE
    ),
    StaffingFigure(
        "key_staffing", "Probation services officers in post (FTE)", 27, "fte", None, SOURCE
    ),
    StaffingFigure(
        "caseload_workload",
        "Average caseload of a probation officer",
        41,
        "cases",
        "po_caseload",
        SOURCE,
    ),
    StaffingFigure(
        "inspection_workload",
        "Practitioners whose workload was above 110 per cent",
        None,
        "percent",
        None,
        SOURCE,
    ),
    StaffingFigure(
        "services",
        "Accredited programme places available in the year",
        120,
        "count",
        "programme_places",
        SOURCE,
    ),
)

SURVEYS = (
    SurveyResult("staff", "My workload is manageable", 46, 19, "workload_manageable"),
    SurveyResult(
        "staff",
        "Leaders in the PDU communicate their priorities clearly",
        46,
        35,
        "priorities_clear",
    ),
    SurveyResult(
        "practitioner_interviews",
        "I receive enough supervision from my manager",
        44,
        26,
        "supervision",
    ),
    SurveyResult(
        "people_on_probation",
        "My probation practitioner helps me to stay out of trouble",
        23,
        18,
        "helped",
    ),
)

RECOMMENDATIONS = (
    Recommendation(
        "current",
        1,
        "improve the quality of reviewing, so that changes in risk "
        "of harm lead to a revised plan of work",
        PDU,
    ),
    Recommendation(
        "current",
        2,
        "make sure planning sets out contingency arrangements to manage the risk of harm",
        PDU,
    ),
    Recommendation(
        "current", 3, "increase the number of places on accredited programmes", f"{REGION} region"
    ),
    Recommendation(
        kind="previous",
        number=1,
        text="improve the identification and analysis of risk of harm in assessment",
        source="An inspection of probation services in Millbrook and Ashcombe PDU (fictional)",
        source_date=date(2022, 3, 9),
        findings="Assessment of risk of harm is now mostly sufficient.",
        progress="sufficient_progress",
        improvement_required=False,
    ),
    Recommendation(
        kind="previous",
        number=2,
        text="improve management oversight of cases at high risk of serious harm",
        source="An inspection of probation services in Millbrook and Ashcombe PDU (fictional)",
        source_date=date(2022, 3, 9),
        findings="Oversight is recorded but seldom changes the plan.",
        progress="some_progress",
        improvement_required=True,
    ),
)

PRACTICE_EXAMPLES = (
    PracticeExample(
        "2.1",
        "good",
        "Person P (a fictional person) was sentenced to a "
        "community order. The practitioner spoke to the police, children's "
        "services and a women's centre before completing the assessment, and "
        "set out clearly who was at risk and when.",
        "Person P",
    ),
    PracticeExample(
        "2.4",
        "poor",
        "Person S (a fictional person) was released on licence. "
        "After he moved in with a new partner who has two children, no review "
        "of his risk of harm took place for four months.",
        "Person S",
    ),
)

NARRATIVE: tuple[tuple[str, str, str | None, str], ...] = (
    ("acknowledgements", "text", None, """We would like to thank all those who
     participated in any way in this inspection, in particular the PDU head and the staff
     and people on probation who spoke to us."""),
    ("foreword", "text", None, """This is a fictional inspection, written to show how an
     inspection of a probation delivery unit is reported under the 2023 standards. Millbrook
     and Ashcombe PDU does not exist, and every person, case and figure in this report is
     invented."""),
    ("foreword", "text", None, """We inspected {{ sample.cases }} cases of people on
     probation. Overall, the PDU is rated '{{ overall }}', with a score of {{ score }} out of
     {{ max_score }}. Assessment is rated '{{ standard["2.1"] }}', but reviewing focused
     sufficiently on keeping other people safe in only {{ kq["2.4.3"] }} of cases."""),
    ("background", "text", None, """Millbrook and Ashcombe PDU is a fictional unit of the
     Probation Service in the fictional {{ "Eastshire" | stated }} region. Probation
     officers manage an average of {{ staffing.po_caseload }} cases."""),
    ("domain:1", "text", None, """Leaders have a clear plan and staff know the priorities:
     {{ survey.priorities_clear }} staff said so. Staffing and services need to improve."""),
    ("domain:1", "strength", None, """Leaders communicate their priorities clearly."""),
    ("domain:1", "improvement", None, """Only {{ survey.workload_manageable }} staff said
     their workload was manageable; the probation officer vacancy rate is
     {{ staffing.po_vacancies }}."""),
    ("1.1", "text", None, """Leadership is rated '{{ standard["1.1"] }}'."""),
    ("1.2", "text", None, """Staffing is rated '{{ standard["1.2"] }}'. There are
     {{ staffing.po_fte }} probation officers in post, and {{ survey.supervision }}
     practitioners said they receive enough supervision."""),
    ("1.3", "text", None, """Services are rated '{{ standard["1.3"] }}'. The PDU had
     {{ staffing.programme_places }} places on accredited programmes in the year, too few for
     the people on probation who need them. Of the people whose cases we inspected,
     {{ characteristics.drug_misuse }} had drug misuse problems."""),
    ("domain:2", "text", None, """We inspected {{ sample.community }} community sentence
     cases and {{ sample.post_custody }} post-release supervision cases;
     {{ sample.high_rosh }} were at high or very high risk of serious harm."""),
    ("domain:2", "strength", None, """Assessment engaged the person on probation in
     {{ kq["2.1.1"] }} of cases."""),
    ("domain:2", "strength", None, """{{ survey.helped }} people on probation said their
     practitioner helped them to stay out of trouble."""),
    ("domain:2", "improvement", None, """Planning focused sufficiently on keeping other people
     safe in only {{ kq["2.2.3"] }} of cases."""),
    ("domain:2", "improvement", None, """Reviewing did not respond to changes in risk of
     harm often enough: it is rated '{{ standard["2.4"] }}'."""),
    ("2.1", "text", None, """Assessment is rated '{{ standard["2.1"] }}'. The lowest key
     question, keeping other people safe, was sufficient in {{ kq["2.1.3"] }} of cases, as in
     the following example:"""),
    ("2.2", "text", None, """Planning is rated '{{ standard["2.2"] }}'. Contingency
     arrangements were set out in {{ prompt["2.2.3.d"].yes }} of
     {{ prompt["2.2.3.d"].applicable }} cases where they were needed."""),
    ("2.3", "text", None, """Implementation and delivery are rated
     '{{ standard["2.3"] }}'."""),
    ("2.4", "text", None, """Reviewing is rated '{{ standard["2.4"] }}': reviewing focused
     sufficiently on keeping other people safe in {{ kq["2.4.3"].yes }} of
     {{ kq["2.4.3"].applicable }} cases, as this example shows:"""),
)  # fmt: skip
