from send_assistant.evaluation import metrics


def test_normalise_collapses_space_drops_tags_and_bold_and_lowercases():
    raw = "<li>**Acute  trust**</li><li>has LD\n nurse</li>"
    assert metrics.normalise(raw) == "acute trust has ld nurse"


def test_normalise_tag_between_words_does_not_glue_them():
    assert metrics.normalise("one</td><td>two") == "one two"


def test_normalise_empty_and_none():
    assert metrics.normalise(None) == ""
    assert metrics.normalise("  \n ") == ""


def test_contains_any_is_case_and_markup_insensitive():
    assert metrics.contains_any("The **Local  Offer** is merged", ["local offer is merged"])
    assert not metrics.contains_any("The Local Offer", ["early help"])
    assert not metrics.contains_any("anything", [])


def test_gold_rank_is_one_based_first_match():
    passages = ["nothing here", "also nothing", "the SEN Champions, a small cohort", "SEN Champions again"]
    assert metrics.gold_rank(passages, ["sen champions"]) == 3
    assert metrics.gold_rank(passages, ["absent"]) is None
    assert metrics.gold_rank(passages, []) is None


def test_gold_rank_any_of_several_gold_strings():
    assert metrics.gold_rank(["a", "b beta", "c gamma"], ["gamma", "beta"]) == 2


def test_recall_at_k():
    ranks = [1, 3, None, 7]
    assert metrics.recall_at_k(ranks, 1) == 0.25
    assert metrics.recall_at_k(ranks, 5) == 0.5
    assert metrics.recall_at_k(ranks, 10) == 0.75
    assert metrics.recall_at_k([], 5) is None


def test_mean_reciprocal_rank_counts_misses_as_zero():
    assert metrics.mean_reciprocal_rank([1, 2, None, 4]) == (1 + 0.5 + 0 + 0.25) / 4
    assert metrics.mean_reciprocal_rank([]) is None


def test_missing_fact_groups_needs_one_member_of_every_group():
    facts = [["9590", "9,590"], ["sen support"]]
    assert metrics.missing_fact_groups("There are 9,590 children on SEN support.", facts) == []
    assert metrics.missing_fact_groups("There are 9,590 children.", facts) == [["sen support"]]
    assert metrics.missing_fact_groups("", []) == []


def test_forbidden_found_reports_each_string_present():
    answer = "Ask **SNAP PCF** or FACT  Bucks."
    assert metrics.forbidden_found(answer, ["snap pcf", "fact bucks", "bbpcf"]) == ["snap pcf", "fact bucks"]
    assert metrics.forbidden_found(answer, []) == []


def test_leaked_areas_allows_national_and_allowed_only():
    areas = ["", "Buckinghamshire", "Bedford Borough", "Bedford Borough"]
    assert metrics.leaked_areas(areas, {"", "Buckinghamshire"}) == ["Bedford Borough", "Bedford Borough"]


def test_ratio_and_percentile():
    assert metrics.ratio(3, 4) == 0.75
    assert metrics.ratio(0, 0) is None
    values = [10.0, 20.0, 30.0, 40.0, 1000.0]
    assert metrics.percentile(values, 50) == 30.0
    assert metrics.percentile(values, 95) == 1000.0
    assert metrics.percentile([5.0], 95) == 5.0
    assert metrics.percentile([], 50) is None
