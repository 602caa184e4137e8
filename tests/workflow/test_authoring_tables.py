"""Writing the report's tables: practice examples under a pseudonym the case's record does not
contain, recommendations of this inspection and progress on the previous ones, staffing figures
and survey results edited in a table or uploaded (every row or none, each problem located)."""

from __future__ import annotations

import pytest

from probity.bundle.model import Recommendation, StaffingFigure, SurveyResult
from probity.workflow import authoring_tables as tables
from probity.workflow.errors import ForbiddenError, InvalidError, StaleError
from probity.workflow.store import StoredAnswer

from .conftest import ID, World


def _example(world: World, case_id: str, pseudonym: str, row_id: int | None = None,
             version: int = 0) -> int:  # fmt: skip
    return tables.save_practice_example(
        world.store, world.lead, ID, row_id, version, standard_id="2.2", kind="good",
        case_id=case_id, pseudonym=pseudonym, text="Fictional: a plan made with the person.",
    )  # fmt: skip


def test_a_practice_example_is_kept_under_a_pseudonym_for_a_case_of_the_inspection(ready):
    case = ready.store.cases(ID)[0].case_id
    made = _example(ready, case, "Sam")
    _example(ready, case, "Alex", made, 1)
    [row] = ready.store.report_rows(ID, "practice_examples")
    assert (row.record.pseudonym, row.record.standard_id, row.version) == ("Alex", "2.2", 2)  # type: ignore[union-attr]
    assert row.record.case_id == case  # type: ignore[union-attr]  # kept, never printed


def test_a_pseudonym_found_in_the_cases_record_is_refused_without_repeating_the_record(ready):
    case = ready.store.cases(ID)[0].case_id
    ready.store.inspections[ID].cases[case].answers["2.2.1"] = StoredAnswer(
        "yes", "Fictional: Jonny was seen at home."
    )
    for traced in ("Jonny", "jonny", case, "White"):
        with pytest.raises(InvalidError) as refused:
            _example(ready, case, traced)
        [problem] = refused.value.problems
        assert problem.startswith("pseudonym: ")
        assert "seen at home" not in problem
    # "Jon" is not the word "Jonny": a pseudonym is refused only as a whole word.
    _example(ready, case, "Jon")


def test_a_practice_example_names_a_standard_a_kind_and_a_case_of_the_inspection(ready):
    with pytest.raises(InvalidError) as refused:
        tables.save_practice_example(
            ready.store, ready.lead, ID, None, 0, standard_id="9.9", kind="bad",
            case_id="NOPE", pseudonym=" ", text="",
        )  # fmt: skip
    assert [p.split(":")[0] for p in refused.value.problems] == [
        "standard", "kind", "case", "pseudonym", "text"
    ]  # fmt: skip
    with pytest.raises(ForbiddenError):
        tables.save_practice_example(
            ready.store, ready.inspector_a, ID, None, 0, standard_id="2.2", kind="good",
            case_id=ready.store.cases(ID)[0].case_id, pseudonym="Sam", text="Mine.",
        )  # fmt: skip
    assert ready.store.report_rows(ID, "practice_examples") == []


def test_recommendations_are_numbered_in_turn_and_progress_is_recorded_on_previous_ones(ready):
    s = ready.store
    previous = s.add_report_row(ID, "recommendations", Recommendation(
        "previous", 1, "Fictional: improve plans.", source="2019 inspection",
        progress="no_progress", improvement_required=True), None, ready.lead)  # fmt: skip
    first = tables.save_recommendation(s, ready.lead, ID, None, 0, text="Improve risk work.",
                                       addressed_to="The PDU")  # fmt: skip
    second = tables.save_recommendation(s, ready.lead, ID, None, 0, text="Improve oversight.",
                                        addressed_to="The PDU")  # fmt: skip
    tables.save_recommendation(s, ready.admin, ID, first, 1, text="Improve risk of harm work.",
                               addressed_to="The PDU head")  # fmt: skip
    with pytest.raises(StaleError):
        tables.save_recommendation(s, ready.lead, ID, first, 1, text="Overwrite.",
                                   addressed_to="X")  # fmt: skip
    better = "Fictional: plans better."
    tables.record_progress(s, ready.lead, ID, previous, 1, progress="some_progress",
                           findings=better, improvement_required="no")  # fmt: skip
    with pytest.raises(InvalidError, match="progress: choose"):
        tables.record_progress(s, ready.lead, ID, previous, 2, progress="great",
                               findings="", improvement_required="yes")  # fmt: skip
    found = {r.row_id: r.record for r in s.report_rows(ID, "recommendations")}
    assert (found[first].number, found[first].text, found[first].addressed_to) == (  # type: ignore[union-attr]
        1, "Improve risk of harm work.", "The PDU head"
    )  # fmt: skip
    assert found[second].number == 2  # type: ignore[union-attr]
    assert found[previous] == Recommendation(
        "previous", 1, "Fictional: improve plans.", source="2019 inspection",
        findings="Fictional: plans better.", progress="some_progress", improvement_required=False,
    )  # fmt: skip


def test_staffing_and_survey_figures_change_together_or_not_at_all(ready):
    s = ready.store
    fte = s.add_report_row(ID, "staffing", StaffingFigure("key", "Staff (FTE)", 20.0, "fte"),
                           None, ready.lead)  # fmt: skip
    survey = s.add_report_row(ID, "surveys", SurveyResult("staff", "Fictional?", 10, 5),
                              None, ready.lead)  # fmt: skip
    with pytest.raises(InvalidError) as refused:
        tables.save_staffing(s, ready.lead, ID, {fte: (1, "many")})
    assert refused.value.problems == [f"value-{fte}: enter a number, like 42"]
    assert tables.save_staffing(s, ready.lead, ID, {fte: (1, "")}) == 1
    assert s.report_rows(ID, "staffing")[0].record.value is None  # type: ignore[union-attr]
    with pytest.raises(InvalidError) as refused:
        tables.save_surveys(s, ready.lead, ID, {survey: (1, "10", "11")})
    assert refused.value.problems == [
        f"positive-{survey}: must be between 0 and the 10 respondents"
    ]
    assert tables.save_surveys(s, ready.lead, ID, {survey: (1, "12", "6")}) == 1
    assert s.report_rows(ID, "surveys")[0].record == SurveyResult("staff", "Fictional?", 12, 6)


def test_an_uploaded_survey_file_replaces_every_result_or_none_with_each_problem_located(ready):
    s = ready.store
    s.add_report_row(ID, "surveys", SurveyResult("staff", "Old?", 10, 5), None, ready.lead)
    bad = ("survey,ref,question,respondents,positive\n"
           "staff,a,First?,10,4\nstaff,a,Second?,x,3\nstaff,,First?,5,9\n")  # fmt: skip
    with pytest.raises(InvalidError) as refused:
        tables.upload_surveys(s, ready.lead, ID, bad)
    assert refused.value.problems == [
        "row 3, respondents: enter a whole number, like 42",
        "row 3, ref: 'a' is already the ref of row 2",
        "row 4, question: the same question as row 2",
    ]
    assert [r.record.question for r in s.report_rows(ID, "surveys")] == ["Old?"]  # type: ignore[union-attr]
    with pytest.raises(InvalidError, match="lacks the column positive"):
        tables.upload_surveys(s, ready.lead, ID, "survey,ref,question,respondents\n")
    good = "\ufeffsurvey,ref,question,respondents,positive\nstaff,a,First?,10,4\npop,,Second?,8,8\n"
    assert tables.upload_surveys(s, ready.lead, ID, good) == 2
    assert [r.record for r in s.report_rows(ID, "surveys")] == [
        SurveyResult("staff", "First?", 10, 4, "a"), SurveyResult("pop", "Second?", 8, 8)
    ]  # fmt: skip


def test_the_inspections_glossary_defines_each_term_once_and_keeps_its_history(ready):
    from probity.workflow.authoring_tables import (
        delete_glossary_term,
        glossary,
        save_glossary_term,
    )

    made = save_glossary_term(ready.store, ready.lead, ID, None, 0,
                              term="Hub", definition="Fictional: a shared office.")  # fmt: skip
    with pytest.raises(InvalidError, match="already defined"):
        save_glossary_term(ready.store, ready.lead, ID, None, 0, term="hub", definition="Again.")
    with pytest.raises(InvalidError) as both:
        save_glossary_term(ready.store, ready.lead, ID, None, 0, term=" ", definition="")
    assert [p.split(":")[0] for p in both.value.problems] == ["term", "definition"]
    save_glossary_term(ready.store, ready.lead, ID, made, 1, term="Hub",
                       definition="Fictional: a shared office for two teams.")  # fmt: skip
    [row], _ = glossary(ready.store, ready.lead, ID)
    assert row.record.definition == "Fictional: a shared office for two teams."  # type: ignore[union-attr]
    with pytest.raises(ForbiddenError):
        save_glossary_term(ready.store, ready.inspector_a, ID, None, 0, term="X", definition="Y")
    delete_glossary_term(ready.store, ready.lead, ID, made, 2)
    assert glossary(ready.store, ready.lead, ID)[0] == []
    kinds = [c.kind for c in ready.store.report_history(ID, "glossary")]
    assert kinds == ["added", "changed", "deleted"]
