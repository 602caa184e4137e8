"""A fictional inspection of a youth justice service under ``hmip-youth-justice-2021``:
48 children's cases (32 court disposals, 16 out-of-court disposals) in Kestrel Vale, a place
that does not exist. Every child, case, figure and name is invented."""

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

FRAMEWORK_ID = "hmip-youth-justice-2021"
FOLDER = "youth-demo"
SEED = 20240311
SERVICE = "Kestrel Vale Youth Justice Service"

# Each key question's % "Yes" (the nearest the sample allows), chosen so that the ratings
# vary: 2.1 Good, 2.2 Requires improvement, 2.3 Good, 2.4 Inadequate, 3.1 Outstanding,
# 3.2 Good, 3.3 Good.
TARGETS = {
    "2.1.1": 81, "2.1.2": 72, "2.1.3": 69,
    "2.2.1": 75, "2.2.2": 59, "2.2.3": 66,
    "2.3.1": 84, "2.3.2": 75, "2.3.3": 72,
    "2.4.1": 63, "2.4.2": 47, "2.4.3": 56,
    "3.1.1": 88, "3.1.2": 81, "3.1.3": 94,
    "3.2.1": 75, "3.2.2": 69, "3.2.3": 81,
    "3.3.1": 81, "3.3.2": 69, "3.3.3": 75,
}  # fmt: skip

JUDGEMENTS = {
    "1.1": ("good", "The management board knows the service's children well; partners attend "
            "and hold each other to account."),
    "1.2": ("requires_improvement", "Case managers are skilled and committed, but vacancies "
            "have left some with more children than they can see as often as planned."),
    "1.3": ("requires_improvement", "Services for desistance are good; access to emotional "
            "and mental health support is slow."),
    "1.4": ("requires_improvement", "Policies are up to date; the case management system "
            "does not yet give managers the reports they need."),
    "3.4": ("good", "A joint decision-making panel with the police diverts most children "
            "from court; the policy is evaluated each year."),
    "4.1": ("outstanding", "Every child leaving custody had a home, a school or training "
            "place and a named worker arranged before release."),
}  # fmt: skip

# The ratings the answers and judgements must give (checked before writing).
EXPECTED = {
    **{s: r for s, (r, _) in JUDGEMENTS.items()},
    "2.1": "good", "2.2": "requires_improvement", "2.3": "good", "2.4": "inadequate",
    "3.1": "outstanding", "3.2": "good", "3.3": "good",
}  # fmt: skip
EXPECTED_SCORE = (19, 36, "good")

NOTES = {
    "2.2.2": "No plan for the child's safety in the family home after the police call-out.",
    "2.4.2": "The review after the child moved placement did not revisit the safety plan.",
    "2.4.3": "Review did not take account of new intelligence about a knife.",
    "3.2.2": "Contingency plan not written down; the case manager knew what to do.",
}

COURT_TYPES = [
    ("referral_order", 14),
    ("youth_rehabilitation_order", 12),
    ("custodial_sentence", 6),
]
OUT_OF_COURT_TYPES = [
    ("youth_conditional_caution", 5),
    ("youth_caution", 4),
    ("community_resolution", 7),
]


def build_cases(rng: random.Random) -> list[Case]:
    """48 fictional children's cases, the disposals interleaved."""
    kinds = [("court", t) for t, n in COURT_TYPES for _ in range(n)]
    kinds += [("out_of_court", t) for t, n in OUT_OF_COURT_TYPES for _ in range(n)]
    rng.shuffle(kinds)
    n = len(kinds)
    court = sum(d == "court" for d, _ in kinds)
    sexes = spread(rng, [("female", 7), ("not_recorded", 1), ("male", n - 8)])
    ages_court = spread(rng, [("10_14", 5), ("15_17", 23), ("18_plus", 4)])
    ages_ooc = spread(rng, [("10_14", 4), ("15_17", n - court - 4)])
    ethnic = spread(
        rng,
        [("white", 27), ("black", 9), ("asian", 5), ("mixed", 5), ("other", 1),
         ("not_recorded", 1)],
    )  # fmt: skip
    looked_after = spread(rng, [(True, 9), (False, n - 9)])
    disability = spread(rng, [(True, 11), (False, n - 11)])
    neet = spread(rng, [(True, 14), (False, n - 14)])
    safety = spread(rng, [("low", 12), ("medium", 20), ("high", 13), ("very_high", 3)])
    harm_court = spread(rng, [("low", 8), ("medium", 15), ("high", 8), ("very_high", 1)])
    harm_ooc = spread(rng, [("low", 10), ("medium", n - court - 10)])
    team = inspectors(4)
    cases = []
    for i, (disposal, disposal_type) in enumerate(kinds):
        is_court = disposal == "court"
        attributes = {
            "disposal": disposal,
            "disposal_type": disposal_type,
            "sex": sexes[i],
            "age_band": (ages_court if is_court else ages_ooc).pop(),
            "ethnic_group": ethnic[i],
            "looked_after": looked_after[i],
            "disability": disability[i],
            "neet": neet[i],
            "safety_wellbeing": safety[i],
            "risk_of_harm": (harm_court if is_court else harm_ooc).pop(),
        }
        cases.append(Case(f"Y{i + 1:03d}", team[i % len(team)], attributes))
    return cases


def build(fw: Framework) -> Bundle:
    """The whole fictional youth inspection."""
    rng = random.Random(SEED)
    cases = build_cases(rng)
    answers = answer_cases(fw, cases, TARGETS, rng)
    answers = with_notes(answers, NOTES)
    return Bundle(
        inspection=Inspection(
            inspection_id="kestrel-vale-yjs-demo",
            organisation=SERVICE,
            region=None,
            framework=FRAMEWORK_ID,
            fieldwork_start=date(2024, 3, 11),
            fieldwork_end=date(2024, 3, 15),
            published=date(2024, 5, 22),
            lead_inspector="Jo Example",
            cases_interviewed=40,
        ),
        sample_windows=(
            SampleWindow(date(2023, 6, 5), date(2023, 6, 18)),
            SampleWindow(date(2023, 9, 4), date(2023, 9, 17)),
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


SOURCE = "Kestrel Vale YJS (fictional)"
STAFFING = (
    StaffingFigure(
        "key_staffing", "Case managers in post (FTE)", 14.5, "fte", "case_managers", SOURCE
    ),
    StaffingFigure(
        "key_staffing", "Vacancy rate for case managers", 12, "percent", "vacancy_rate", SOURCE
    ),
    StaffingFigure("key_staffing", "Staff on long-term sickness absence", 2, "count", None, SOURCE),
    StaffingFigure(
        "caseload_workload",
        "Average caseload per case manager",
        9,
        "cases",
        "average_caseload",
        SOURCE,
    ),
    StaffingFigure(
        "caseload_workload",
        "Children supervised on the first day of fieldwork",
        96,
        "count",
        "children_supervised",
        SOURCE,
    ),
)

SURVEYS = (
    SurveyResult("staff", "My workload is manageable", 38, 21, "workload_manageable"),
    SurveyResult("staff", "I receive the training I need to do my job well", 38, 31, "training"),
    SurveyResult(
        "staff",
        "The management board understands the work of the service",
        38,
        29,
        "board_understands",
    ),
    SurveyResult(
        "case_manager_interviews",
        "I have enough time to work with each child",
        40,
        24,
        "time_for_children",
    ),
    SurveyResult(
        "case_manager_interviews",
        "I can get a child seen quickly by the emotional and mental health service",
        40,
        15,
        "mental_health_access",
    ),
    SurveyResult("children_and_parents", "My case manager listens to me", 19, 17, "listened_to"),
    SurveyResult(
        "children_and_parents",
        "As a parent or carer, I was kept informed",
        12,
        9,
        "parents_informed",
    ),
)

RECOMMENDATIONS = (
    Recommendation(
        "current",
        1,
        "improve the quality of reviewing, so that changes in a "
        "child's safety and wellbeing lead to a revised plan",
        SERVICE,
    ),
    Recommendation(
        "current",
        2,
        "make sure planning for court disposals sets out how the "
        "child will be kept safe, with contingency arrangements",
        SERVICE,
    ),
    Recommendation(
        "current",
        3,
        "agree with health partners how children will be seen "
        "quickly by the emotional and mental health service",
        "Kestrel Vale YJS management board",
    ),
    Recommendation(
        "current",
        4,
        "reduce case manager vacancies so that caseloads allow contact as often as planned",
        "Kestrel Vale YJS management board",
    ),
    Recommendation(
        kind="previous",
        number=1,
        text="improve the analysis of risk to the child's safety and wellbeing in assessment",
        source="An inspection of youth offending services in Kestrel Vale (fictional)",
        source_date=date(2019, 6, 12),
        findings="Assessment of the child's safety is now mostly sufficient.",
        progress="sufficient_progress",
        improvement_required=False,
    ),
    Recommendation(
        kind="previous",
        number=2,
        text="improve management oversight of reviewing",
        source="An inspection of youth offending services in Kestrel Vale (fictional)",
        source_date=date(2019, 6, 12),
        findings="Oversight is recorded but seldom changes a review.",
        progress="some_progress",
        improvement_required=True,
    ),
)

PRACTICE_EXAMPLES = (
    PracticeExample(
        "2.3",
        "good",
        "Child Q (a fictional child) is 15 and on a referral "
        "order. His case manager met him at school each week, worked with his "
        "grandmother on a plan for evenings, and arranged boxing sessions he chose "
        "himself. He completed his order and stayed in school.",
        "Child Q",
    ),
    PracticeExample(
        "2.4",
        "poor",
        "Child R (a fictional child) is 16 and on a youth "
        "rehabilitation order. After she moved to a new children's home, no one "
        "reviewed her safety plan; the plan still named an address she no longer "
        "lived at three months later.",
        "Child R",
    ),
)

# (section, part, heading, text): the report's words, quoting computed figures.
NARRATIVE: tuple[tuple[str, str, str | None, str], ...] = (
    ("acknowledgements", "text", None, """We would like to thank all those who
     participated in any way in this inspection, in particular the head of service, the
     management board and the children, parents and carers who spoke to us."""),
    ("foreword", "text", None, """This is a fictional inspection, written to show how an
     inspection of youth justice services is reported. Kestrel Vale does not exist, and every
     child, case and figure in this report is invented."""),
    ("foreword", "text", None, """We inspected {{ sample.cases }} children's cases:
     {{ sample.court }} court disposals and {{ sample.out_of_court }} out-of-court disposals.
     Overall, the youth justice service is rated '{{ overall }}', with a score of
     {{ score }} out of {{ max_score }}."""),
    ("foreword", "text", None, """Work with children on out-of-court disposals is a clear
     strength: assessment is rated '{{ standard["3.1"] }}'. Reviewing of court disposals is
     not yet good enough: it focused sufficiently on keeping the child safe in only
     {{ kq["2.4.2"] }} of cases, and it is rated '{{ standard["2.4"] }}'."""),
    ("background", "text", None, """Kestrel Vale Youth Justice Service is a fictional
     service. It supervised {{ staffing.children_supervised }} children on the first day of
     our fieldwork, with {{ staffing.case_managers }} case managers in post."""),
    ("domain:1", "text", None, """The management board gives the service clear direction,
     and staff are committed to the children they work with. Vacancies and slow access to
     emotional and mental health support hold the service back."""),
    ("domain:1", "strength", None, """The management board knows the children the service
     works with and holds partners to account."""),
    ("domain:1", "strength", None, """Staff feel well trained: {{ survey.training }} staff who
     answered our survey said they receive the training they need."""),
    ("domain:1", "improvement", None, """Only {{ survey.workload_manageable }} staff said
     their workload was manageable."""),
    ("domain:1", "improvement", None, """Children wait too long to be seen by the emotional and
     mental health service."""),
    ("1.1", "text", None, """Governance and leadership are rated '{{ standard["1.1"] }}'. The
     board meets every two months and each partner reports on the children it serves."""),
    ("1.1", "text", "Does the leadership of the YJS support effective service delivery?",
     """Leaders are visible and known to staff; {{ survey.board_understands }} staff said the
     board understands their work."""),
    ("1.2", "text", None, """Staff are rated '{{ standard["1.2"] }}'. The vacancy rate for
     case managers is {{ staffing.vacancy_rate }}, and the average caseload is
     {{ staffing.average_caseload }} children."""),
    ("1.2", "text", None, """In interviews, {{ survey.time_for_children }} case managers said
     they had enough time to work with each child."""),
    ("1.3", "text", None, """Partnerships and services are rated '{{ standard["1.3"] }}'.
     Interventions to support desistance are varied and well used, but only
     {{ survey.mental_health_access }} case managers said a child could be seen quickly by the
     emotional and mental health service."""),
    ("1.3", "text", None, """Of the children whose cases we inspected,
     {{ characteristics.looked_after }} were looked after and {{ characteristics.neet }} were
     not in education, training or employment."""),
    ("1.4", "text", None, """Information and facilities are rated '{{ standard["1.4"] }}'.
     Children and their parents or carers told us they are listened to:
     {{ survey.listened_to }} children said so, and {{ survey.parents_informed }} parents or
     carers said they were kept informed."""),
    ("domain:2", "text", None, """We inspected {{ sample.court }} court disposals, of which
     {{ sample.custodial }} were custodial sentences. Assessment and implementation and
     delivery were good; planning and reviewing need to keep the child safe more
     consistently."""),
    ("domain:2", "strength", None, """Assessment of how to support the child's desistance was
     sufficient in {{ kq["2.1.1"] }} of cases."""),
    ("domain:2", "strength", None, """Case managers build trusting relationships with
     children and their families."""),
    ("domain:2", "improvement", None, """Planning to keep the child safe was sufficient in only
     {{ kq["2.2.2"] }} of cases."""),
    ("domain:2", "improvement", None, """Reviewing did not respond to changes in the child's
     safety and wellbeing often enough."""),
    ("2.1", "text", None, """Assessment is rated '{{ standard["2.1"] }}': the lowest key
     question, keeping other people safe, was sufficient in {{ kq["2.1.3"] }} of cases. The
     needs and wishes of victims were considered in {{ prompt["2.1.1.f"].yes }} of the
     {{ prompt["2.1.1.f"].applicable }} cases where they applied."""),
    ("2.2", "text", None, """Planning is rated '{{ standard["2.2"] }}'. Planning to support
     the child's desistance was sufficient in {{ kq["2.2.1"] }} of cases, but planning to keep
     the child safe in only {{ kq["2.2.2"] }}."""),
    ("2.3", "text", None, """Implementation and delivery are rated '{{ standard["2.3"] }}'.
     Services supported the child's desistance in {{ kq["2.3.1"].per_cent }} of cases, as
     the following example shows:"""),
    ("2.4", "text", None, """Reviewing is rated '{{ standard["2.4"] }}'. Reviewing focused
     sufficiently on keeping the child safe in {{ kq["2.4.2"].yes }} of
     {{ kq["2.4.2"].applicable }} cases, and often missed a change of home or school, as in
     this example:"""),
    ("domain:3", "text", None, """We inspected {{ sample.out_of_court }} out-of-court
     disposals. Work on them is a strength of the service."""),
    ("domain:3", "strength", None, """Assessment of out-of-court disposals kept other people
     in mind: it was sufficient on keeping other people safe in {{ kq["3.1.3"] }} of
     cases."""),
    ("domain:3", "improvement", None, """Planning to keep the child safe was sufficient in
     {{ kq["3.2.2"] }} of out-of-court cases; contingency arrangements were seldom written
     down."""),
    ("3.1", "text", None, """Assessment is rated '{{ standard["3.1"] }}'."""),
    ("3.2", "text", None, """Planning is rated '{{ standard["3.2"] }}'."""),
    ("3.3", "text", None, """Implementation and delivery are rated '{{ standard["3.3"] }}':
     services supported the safety of the child in {{ kq["3.3.2"] }} of cases."""),
    ("3.4", "text", None, """Out-of-court disposal policy and provision is rated
     '{{ standard["3.4"] }}'. A joint panel with the police decides each child's outcome, and
     the service reviews its policy every year."""),
    ("domain:4", "text", None, """Resettlement is rated but not counted in the score."""),
    ("domain:4", "strength", None, """Every child leaving custody had somewhere to live and
     something to do arranged before release."""),
    ("domain:4", "improvement", None, """The service should share what it has learned about
     resettlement with its partners."""),
    ("4.1", "text", None, """Resettlement policy and provision is rated
     '{{ standard["4.1"] }}'."""),
)  # fmt: skip
