from __future__ import annotations

import pytest
from answering_fakes import context
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from send_assistant.answering.stages.rewrite import Rewrite, is_follow_up, standalone

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
