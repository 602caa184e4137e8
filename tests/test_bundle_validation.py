"""Every validation rule: a bad bundle gives a located message, and nothing is loaded."""

from __future__ import annotations

import pytest

from probity.bundle import read_bundle
from probity.bundle.problems import DataError

from .bundles import valid_tables, write_csv_tables, write_xlsx_tables


@pytest.fixture
def tables(adult):
    return valid_tables(adult)


def problems(path) -> list[str]:
    with pytest.raises(DataError) as caught:
        read_bundle(path)
    return [str(p) for p in caught.value.problems]


def csv_problems(tmp_path, tables) -> list[str]:
    folder = write_csv_tables(tables, tmp_path / "bundle")
    return [p.replace(str(folder) + "/", "") for p in problems(folder)]


def test_the_small_valid_bundle_loads_from_csv_and_xlsx(tmp_path, tables):
    from_csv = read_bundle(write_csv_tables(tables, tmp_path / "b"))
    from_xlsx = read_bundle(write_xlsx_tables(tables, tmp_path / "b.xlsx"))
    assert from_csv == from_xlsx
    assert len(from_csv.cases) == 3
    assert from_csv.cases[1].attributes["unpaid_work_only"] is True
    assert from_csv.inspection.organisation == "Test PDU"


def test_an_unknown_case_id_is_located(tmp_path, tables):
    tables["answers"][5]["case_id"] = "T9"
    assert csv_problems(tmp_path, tables) == [
        "answers.csv: row 7, column case_id: unknown case 'T9': not in the cases table"
    ]


def test_an_unknown_question_id_is_located(tmp_path, tables):
    assert tables["answers"][1]["question_id"] == "2.1.1.a"
    tables["answers"][1]["question_id"] = "2.2.9.z"
    assert csv_problems(tmp_path, tables) == [
        "answers.csv: row 3, column question_id: unknown question '2.2.9.z' in framework "
        "hmip-adult-pdu-2021"
    ]


def test_a_duplicate_answer_is_located_with_the_first(tmp_path, tables):
    tables["answers"].append(dict(tables["answers"][3]))
    last_row = len(tables["answers"]) + 1
    assert csv_problems(tmp_path, tables) == [
        f"answers.csv: row {last_row}, column question_id: duplicate: case_id T1, "
        f"question_id {tables['answers'][3]['question_id']} is already on row 5"
    ]


def _set_answer(tables, case_id, question_id, answer):
    for i, row in enumerate(tables["answers"]):
        if row["case_id"] == case_id and row["question_id"] == question_id:
            row["answer"] = answer
            return i + 2
    raise KeyError((case_id, question_id))


def test_a_post_custody_prompt_answered_on_a_community_case_must_be_na(tmp_path, tables):
    row = _set_answer(tables, "T1", "2.4.pc.a", "yes")
    assert csv_problems(tmp_path, tables) == [
        f"answers.csv: row {row}, column answer: 2.4.pc.a must be na on case T1: it is not "
        "applicable where Case type is not Post-custody"
    ]


def test_a_starred_prompt_on_an_unpaid_work_only_case_must_be_na(tmp_path, tables):
    row = _set_answer(tables, "T2", "2.3.2.a", "no")
    (problem,) = csv_problems(tmp_path, tables)
    assert problem == (
        f"answers.csv: row {row}, column answer: 2.3.2.a must be na on case T2: it is marked *: "
        "it does not apply in unpaid work only cases"
    )


def test_a_prompt_without_markers_cannot_be_na(tmp_path, tables):
    row = _set_answer(tables, "T3", "2.2.1.a", "na")
    assert csv_problems(tmp_path, tables) == [
        f"answers.csv: row {row}, column answer: 2.2.1.a applies to case T3 and the framework "
        "does not let it be not applicable, so it is answered yes or no, not na"
    ]


def test_a_double_starred_prompt_may_be_na_on_any_case(tmp_path, tables, adult):
    _set_answer(tables, "T3", "2.2.2.b", "na")
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "b"))
    assert any(a.question_id == "2.2.2.b" and a.answer == "na" for a in bundle.answers)


def test_a_key_question_cannot_be_na(tmp_path, tables):
    row = _set_answer(tables, "T1", "2.5.2", "na")
    assert csv_problems(tmp_path, tables) == [
        f"answers.csv: row {row}, column answer: 2.5.2 is a key question: it is answered yes or no"
    ]


def test_a_missing_key_question_answer_is_reported_for_its_case(tmp_path, tables):
    tables["answers"] = [
        a for a in tables["answers"] if not (a["case_id"] == "T3" and a["question_id"] == "2.3.3")
    ]
    assert csv_problems(tmp_path, tables) == [
        "answers.csv: table: case T3: no answer for key question(s) 2.3.3"
    ]


def test_a_court_work_answer_needs_a_court_report(tmp_path, tables):
    tables["answers"].append({"case_id": "T2", "question_id": "2.1.1", "answer": "yes"})
    row = len(tables["answers"]) + 1
    assert csv_problems(tmp_path, tables) == [
        f"answers.csv: row {row}, column question_id: 2.1.1 is not asked on case T2: 2.1 Court "
        "work is asked only where Court report is Yes, so it takes no answer"
    ]


def test_a_court_report_case_needs_its_court_work_answer(tmp_path, tables):
    tables["answers"] = [
        a for a in tables["answers"] if not (a["case_id"] == "T1" and a["question_id"] == "2.1.1")
    ]
    assert csv_problems(tmp_path, tables) == [
        "answers.csv: table: case T1: no answer for key question(s) 2.1.1"
    ]


def test_wrong_types_are_located_by_row_and_column(tmp_path, tables):
    tables["cases"][0]["court_report"] = "perhaps"
    tables["cases"][1]["rosh"] = "extreme"
    tables["surveys"][0]["respondents"] = "ten"
    tables["inspection"][0]["fieldwork_start"] = "13/06/2022"
    found = csv_problems(tmp_path, tables)
    assert "cases.csv: row 2, column court_report: 'perhaps' is not yes or no" in found
    assert (
        "cases.csv: row 3, column rosh: 'extreme' is not one of low, medium, high, very_high"
        in found
    )
    assert "surveys.csv: row 2, column respondents: 'ten' is not a whole number" in found
    assert (
        "inspection.csv: row 2, column fieldwork_start: '13/06/2022' is not a date (YYYY-MM-DD)"
        in found
    )


def test_dates_out_of_order_are_refused(tmp_path, tables):
    tables["inspection"][0]["fieldwork_end"] = "2026-05-30"
    tables["sample_windows"][0]["end"] = "2025-12-25"
    found = csv_problems(tmp_path, tables)
    assert found == [
        "inspection.csv: row 2, column fieldwork_end: 2026-05-30 is before fieldwork_start "
        "2026-06-01",
        "sample_windows.csv: row 2, column end: 2025-12-25 is before start 2026-01-01",
    ]


def test_a_sample_window_after_fieldwork_began_is_refused(tmp_path, tables):
    tables["sample_windows"][0]["end"] = "2026-06-03"
    assert csv_problems(tmp_path, tables) == [
        "sample_windows.csv: row 2, column end: 2026-06-03 is after fieldwork began (2026-06-01)"
    ]


def test_an_empty_file_is_refused(tmp_path, tables):
    folder = write_csv_tables(tables, tmp_path / "b")
    (folder / "cases.csv").write_text("", encoding="utf-8")
    found = [p.replace(str(folder) + "/", "") for p in problems(folder)]
    assert "cases.csv: file: empty: a header row is needed at least" in found


def test_a_table_with_a_header_and_no_cases_is_refused(tmp_path, tables):
    tables["cases"] = []
    found = csv_problems(tmp_path, tables)
    assert "cases.csv: table: no cases: an inspection needs at least one case" in found


def test_a_file_in_another_encoding_is_refused_with_its_line(tmp_path, tables):
    tables["cases"][2]["inspector"] = "Inspector Zoë"
    folder = write_csv_tables(tables, tmp_path / "b")
    path = folder / "cases.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    found = [p.replace(str(folder) + "/", "") for p in problems(folder)]
    assert any(p.startswith("cases.csv: line 4: not UTF-8 text") for p in found), found


def test_a_missing_table_and_an_unknown_file_are_both_reported(tmp_path, tables):
    folder = write_csv_tables(tables, tmp_path / "b")
    (folder / "answers.csv").rename(folder / "answer.csv")
    found = [p.replace(str(folder) + "/", "") for p in problems(folder)]
    assert "answers.csv: file: missing: this table is required" in found
    assert any(p.startswith("answer.csv: file: not a table of the bundle") for p in found)


def test_an_unknown_column_and_a_missing_column_are_reported(tmp_path, tables):
    folder = write_csv_tables(tables, tmp_path / "b")
    text = (folder / "cases.csv").read_text(encoding="utf-8")
    (folder / "cases.csv").write_text(text.replace("rosh", "risk", 1), encoding="utf-8")
    found = [p.replace(str(folder) + "/", "") for p in problems(folder)]
    assert found[:2] == [
        "cases.csv: column risk: unknown column; expected case_id, case_type, unpaid_work_only, "
        "court_report, rosh, gender, ethnic_group, disability, drug_misuse, alcohol_misuse, "
        "practitioner_grade, inspector",
        "cases.csv: table: missing column rosh",
    ]


def test_unpaid_work_only_must_be_a_community_case(tmp_path, tables):
    tables["cases"][2]["unpaid_work_only"] = "yes"
    assert csv_problems(tmp_path, tables) == [
        "cases.csv: row 4, column unpaid_work_only: only a community case can be unpaid work only"
    ]


def test_survey_positives_cannot_exceed_respondents(tmp_path, tables):
    tables["surveys"][0]["positive"] = "11"
    assert csv_problems(tmp_path, tables) == [
        "surveys.csv: row 2, column positive: 11 is not between 0 and the 10 respondents"
    ]


def test_judgements_name_a_judged_standard_and_a_known_rating(tmp_path, tables):
    tables["judgements"][1]["rating"] = "excellent"
    tables["judgements"].append({"standard_id": "2.2", "rating": "good"})
    found = csv_problems(tmp_path, tables)
    assert any(
        p.startswith("judgements.csv: row 3, column rating: 'excellent' is not one of")
        for p in found
    )
    assert (
        "judgements.csv: row 6, column standard_id: this standard is rated from casework, not by "
        "inspectors' judgement" in found
    )


def test_an_unknown_framework_is_refused(tmp_path, tables):
    tables["inspection"][0]["framework"] = "hmip-adult-pdu-1999"
    (problem,) = csv_problems(tmp_path, tables)
    assert problem.startswith("inspection.csv: row 2, column framework: unknown framework")


def test_every_problem_is_reported_at_once(tmp_path, tables):
    tables["answers"][5]["case_id"] = "T9"
    tables["cases"][1]["rosh"] = "extreme"
    tables["surveys"][0]["positive"] = "11"
    _set_answer(tables, "T3", "2.2.1.a", "na")
    assert len(csv_problems(tmp_path, tables)) == 4


def test_workbook_problems_name_the_sheet_row_and_column_letter(tmp_path, tables):
    tables["cases"][1]["rosh"] = "extreme"
    path = write_xlsx_tables(tables, tmp_path / "b.xlsx")
    (problem,) = problems(path)
    assert problem == (
        f"{path}: sheet cases, row 3, column E (rosh): 'extreme' is not one of low, medium, "
        "high, very_high"
    )


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "b.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    (problem,) = problems(path)
    assert problem.startswith(f"{path}: file: not a readable XLSX workbook")


def test_a_missing_bundle_is_refused(tmp_path):
    assert problems(tmp_path / "absent") == [f"{tmp_path / 'absent'}: file: no such file or folder"]


def test_publication_before_the_end_of_fieldwork_is_refused(tmp_path, tables):
    tables["inspection"][0]["published"] = "2026-06-03"
    assert csv_problems(tmp_path, tables) == [
        "inspection.csv: row 2, column published: 2026-06-03 is before the end of fieldwork "
        "(2026-06-05)"
    ]


def test_a_previous_recommendation_needs_its_progress(tmp_path, tables):
    tables["recommendations"] = [
        {"kind": "previous", "number": "1", "text": "Fictional recommendation.",
         "source": "A fictional report", "improvement_required": "yes"},
    ]  # fmt: skip
    assert csv_problems(tmp_path, tables) == [
        "recommendations.csv: row 2, column progress: missing value: a previous recommendation "
        "needs its source, progress and improvement_required"
    ]


def test_survey_refs_must_be_unique_names(tmp_path, tables):
    tables["surveys"][0]["ref"] = "quality"
    tables["surveys"].append(
        {
            "survey": "staff",
            "ref": "quality",
            "question": "Another",
            "respondents": "5",
            "positive": "1",
        }
    )
    tables["surveys"].append(
        {
            "survey": "staff",
            "ref": "not a name",
            "question": "Third",
            "respondents": "5",
            "positive": "1",
        }
    )
    assert csv_problems(tmp_path, tables) == [
        "surveys.csv: row 3, column ref: duplicate: ref quality is already on row 2",
        "surveys.csv: row 4, column ref: 'not a name' is not a name (letters, digits and _)",
    ]


def test_a_case_of_the_sample_with_no_answer_yet_is_accepted_and_not_counted(tmp_path, tables):
    tables["answers"] = [a for a in tables["answers"] if a["case_id"] != "T3"]
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "b"))
    assert [c.case_id for c in bundle.cases] == ["T1", "T2", "T3"]
    assert not any(a.case_id == "T3" for a in bundle.answers)


def test_an_isbn_13_is_read_with_its_hyphens_and_a_wrong_one_is_located(tmp_path, tables):
    tables["inspection"][0]["isbn"] = "978-1-914478-78-9"
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "good"))
    assert bundle.inspection.isbn == "978-1-914478-78-9"
    for wrong, why in [
        ("978-1-914478-78-0", "its check digit should be 9, not 0"),
        ("1-914478-78-9", "thirteen digits"),
        ("977-1-914478-78-4", "it must begin 978 or 979"),
    ]:
        tables["inspection"][0]["isbn"] = wrong
        [found] = csv_problems(tmp_path / wrong, tables)
        assert found.startswith("inspection.csv: row 2, column isbn: "), found
        assert f"{wrong!r} is not an ISBN-13" in found, found
        assert why in found, found


def test_a_report_language_must_be_one_the_framework_translates_into(
    tmp_path, tables, framework_variant
):
    tables["inspection"][0]["language"] = "cy"
    assert read_bundle(write_csv_tables(tables, tmp_path / "cy")).inspection.language == "cy"
    tables["inspection"][0]["language"] = "fr"
    [found] = csv_problems(tmp_path / "fr", tables)
    assert found.startswith("inspection.csv: row 2, column language: "), found
    untranslated = framework_variant(lambda data: data.pop("translations"))
    tables["inspection"][0]["language"] = "cy"
    folder = write_csv_tables(tables, tmp_path / "untranslated")
    with pytest.raises(DataError) as caught:
        read_bundle(folder, framework=untranslated)
    [problem] = caught.value.problems
    assert problem.place == "row 2, column language"
    assert "has no translations for 'cy'" in problem.message


def test_a_narrative_section_the_framework_adds_is_accepted_and_others_are_not(tmp_path, tables):
    tables["narrative"] = [
        {"section": "acknowledgements", "part": "text", "heading": "", "text": "Thanks."},
        {"section": "thanks", "part": "text", "heading": "", "text": "Thanks."},
    ]
    [found] = csv_problems(tmp_path, tables)
    assert found == (
        "narrative.csv: row 3, column section: unknown section 'thanks'; expected foreword, "
        "background, acknowledgements, domain:N or a standard id"
    )


def test_a_practice_example_keeps_its_case_and_an_unknown_case_is_located(tmp_path, tables):
    tables["practice_examples"] = [
        {"standard_id": "2.2", "kind": "good", "pseudonym": "Sam", "text": "Fictional.",
         "case_id": "T1"},
    ]  # fmt: skip
    [example] = read_bundle(write_csv_tables(tables, tmp_path / "good")).practice_examples
    assert example.case_id == "T1"
    tables["practice_examples"][0]["case_id"] = "T99"
    [found] = csv_problems(tmp_path / "bad", tables)
    assert found.startswith("practice_examples.csv: row 2, column case_id: "), found
    assert "'T99' is not a case of the inspection" in found


def test_an_inspections_glossary_is_read_and_a_term_defined_twice_is_located(tmp_path, tables):
    tables["glossary"] = [
        {"term": "Hub", "definition": "Fictional: a shared office."},
        {"term": "PDU", "definition": "Fictional: the unit inspected."},
    ]
    bundle = read_bundle(write_csv_tables(tables, tmp_path / "good"))
    assert [t.term for t in bundle.glossary] == ["Hub", "PDU"]
    tables["glossary"].append({"term": "hub", "definition": "Again."})
    [found] = csv_problems(tmp_path / "bad", tables)
    assert found.startswith("glossary.csv: row 4, column term: "), found
    assert "'hub' is already defined on row 2" in found
