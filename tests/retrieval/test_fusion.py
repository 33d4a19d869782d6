import pytest

from send_assistant.answering.retrieval.fusion import reciprocal_rank_fusion


def test_item_found_by_both_lists_beats_item_top_of_one():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d", "a"]], k=60)
    ids = [i for i, _ in fused]
    assert ids[:2] == ["b", "a"]  # b: 1/62 + 1/61 > a: 1/61 + 1/63
    assert set(ids) == {"a", "b", "c", "d"}
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_scores_follow_the_formula_and_weights():
    fused = dict(reciprocal_rank_fusion([["a"], ["b"]], k=10, weights=[2.0, 1.0]))
    assert fused["a"] == pytest.approx(2 / 11)
    assert fused["b"] == pytest.approx(1 / 11)


def test_ties_keep_first_seen_order_and_duplicates_count_once():
    fused = reciprocal_rank_fusion([["x", "x", "y"], ["y", "x"]], k=60)
    scores = dict(fused)
    assert scores["x"] == pytest.approx(1 / 61 + 1 / 62)
    assert scores["y"] == pytest.approx(1 / 62 + 1 / 61)
    assert [i for i, _ in fused] == ["x", "y"]


def test_empty_lists_and_bad_weights():
    assert reciprocal_rank_fusion([[], []]) == []
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 1.0])
