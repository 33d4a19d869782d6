from __future__ import annotations

import pytest

from send_assistant.answering.grounding import (
    answers_kind,
    asks_for_local_detail,
    clean_sentence,
    coverage,
    expected_answer,
    facts,
    fits_intent,
    is_definition_question,
    is_local_question,
    is_question,
    key_terms,
    question_intent,
    split_sentences,
    stem,
    strip_label,
    term_set,
    unsupported_facts,
)


def test_stem_brings_word_forms_together():
    assert stem("reviews") == stem("reviewed") == stem("reviewing") == "review"
    assert stem("moving") == stem("move")
    assert stem("services") == stem("service")


def test_split_sentences_keeps_abbreviations_and_marks_list_items():
    parts = split_sentences("Help is free, e.g. advice. 2.23 The panel meets.\n- a) First item\n- Second item.")
    assert parts == [
        ("Help is free, e.g. advice.", False),
        ("2.23 The panel meets.", False),
        ("a) First item", True),
        ("Second item.", True),
    ]


def test_key_terms_drop_stop_generic_and_cue_words():
    assert key_terms("What percentage of pupils get SEN support without a plan?") == ["pupil", "without", "plan"]


def test_key_terms_drop_words_as_people_type_them():
    # Contractions without apostrophes, plural family words and "round here" say nothing an answer must mention.
    assert key_terms("im really worried about my son, hes not coping at school and nobody listens") == [
        "cope",
        "school",
        "listen",
    ]
    assert key_terms("my sons annual review is overdue") == ["annual", "review", "overdu"]
    assert key_terms("do many families round here actually get one") == []
    # "how often" asks for a frequency: the answer has "twice a year", not the word "often".
    assert key_terms("how often will the council ask parents for their views?") == ["ask", "view"]


def test_coverage_uses_glossary_acronyms_and_longer_forms():
    terms = key_terms("Is there a learning disability nurse?")
    assert coverage(terms, term_set("Acute trust has LD nurse in post", {"LD": "learning disability"})) == 1.0
    assert coverage(["adult"], term_set("support into adulthood")) == 1.0


def test_facts_and_unsupported_facts():
    assert {"01905763763", "10.9%", "3500"} <= facts("Call 01905 763763; 3,500 pupils (10.9%).")
    assert unsupported_facts("Call 0800 123 4567.", "Call 01905 763763.") == {"08001234567", "0800", "123", "4567"}
    assert unsupported_facts("It has 5 workstreams.", "The WSoA has 5 workstreams.") == set()


def test_clean_sentence_strips_tags_and_escapes_angle_brackets():
    assert clean_sentence("<p>**Bold** a < b</p>") == "Bold a &lt; b"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is the main council phone number?", "phone"),
        ("the local offer site is rubbish on my phone, are they fixing it", None),
        ("What is the parent carer forum called?", "name"),
        ("parent forum central beds name", "name"),
        ("can we change his name", None),
        ("will my son have a named person coordinating his EHCP?", None),
        ("What percentage of pupils get SEN support?", "percent"),
        ("How many workstreams are there?", "number"),
        ("How often does the board meet?", "frequency"),
        ("When must practitioners know their duties?", "date"),
        ("from when does the 20 weeks count", "date"),
        ("how long should an ehcp take in total from when i ask", None),  # a period, counted from the asking
        ("What happens when my child turns 16?", None),
    ],
)
def test_expected_answer(question, kind):
    assert expected_answer(question) == kind


def test_answers_kind_for_names_ignores_words_of_the_question_and_generic_terms():
    q = "What is the parent carer forum called?"
    assert answers_kind("The parent carer forum is called FACT Bucks.", "name", q, set())
    assert not answers_kind("Parent carers helped with the Local Offer.", "name", q, {"local", "offer"})


def test_a_year_is_not_a_count_and_frequency_needs_a_frequency():
    assert not answers_kind("The inspection took place in March 2018.", "number", "How many?", set())
    assert answers_kind("The inspection found 12 areas of weakness.", "number", "How many?", set())
    assert answers_kind("The board has been held monthly.", "frequency", "How often?", set())
    assert not answers_kind("The board met on 9 October.", "frequency", "How often?", set())


def test_definition_and_local_questions():
    assert is_definition_question("What is an EHCP?")
    assert not is_definition_question("Is there a learning disability nurse at the hospital?")
    assert is_local_question("Who facilitated the co-production event?", "Buckinghamshire")
    assert not is_local_question("How long does an EHC needs assessment take?", "Buckinghamshire")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who do I contact about speech and language therapy in Bedford?", "contact"),
        ("who should I call about my son's EHCP", "contact"),
        ("who should I speak to about my son's EHCP", None),  # a helper (intent "who"), not contact details
        ("Who is the contact officer for the report?", "contact"),
        ("Who chairs the SEND improvement board?", "person"),
        ("which councillor is responsible for education", "person"),
        ("What is the phone number for the SEND team?", "phone"),
        ("Who can get an EHC plan?", None),
    ],
)
def test_who_and_contact_questions(question, kind):
    assert expected_answer(question) == kind


def test_a_contact_answer_needs_a_way_to_get_in_touch_or_a_named_service_to_contact():
    question = "Who do I contact about speech and language therapy?"
    assert not answers_kind(
        "There is a lack of clarity about budgets, e.g. Speech and Language Therapy.", "contact", question, set()
    )
    assert answers_kind("Call the therapy team on 01234 567890.", "contact", question, set())
    assert answers_kind("Contact the Children's Therapy Service for advice.", "contact", question, set())


def test_is_question():
    assert is_question("my son is 15, can he get help moving to college")
    assert is_question("Help. Where do I find the local offer")
    assert not is_question("My daughter keeps saying she wants to die")
    assert not is_question("My son says he wants to die and is refusing school")


def test_ages_are_not_key_terms_and_hyphenated_words_meet_their_parts():
    assert key_terms("my son is 15 and autistic, can he get help moving to college?") == [
        stem("autistic"),
        stem("moving"),
        stem("college"),
    ]
    assert "16" not in key_terms("my 16 year old is leaving school")
    assert coverage(key_terms("part time timetable"), term_set("the use of long-term part-time timetables")) == 1.0


def test_an_age_in_a_word_or_a_paragraph_label_is_not_a_count():
    assert not answers_kind("Outcomes for young people in post-16 provision are not tracked.", "number", "", set())
    assert not answers_kind("2.17 The teams are co-located.", "number", "", set())
    assert answers_kind("There were 9590 children on the SEN support register.", "number", "", set())


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("how long does an ehc assessment take", "how_long"),
        ("how do I get an EHCP", "how"),
        ("who can ask for an EHC needs assessment", "who"),
        ("my son is 7 and struggling at school, who can help?", "who"),
        ("Where can I signpost a family worried about their child?", "who"),
        ("can my child get free transport to his special school", "can"),
        ("what is SEN support", "what_is"),
        ("whats the difference between sen support and an ehcp", "difference"),
    ],
)
def test_question_intent_says_what_shape_of_answer_is_wanted(question, intent):
    assert question_intent(question) == intent


def test_sentences_are_judged_by_the_shape_asked_for():
    assert fits_intent("The final plan must be issued within 20 weeks.", "how_long")
    assert not fits_intent("EHCPs are legal documents that describe needs.", "how_long")
    # a deadline's date answers "whats the deadline", which asks how long too
    assert fits_intent("The council must amend the plan by 31 March of the year of the move.", "how_long")
    assert not fits_intent("The plan was reviewed in March.", "how_long")
    assert fits_intent("Write to your council's SEND team.", "how")
    assert not fits_intent("A Quality Assurance Framework has been developed.", "how")
    assert fits_intent("Talk to the school's SENCO.", "who")


def test_paragraph_labels_and_a_stray_yes_are_stripped_from_shown_sentences():
    assert strip_label("2.9 EHCPs are legal documents.") == "EHCPs are legal documents."
    assert strip_label("10. The Board meets monthly.") == "The Board meets monthly."
    assert strip_label("10 children were waiting.") == "10 children were waiting."  # a count, not a label
    assert strip_label("Yes: a GP can help.", "who") == "A GP can help."
    assert strip_label("Yes: a GP can help.", "can") == "Yes: a GP can help."


def test_questions_asking_for_a_local_service_or_contact_are_recognised():
    assert asks_for_local_detail("which short break clubs can my son go to here?")
    assert asks_for_local_detail("what's the phone number for SENDIASS")
    assert asks_for_local_detail("any autism groups near me")
    assert not asks_for_local_detail("what are short breaks")
    assert not asks_for_local_detail("how long does an EHC needs assessment take")
    # A named person in a role is a local detail England-wide guidance cannot give.
    assert asks_for_local_detail("who is the headteacher at the pupil referral unit")
    assert asks_for_local_detail("whats the name of the send manager at the council")
    assert not asks_for_local_detail("what is a senco")
    assert not asks_for_local_detail("who can help with send")


def test_one_counts_only_when_it_counts_something():
    how_many = "how many children are on SEN support?"
    assert not answers_kind("One of the first actions is to raise awareness.", "number", how_many, set())
    assert not answers_kind("Parents say no one listens.", "number", how_many, set())
    assert answers_kind("One in five children has SEN.", "number", how_many, set())
    assert answers_kind("Two surveys were carried out.", "number", how_many, set())


def test_a_short_form_followed_by_the_word_its_last_letter_stands_for_meets_the_acronym():
    acronyms = {"EHCP": "Education, Health and Care plan"}
    assert "ehcp" in term_set("An EHC plan does not end at 18", acronyms)  # the guide's "EHC plan", typed "ehcp"
    assert "ehcp" in term_set("Two EHC plans were issued late", acronyms)
    assert "ehcp" not in term_set("The EHC needs assessment comes first", acronyms)  # "needs" is no plan
    assert "ehcp" not in term_set("An EHC plan does not end at 18")  # only acronyms the glossary knows


def test_how_often_and_is_that_allowed_are_no_key_terms_of_a_loosely_typed_question():
    typed = "my daughter was sent out of class 5 times this week, is that allowed"
    assert key_terms(typed) == ["sent", "class", "week"]


def test_an_acronym_spelt_like_a_little_word_counts_only_in_capitals():
    acronyms = {"IS": "Independent Supporter", "LD": "learning disability"}
    # "is" the verb names no independent supporter.
    assert "independ" not in term_set("the short breaks through Kingfishers is highly regarded", acronyms)
    assert "independ" in term_set("Ask for an IS to help you", acronyms)
    # A glossary acronym that is no word is read in any case, as people type it.
    assert "learn" in term_set("is there an ld nurse", acronyms)


def test_term_sets_read_again_are_the_same_and_the_callers_own():
    # term_set keeps what it read for the acronyms last used (the composer reads the same units per question).
    from send_assistant.answering.grounding import term_set

    acronyms = {"LD": "learning disability", "EHCP": "Education, Health and Care plan", "IS": "independent supporter"}
    text = "An LD nurse is at the hospital; the EHC plan is reviewed."
    first = term_set(text, acronyms)
    assert {"ld", "learn", "disabl", "ehcp", "nurs"} <= first
    assert "independ" not in first  # "is" in lower case is no Independent Supporter
    first.add("changed by the caller")
    again = term_set(text, acronyms)
    assert again == first - {"changed by the caller"}
    # Another mapping is read afresh, not from what the first one kept.
    assert "learn" not in term_set(text, {"EHCP": "Education, Health and Care plan"})
    assert term_set(text, acronyms) == again
