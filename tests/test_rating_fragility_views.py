"""How many changed answers would move each casework standard, as the ratings page, the JSON
of ``probity rate`` and the console show it: counted from a bundle, absent from a summary;
a standard one or two answers from a band boundary marked close, one further not."""

from __future__ import annotations

import json

from rich.console import Console
from typer.testing import CliRunner

from probity.cli import app
from probity.console import print_ratings
from probity.rating import Count, page_from_outcome, rate_counts
from probity.rating.document import ratings_document

from .conftest import ROOT, SEED_JUDGEMENTS, SEED_SUMMARY

runner = CliRunner()
DEMO = ROOT / "examples" / "demo"

# The demonstration's "Yes" answers on each key question, each out of 79 here (in the
# demonstration 2.1.1 applies to the 37 cases with a court report).
DEMO_YES = {
    "2.1.1": 14, "2.2.1": 49, "2.2.2": 49, "2.2.3": 31, "2.3.1": 42, "2.3.2": 42,
    "2.3.3": 36, "2.4.1": 46, "2.4.2": 33, "2.4.3": 29, "2.5.1": 45, "2.5.2": 40,
    "2.5.3": 36, "2.6.1": 28,
}  # fmt: skip


def page_with(adult, **yes: int):
    counts = {k: Count(v, 79) for k, v in DEMO_YES.items()}
    counts.update({k.replace("_", "."): Count(v, 79) for k, v in yes.items()})
    return page_from_outcome(adult, rate_counts(adult, counts, SEED_JUDGEMENTS), "Fictional PDU")


def test_the_demonstration_s_json_says_how_many_answers_would_move_each_casework_standard():
    result = runner.invoke(app, ["rate", str(DEMO), "--json"])
    assert result.exit_code == 0, result.output
    details = {d["id"]: d for d in json.loads(result.output)["details"]}
    # Every standard is Inadequate, the bottom band: none moves down. Up to Requires
    # improvement each key question needs 40 of 79 (39/79 = 49.4% rounds to 49, 40/79 = 50.6%
    # to 51); 2.1.1 stands at 14 of 37, which needs 19 (18/37 = 48.6%, 19/37 = 51.4%).
    up = {"2.1": 19 - 14, "2.2": 40 - 31, "2.3": 40 - 36, "2.4": (40 - 33) + (40 - 29),
          "2.5": 40 - 36}  # fmt: skip
    for standard, answers in up.items():
        assert details[standard]["to_move_up"] == answers, standard
        assert details[standard]["to_move_down"] is None
        assert details[standard]["close_to_band_boundary"] is False
    # Judged and reported standards carry neither.
    for standard in ("1.1", "2.6"):
        assert "to_move_up" not in details[standard]
        assert "to_move_down" not in details[standard]


def test_a_summary_gives_percentages_alone_so_the_counts_are_absent():
    result = runner.invoke(app, ["rate", str(SEED_SUMMARY), "--json"])
    assert result.exit_code == 0, result.output
    for d in json.loads(result.output)["details"]:
        assert "to_move_up" not in d
        assert "to_move_down" not in d


def test_one_answer_from_a_boundary_is_close_and_nine_is_not(adult):
    # 2.1.1 at 39 of 79 (49.4%, rounded 49: Inadequate): one more "Yes" makes 40 of 79 (51).
    page = page_with(adult, **{"2_1_1": 39})
    close, far = page.standard("2.1"), page.standard("2.2")
    assert close.fragility.up.answers == 1
    assert close.close
    assert far.fragility.up.answers == 9
    assert not far.close
    assert [s.id for s in page.close] == ["2.1"]
    assert close.moves == (
        "1 more ‘Yes’ answer on key question 2.1.1 would move this standard to "
        "‘Requires improvement’.",
    )
    document = {d["id"]: d for d in ratings_document(page)["details"]}
    assert document["2.1"]["close_to_band_boundary"] is True
    assert document["2.2"]["close_to_band_boundary"] is False


def test_a_standard_two_answers_above_its_band_s_floor_is_close_going_down(adult):
    # 2.5 at 41, 41, 41 of 79 (51.9%, rounded 52: Requires improvement). 39 of 79 is 49.4%
    # (49): two "Yes" answers becoming "No" on any one of them; the first is named.
    page = page_with(adult, **{"2_5_1": 41, "2_5_2": 41, "2_5_3": 41})
    s = page.standard("2.5")
    assert s.rating.id == "requires_improvement"
    assert s.fragility.down.answers == 2
    assert s.close
    # Up to Good each needs 51 of 79 (50/79 = 63.3%, 51/79 = 64.56% rounds to 65): 3 × 10.
    assert s.fragility.up.answers == 30
    down = (
        "2 ‘Yes’ answers on key question 2.5.1 becoming ‘No’ would move this standard to "
        "‘Inadequate’."
    )
    assert s.moves == (
        "30 more ‘Yes’ answers on key questions 2.5.1 (10), 2.5.2 (10) and 2.5.3 (10) would "
        "move this standard to ‘Good’.",
        down,
    )
    # The mark says only the move that is close.
    assert s.close_moves == (down,)


def test_the_threshold_is_the_framework_s(framework_variant):
    def none_close(data):
        data["bands"]["close_within"] = 0

    fw = framework_variant(none_close)
    page = page_with(fw, **{"2_1_1": 39})
    assert page.standard("2.1").fragility.up.answers == 1
    assert not page.standard("2.1").close


def test_the_console_marks_the_standard_close_to_a_band_boundary_and_no_other(adult):
    console = Console(record=True, width=200)
    print_ratings(console, page_with(adult, **{"2_1_1": 39}))
    text = console.export_text()
    assert (
        "2.1 Court work: Close to a band boundary. 1 more ‘Yes’ answer on key "
        "question 2.1.1 would move this standard to ‘Requires improvement’." in text
    )
    assert text.count("Close to a band boundary") == 1
