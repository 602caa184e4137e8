"""Properties of the engine that hold for every input (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from probity.framework import load_framework
from probity.rating import caps_in_force, effective_cap, percentage_rating, rate

FW = load_framework()
KQ_IDS = [kq.id for kq in FW.key_questions]
JUDGED = [s.id for s in FW.standards if s.rule.is_judgement]
RATINGS = [r.id for r in FW.ratings]

percentages = st.one_of(
    st.integers(0, 100),
    st.floats(0, 100, allow_nan=False),
    st.fractions(0, 100, max_denominator=200),
)
key_question_maps = st.fixed_dictionaries(dict.fromkeys(KQ_IDS, percentages))


@st.composite
def inputs_and_a_raise(draw):
    """Valid inputs, and the same inputs with some key questions raised."""
    low = draw(key_question_maps)
    high = {k: draw(st.one_of(st.just(v), st.fractions(v, 100))) for k, v in low.items()}
    # Judgements drawn within the caps in force on the lower figures; raising casework only
    # ever loosens a cap, so they stand for the higher figures too.
    base = rate_casework(low)
    caps = caps_in_force(FW, base)
    judgements = {}
    for s in JUDGED:
        cap = effective_cap(FW, caps.get(s, ()))
        allowed = [r for r in RATINGS if cap is None or not FW.is_better(r, cap)]
        judgements[s] = draw(st.sampled_from(allowed))
    return low, high, judgements


def rate_casework(kqs):
    ratings = {}
    for s in FW.standards:
        if s.rule.is_casework:
            ratings[s.id] = percentage_rating(FW, min(kqs[kq.id] for kq in s.key_questions))
    return ratings


def rank(rating: str | None) -> int:
    # Higher is better; unrated standards rank alike.
    return -1 if rating is None else len(RATINGS) - RATINGS.index(rating)


@given(inputs_and_a_raise())
def test_raising_any_key_question_never_lowers_a_rating_the_score_or_the_overall(case):
    low, high, judgements = case
    before = rate(FW, low, judgements)
    after = rate(FW, high, judgements)
    for b, a in zip(before.standards, after.standards, strict=True):
        assert rank(a.rating) >= rank(b.rating), b.standard_id
    assert after.score >= before.score
    assert rank(after.overall) >= rank(before.overall)


@given(inputs_and_a_raise())
def test_the_score_is_the_sum_of_the_points_of_the_rated_standards(case):
    low, _, judgements = case
    result = rate(FW, low, judgements)
    points = {r.id: r.points for r in FW.ratings}
    rated = [s for s in result.standards if s.rating is not None]
    assert len(rated) == 9
    assert result.score == sum(points[s.rating] for s in rated)
    assert all(s.points == points[s.rating] for s in rated)
    assert result.max_score == 27


@given(key_question_maps)
def test_every_percentage_lands_in_exactly_one_band(kqs):
    for value in kqs.values():
        assert percentage_rating(FW, value) in RATINGS
