from __future__ import annotations

import pytest
from answering_fakes import ADVICE, BANES, BUCKS, EHCP, YOUTH, FakeRetriever, context
from doubles import HASH_PROFILE

from send_assistant.answering import texts
from send_assistant.answering.answer import NOT_FOUND
from send_assistant.answering.context import PipelineAbort
from send_assistant.answering.grounding import is_local_question
from send_assistant.answering.next_step import NextStep
from send_assistant.answering.stages.retrieve import Retrieve


def detect(text, known):
    return next((a for a in known if a.split()[0].lower() in text.lower()), None)


def make(passages=(ADVICE, EHCP, YOUTH)):
    retriever = FakeRetriever(list(passages))
    stage = Retrieve(
        retriever,
        known_areas=lambda: [BANES, BUCKS],
        next_step=NextStep(retriever),
        detect_area=detect,
        match_similarity=HASH_PROFILE.question_match,
        answer_similarity=HASH_PROFILE.question_answers,
    )
    return stage, retriever


def test_uses_the_picked_area_and_never_another_areas_passages():
    stage, retriever = make()
    ctx = context("Is there a youth forum?", area=BANES)
    stage.call(ctx)
    assert retriever.calls[-1][1] == BANES
    assert {p.area for p in ctx.passages} <= {BANES, ""}
    assert ctx.confidence > 0
    assert ctx.answer.retrieved == ctx.passages[:10]


def test_detects_an_area_named_in_the_question_when_none_was_picked():
    stage, retriever = make()
    ctx = context("Is there a youth forum in Buckinghamshire?")
    stage.call(ctx)
    assert ctx.area_detected == BUCKS
    assert retriever.calls[-1][1] == BUCKS
    assert ctx.answer.area == ""  # the user's choice is not rewritten


def test_a_follow_up_stays_in_the_place_its_conversation_was_about():
    stage, retriever = make()
    history = [{"role": "user", "content": "Is there a youth forum in Buckinghamshire?"}, {"role": "assistant"}]
    ctx = context("and how many families use it there", history=history)
    ctx.search_query = "youth forum and how many families use it there"  # the borrowed words name no place
    stage.call(ctx)
    assert ctx.area_detected == BUCKS
    assert retriever.calls[-1][1] == BUCKS
    standalone = context("how many families use a youth forum", history=history)
    standalone.search_query = standalone.question  # not a follow-up: the earlier place is not assumed
    stage.call(standalone)
    assert standalone.area_detected is None


def test_the_rewritten_query_is_what_is_searched():
    stage, retriever = make()
    ctx = context("who runs it?", area=BANES)
    ctx.search_query = "youth forum who runs it?"
    stage.call(ctx)
    assert retriever.calls[-1][0] == "youth forum who runs it?"


def test_local_question_for_an_uncovered_area_is_refused_without_other_areas_details():
    stage, retriever = make()
    ctx = context("Who is the SEND team manager in Leeds?", area="Leeds")
    with pytest.raises(PipelineAbort):
        stage.call(ctx)
    assert retriever.calls[-1][1] == ""  # national documents only
    assert ctx.answer.status == NOT_FOUND
    assert texts.NOT_FOUND_UNCOVERED_AREA.format(area="Leeds") in ctx.answer.answer
    assert texts.NEXT_STEP_GENERIC in ctx.answer.answer
    assert ctx.answer.citations == []
    assert "Partnership" not in ctx.answer.answer


def test_general_question_for_an_uncovered_area_goes_on_nationally():
    stage, _ = make()
    ctx = context("What does an EHCP describe?", area="Leeds")
    stage.call(ctx)
    assert ctx.area_covered is False
    assert all(p.area == "" for p in ctx.passages)


def test_is_local_question():
    assert is_local_question("Who is the SEND team manager in Leeds?", "Leeds")
    assert is_local_question("Where can I get short breaks?", "Leeds")
    assert not is_local_question("What does EHCP stand for?", "Leeds")
