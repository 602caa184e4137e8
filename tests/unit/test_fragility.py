"""How many changed answers move a casework standard up or down a band, worked by hand under
the 2021 adult bands (Inadequate 0–49, Requires improvement 50–64, Good 65–79, Outstanding
80–100), half up and exact; and the same counts checked against the engine's own banding."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probity.framework import Framework, Rounding, load_framework
from probity.rating import Count, percentage_rating
from probity.rating.fragility import BandMove, Changes, band_moves, move_sentence

FW = load_framework()


@pytest.fixture(scope="module")
def exact_framework() -> Framework:
    bands = FW.bands.model_copy(update={"rounding": Rounding.EXACT})
    return FW.model_copy(update={"bands": bands})


def one(fw: Framework, yes: int, applicable: int):
    return band_moves(fw, [("k", Count(yes, applicable))])


def test_thirty_one_of_seventy_nine_needs_nine_more_yes_answers_to_reach_requires_improvement(
    adult,
):
    # 31/79 = 39.2% → 39, Inadequate. Half up reaches 50 from 49.5%: 100·y/79 ≥ 49.5 when
    # y ≥ 39.105, so y = 40 (39/79 = 49.37% → 49; 40/79 = 50.63% → 51): 40 − 31 = 9.
    f = one(adult, 31, 79)
    assert f.up == BandMove(9, "requires_improvement", (Changes("k", 9),))
    assert f.down.answers is None  # Inadequate is the bottom band
    assert "bottom" in f.down.reason


def test_exact_banding_needs_one_answer_more_than_half_up_at_forty_nine_and_a_half(
    adult, exact_framework
):
    # 98/200 = 49%. Half up: 99/200 = 49.5% rounds to 50, one answer. Exact: 99/200 is still
    # below 50; 100/200 = 50% is the first in the band, two answers.
    assert one(adult, 98, 200).up.answers == 1
    assert one(exact_framework, 98, 200).up.answers == 2
    # 99/200 is already Requires improvement half up, and one "No" (98/200 = 49%) takes it back.
    assert one(adult, 99, 200).down == BandMove(1, "inadequate", (Changes("k", 1),))
    assert one(exact_framework, 99, 200).down.answers is None  # exact: still Inadequate


def test_the_top_band_has_no_move_up_and_moves_down_below_seventy_nine_and_a_half(adult):
    # 45/50 = 90%, Outstanding. Below 80 half up is below 79.5%: 100·y/50 < 79.5 when y ≤ 39
    # (39/50 = 78%, Good; 40/50 = 80%): 45 − 39 = 6.
    f = one(adult, 45, 50)
    assert f.up.answers is None
    assert "top" in f.up.reason
    assert f.down == BandMove(6, "good", (Changes("k", 6),))


def test_the_bottom_band_has_no_move_down(adult):
    # 10/50 = 20%. Up: 100·y/50 ≥ 49.5 when y ≥ 24.75, so 25: 15 answers.
    f = one(adult, 10, 50)
    assert f.down.answers is None
    assert f.up == BandMove(15, "requires_improvement", (Changes("k", 15),))


def test_a_key_question_that_applies_to_no_case_gives_no_move_either_way(adult):
    f = band_moves(adult, [("a", Count(5, 10)), ("b", Count(0, 0))])
    assert f.up.answers is None
    assert f.down.answers is None
    assert f.up.reason == "key question b applies to no case"


def test_one_case_moves_the_whole_way_with_one_answer(adult):
    # 0/1 = 0% becomes 1/1 = 100%: one answer, and it lands in Outstanding, not the next band.
    assert one(adult, 0, 1).up == BandMove(1, "outstanding", (Changes("k", 1),))
    # 1/1 = 100% becomes 0/1 = 0%: Inadequate.
    assert one(adult, 1, 1).down == BandMove(1, "inadequate", (Changes("k", 1),))


def test_a_hundred_per_cent_moves_down_to_good_with_five_answers_of_twenty(adult):
    # 20/20 = 100%. Below 79.5%: 100·y/20 < 79.5 when y ≤ 15 (15/20 = 75%, Good;
    # 16/20 = 80%): 20 − 15 = 5.
    f = one(adult, 20, 20)
    assert f.up.answers is None
    assert f.down == BandMove(5, "good", (Changes("k", 5),))


def test_every_key_question_below_the_next_band_must_reach_it_so_the_answers_add_up(adult):
    # a: 30/79 = 38% and b: 36/79 = 45.6%, both Inadequate; c: 42/79 = 53%, Requires
    # improvement. Each of a and b must reach 40/79 (50.6%): 10 + 4 = 14; c needs none.
    f = band_moves(adult, [("a", Count(30, 79)), ("b", Count(36, 79)), ("c", Count(42, 79))])
    assert f.up == BandMove(14, "requires_improvement", (Changes("a", 10), Changes("b", 4)))
    assert f.down.answers is None


def test_one_key_question_falling_below_the_band_is_enough_to_move_down(adult):
    # Requires improvement: a 45/79 = 57%, b 40/79 = 50.6%. b falls to 39/79 = 49.4% with one
    # answer; a would need 6 (39/79). The fewest: 1, on b.
    f = band_moves(adult, [("a", Count(45, 79)), ("b", Count(40, 79))])
    assert f.down == BandMove(1, "inadequate", (Changes("b", 1),))
    # Up to Good: 100·y/79 ≥ 64.5 when y ≥ 50.955, so 51 each: 6 + 11 = 17.
    assert f.up == BandMove(17, "good", (Changes("a", 6), Changes("b", 11)))


def test_within_counts_a_move_either_way(adult):
    f = band_moves(adult, [("a", Count(45, 79)), ("b", Count(40, 79))])
    assert f.within(1)
    assert not f.within(0)
    assert not one(adult, 31, 79).within(2)  # 9 up, none down


def test_the_sentences_give_numbers_and_key_questions_in_the_framework_s_words(adult):
    f = band_moves(adult, [("2.3.1", Count(30, 79)), ("2.3.2", Count(36, 79))])
    assert move_sentence(adult, "up", f.up) == (
        "14 more ‘Yes’ answers on key questions 2.3.1 (10) and 2.3.2 (4) would move this "
        "standard to ‘Requires improvement’."
    )
    assert move_sentence(adult, "down", f.down) is None
    down = one(adult, 99, 200).down
    assert move_sentence(adult, "down", BandMove(1, down.rating, (Changes("2.1.1", 1),))) == (
        "1 ‘Yes’ answer on key question 2.1.1 becoming ‘No’ would move this standard to "
        "‘Inadequate’."
    )


@pytest.mark.parametrize("rounding", list(Rounding))
@given(data=st.data())
def test_the_fewest_answers_are_what_the_engine_s_banding_needs(rounding, data):
    fw = FW.model_copy(update={"bands": FW.bands.model_copy(update={"rounding": rounding})})
    applicable = data.draw(st.integers(1, 120))
    yes = data.draw(st.integers(0, applicable))
    f = one(fw, yes, applicable)
    now = percentage_rating(fw, Fraction(100 * yes, applicable))

    def rating(y: int) -> str:
        return percentage_rating(fw, Fraction(100 * y, applicable))

    if f.up.answers is None:
        assert now == fw.ratings[0].id
    else:
        assert fw.is_better(rating(yes + f.up.answers), now)
        assert rating(yes + f.up.answers - 1) == now
    if f.down.answers is None:
        assert now == fw.ratings[-1].id
    else:
        assert fw.is_better(now, rating(yes - f.down.answers))
        assert rating(yes - f.down.answers + 1) == now
