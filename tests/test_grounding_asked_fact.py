"""What a question asks for, when the documents hold only general text about its topic (#7): an amount of money,
an address, a ranking, a funding band, a count of hours, a role-holder. A sentence that merely mentions the topic
does not carry any of these, so the composer refuses honestly instead of answering with it. And loose typing
("who should i speak to", "not walking yet") does not make a word of the question a term an answer must name."""

from __future__ import annotations

import pytest

from send_assistant.answering.grounding import (
    answers_kind,
    asking_sentences,
    asks_for_local_detail,
    expected_answer,
    fits_intent,
    key_terms,
    question_intent,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how much will the council pay towards respite", "money"),
        ("how much support will he get at school", "number"),
        ("how much does it cost to go to tribunal", "money"),
        ("whats the most funding a school can get for one pupil", "money"),
        ("how many pupils have a plan", "number"),
        ("where do i post the form, whats the postal address", "address"),
        ("what's the email address for the team", "email"),
        ("which nursery near us is the best for autistic kids", "ranking"),
        ("which school has the top up funding", None),
        ("what funding band is my son on", "band"),
        ("who's the director of children's services", "person"),
        ("who is the local mp", "person"),
        ("is there a helpline and what's its number", "phone"),
        ("who should i speak to about my son's stammer", None),
        ("who do i contact about the bus", "contact"),
    ],
)
def test_the_fact_a_question_asks_for(question, kind):
    assert expected_answer(question) == kind


def test_an_amount_of_money_needs_money_not_a_count():
    q = "how much will the council pay towards respite"
    assert answers_kind("Families get up to £1,500 a year.", "money", q, set())
    assert answers_kind("The budget rose by 1.6m this year.", "money", q, set())
    assert not answers_kind("There are 4,200 children with a plan.", "money", q, set())


def test_an_address_a_ranking_and_a_band_are_carried_only_by_themselves():
    assert answers_kind("Write to County Hall, Spetchley Road, Worcester WR5 2NP.", "address", "address?", set())
    assert answers_kind("Our office is at 10 Market Street in the town centre.", "address", "address?", set())
    assert not answers_kind("The team is based at the council offices.", "address", "address?", set())
    assert answers_kind("It was the fastest council to issue plans.", "ranking", "which is fastest", set())
    assert not answers_kind("The school must use its best endeavours.", "ranking", "which is best", set())
    assert answers_kind("Top-up funding is paid in six bands.", "band", "what band", set())
    assert not answers_kind("Top-up funding is under pressure.", "band", "what band", set())


def test_a_count_of_hours_needs_hours_and_one_to_one_counts_nothing():
    q = "how many hours of one to one should he get"
    assert answers_kind("He should get 15 hours a week of support.", "number", q, set())
    assert not answers_kind("Advice must be given within 6 weeks.", "number", q, set())
    assert not answers_kind("Staff give one-to-one help.", "number", "how many staff are there", set())
    assert answers_kind("Twenty-one staff were trained.", "number", "how many staff are there", set())


def test_loose_wording_does_not_add_key_terms():
    # The helper cue ("who should i speak to") and a child's "not ... yet" are not what the answer names.
    assert key_terms("who should i speak to about my daughters stammer") == ["stammer"]
    assert "talk" not in key_terms("who can we talk to, he has a speech delay")
    assert "yet" not in key_terms("she is 2 and not walking yet")
    assert "yet" in key_terms("has the council finished the plan yet")  # here "yet" asks about the status
    assert key_terms("whats the deadline for appealing") == ["appeal"]
    assert key_terms("what time does the drop-in close on fridays") == ["drop-in", "close", "friday"]
    assert {"open", "hour"} <= set(key_terms("what are the opening hours of the advice service"))
    assert "maybe" not in key_terms("maybe its dyslexia, what now")


def test_loose_questions_get_the_intent_they_mean():
    assert question_intent("whats the time limit to appeal") == "how_long"
    assert question_intent("my son has diabetes what does the nursery have to do") == "how"
    assert question_intent("what does sendiass do") == "what_is"


def test_opening_days_and_addresses_are_local_details_a_duty_is_not():
    assert asks_for_local_detail("is the drop in open on wednesdays")
    assert asks_for_local_detail("whats the address for the send office")
    assert asks_for_local_detail("what local nurseries take 2 year olds")
    assert not asks_for_local_detail("what does the school have to do for him")
    assert asks_for_local_detail("how long is the wait for the wheelchair service")
    assert asks_for_local_detail("is the hearing team accepting new referrals")
    assert asks_for_local_detail("does the special school have any places for year 7")
    assert asks_for_local_detail("does Kempston have a club for autistic teens")
    assert not asks_for_local_detail("how long will we have to wait for the council's decision")
    assert not asks_for_local_detail("does every nursery have to have a senco")
    assert asks_for_local_detail("what's the email address of the send team")


def test_a_pupils_timetable_a_bus_ride_and_the_school_wanted_are_no_local_details():
    # How a school may use a reduced timetable, and whether transport is free, are how things work.
    assert not asks_for_local_detail("Can a school use a reduced timetable to manage a pupil's behaviour?")
    assert not asks_for_local_detail("its 2 buses to college. is there free transport once theyre over 16")
    # "say which school i want" names the family's choice; "which schools are there" asks for places.
    assert not asks_for_local_detail("how many days have i got to send my comments back and say which school i want")
    assert asks_for_local_detail("which schools are there for autism")
    # A bus's times or route is a local detail.
    assert asks_for_local_detail("whats the bus timetable to the college")
    assert asks_for_local_detail("which bus goes to the special school")
    assert asks_for_local_detail("what are the swimming session times")


def test_only_the_sentences_that_ask_are_read_for_a_local_detail():
    # "no family nearby" tells the story; the question asks for help of any kind.
    assert not asks_for_local_detail(
        "i care for my daughter on my own, no family nearby and im at breaking point. is there anything for me"
    )
    assert asks_for_local_detail("we moved last month. is there a club for autistic teens nearby?")
    assert asks_for_local_detail("is there a youth club nearby")  # one sentence: read whole
    # Help or advice of any kind is how things work, a club a local place.
    assert not asks_for_local_detail("is there any help for me as the parent not just for him")
    assert asks_for_local_detail("is there a club for autistic kids")


def test_asking_sentences_are_those_of_a_longer_message_that_ask():
    story = "do we need the autism diagnosis before we can ask for an ehcp? been waiting 18 months"
    assert asking_sentences(story) == ["do we need the autism diagnosis before we can ask for an ehcp?"]
    assert asking_sentences("my son is 9. he has adhd. can school exclude him for it?") == [
        "can school exclude him for it?"
    ]
    assert asking_sentences("what is an ehcp?") == []  # one sentence is its own question
    assert asking_sentences("TA here (yr4). one of my kids gets sent out of lessons every day") == []
    # A spaced dash parts a role from what it asks, when asked to ("GP - what should i write" keeps its role).
    typed = "senco in banes - who does advocacy for young people with ehcps"
    assert asking_sentences(typed) == []
    assert asking_sentences(typed, dashes=True) == ["who does advocacy for young people with ehcps"]
    assert asking_sentences("is the 0-25 service any good", dashes=True) == []  # a hyphen parts nothing
    # `named`: only the sentences naming that many key terms themselves.
    excluded = "he was excluded again today. can they do that? can they exclude him for his autism?"
    assert asking_sentences(excluded) == ["can they do that?", "can they exclude him for his autism?"]
    assert asking_sentences(excluded, named=2) == ["can they exclude him for his autism?"]


def test_a_service_provided_by_a_named_body_says_who_helps():
    assert fits_intent("Advocacy for children and young people is provided by Off the Record.", "who")
    assert fits_intent("Short breaks are run by Kingfishers.", "who")
    assert not fits_intent("It was provided by them last year.", "who")  # no one named
