"""Plain-English search words: what families type, found in the words the guidance uses."""

import re

import pytest
from retrieval_fakes import FakeIndex, chunk

from send_assistant.answering.retrieval import HybridRetriever
from send_assistant.answering.retrieval.plain_words import plain_groups, plain_text, reworded, search_words

RULES = search_words()


def test_rule_names_are_unique_and_every_rule_has_words():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)) >= 30
    assert all(r.means.strip() and r.example.strip() for r in RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_rule_fires_on_its_example(rule):
    assert rule.says.search(plain_text(rule.example)), rule.example
    assert rule.means in [form for _, forms in plain_groups(rule.example) for form in forms]


def test_typed_forms_are_read_as_words():
    assert plain_text("He's 16+ and needs 1:1, doesn't he?") == "hes 16 plus and needs 1 to 1 doesnt he"


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("LA knocked back our request for an EHC needs assessment", "said_no"),
        ("they turned him down for an assessment", "said_no"),
        ("academy threatening to boot him out", "kicked_out"),
        ("nursery keep ringing me to pick her up early", "sent_home"),
        ("my 10 yr old struggles with reading and spelling", "cant_read"),
        ("2 year old not talking yet", "speech_delay"),
        ("she refuses to go to school most days", "wont_go_to_school"),
        ("does she need a 1:1", "one_to_one"),
        ("her TA left and nobody replaced her", "teaching_assistant"),
        ("do we have to pay for his taxi", "getting_to_school"),
        ("his seizures at school", "medical_condition"),
        ("he is only in school 2 hours a day", "part_time"),
        ("what happens once he turns 18", "eighteen_plus"),
        ("she is 16+ now", "sixteen_plus"),
        ("the speech therapy in her plan isnt happening", "not_happening"),
        ("the LA are 6 weeks past the deadline", "past_deadline"),
        ("do we get a say in which college she goes to", "choose"),
        ("can i pick the school", "choose"),
        ("they want to scrap her plan at the review", "cancel_plan"),
        ("can the LA just take away his ehcp", "cancel_plan"),
        ("can she go on the class trip without me", "school_trip"),
        ("not invited on the residential", "school_trip"),
        ("academy excluded him for good last week", "for_good"),
        ("are EHCPs different for under 5s", "ehcp"),
        ("who is checking the la does what the inspectors asked", "oversight"),
        ("whos in charge of the send improvement work", "oversight"),
        ("who holds the council to account", "oversight"),
        ("were families consulted on the new strategy", "parents_involved"),
        ("do they involve parents in the local offer", "parents_involved"),
        ("is there anyone independent who can advise me", "impartial"),
        ("i want advice thats not from the council", "impartial"),
        ("can he have extra time in his gcses", "exams"),
        ("does she get a reader for her sats", "exams"),
    ],
)
def test_everyday_phrasings_find_their_rule(typed, rule):
    fired = {r.name for r in RULES if r.says.search(plain_text(typed))}
    assert rule in fired, typed


@pytest.mark.parametrize(
    "typed",
    [
        "what is a written statement of action",  # a report's name, not a statement of SEN
        "what does the council do with the statement of action",
        "what is an EHC plan",
        "who is the SENCO",
        "when is the annual review",
        "can you pick him up from school",  # collecting a child is not choosing a school
        "will the plan be sent to the new school",
        "is this for good or just for now",  # "for good" only after an exclusion's words
        "what is an ehc plan",  # the documents' own form: nothing to add
        "who is in charge of my sons plan",  # his own plan's caseworker, not the council's governance
        "can parents ask for an assessment",  # a parent's right, not co-production
        "can he go to an independent special school",  # a kind of school, not impartial advice
        "what is independent living",
        "what is independent travel training",
    ],
)
def test_questions_without_everyday_phrasings_add_nothing(typed):
    assert plain_groups(typed) == []


def test_words_the_question_already_uses_are_not_added():
    # "part-time timetable" is already in the question: the rule adds nothing.
    assert plain_groups("can school put him on a part time reduced timetable") == []


def _corpus():
    return [
        chunk(
            "guide:1",
            "Can I appeal if the council refuses to assess my child? Yes: you can appeal to the SEND Tribunal "
            "within two months of the decision.",
            "",
        ),
        chunk("guide:2", "How the council decides whether to assess: it looks at the evidence from school.", ""),
        chunk("guide:3", "What is an EHC needs assessment? The council gathers advice about the needs.", ""),
        chunk("guide:4", "The school can give one-to-one support from a teaching assistant as SEN support.", ""),
        chunk("guide:5", "Support at school: the class teacher plans lessons for every pupil.", ""),
        chunk("report:1", "The SEND Improvement Board will oversee and monitor the council's actions.", ""),
        chunk("report:2", "The strategy was co-produced with parent carers through the forum.", ""),
        chunk("report:3", "The inspection of the council found weaknesses in the strategy.", ""),
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("the council said no to assessing, what now", "guide:1"),
        ("council turned us down for assessing", "guide:1"),
        ("can my son have 1:1 at school", "guide:4"),
        ("can he have a TA at school", "guide:4"),
        ("who is checking the council", "report:1"),
        ("were families involved in the strategy", "report:2"),
    ],
)
def test_bm25_finds_the_documents_words_for_an_everyday_phrasing(question, expected):
    index = FakeIndex(_corpus())
    # Dense search off (weight 0): only BM25 decides, so the document words are what moves the passage up.
    with_words = HybridRetriever(index, index.embedder, None, dense_weight=0.0, unit_weight=0.0)
    without = HybridRetriever(index, index.embedder, None, dense_weight=0.0, unit_weight=0.0, plain_words=False)
    assert with_words.search(question, k=3).passages[0].chunk_id == expected
    plain_top = [p.chunk_id for p in without.search(question, k=3).passages[:1]]
    assert plain_top != [expected], "the test should need the search words"


def test_search_words_never_name_an_area_or_a_service():
    # Area words would pull one council's pages into another's search; service names belong to areas.yaml.
    for rule in RULES:
        assert not re.search(r"bedford|bucks|buckingham|worcester|somerset|bath|snap|fact bucks", rule.means, re.I)


def test_reworded_puts_the_documents_words_in_place_of_the_everyday_ones():
    question = "The academy kicked him out. Can we pick another school?"
    groups = plain_groups(question)
    assert [means for _, means in groups] == [["excluded exclusion"], ["choose"]]
    assert reworded(question, groups) == "the academy excluded exclusion can we choose another school"


def test_reworded_without_a_rule_is_the_plain_question():
    assert reworded("What is an EHC plan?", []) == "what is an ehc plan"
