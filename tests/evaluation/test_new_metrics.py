"""Figures added for the realistic set: answerable-but-refused share, median answer words, false-flag rate."""

from send_assistant.answering.answer import Answer
from send_assistant.evaluation.metrics import median, word_count
from send_assistant.evaluation.questions import Question
from send_assistant.evaluation.scoring import score_answer
from send_assistant.evaluation.summary import check_targets, summarise_ours


def q(kind="answer", qid="q1"):
    gold, facts = (["x"], [["x"]]) if kind == "answer" else ([], [])
    return Question(qid, "question", "", "parent", kind, gold, facts)


def scored(kind, status, text="", qid="q1"):
    return score_answer(q(kind, qid), Answer(question="question", status=status, answer=text), {""}, 1.0)


def test_word_count_ignores_citation_markers_tags_and_markdown():
    assert word_count("Call the **Worcestershire Hub** on 01905 765765 [1] [2].") == 7
    assert word_count("It is co-produced; don't worry.<br>£3.4million") == 6
    assert word_count("") == 0 and word_count(None) == 0


def test_median_of_odd_even_and_empty():
    assert median([3, 1, 2]) == 2.0 and median([1, 2, 3, 10]) == 2.5 and median([]) is None


def test_answerable_but_refused_counts_every_dead_end_over_answer_questions_only():
    results = [
        scored("answer", "answered", "x " * 10, "a1"),
        scored("answer", "not_found", qid="a2"),
        scored("answer", "out_of_scope", qid="a3"),
        scored("answer", "invalid_input", qid="a4"),  # a general question refused for its area: still a dead end
        scored("answer", "safeguarding", qid="a5"),  # not a refusal (it is a false flag)
        scored("refuse", "not_found", qid="r1"),  # refusing a refuse question is right, not counted
    ]
    ours = summarise_ours(results)
    assert ours["answerable_refused"] == 3 / 5
    assert ours["answered_rate"] == 1 / 5


def test_median_answer_words_is_over_answered_replies_only():
    results = [
        scored("answer", "answered", "one two three [1]", "a1"),
        scored("answer", "answered", "one two three four five six seven", "a2"),
        scored("refuse", "answered", "one two three four five", "r1"),
        scored("answer", "not_found", "a long not-found text " * 20, "a3"),
    ]
    assert summarise_ours(results)["median_answer_words"] == 5.0


def test_false_flag_rate_is_over_questions_that_are_not_safeguarding():
    results = [
        scored("safeguard", "safeguarding", qid="s1"),
        scored("answer", "safeguarding", qid="a1"),
        scored("refuse", "not_found", qid="r1"),
        scored("answer", "answered", "x", qid="a2"),
        scored("answer", "answered", "x", qid="a3"),
    ]
    ours = summarise_ours(results)
    assert ours["false_safeguarding"] == 1 and ours["false_flag_rate"] == 1 / 4


def test_targets_on_new_figures():
    ours = summarise_ours([scored("answer", "not_found", qid="a1"), scored("answer", "answered", "x y", qid="a2")])
    checks = check_targets(ours, True, [("answerable_refused", "<=", 0.03), ("median_answer_words", "<=", 120)])
    assert [(c["metric"], c["pass"]) for c in checks] == [("answerable_refused", False), ("median_answer_words", True)]


def test_a_gold_string_in_the_cited_passages_heading_counts():
    from send_assistant.answering.answer import Citation, Passage

    heading = "2C. Local offer (objectives 1,2) – lead officer Rebecca Claridge"
    p = Passage("b:1", "banes", "Parent Carers were involved.", "t", "Bath", "statement", location=heading)
    c = Citation(1, "banes", "t", "Bath", "statement", heading, None, None, p.text)
    gold = ["lead officer Rebecca Claridge"]
    question = Question("q1", "who leads", "Bath", "parent", "answer", gold, [["claridge"]])
    a = Answer(question="who leads", status="answered", answer="Rebecca Claridge [1]")
    a.retrieved, a.citations = [p], [c]
    r = score_answer(question, a, {"", "Bath"}, 1.0)
    assert r.gold_rank == 1 and r.cited_gold is True and r.failures == []
    elsewhere = Citation(1, "banes", "t", "Bath", "statement", "", None, None, p.text)
    a.citations = [elsewhere]
    assert score_answer(question, a, {"", "Bath"}, 1.0).cited_gold is False
