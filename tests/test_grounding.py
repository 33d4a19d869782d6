from __future__ import annotations

import pytest

from assistant.grounding import (
    answers_kind,
    clean_sentence,
    coverage,
    expected_answer,
    facts,
    is_definition_question,
    is_local_question,
    key_terms,
    split_sentences,
    stem,
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
        ("will my son have a named person coordinating his EHCP?", None),
        ("What percentage of pupils get SEN support?", "percent"),
        ("How many workstreams are there?", "number"),
        ("How often does the board meet?", "frequency"),
        ("When must practitioners know their duties?", "date"),
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
