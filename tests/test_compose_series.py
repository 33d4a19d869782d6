"""Answer first (#7.5): counts in a series, and "are there X here?" asked without "any".

- sentence_units: a list line that is a count under a label ("2018: 1,185 pupils (this is a prevalence rate ...)")
  is a data unit under the sentence that says what is counted, however long its note; the lines under one sentence
  are also one unit together (the whole series, its latest year included).
- compose: for "how many?", that sentence is never a candidate alone when its counts are candidates under it.
- loose_questions: "are there short breaks in central beds" asks whether something exists, as "are there any..."
  does; "are there lots of tribunals" still asks how many.
"""

from __future__ import annotations

import numpy as np

from send_assistant.answering.compose_scoring import ComposeConfig
from send_assistant.answering.loose_questions import asks_amount, asks_existence, existence_subject
from send_assistant.answering.sentence_units import Unit, units_of
from send_assistant.answering.stages.compose import Candidate, _counts_under_their_sentence

SERIES = (
    "There has been a steady increase in pupils with an EHCP since 2014/15.\n"
    "- 2016: 895 pupils\n"
    "- 2017: 1062 pupils\n"
    "- 2018: 1,185 pupils (this is a prevalence rate of 27 per 1000 pupils aged 0-19 cohort)\n"
)


def test_each_count_and_the_whole_series_are_units_under_the_sentence_that_says_what_is_counted():
    units = units_of(SERIES, ComposeConfig())
    intro = "There has been a steady increase in pupils with an EHCP since 2014/15."
    data = [u for u in units if u.data]
    assert [u.items for u in data if len(u.items) == 1] == [
        ("2016: 895 pupils",),
        ("2017: 1062 pupils",),
        ("2018: 1,185 pupils (this is a prevalence rate of 27 per 1000 pupils aged 0-19 cohort)",),
    ]
    assert all(u.text == intro and u.lead == 0 for u in data)  # the long line too, not shown alone
    (series,) = [u for u in data if len(u.items) > 1]
    assert series.items[-1].startswith("2018: 1,185") and (series.start, series.end) == (1, 3)
    assert not any(u.text.startswith("2018") for u in units)


def test_a_single_count_under_a_sentence_is_no_series():
    units = units_of("Numbers have risen since 2015.\n- 2018: 1,185 pupils\n", ComposeConfig())
    assert [u.items for u in units if u.data] == [("2018: 1,185 pupils",)]


def candidate(text: str, items: tuple[str, ...] = (), data: bool = False, rank: int = 0) -> Candidate:
    return Candidate(rank, Unit(text, items, 0, 0, lead=0 if data else -1, data=data), np.zeros(2), score=0.7)


def test_for_how_many_the_sentence_over_the_counts_is_not_a_candidate_alone():
    intro = "There has been a steady increase since 2014/15."
    alone = candidate(intro)
    counts = candidate(intro, ("2018: 1,185 pupils",), data=True)
    other = candidate(intro, rank=1)  # the same words in another passage, over no counts there
    assert _counts_under_their_sentence([alone, counts, other], "number") == [counts, other]
    assert _counts_under_their_sentence([alone, counts], None) == [alone, counts]  # not a count question
    assert _counts_under_their_sentence([alone], "number") == [alone]


def test_are_there_without_any_asks_whether_something_exists():
    assert asks_existence("are there short breaks in central beds")
    assert asks_existence("are there special schools here")
    assert asks_existence("are there any clubs for him")
    # An amount is asked instead.
    assert not asks_existence("are there lots of send tribunals here")
    assert asks_amount("are there lots of send tribunals here")
    assert not asks_existence("are there enough places")


def test_is_there_anyone_asks_for_a_helper_and_names_what_they_must_be():
    assert asks_existence("is there anyone impartial in bath who can help me with my sons ehcp, not the council")
    assert existence_subject("is there anyone impartial in bath who can help me with my sons ehcp") == "impartial"
    assert existence_subject("is there someone to help") is None  # nothing said of the helper
    # A thing with no article, before whom or where it is for.
    assert existence_subject("is there advocacy for young people in worcestershire") == "advocacy"
    assert asks_existence("is there help for parents in bedford")
    assert not asks_existence("is there still a waiting list")
    assert not asks_existence("is there time for an appeal")


def test_what_a_step_costs_the_family_is_no_local_fact():
    from send_assistant.answering.stages.compose import _asks_local_fact

    # England-wide rules say what a tribunal or an assessment costs a family...
    for question in (
        "how much does it cost to go to tribunal in bath? cant afford a solicitor",
        "do i have to pay for an ehc needs assessment",
        "is it free to appeal",
    ):
        assert not _asks_local_fact("money", None, question), question
    # ...but only the council's own papers say what it spends
    for question in ("how much does bucks spend on send", "how much is the high needs overspend"):
        assert _asks_local_fact("money", None, question), question


def test_what_government_will_change_is_recognised():
    from send_assistant.answering.stages.compose import _FUTURE_POLICY, _POLICY_CHANGE

    def future_change(question: str) -> bool:
        return bool(_FUTURE_POLICY.search(question) and _POLICY_CHANGE.search(question))

    for question in (
        "will the government get rid of ehcps in 2027??",
        "is the white paper going to change ehcps in worcs",
        "are ministers planning to scrap the tribunal",
    ):
        assert future_change(question), question
    for question in (
        "will the government pay for my sons transport to school",  # what is paid for now
        "can the council get rid of my sons ehcp",  # the council, under today's law
        "what does the government say about send",
    ):
        assert not future_change(question), question
