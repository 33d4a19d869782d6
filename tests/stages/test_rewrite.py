from __future__ import annotations

import pytest
from answering_fakes import context
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from send_assistant.answering.stages.rewrite import (
    Rewrite,
    asks_nothing,
    continued,
    is_follow_up,
    standalone,
    topic_terms,
)

HISTORY = [
    {"role": "user", "content": "What short breaks are there for disabled children in Bath?"},
    {"role": "assistant", "content": "Short breaks are ... [1]"},
]


@pytest.mark.parametrize(
    "question",
    [
        "what about for adults?",
        "who runs it?",
        "and in Bucks?",
        "how do I contact them?",
        "Is that free?",
        "do many families round here actually get one",
    ],
)
def test_follow_ups_are_recognised(question):
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [
        "What is an EHCP?",
        "Is there a youth forum for young people with SEND?",
        "How do I ask for an EHC needs assessment?",
    ],
)
def test_standalone_questions_are_not_follow_ups(question):
    assert not is_follow_up(question)


def test_a_follow_up_borrows_the_previous_questions_key_words():
    query = standalone("who runs it?", HISTORY)
    assert query.endswith("who runs it?")
    assert "short breaks" in query and "disabled children" in query and "Bath" in query
    assert "What" not in query.split()


def test_a_chain_of_follow_ups_reaches_back_to_the_real_question():
    history = [*HISTORY, {"role": "user", "content": "who runs it?"}, {"role": "assistant", "content": "x [1]"}]
    query = standalone("how do I contact them?", history)
    assert "short breaks" in query and query.endswith("how do I contact them?")


def test_a_new_question_is_left_alone_and_the_users_text_is_kept():
    ctx = context("How do I ask for an EHC needs assessment?", history=HISTORY)
    Rewrite().call(ctx)
    assert ctx.search_query == ctx.question == "How do I ask for an EHC needs assessment?"
    ctx = context("who runs it?", history=HISTORY)
    Rewrite().call(ctx)
    assert ctx.question == "who runs it?"
    assert "short breaks" in ctx.search_query


def test_a_follow_up_typed_as_people_type_borrows_the_topic():
    history = [{"role": "user", "content": "what is a personal budget"}, {"role": "assistant", "content": "x [1]"}]
    query = standalone("do many families round here actually get one", history)
    assert query == "personal budget do many families round here actually get one"


def test_no_history_means_no_rewrite():
    assert standalone("who runs it?", []) == "who runs it?"


def test_the_chat_model_rewrites_when_configured():
    model = FakeListChatModel(responses=["Who runs short breaks for disabled children in Bath?"])
    ctx = context("who runs it?", history=HISTORY)
    Rewrite(llm=model).call(ctx)
    assert ctx.search_query == "Who runs short breaks for disabled children in Bath?"


def test_a_failing_or_rambling_model_falls_back_to_the_deterministic_rewrite():
    class Broken:
        def invoke(self, messages):
            raise ConnectionError("server down")

    ctx = context("who runs it?", history=HISTORY)
    Rewrite(llm=Broken()).call(ctx)
    assert ctx.search_query == standalone("who runs it?", HISTORY)
    rambling = FakeListChatModel(responses=["x" * 500])
    ctx = context("who runs it?", history=HISTORY)
    Rewrite(llm=rambling).call(ctx)
    assert ctx.search_query == standalone("who runs it?", HISTORY)


TOPICS = topic_terms(
    ["annual review", "SENDIASS", "SEN and Disability Information, Advice and Support Service", "tribunal"]
)


@pytest.mark.parametrize("question", ["how often for under 5s", "who pays", "can i appeal"])
def test_a_short_question_whose_one_key_term_names_no_topic_is_a_follow_up(question):
    assert not is_follow_up(question)  # without topics, as before
    assert is_follow_up(question, TOPICS)


@pytest.mark.parametrize("question", ["what is sendiass", "what is a tribunal", "how does an annual review work"])
def test_a_short_question_naming_a_topic_stands_alone(question):
    assert not is_follow_up(question, TOPICS)


def test_the_rewrite_stage_reads_a_short_question_after_another_as_its_follow_up():
    history = [{"role": "user", "content": "what is an annual review"}, {"role": "assistant", "content": "..."}]
    ctx = context("how often for under 5s", history=history)
    Rewrite(topics=["annual review", "SENDIASS"]).call(ctx)
    assert ctx.search_query == "annual review how often for under 5s"
    ctx = context("what is sendiass", history=history)
    Rewrite(topics=["annual review", "SENDIASS"]).call(ctx)
    assert ctx.search_query == "what is sendiass"


@pytest.mark.parametrize(
    ("question", "asks"),
    [("and on sen support?", True), ("and in bucks", True), ("what about central beds", True)]
    + [("what did they find", False), ("who runs it?", False), ("how long for", False)],
)
def test_a_question_with_no_question_word_asks_nothing_of_its_own(question, asks):
    assert asks_nothing(question) is asks


def test_a_follow_up_asking_nothing_continues_the_nearest_question_that_asked_something():
    history = [
        {"role": "user", "content": "how many children have an ehcp in bedford"},
        {"role": "assistant", "content": "..."},
        {"role": "user", "content": "and in bucks?"},
        {"role": "assistant", "content": "..."},
    ]
    assert continued("what about central beds", history) == "how many children have an ehcp in bedford"
    assert continued("what did they find", history) == ""  # asks something of its own
    assert continued("what about central beds", []) == ""
    ctx = context("and in worcestershire?", history=history)
    Rewrite().call(ctx)
    assert ctx.asked == "how many children have an ehcp in bedford"
    ctx = context("how many children have an ehcp in bedford")
    Rewrite().call(ctx)
    assert ctx.asked == ""
