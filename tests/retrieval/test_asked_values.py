"""Answer first (#7.5): questions asking for a value of a kind (a count, a phone number, an amount, a web address).

- grounding.counts_the_thing: a count answers "how many X" only when X is named next to it ("1,185 pupils"), not
  anywhere in the sentence ("Two SEND practitioners ... the volume of children with EHCPs").
- compose: a single line of a series of counts gives way to the whole series, its latest year included.
- compose: a short word of the area's own name ("ne" in "bath and ne somerset") is no key term.
- hybrid: with an area chosen, its passages counting what "how many X" counts, and those holding the phone number,
  e-mail or web address asked for, rank higher.
- grounding.expected_answer: "whats the weekly amount", "highest rate", "whats the web adress", "whos the head of";
  compose: "whats the wait for camhs" asks how long a wait is.
- areas: "how good is bucks at..." names Buckinghamshire; "is 20 bucks enough" does not.
"""

from __future__ import annotations

import numpy as np
import pytest
from retrieval_fakes import FakeIndex, chunk

from send_assistant.answering.grounding import counts_the_thing, expected_answer
from send_assistant.answering.retrieval import HybridRetriever
from send_assistant.answering.retrieval.areas import detect_area
from send_assistant.answering.sentence_units import Unit
from send_assistant.answering.stages.compose import (
    Candidate,
    _asks_wait_length,
    _counts_under_their_sentence,
    _is_area,
)

KIDS = "how many kids have ehcps"


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("2018: 1,185 pupils (a prevalence rate of 27 per 1000 pupils)", True),
        ("As of September, Buckinghamshire has 4879 children and young people with EHCPs.", True),
        ("The number of children with an EHCP rose to 4,879 this year.", True),
        (
            "Two SEND practitioners based in special schools supported the volume of children with EHCPs in those "
            "schools.",
            False,  # a count of practitioners; the children are named, but counted nowhere
        ),
        ("Children with EHCPs were consulted in 2018 about their plans.", False),  # a year counts nothing
    ],
)
def test_a_count_answers_how_many_kids_only_with_the_kids_next_to_it(text, counts):
    assert counts_the_thing(KIDS, text) is counts


def test_a_bare_count_counts_what_its_heading_names():
    assert counts_the_thing(KIDS, "- 2018: 1,185", heading="Children with EHCPs")
    assert not counts_the_thing(KIDS, "- 2018: 1,185", heading="Annual reviews")
    assert not counts_the_thing(KIDS, "Reviews were late.", heading="Children with EHCPs")  # no count at all


def test_a_count_of_plans_names_them_in_any_glossary_form_and_some_words_before():
    acronyms = {"EHCP": "Education, Health and Care plan"}
    plans = "how many ehcps are there in bucks"
    assert counts_the_thing(plans, "In January 2020, 4,879 EHC plans were maintained.", acronyms)
    assert counts_the_thing(plans, "Bucks maintains 4,879 Education, Health and Care Plans.", acronyms)
    risen = (
        "The number of children and young people in Buckinghamshire with an Education, Health and Care Plan has "
        "risen steadily to 4,879."
    )
    assert counts_the_thing(KIDS, risen, acronyms)


def test_coordinators_are_counted_only_by_a_count_of_coordinators():
    question = "how many ehcp coordinators does bucks have"
    assert counts_the_thing(question, "We appointed five new EHC coordinators in April.")
    assert not counts_the_thing(
        question, "Bucks has 4879 children and young people with EHCPs; their coordinators left."
    )


def _candidate(items: tuple[str, ...], score: float) -> Candidate:
    unit = Unit("Pupils with a plan have risen since 2014/15.", items, 1, len(items), lead=0, data=True)
    return Candidate(0, unit, np.zeros(2), score=score)


def test_one_line_of_a_series_gives_way_to_the_whole_series():
    line = _candidate(("2016: 895 pupils",), 0.85)
    latest = _candidate(("2018: 1,185 pupils",), 0.84)
    series = _candidate(("2016: 895 pupils", "2017: 1062 pupils", "2018: 1,185 pupils"), 0.83)
    assert _counts_under_their_sentence([line, latest, series], "number") == [series]
    assert _counts_under_their_sentence([line, latest], "number") == [line, latest]  # no series: lines stay
    assert _counts_under_their_sentence([line, series], None) == [line, series]  # not a count question


def test_a_short_word_of_the_areas_name_is_no_key_term():
    area_words = {"bath", "and", "ne", "somerset", "north", "east", "b&nes", "banes"}
    assert _is_area("ne", area_words)
    assert _is_area("somer", area_words)  # a stem of a longer word, as before
    assert not _is_area("ehcp", area_words)
    assert not _is_area("no", area_words)


# --- retrieval: the area's passages holding the value asked for -------------------------------------------------


def _retriever(index: FakeIndex) -> HybridRetriever:
    return HybridRetriever(index, index.embedder, None, national_weight=1.0, area_share=0)


def _values_index() -> FakeIndex:
    return FakeIndex(
        [
            chunk("national-plans:1", "An EHC plan is for children and young people who need more support.", ""),
            chunk("national-plans:2", "The council must answer within 20 weeks; children can appeal.", ""),
            chunk("brampton-plans:1", "The plan team has 12 coordinators and 3 panels.", "Brampton"),
            chunk("brampton-context:1", "Numbers rose: 2018 1,185 pupils with a plan.", "Brampton"),
            chunk("brampton-team:1", "The main council team reviews every plan for the main council.", "Brampton"),
            chunk("brampton-contact:1", "Contact points. Brampton Council: 01632 960960.", "Brampton"),
        ]
    )


def _scores(question: str, index: FakeIndex | None = None, **weights: float) -> dict[str, float]:
    """Each passage's fused score for the question in Brampton, with hybrid's module weights set as given."""
    from send_assistant.answering.retrieval import hybrid

    with pytest.MonkeyPatch.context() as patch:
        for name, value in weights.items():
            patch.setattr(hybrid, name, value)
        result = _retriever(index or _values_index()).search(question, "Brampton", k=10)
    return {p.chunk_id: p.score for p in result.passages}


def test_a_count_question_weighs_up_the_areas_passage_counting_what_it_asks():
    before = _scores("how many kids have a plan", COUNTED_WEIGHT=1.0)
    after = _scores("how many kids have a plan")
    assert after["brampton-context:1"] > before["brampton-context:1"]  # "1,185 pupils"
    assert after["brampton-plans:1"] == pytest.approx(before["brampton-plans:1"])  # counts coordinators, not kids


def test_a_phone_question_weighs_up_the_areas_passage_holding_a_phone_number():
    before = _scores("whats the main council phone number", CONTACT_WEIGHT=1.0)
    after = _scores("whats the main council phone number")
    assert after["brampton-contact:1"] > before["brampton-contact:1"]
    assert after["brampton-team:1"] == pytest.approx(before["brampton-team:1"])
    assert _scores("who reviews the plans") == _scores("who reviews the plans", CONTACT_WEIGHT=1.0)


def test_is_there_weighs_up_the_areas_passage_naming_the_thing_asked_after():
    index = FakeIndex(
        [
            chunk("national-is:1", "An independent supporter helps a family through an EHC needs assessment.", ""),
            chunk("brampton-report:1", "Objectives met. 11 Independent Supporters have been trained.", "Brampton"),
            chunk("brampton-other:1", "Independent schools and support for families are reviewed.", "Brampton"),
        ]
    )
    question = "is there an independent supporter in brampton"
    before, after = _scores(question, index, EXISTENCE_WEIGHT=1.0), _scores(question, index)
    assert after["brampton-report:1"] > before["brampton-report:1"]  # the words in order, with any ending
    assert after["brampton-other:1"] == pytest.approx(before["brampton-other:1"])  # both words, not the thing
    assert after["national-is:1"] == pytest.approx(before["national-is:1"])  # England-wide text names no local one
    other = "how do independent supporters help"  # no "is there"
    assert _scores(other, index) == _scores(other, index, EXISTENCE_WEIGHT=1.0)


# --- what kind of value a question asks for ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("whats the weekly amount for dla highest rate care this year", "money"),
        ("what is the highest rate of dla", "money"),
        ("whats the web adress for the bedford local offer", "url"),
        ("what is the local offer website", "url"),
        ("what is the local offer website like", None),  # an opinion, not the address
        ("what support does their website list for autism", None),  # what the site lists, not its address
        ("which council has the highest rates of ehcps", "ranking"),  # a ranking, not an amount
        ("what is the annual rate of ehcp growth", None),
        ("does the ofsted rating of a school matter when we name it in the ehcp", None),  # asks no grade
        ("his grades for the school year have dropped since the ta was removed", None),
        ("what gcse grades for the college course does he need", None),
        ("whos the head of the send team in central beds", "person"),
        ("who is the head teacher at st marks", "staff"),  # still one school's own staff
        ("can u list the ofsted rating of every special school in worcestershire", "rating"),
        ("what is st johns ofsted grade", "rating"),
        ("how is his school rated", "rating"),
        ("what did ofsted say about the local area", None),  # the area's inspection findings, which reports give
    ],
)
def test_the_kind_of_value_asked_for(question, kind):
    assert expected_answer(question) == kind


@pytest.mark.parametrize(
    ("question", "wait"),
    [
        ("whats the wait for camhs in worcestershire", True),
        ("what are the waiting times for an autism assessment", True),
        ("how long is the wait for camhs", True),
        ("what is the waiting list", True),
        ("what should i do while we wait for camhs", False),
        ("what is the waiting list process for camhs", False),  # how the list works, not how long it is
    ],
)
def test_asking_how_long_a_wait_is(question, wait):
    assert _asks_wait_length(question) is wait


KNOWN = ["Buckinghamshire", "Bath and North East Somerset", "Bedford Borough"]


@pytest.mark.parametrize(
    ("question", "area"),
    [
        ("how good is bucks at getting ehcps out in 20 weeks these days", "Buckinghamshire"),
        ("is bucks meeting the 20 weeks now", "Buckinghamshire"),
        ("is bath doing anything about the waits", "Bath and North East Somerset"),
        ("is 20 bucks enough for a taxi", None),
        ("is the bath any good for eczema", None),
        ("my son is bath time now", None),
        ("is bath still a battle for autistic kids", None),  # bath time
        ("is bath good for calming him before bed", None),
        ("does bath still upset him, should i ask the ot", None),
    ],
)
def test_a_lower_case_place_word_after_a_singular_verb(question, area):
    assert detect_area(question, KNOWN) == area


def test_a_percentage_question_weighs_up_the_areas_passage_holding_a_percentage():
    index = FakeIndex(
        [
            chunk("national-plans:1", "Plans must be finished within 20 weeks of the request.", ""),
            chunk("brampton-speed:1", "Return data: 2019: 40%; 2020: 65% of plans within 20 weeks.", "Brampton"),
            chunk("brampton-team:1", "Twelve coordinators finish plans within 20 weeks.", "Brampton"),
        ]
    )
    question = "what percentage of plans are done in 20 weeks"
    before, after = _scores(question, index, COUNTED_WEIGHT=1.0), _scores(question, index)
    assert after["brampton-speed:1"] > before["brampton-speed:1"]
    assert after["brampton-team:1"] == pytest.approx(before["brampton-team:1"])  # a count, no percentage


TABLE = (
    "Statutory performance has been a concern. Each year a national return shows the share of plans finished "
    "within 20 weeks. Brampton return data has been as follows:\n2017: 18.9%; 2018: 32.7%; 2019: 40%\n"
)


def test_a_table_line_under_a_short_introduction_is_shown_under_the_sentence_that_says_what_it_measures():
    from send_assistant.answering.compose_scoring import ComposeConfig
    from send_assistant.answering.sentence_units import units_of

    (data,) = [u for u in units_of(TABLE, ComposeConfig()) if u.data]
    assert data.text == (
        "Each year a national return shows the share of plans finished within 20 weeks. "
        "Brampton return data has been as follows:"
    )
    assert data.items == ("2017: 18.9%; 2018: 32.7%; 2019: 40%",)
    plain = "Figures rose.\n2017: 18.9%; 2018: 32.7%\n"  # no introduction ending ":": no data unit over it
    assert not [u for u in units_of(plain, ComposeConfig()) if u.items]
    contacts = "Reach the team in the following ways:\nHelpline: 0800 123 4567\nWeb: www.example.org\n"
    assert not [u for u in units_of(contacts, ComposeConfig()) if u.data]  # a contact line is no figure


def test_for_a_figure_the_sentence_inside_the_figures_introduction_is_not_a_candidate_alone():
    intro = "Each year a national return shows the share of plans finished within 20 weeks."
    alone = Candidate(0, Unit(intro, (), 1, 1), np.zeros(2), score=0.75)
    table = Candidate(
        0,
        Unit(f"{intro} Brampton return data has been as follows:", ("2019: 40%",), 1, 3, lead=2, data=True),
        np.zeros(2),
        score=0.72,
    )
    assert _counts_under_their_sentence([alone, table], "percent") == [table]
    assert _counts_under_their_sentence([alone, table], None) == [alone, table]


def test_a_schools_grade_is_answered_only_by_a_grade():
    from send_assistant.answering.grounding import answers_kind

    question = "what is st johns ofsted grade"
    assert answers_kind("St John's was rated good by Ofsted in 2022.", "rating", question, set())
    assert answers_kind("The school requires improvement.", "rating", question, set())
    background = "In the opinion of the proper officer the following are the background papers relating to Ofsted."
    assert not answers_kind(background, "rating", question, set())
