"""First and second answers paired and grouped (statistics.agreement_report), and
``probity agreement``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from probity.bundle import read_bundle
from probity.cli import app
from probity.statistics.agreement import agreement, agreement_document
from probity.statistics.agreement_report import (
    AnswerPair,
    answer_pairs,
    categories,
    group_pairs,
)

from .bundles import valid_tables, with_second_answers, write_csv_tables, write_xlsx_tables
from .conftest import ROOT

runner = CliRunner()
DEMO = ROOT / "examples" / "demo"


def second_looks(fw):
    """The small bundle with its second looks, and one more at T1's prompt 2.2.3.c, which the
    framework lets be na on T1 (a prompt of those marked ``na_when`` in the framework file)."""
    tables = with_second_answers(fw)
    tables["second_answers"].append(
        {"case_id": "T1", "question_id": "2.2.3.c", "answer": "yes", "inspector": "Inspector C",
         "mode": "blind"}
    )  # fmt: skip
    return tables


@pytest.fixture
def bundle(tmp_path, adult):
    return read_bundle(write_csv_tables(second_looks(adult), tmp_path / "b"))


def agreed(pairs) -> tuple[int, int]:
    """(pairs that agree, pairs)."""
    return sum(p.first == p.second for p in pairs), len(pairs)


def test_the_pairs_are_grouped_per_key_question_standard_prompt_inspectors_and_overall(
    bundle, adult
):
    groups = group_pairs(answer_pairs(bundle), adult)
    # By hand from tests/bundles.py's SECOND_ANSWERS: 2.2.1 T1 yes/yes, T2 no/no, T3 yes/yes;
    # 2.2.3 T1 yes/no, T2 yes/yes, T3 yes/no; 2.3.1 T1 yes/yes, T2 yes/no.
    assert {k: agreed(v) for k, v in groups.key_questions.items()} == {
        "2.2.1": (3, 3), "2.2.3": (1, 3), "2.3.1": (1, 2),
    }  # fmt: skip
    assert list(groups.key_questions) == ["2.2.1", "2.2.3", "2.3.1"]
    assert {k: agreed(v) for k, v in groups.standards.items()} == {"2.2": (4, 6), "2.3": (1, 2)}
    assert {k: agreed(v) for k, v in groups.prompts.items()} == {
        "2.1.1.a": (1, 1), "2.2.3.c": (1, 1),
    }  # fmt: skip
    assert {k: agreed(v) for k, v in groups.inspector_pairs.items()} == {
        "Inspector A / Inspector B": (1, 2),
        "Inspector A / Inspector C": (2, 3),
        "Inspector B / Inspector C": (2, 3),
    }
    assert agreed(groups.overall) == (5, 8)


def test_a_mode_keeps_only_its_second_looks(bundle, adult):
    blind = group_pairs(answer_pairs(bundle, "blind"), adult)
    assert {k: agreed(v) for k, v in blind.key_questions.items()} == {
        "2.2.1": (2, 2), "2.2.3": (1, 2), "2.3.1": (1, 2),
    }  # fmt: skip
    review = group_pairs(answer_pairs(bundle, "review"), adult)
    assert list(review.inspector_pairs) == ["Inspector A / Inspector B"]
    assert agreed(review.overall) == (1, 2)


def test_the_categories_are_yes_and_no_and_na_only_where_a_pair_uses_it(bundle, adult):
    pairs = answer_pairs(bundle)
    assert categories(pairs) == ("yes", "no")
    with_na = AnswerPair("T1", "2.1.1.b", "na", "no", "Inspector A", "Inspector C", "blind")
    assert categories([*pairs, with_na]) == ("yes", "no", "na")


def expected_group(pairs, possible=("yes", "no")):
    """A group's figures as agreement() itself gives them, called here on the pairs."""
    result = agreement([(p.first, p.second) for p in pairs], categories=possible)
    document = agreement_document(result)
    return {k: document[k] for k in ("agreement", "kappa", "ac1", "intervals", "reasons")}


def test_probity_agreement_json_gives_each_group_as_agreement_computes_it(bundle, adult, tmp_path):
    path = write_xlsx_tables(second_looks(adult), tmp_path / "b.xlsx")
    result = runner.invoke(app, ["agreement", str(path), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    groups = group_pairs(answer_pairs(bundle), adult)
    assert document["inspection"] == "test-pdu-2026"
    assert "message" not in document
    for table in ("key_questions", "standards", "prompts", "inspector_pairs"):
        expected = getattr(groups, table)
        assert list(document[table]) == list(expected)
        for key, pairs in expected.items():
            shown = document[table][key]
            # Key questions are answered yes or no; 2.2.3.c may be na on T1.
            possible = ("yes", "no", "na") if key == "2.2.3.c" else ("yes", "no")
            assert {k: v for k, v in shown.items() if k not in ("cases", "pairs")} == (
                expected_group(pairs, possible)
            )
            assert shown["pairs"] == len(pairs)
    assert document["key_questions"]["2.2.3"]["cases"] == 3
    assert document["key_questions"]["2.2.3"]["agreement"] == 0.333
    assert (document["standards"]["2.2"]["cases"], document["standards"]["2.2"]["pairs"]) == (3, 6)
    assert document["standards"]["2.2"]["agreement"] == 0.667
    assert (document["overall"]["cases"], document["overall"]["pairs"]) == (3, 8)
    assert document["overall"]["agreement"] == 0.625
    # Both said yes on 2.2.3.c: kappa has no value, AC1 is 1 (na was possible).
    assert document["prompts"]["2.2.3.c"]["reasons"] == {"kappa": "every answer is the same"}
    assert document["prompts"]["2.2.3.c"]["ac1"] == 1.0
    blind = json.loads(
        runner.invoke(app, ["agreement", str(path), "--json", "--mode", "blind"]).output
    )
    assert blind["key_questions"]["2.2.3"]["cases"] == 2
    assert blind["key_questions"]["2.2.3"]["agreement"] == 0.5


def test_probity_agreement_prints_a_table_per_grouping(adult, tmp_path):
    path = write_csv_tables(with_second_answers(adult), tmp_path / "b")
    result = runner.invoke(app, ["agreement", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for words in ("Agreement by key question", "Agreement by standard", "Inspector A / Inspector C",
                  "2.2.3", "Overall", "0.33"):  # fmt: skip
        assert words in result.output


def test_a_bundle_without_second_answers_says_so_and_exits_0():
    result = runner.invoke(app, ["agreement", str(DEMO)])
    assert result.exit_code == 0, result.output
    assert "no second answers to compare" in result.output
    document = json.loads(runner.invoke(app, ["agreement", str(DEMO), "--json"]).output)
    assert document["key_questions"] == document["standards"] == document["overall"] == {}
    assert document["inspector_pairs"] == document["prompts"] == {}
    assert document["message"].startswith("no second answers to compare")


def test_a_bad_bundle_gives_located_problems_and_exit_2(adult, tmp_path):
    tables = with_second_answers(adult)
    tables["second_answers"][0]["mode"] = "later"
    path = write_csv_tables(tables, tmp_path / "b")
    result = runner.invoke(app, ["agreement", str(path), "--json"])
    assert result.exit_code == 2
    (error,) = json.loads(result.output)["errors"]
    assert error["source"].endswith("second_answers.csv")
    assert "row 2, column mode" in json.dumps(error)


def test_an_unknown_mode_is_refused_with_exit_2(tmp_path, adult):
    path = write_csv_tables(valid_tables(adult), tmp_path / "b")
    result = runner.invoke(app, ["agreement", str(path), "--mode", "later"])
    assert result.exit_code == 2
    assert "choose one of blind, review" in result.output


def test_probity_validate_counts_the_second_answers(adult, tmp_path):
    path = write_csv_tables(with_second_answers(adult), tmp_path / "b")
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["second_answers"] == 9
    assert "9 second answers" in runner.invoke(app, ["validate", str(path)]).output
