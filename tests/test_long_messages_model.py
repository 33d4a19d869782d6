"""Long messages that tell their story before they ask (#7), with the real MiniLM and the shipped thresholds over
the real knowledge base: the guidance answer search ranks first answers them, and what was asked still decides
(a value asked for must be given, a local detail must come from the area's own documents)."""

from __future__ import annotations

import pytest

from send_assistant.answering.answer import ANSWERED, NOT_FOUND

pytestmark = pytest.mark.model


def test_a_story_before_the_question_is_answered_by_the_guidance_search_ranks_first(real_assistant):
    answer = real_assistant.ask(
        "school have put my son on mornings only since half term, they say its till he calms down but nobody has "
        "said when it ends. can they do that",
        area="Bedford Borough",
    )
    assert answer.status == ANSWERED
    assert "exceptional circumstances" in answer.answer


def test_a_carer_at_breaking_point_is_told_of_the_carers_assessment(real_assistant):
    answer = real_assistant.ask(
        "i care for my disabled daughter on my own, no family nearby, not slept properly in months and im at "
        "breaking point. is there anything for me as her mum",
        area="Worcestershire",
    )
    assert answer.status == ANSWERED
    # Her own needs, not her other children's: the parent carer's needs assessment leads.
    assert "parent carer's needs assessment" in answer.answer.split("[1]")[0]


def test_the_sentence_that_asks_is_measured_against_the_guidance_headings(real_assistant):
    answer = real_assistant.ask(
        "do we need the autism diagnosis before we can ask for an ehcp? been on the waiting list 18 months and "
        "school keep saying wait for the diagnosis"
    )
    assert answer.status == ANSWERED
    assert "does not need a diagnosis" in answer.answer


def test_a_value_asked_for_after_a_story_is_still_given_or_refused(real_assistant):
    days = real_assistant.ask(
        "got the draft plan through yesterday and the school section is empty. how many days do i have to reply "
        "and ask for the school i want",
        area="Buckinghamshire",
    )
    assert days.status == ANSWERED
    assert "15 days" in days.answer
    # Who may get Carer's Allowance gives no weekly amount.
    amount = real_assistant.ask(
        "my son is 10 and autistic and we have had a really tough year with school and everything, how much carers "
        "allowance would i get a week"
    )
    assert amount.status == NOT_FOUND


def test_anyone_impartial_asked_of_a_place_is_answered_by_its_own_service(real_assistant):
    answer = real_assistant.ask(
        "is there anyone impartial in banes who can help me with the ehcp process, i dont trust the council",
        area="Bath and North East Somerset",
    )
    assert answer.status == ANSWERED
    assert "SEND Partnership Service" in answer.answer


def test_what_a_unit_must_name_is_read_from_the_sentence_that_asks(real_assistant):
    # The story ("teen with complex needs sees lots of different teams and keeps repeating his story") is no part
    # of what the answer must name; "is there a hospital passport locally" is.
    answer = real_assistant.ask(
        "school nurse in c beds - teen with complex needs sees lots of different teams and keeps repeating his "
        "story. is there a hospital passport locally",
        area="Central Bedfordshire",
    )
    assert answer.status == ANSWERED
    assert "hospital passports" in answer.answer
