"""A second framework needs only a second YAML file: a fictional 12-standard one, out of 36."""

from __future__ import annotations

import pytest

from probity.framework import load_framework_file
from probity.rating import RatingInputError, rate

from ..conftest import FIXTURES

YOUTH = FIXTURES / "frameworks" / "test-youth-12.yaml"


@pytest.fixture(scope="module")
def youth():
    return load_framework_file(YOUTH)


def casework(value: float, **changes: float) -> dict[str, float]:
    fw = load_framework_file(YOUTH)
    kqs = {kq.id: value for kq in fw.key_questions}
    kqs.update({k.replace("_", "."): v for k, v in changes.items()})
    return kqs


def test_it_loads_with_twelve_rated_standards_out_of_36(youth):
    assert len(youth.rated_standards) == 12
    assert youth.max_score == 36


def test_its_own_bands_and_exact_rounding_apply(youth):
    judgements = {"A.1": "requires_improvement", "A.2": "good", "A.3": "good", "A.4": "good"}
    result = rate(youth, casework(84.9, B_1_1=85, B_2_1=54.9, B_3_1=70, B_3_2=69.5), judgements)
    assert result.rating_of("B.1") == "outstanding"  # 85 is Outstanding here, not Good
    assert result.rating_of("B.2") == "inadequate"  # 54.9 is not rounded up to 55
    assert result.rating_of("B.3") == "requires_improvement"  # lowest of 70 and 69.5
    assert result.rating_of("B.4") == "good"
    assert result.rating_of("B.9") is None


def test_it_scores_out_of_36_with_its_own_overall_bands(youth):
    judgements = dict.fromkeys(["A.1", "A.2", "A.3", "A.4"], "outstanding")
    top = rate(youth, casework(100), judgements)
    assert (top.score, top.max_score, top.overall) == (36, 36, "outstanding")
    judgements = {"A.1": "requires_improvement", "A.2": "good", "A.3": "good", "A.4": "good"}
    middling = rate(youth, casework(60), judgements)
    # 8 casework standards and A.1 at 1 point, three judgements at 2: 15, under these bands
    # Requires improvement (9–19); under the adult framework's bands 15 would be Good.
    assert (middling.score, middling.overall) == (15, "requires_improvement")


def test_its_own_decision_rule_caps_its_own_standard(youth):
    judgements = {"A.1": "outstanding", "A.2": "good", "A.3": "good", "A.4": "good"}
    with pytest.raises(RatingInputError, match="governance-follows-casework"):
        rate(youth, casework(60), judgements)
