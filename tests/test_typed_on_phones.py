"""The rules behind messages typed on phones (#7), without the model: a self-introduction is no "here" of a place,
"how much notice" asks a period, parents' shorthand for their children, two questions in one message, a local name
asked about, a person's name, what a helper asked for does, and the safeguarding lexicon's shaking rule."""

from __future__ import annotations

from dataclasses import replace

from answering_fakes import asked_of, evidence_of

from send_assistant.answering.answer import Passage
from send_assistant.answering.compose_scoring import named_pattern, names_as_name
from send_assistant.answering.grounding import (
    asks_for_local_detail,
    expected_answer,
    question_intent,
    question_parts,
)
from send_assistant.answering.spelling import family_words
from send_assistant.answering.stages.safeguarding import risk_match
from send_assistant.privacy.names import is_person_name


def test_a_self_introduction_is_no_place():
    for question in (
        "gp here, been asked for health advice for an ehc assessment, whats the deadline",
        "new ta here, whats the actual difference between sen support and an ehcp",
        "senco here - how do we apply for top up funding",
        "mum here and i need to know how long a plan takes",
    ):
        assert not asks_for_local_detail(question), question
    for question in (
        "any clubs here, my son likes football",  # "here" is where the clubs are
        "is there a club here",
        "im a gp here in bath, who do i refer to",
    ):
        assert asks_for_local_detail(question), question


def test_how_much_notice_or_time_asks_for_a_period():
    for question in ("how much notice do we need to give for annual review invites", "how much time do i have"):
        assert question_intent(question) == "how_long", question
        assert expected_answer(question) != "number", question
    assert expected_answer("how much does a tribunal cost") == "money"
    assert expected_answer("how many plans were issued") == "number"


def test_parents_shorthand_for_their_children_is_written_out():
    assert family_words("ds struggling at school") == ("son struggling at school", (("ds", "son"),))
    assert family_words("cn dd2 keep her ehcp")[0] == "cn daughter keep her ehcp"
    # ...but not a condition ("he has DS": Down syndrome), capitals, or part of a word
    for text in ("my son has ds and adhd", "a child with ds", "DS is 7", "my dds school", "adds"):
        assert family_words(text) == (text, ()), text


def test_two_questions_in_one_message_are_parted():
    assert question_parts("what is a personal budget and which bit of the plan does it go in") == [
        "what is a personal budget",
        "which bit of the plan does it go in",
    ]
    assert question_parts("can we appeal that and is there a time limit") == [
        "can we appeal that",
        "is there a time limit",
    ]
    assert question_parts("how do i apply? how long does it take?") == ["how do i apply", "how long does it take?"]
    for text in (
        "my son and daughter both have autism, what help is there",  # "and" joins no questions
        "is it legal and how do i do that",  # the second part asks nothing of its own
        "what do i need to know about ehcps and annual reviews",
        "she is 14 and has an ehcp, what is preparing for adulthood",  # "and has" continues a statement
    ):
        assert question_parts(text) == [], text


def test_a_local_name_asked_about_is_found_as_a_name():
    generic = {"forum", "parent", "carer"}
    fact = named_pattern("who are fact bucks, keep seeing them mentioned", generic)
    assert fact is not None
    assert names_as_name(fact, "the chair of the parent / carer forum (FACT Bucks).")
    assert names_as_name(fact, "parent representatives from Families and Carers Together (FACT) Bucks")
    assert not names_as_name(fact, "the fact that bucks has improved")  # the words, not as a name
    assert named_pattern("what is the parent carer forum", generic) is None  # generic words only
    assert named_pattern("how do i get an ehcp", generic) is None  # no "who/what is" question


def test_a_person_is_told_from_a_service_by_their_name():
    assert is_person_name("chris wilford")
    assert is_person_name("Rebecca Claridge")
    for typed in ("rainbow resource", "fact bucks", "snap pcf", "local offer", "the senco", "chris"):
        assert not is_person_name(typed), typed


def test_what_a_helper_does_is_what_its_provider_must_name():
    free_advice = replace(
        asked_of(["free", "advic", "ehcp"], ["free", "advic", "ehcp"], "who"),
        question="who can give me free advice about my sons ehcp",
    )
    assert free_advice.helper_does == ["free", "advic"]
    assert free_advice.provided_terms == ["free", "advic"]
    service = Passage(
        "c1",
        "d1",
        "The SEND Partnership Service provides free confidential and impartial information, advice.",
        "Position statement",
        free_advice.area,
        "local offer",
    )
    assert free_advice.names_provider(evidence_of(service, {"free", "advic", "send", "partnership", "servic"}, 0.33))
    # ...and a "who" question naming no such thing keeps every key term
    runs = replace(asked_of(["short", "break"], ["short", "break"], "who"), question="who runs short breaks round here")
    assert runs.helper_does == []
    assert runs.provided_terms == ["short", "break"]


def test_shaking_a_child_is_at_risk_and_shaking_a_limb_is_not():
    for text in (
        "my partner shakes ds when he wont stop crying at night",
        "he shook her so hard she hit the wall",
        "dad shakes me when hes angry",
        "my partner hits our son when he has meltdowns",
    ):
        assert risk_match(text) is not None, text
    for text in (
        "dd keeps shaking her legs in class, is that adhd",
        "my son shakes his hands when excited, is that autism",
        "who are fact bucks, keep seeing them mentioned",  # "them men-tioned" is no men
    ):
        assert risk_match(text) is None, text


def test_a_guidance_heading_about_another_actor_answers_no_yes_no_question_about_this_one():
    from send_assistant.answering.stages.compose import _misses_actor

    heading = "Can a child who is doing well academically get an EHC plan? Yes: special educational needs are not only"
    assert _misses_actor("can a gp decide whether a kid gets an ehcp", heading)
    assert not _misses_actor("can a gp decide whether a kid gets an ehcp", "What is the GP's role in SEND? A GP can")
    assert not _misses_actor("can the la refuse to assess", "The council may decide not to assess")  # its other names
    assert not _misses_actor("can my son get an ehcp if hes doing well", heading)  # no actor asked about


def test_the_clause_that_asks_is_told_from_the_story_around_it():
    from send_assistant.answering.stages.compose import _asking_clause

    assert (
        _asking_clause(
            "will son get a named person for his ehcp in bedford, keep getting passed round different people"
        )
        == "will son get a named person for his ehcp in bedford"
    )
    assert _asking_clause("how do i get an ehcp") == ""  # one clause
    assert _asking_clause("my son is 9, autistic, struggling") == ""  # no clause asks
    assert _asking_clause("what is sendiass, who runs it") == ""  # every clause asks


def test_what_a_council_will_decide_is_told_from_whether_it_may():
    from send_assistant.answering.stages.compose import _ASKS_IF_ALLOWED, _FUTURE_POLICY, _POLICY_CHANGE

    planned = "r bucks council going to cut ehcp top up funding next year"
    assert _FUTURE_POLICY.search(planned) and _POLICY_CHANGE.search(planned) and not _ASKS_IF_ALLOWED.search(planned)
    allowed = "the council is going to stop his transport next term, can they do that"
    assert _FUTURE_POLICY.search(allowed) and _ASKS_IF_ALLOWED.search(allowed)  # answered by today's rules
    assert not _FUTURE_POLICY.search("is the council going well")  # no "going to"
