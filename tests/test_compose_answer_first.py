"""Answer first (#7.5): the composer's choice between sentences by what the question asks for, not by resemblance.

Unit-level checks of compose_scoring's judgement and wait rules, the composer's spelled-out question vector and its
rule that a glossary definition does not lead an answer to a question that is not "what is X?"."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from answering_fakes import BANES, asked_of, evidence_of, passage
from doubles import HashEmbedder

from send_assistant.answering.compose_scoring import (
    Asked,
    ComposeConfig,
    Evidence,
    failed_gate,
    tone_words,
)
from send_assistant.answering.grounding import key_terms
from send_assistant.answering.sentence_units import Unit
from send_assistant.answering.stages.compose import Candidate, Compose, _definitions_follow

CFG = ComposeConfig()
REPORT = passage("r1", "The current website platform for the Local Offer is not fit for purpose.", area=BANES)
GLOSSARY = passage(
    "g1", "A key performance indicator (KPI) is a measure of how well a service does.", area="", doc_type="glossary"
)


def asked(**changes) -> Asked:
    return replace(asked_of(["offer"], ["offer", "good"], "judgement"), **changes)


def evidence(**changes) -> Evidence:
    return replace(evidence_of(REPORT, {"offer", "local", "websit", "platform"}, 0.29), **changes)


def test_judging_words_of_the_question_are_not_key_terms_of_a_judgement_question():
    question = "is the local offer website any good"
    assert "good" in key_terms(question)
    assert "good" not in key_terms(question, tone_words("judgement"))
    assert "good" in key_terms(question, tone_words("can"))  # only a judgement question drops them
    assert "even" not in key_terms("what even is the local offer", tone_words("what_is"))


def test_a_judgement_of_the_thing_asked_about_may_be_a_little_less_similar():
    assert failed_gate(asked(), evidence(), CFG) is None
    # Not a judgement: the usual similarity bar.
    assert failed_gate(asked(), evidence(fits_intent=False), CFG) == "relevant"
    # Not about the thing asked about.
    assert failed_gate(asked(terms=["transport"]), evidence(coverage=0.0), CFG) == "relevant"
    # Not this loose for other questions.
    assert failed_gate(asked(intent="can"), evidence(), CFG) == "relevant"
    # And never below the slack.
    assert failed_gate(asked(), evidence(similarity=0.2), CFG) == "relevant"


def test_a_wait_question_needs_a_period_or_what_is_said_of_waits():
    assert failed_gate(asked(intent="wait"), evidence(similarity=0.6, fits_intent=True), CFG) is None
    assert failed_gate(asked(intent="wait"), evidence(similarity=0.6, fits_intent=False), CFG) == "period_for_how_long"


def candidate(rank: int, score: float) -> Candidate:
    return Candidate(rank, Unit("x", (), 0, 0), np.zeros(2), score=score)


def test_a_definition_does_not_lead_when_another_answer_is_nearly_as_good():
    top = [GLOSSARY, REPORT]
    close = [candidate(0, 0.63), candidate(1, 0.56)]
    assert [c.rank for c in _definitions_follow(close, top, CFG.keep_ratio)] == [1]
    far = [candidate(0, 0.63), candidate(1, 0.40)]
    assert [c.rank for c in _definitions_follow(far, top, CFG.keep_ratio)] == [0, 1]  # the definition may lead
    only = [candidate(0, 0.63)]
    assert _definitions_follow(only, top, CFG.keep_ratio) == only


class SpellingGlossary:
    """A glossary that knows one abbreviation, as answering/glossary.py reports it."""

    terms = ()

    def acronyms(self) -> dict[str, str]:
        return {"DCO": "Designated Clinical Officer"}

    def expansion_groups(self, query: str, area: str | None = None) -> list[tuple[str, list[str]]]:
        if "dco" in query.lower():
            return [("dco", ["Designated Clinical Officer"])]
        if "local offer" in query.lower():
            return [("local offer", ["LO"])]
        return []


def test_the_question_is_compared_with_its_abbreviations_spelt_out():
    stage = Compose(HashEmbedder(), SpellingGlossary(), next_step=None)
    assert stage._spelled_out("is the dco any good", "") == "is the dco any good (Designated Clinical Officer)"
    # A long form found in the question gains nothing from its abbreviation.
    assert stage._spelled_out("what is the local offer", "") == "what is the local offer"
    assert stage._spelled_out("how do I appeal", "") == "how do I appeal"


def test_a_sentence_restating_one_already_shown_is_not_added():
    from send_assistant.answering.stages.compose import _restates

    shown = "Your local SENDIASS gives free, impartial and confidential advice to parents and young people up to 25."
    again = "Your local SENDIASS gives free, impartial and confidential advice and can help you prepare."
    assert _restates(again, shown)
    # A different time limit in the same words is a new fact, not a restatement.
    assert not _restates(
        "The council must decide within 16 weeks of the request.",
        "The council must decide within 6 weeks of the request.",
    )
    assert not _restates("Mediation must take place within 30 days.", shown)
    # The same words naming the local service add its name.
    local = "The SEND Partnership Service gives free, impartial and confidential advice to parents and young people."
    assert not _restates(local, shown)
