"""What a question means, measured without the place it names (#7), with the real MiniLM and the shipped thresholds
over the real knowledge base: the area's names, the documents' words for an everyday phrase, and a period asked
"from when i ask"."""

from __future__ import annotations

import pytest

from send_assistant.answering.answer import ANSWERED

pytestmark = pytest.mark.model


def test_a_place_named_in_a_short_question_does_not_hide_what_answers_it(real_assistant):
    # With "in B&NES" the question is 0.35 like "Where can I get free, impartial advice about SEND?"; without, 0.71.
    answer = real_assistant.ask(
        "is there anyone independent in B&NES who can advise me for free", area="Bath and North East Somerset"
    )
    assert answer.status == ANSWERED
    assert "SEND Partnership Service" in answer.answer.split("[1]")[0], answer.answer


def test_a_guidance_heading_in_the_documents_words_answers_the_everyday_ones(real_assistant):
    # "gcses" is "exams" in the guidance: the heading on exams answers, not the one on a plan carrying on at college.
    answer = real_assistant.ask("does my daughter need an ehcp to get extra time in her gcses")
    assert answer.status == ANSWERED
    assert "access arrangements" in answer.answer.split("[1]")[0], answer.answer
    assert "EHC plan is not needed" in answer.answer


def test_how_long_from_when_i_ask_asks_a_period_not_a_date(real_assistant):
    answer = real_assistant.ask("how long should an ehcp take in total from when i ask", area="Worcestershire")
    assert answer.status == ANSWERED
    assert "20 weeks" in answer.answer, answer.answer
