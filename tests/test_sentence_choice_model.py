"""Answer first (#7.5) with the real MiniLM and the shipped thresholds, over the real knowledge base: the first
sentence of the answer is the one that carries what was asked, on questions typed the way people type them."""

from __future__ import annotations

import re

import pytest

from send_assistant.answering.answer import ANSWERED

pytestmark = pytest.mark.model


def first_sentence(answer) -> str:
    """The first cited sentence of the answer, without its lead line."""
    body = answer.answer.split("\n\n", 1)[-1]
    return re.split(r"(?<=[.:]) \[\d\]", body)[0]


def test_is_there_any_asked_of_a_place_is_led_by_the_local_provider(real_assistant):
    answer = real_assistant.ask("are there any short breaks in central beds", area="Central Bedfordshire")
    assert answer.status == ANSWERED
    assert "Kingfishers" in first_sentence(answer)


def test_no_sentence_is_shown_without_the_one_it_leans_on(real_assistant):
    answer = real_assistant.ask("how long does the whole ehcp process take", area="Worcs")
    assert answer.status == ANSWERED
    assert "20 weeks" in first_sentence(answer)
    body = answer.answer.split("\n\n", 1)[-1]
    # "Within that, the council decides whether to assess within 6 weeks" comes only right after the 20 weeks.
    assert not body.startswith("Within that")
    assert "Within that" not in body or "20 weeks. [1] Within that" in body


def test_report_text_about_something_else_does_not_follow_a_guidance_answer(real_assistant):
    answer = real_assistant.ask("can an ehcp carry on after 19", area="Bedford")
    assert answer.status == ANSWERED
    assert "25" in first_sentence(answer)
    assert "lack of engagement" not in answer.answer


def test_an_everyday_phrase_is_measured_in_the_documents_words(real_assistant):
    # "someone on my side" is advocacy: the area's advocate leads, provided by a body named in a passive sentence.
    answer = real_assistant.ask("i need someone on my side at my ehcp meeting", area="Bath and North East Somerset")
    assert answer.status == ANSWERED
    assert "Off the Record" in first_sentence(answer)
    answer = real_assistant.ask("Who provides advocacy for young people with SEND in Bath?", area="Bath")
    assert "Off the Record" in first_sentence(answer)
