"""Loose and local question shapes for the answer/refuse gate (#7): "is there a time limit" asks how things work,
not for a local service; "may" in "you may get legal aid" is no month; "how many times" counts no unit of its own;
"no fee" states an amount; "where's the office" asks for an address; a school year or an age answers "when"."""

from __future__ import annotations

import pytest

from send_assistant.answering.grounding import (
    MONTH,
    answers_kind,
    asks_about_provision,
    asks_for_local_detail,
    counted_thing,
    counts_the_thing,
    expected_answer,
    is_definition_question,
    key_terms,
    names_council,
    question_intent,
)


@pytest.mark.parametrize(
    ("question", "local"),
    [
        ("is there a time limit for appealing to tribunal", False),
        ("is there a difference between suspended and excluded", False),
        ("is there an age limit for an ehcp", False),
        ("is there a makaton class for parents", True),
        ("is there any support group for adhd in kidderminster", True),
        ("places at special school in redditch", True),
        ("does the scouts group in wendover accept kids with autism", True),
        ("can my son go to the youth club in houghton regis with a carer", True),
        ("does the school have to give him a place", False),
        ("can he go to a mainstream school", False),
    ],
)
def test_which_questions_ask_for_a_local_detail(question, local):
    assert asks_for_local_detail(question) is local


@pytest.mark.parametrize(
    ("question", "provision"),
    [
        ("is the portage service taking referrals", True),
        ("is there a space at the special school for my son", True),
        ("when is the send fair this year", True),
        ("when does the parent carer forum meet", True),
        ("is the short breaks office open on saturdays", True),
        ("is there a learning disability nurse at the hospital", False),
        ("when is the next annual review", False),
    ],
)
def test_which_questions_ask_about_one_providers_places_opening_or_events(question, provision):
    assert asks_about_provision(question) is provision


def test_may_is_a_month_only_as_a_date_is_written():
    assert not MONTH.search("If you have a low income you may get legal aid for help preparing your case.")
    assert not MONTH.search("May I ask the school for a meeting?")
    assert MONTH.search("The findings were published on 16 May 2018.")
    assert MONTH.search("The new website goes live in May.")
    q = "when is the next send tribunal hearing date for my case"
    assert not answers_kind("You may get legal aid for help preparing your case.", "date", q, set())


def test_a_school_year_or_an_age_answers_when():
    q = "when does preparing for adulthood start in the reviews"
    assert answers_kind("From Year 9 (age 13 to 14), every EHC plan review must include it.", "date", q, set())
    assert not answers_kind("Every EHC plan review must include it.", "date", q, set())


def test_how_many_times_is_answered_by_any_count():
    q = "how many times can a school exclude a child"
    assert answers_kind("A pupil can be suspended for up to 45 school days in a school year.", "number", q, set())
    assert not answers_kind("Schools should avoid excluding children with SEN.", "number", q, set())


def test_no_fee_is_an_amount_but_free_transport_is_not():
    q = "how much does it cost to appeal to tribunal"
    assert expected_answer(q) == "money"
    assert answers_kind("There is no fee to appeal to the SEND Tribunal.", "money", q, set())
    assert answers_kind("Mediation is free and confidential.", "money", q, set())
    assert not answers_kind("Councils must arrange free transport for eligible children.", "money", q, set())


def test_where_the_office_is_asks_for_an_address():
    assert expected_answer("wheres the office of the disabled childrens team") == "address"
    assert expected_answer("where is the team based") is None


def test_who_chairs_or_heads_is_answered_only_by_naming_the_role():
    q = "who chairs the parent carer forum"
    assert expected_answer(q) == "person"
    assert not answers_kind("The SNAP Parent Carer Forum and SENDIASS work together.", "person", q, set())
    assert answers_kind("The forum is chaired by Helen Smith.", "person", q, set())
    q = "who is the head of send at the council"
    assert not answers_kind("The Council will recruit a Teaching and Learning Advisor (SEND).", "person", q, set())
    assert answers_kind("Jo Bloggs is Head of SEND.", "person", q, set())
    q = "who runs the joint agency panel"  # "runs" needs no such word: "The joint agency panel of health..." answers
    assert answers_kind("The Joint Agency Panel brings Health and Education together.", "person", q, set())


def test_a_benefits_rate_asks_for_an_amount_of_money():
    assert expected_answer("what is the carers allowance rate this year") == "money"
    assert expected_answer("what is the higher rate of dla care") == "money"
    assert not answers_kind("Carer's Allowance is a benefit for someone who cares 35 hours a week.", "money", "", set())


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("whats the oxfordshire sendiass number", "phone"),  # words between "the" and "number"
        ("have you got a number for the send team", "phone"),
        ("what is the number of children on sen support", "number"),  # a count, not a phone number
        ("what number of children have ehcps", "number"),
        ("number for worcs council?", "phone"),  # a number asked for by a place's name
        ("bedford sendiass number", "phone"),
        ("number of ehcps in bucks", None),
        ("who is my sons ehcp caseworker in bath", "staff"),
        ("who is the educational psychologist for schools in redditch", "staff"),
        ("who is a senco", None),  # a role, which guidance explains
        ("who is the lead officer for the local offer", "person"),
        ("what does the short breaks scheme pay per hour for a carer", "money"),
        ("what does the council pay for", None),  # what is funded, not how much
        ("whos in charge of making sure the help in the ehcp happens", None),  # "in charge of" is no price
        ("what are the school term dates for next year", "term_dates"),  # one school's own calendar
    ],
)
def test_the_fact_a_question_asks_for(question, kind):
    assert expected_answer(question) == kind


def test_a_member_of_staff_is_answered_only_by_a_persons_name():
    q = "who is the senco at the high school in malvern"
    assert not answers_kind("SENCo Seminars are planned across the County in November.", "staff", q, set())
    assert not answers_kind("Every school must have a SENCO who is a qualified teacher.", "staff", q, set())
    assert answers_kind("The contact is Ms Karen Prince at the council.", "staff", q, set())
    assert answers_kind("Author and contact officer: Simon James, Service Director Education", "staff", q, set())


@pytest.mark.parametrize(
    ("question", "own", "named"),
    [
        ("whats the oxfordshire sendiass number", ["Buckinghamshire", "Bucks"], "oxfordshire"),
        ("how do i contact luton send team", ["Central Bedfordshire", "Central Beds"], "luton"),
        ("camhs waiting list in leeds", [], "leeds"),
        ("we live in reading, is there a send group", [], "reading"),
        ("reading is hard for him, what help is there", [], None),  # "reading" is no place here
        ("Reading is hard for him", [], None),  # ...nor with the capital a sentence opens with
        ("is there a bus to the college in bath", ["Bath and North East Somerset", "Bath"], None),  # the chosen area
        ("bucks send team phone number", ["Buckinghamshire", "Bucks"], None),
        ("is the hospital in bedford any good", ["Buckinghamshire", "Bucks"], "bedford"),  # another covered area
        ("can we get help in bedfordshire", [], None),  # two councils share that name: none is named
    ],
)
def test_a_council_other_than_the_chosen_one(question, own, named):
    found = names_council(question, own)
    assert (found.lower() if found else None) == named


def test_a_council_named_in_lower_case_is_shown_as_the_list_spells_it():
    from send_assistant.answering.grounding import council_name

    assert council_name("oxfordshire") == "Oxfordshire"
    assert council_name("barking  and dagenham") == "Barking and Dagenham"
    assert council_name("Nowhereshire") == "Nowhereshire"  # not listed: shown as typed


def test_what_a_service_is_asked_before_how_to_reach_it_is_not_a_contact_question():
    from send_assistant.answering.grounding import expected_answer

    # The first part is answered by what the service is or does; "not found" for want of a phone number helps nobody.
    for question in ("what does sendiass do and how do i contact them", "what is the local offer and where is it"):
        assert expected_answer(question) is None, question
    for question in ("whats the sendiass number", "how do i contact sendiass", "what is the phone number and email"):
        assert expected_answer(question) is not None, question


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("how many ehcp coordinators does bucks have", "coordin"),
        ("how many children have an ehcp in bucks", "child"),
        ("how many requests for ehcps have there been", "request"),
        ("how many are there", None),
        ("how many appeals last year", "appeal"),
        ("how many tribunals this year so far", "tribun"),
        ("can i get one", None),
    ],
)
def test_what_a_how_many_question_counts(question, thing):
    assert counted_thing(question) == thing


def test_a_count_answers_how_many_only_of_what_it_counts():
    plans = "As of 7 September 2020, Buckinghamshire has 4879 children and young people with EHCPs."
    assert not counts_the_thing("how many ehcp coordinators does bucks have", plans)
    assert counts_the_thing("how many kids have an ehcp", plans)
    assert counts_the_thing("how many kids have an ehcp", "2018: 1,185 pupils")
    assert counts_the_thing("how many times can a school exclude", "45 school days in a year")


def test_anywhere_is_no_key_term_and_asks_for_a_helper():
    assert key_terms("is there anywhere for parents to get support") == []
    assert question_intent("is there anywhere for parents to get support") == "who"


@pytest.mark.parametrize("question", ["whats the written statement of action", "what's an ehcp", "whats a dco"])
def test_what_is_run_together_is_a_definition_question(question):
    assert is_definition_question(question)


@pytest.mark.parametrize("question", ["whats the sendiass phone number", "what is the address of the send team"])
def test_what_is_a_fact_of_a_kind_is_no_definition_question(question):
    assert not is_definition_question(question)


@pytest.mark.parametrize(
    ("question", "provision"),
    [
        ("is the snap pcf coffee morning on this friday", True),
        ("is there a drop in tomorrow", True),
        ("is the youth club on next week", True),
        ("is there a parent carer forum", False),
        ("does the council meet on fridays", False),
        ("the annual review meeting is on monday what should i prepare", False),
        ("my son has a speech therapy session on tuesday, can school refuse to let him go", False),
    ],
)
def test_whether_an_event_is_on_a_day_is_a_providers_own_detail(question, provision):
    assert asks_about_provision(question) is provision
