"""What a question asks for, as people type it (#7.5 answer first): conversational forms of who / judgement / wait /
what is / why, and the sentences that have the shape asked for."""

from __future__ import annotations

import pytest

from send_assistant.answering.grounding import fits_intent, is_definition_question, question_intent


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("who helps young people with send get supported internships", "who"),
        ("who do i talk to about my sons ehcp", "who"),
        ("is there anyone who can help me fill in the form", "who"),
        ("is there anyone i can speak to", "who"),
        ("who decides if my child gets a plan", "who"),
        ("is the local offer website any good, i cant find anything on it", "judgement"),
        ("the local offer site is rubbish on my phone, are they fixing it", "judgement"),
        ("our school nurse cover has been cut. whats going on", "judgement"),
        ("is the ehcp process working", "judgement"),
        ("how well are they doing on annual reviews", "judgement"),
        ("how long is the wait for a neurodevelopmental assessment", "wait"),
        ("what are the waiting times for camhs", "wait"),
        ("why is there a backlog of annual reviews", "why"),
        ("what even is the local offer, the school mentioned it", "what_is"),
        ("whats a senco", "what_is"),
        # The existing shapes stay as they were.
        ("how long does an ehc assessment take", "how_long"),
        ("how do I get an EHCP", "how"),
        ("can my child get free transport to his special school", "can"),
    ],
)
def test_conversational_questions_get_the_shape_they_ask_for(question, intent):
    assert question_intent(question) == intent


@pytest.mark.parametrize(
    "question",
    [
        "who sits on the improvement board",  # a person's name answers it, not a helping service
        "is there a working group for transport",  # "working" names the group, it asks for none of a judgement
        "who is the senco at the school",
    ],
)
def test_questions_that_are_not_conversational_shapes_are_left_alone(question):
    assert question_intent(question) not in ("who", "judgement")


def test_a_judgement_is_a_sentence_that_judges():
    assert fits_intent("The current website platform is not fit for purpose.", "judgement")
    assert fits_intent("The impact of the designated clinical officer is limited.", "judgement")
    assert fits_intent("The recent redesign has reduced the school nursing provision.", "judgement")
    assert not fits_intent("The Local Offer is being merged with the Early Help website.", "judgement")
    assert not fits_intent("A Designated Clinical Officer is a senior health professional.", "judgement")


def test_a_wait_is_answered_by_a_period_or_by_what_is_said_about_the_waits():
    assert fits_intent("Children are waiting too long for an assessment and diagnosis.", "wait")
    assert fits_intent("The assessment takes about 18 weeks.", "wait")
    assert not fits_intent("The pathway is led by the community paediatric team.", "wait")
    # A plain "how long" still wants a period.
    assert not fits_intent("Children are waiting too long for an assessment.", "how_long")


def test_a_statement_of_what_has_happened_answers_is_anything_happening():
    assert fits_intent("Work has started to identify Key Performance Indicators.", "can")
    assert not fits_intent("Collation of existing data to introduce a dashboard approach.", "can")


def test_a_definition_question_may_carry_a_filler_and_a_trailing_remark():
    assert is_definition_question("what even is the local offer, the school mentioned it")
    assert is_definition_question("what exactly is an EHCP")
    assert not is_definition_question("what is the process, and who decides")
    assert not is_definition_question("Is there a learning disability nurse at the hospital?")


def test_letter_and_roman_paragraph_labels_are_stripped_from_shown_sentences():
    from send_assistant.answering.grounding import strip_label

    assert strip_label("a. A dedicated Programme Manager will be appointed.") == (
        "A dedicated Programme Manager will be appointed."
    )
    assert strip_label("ii. The second post is a Local Offer officer.") == "The second post is a Local Offer officer."
    assert strip_label("b) the use of part-time timetables;") == "b) the use of part-time timetables;"
    assert strip_label("e.g. This one stays.") == "e.g. This one stays."


def test_more_conversational_shapes():
    assert question_intent("my sons annual review is months overdue, is this a known problem") == "judgement"


def test_an_age_range_is_not_a_count():
    from send_assistant.answering.grounding import answers_kind

    assert not answers_kind("EHCPs are legal documents for children aged 0-25.", "number", "", set())
    assert answers_kind("Requests rose from 693 to 1,117 in a year.", "number", "", set())  # a count's change
    assert answers_kind("Buckinghamshire has 4879 children and young people with plans.", "number", "", set())


def test_a_guide_answers_opening_word_is_dropped_when_another_kind_of_question_was_asked():
    from send_assistant.answering.grounding import strip_label

    assert strip_label("Not automatically: a diagnosis is not a need.", "who") == "A diagnosis is not a need."
    assert strip_label("Not automatically: a diagnosis is not a need.", "can") == (
        "Not automatically: a diagnosis is not a need."
    )
