"""Messages as people type them on phones (#7): who is asking said first ("gp here, ..."), parents' shorthand for
their children ("ds", "dd"), a local name asked about ("who are fact bucks"), the area's advice service asked for
by name, two questions in one message, and what the sources cannot give (an opinion of a named person, a promise of
a place, what a council will decide); with the real MiniLM and the shipped thresholds over the real knowledge base."""

from __future__ import annotations

import pytest

from send_assistant.answering.answer import ANSWERED, NOT_FOUND, SAFEGUARDING

pytestmark = pytest.mark.model


def test_a_professional_saying_who_they_are_gets_the_england_wide_rule(real_assistant):
    answer = real_assistant.ask(
        "gp here, been asked for health advice for an ehc assessment, whats the deadline",
        area="Bath and North East Somerset",
    )
    assert answer.status == ANSWERED, answer.answer
    assert "6 weeks" in answer.answer, answer.answer


def test_how_much_notice_asks_for_a_period(real_assistant):
    answer = real_assistant.ask(
        "senco central beds, how much notice do we need to give for annual review invites", area="Central Bedfordshire"
    )
    assert answer.status == ANSWERED, answer.answer
    assert "2 weeks" in answer.answer or "two weeks" in answer.answer, answer.answer


def test_a_parents_shorthand_for_a_son_is_read_as_son(real_assistant):
    answer = real_assistant.ask("ds struggling at school where do i even start")
    assert answer.status == ANSWERED, answer.answer
    assert "SENCO" in answer.answer, answer.answer
    assert answer.corrected_question.startswith("son struggling"), answer.corrected_question


def test_a_local_name_asked_about_is_answered_by_the_passage_naming_it(real_assistant):
    answer = real_assistant.ask("who are fact bucks, keep seeing them mentioned", area="Buckinghamshire")
    assert answer.status == ANSWERED, answer.answer
    assert "FACT" in answer.answer, answer.answer
    assert "parent / carer forum" in answer.answer, answer.answer


def test_the_areas_advice_service_asked_for_by_name_is_named(real_assistant):
    answer = real_assistant.ask("whos the sendiass in bath", area="Bath and North East Somerset")
    assert answer.status == ANSWERED, answer.answer
    assert "SEND Partnership Service" in answer.answer, answer.answer


def test_who_gives_free_advice_is_answered_by_the_areas_service(real_assistant):
    answer = real_assistant.ask(
        "who can give me free advice about ds ehcp thats not the council itself, b&nes",
        area="Bath and North East Somerset",
    )
    assert answer.status == ANSWERED, answer.answer
    assert "SEND Partnership Service" in answer.answer.split("[1]")[0], answer.answer


def test_a_count_of_problems_is_answered_by_the_areas_of_weakness(real_assistant):
    answer = real_assistant.ask("how many problems did ofsted find in worcs", area="Worcestershire")
    assert answer.status == ANSWERED, answer.answer
    assert "12 areas of significant weakness" in answer.answer, answer.answer


def test_the_second_question_of_a_message_is_answered_too(real_assistant):
    answer = real_assistant.ask("what is a personal budget and which bit of the plan does it go in")
    assert answer.status == ANSWERED, answer.answer
    assert "amount of money" in answer.answer, answer.answer
    assert "section J" in answer.answer, answer.answer


def test_an_opinion_of_a_named_officer_is_not_given(real_assistant):
    answer = real_assistant.ask(
        "is chris wilford any good? apparently hes in charge of ehcps in banes", area="Bath and North East Somerset"
    )
    assert answer.status == NOT_FOUND, answer.answer
    # ...while a judgement of a service is still answered from what the documents found
    answer = real_assistant.ask("is rainbow resource any good", area="Bath and North East Somerset")
    assert answer.status == ANSWERED, answer.answer


def test_a_promise_of_a_place_is_not_given(real_assistant):
    answer = real_assistant.ask(
        "can you guarantee my son a place at the new semh special school for september", area="Buckinghamshire"
    )
    assert answer.status == NOT_FOUND, answer.answer


def test_what_a_council_will_cut_is_not_answered_with_todays_rules(real_assistant):
    answer = real_assistant.ask("r bucks council going to cut ehcp top up funding next year", area="Buckinghamshire")
    assert answer.status == NOT_FOUND, answer.answer


def test_the_best_nursery_is_not_answered_with_other_guidance(real_assistant):
    answer = real_assistant.ask("whats the best nursery in bedford for autistic kids", area="Bedford Borough")
    assert answer.status == NOT_FOUND, answer.answer


def test_shaking_a_child_is_safeguarding_and_a_name_mentioned_is_not(real_assistant):
    answer = real_assistant.ask(
        "my partner shakes ds when he wont stop crying at night, ds has cp. is there a parenting course he cd go on"
    )
    assert answer.status == SAFEGUARDING, answer.answer
    answer = real_assistant.ask("my partner hits our son when he has meltdowns, can the send team help")
    assert answer.status == SAFEGUARDING, answer.answer
    answer = real_assistant.ask("who are fact bucks, keep seeing them mentioned", area="Buckinghamshire")
    assert answer.status != SAFEGUARDING, answer.answer
    answer = real_assistant.ask("dd keeps shaking her legs in class, is that adhd")
    assert answer.status != SAFEGUARDING, answer.answer


@pytest.mark.parametrize(
    "message",
    [
        "my stepdad held my brothers hand on the hob to teach him a lesson. he has adhd. anyway what is an ehcp",
        "found my sons goodbye notes to his cousins under his pillow, hes 14 and autistic. what help is there",
        "dd 15 gets picked up from school by a man in his 30s who buys her vapes and phones. she has mld, any help",
    ],
)
def test_a_risk_told_in_passing_before_an_ordinary_question_is_flagged(real_assistant, message):
    answer = real_assistant.ask(message)
    assert answer.status == SAFEGUARDING, answer.answer


@pytest.mark.parametrize(
    "message",
    [
        "i really dont want to sit in a room with the council again. do i have to go to mediation before tribunal",
        "my daughter nearly died laughing at the therapy dog. can animal therapy go in her ehcp",
        "he keeps going missing from maths to sit in the library because of anxiety, can he have a pass",
    ],
)
def test_an_ordinary_message_of_several_clauses_is_not_flagged(real_assistant, message):
    answer = real_assistant.ask(message)
    assert answer.status != SAFEGUARDING, answer.answer


def test_a_yes_no_question_about_a_gp_gets_no_verdict_of_another_question(real_assistant):
    answer = real_assistant.ask("can a gp decide whether a kid gets an ehcp")
    assert not answer.answer.split("\n\n", 1)[-1].startswith("Yes"), answer.answer


def test_a_named_person_asked_for_before_the_story_is_answered_by_the_named_coordinator(real_assistant):
    answer = real_assistant.ask(
        "will ds get a named person for his ehcp in bedford, keep getting passed round different ppl",
        area="Bedford Borough",
    )
    assert answer.status == ANSWERED, answer.answer
    assert "named coordinator" in answer.answer, answer.answer


def test_a_guidance_question_asked_after_a_story_sentence_is_matched(real_assistant):
    answer = real_assistant.ask(
        "ok so council assessed but said no ehcp. how long have i got to contact mediation", area="Buckinghamshire"
    )
    assert answer.status == ANSWERED, answer.answer
    assert "within 2 months" in answer.answer, answer.answer


def test_a_parent_group_asked_for_is_answered_by_the_areas_parent_carer_forum(real_assistant):
    answer = real_assistant.ask(
        "central beds is there a parent group that actually fights for send families", area="Central Bedfordshire"
    )
    assert answer.status == ANSWERED, answer.answer
    assert "SNAP PCF" in answer.answer.split("[1]")[0], answer.answer


def test_a_short_count_question_far_from_the_list_as_a_whole_is_answered_by_its_count(real_assistant):
    answer = real_assistant.ask("how many weaknesses did worcs get", area="Worcestershire")
    assert answer.status == ANSWERED, answer.answer
    assert "12 areas of significant weakness" in answer.answer, answer.answer
    # ...while a count nothing here gives stays refused
    answer = real_assistant.ask("how many swimming pools are in worcs", area="Worcestershire")
    assert answer.status == NOT_FOUND, answer.answer


def test_the_second_question_is_not_answered_by_a_sentence_about_something_else(real_assistant):
    answer = real_assistant.ask(
        "can we appeal if they say no to assessing and is there a time limit", area="Bath and North East Somerset"
    )
    assert answer.status == ANSWERED, answer.answer
    assert "appeal" in answer.answer, answer.answer
    assert "Sustain further compliance" not in answer.answer, answer.answer
