"""Answer first (#7.5): a guidance heading about another kind of setting is no answer ("university" for "college",
"mainstream" for "special school"), and a family's "what is good / wrong here" is answered by a council report's
findings under "Strengths" or "Areas for development" (compose_scoring.contrasts, finding_terms, states_finding)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from answering_fakes import asked_of, evidence_of, passage
from doubles import HashEmbedder

from send_assistant.answering.compose_scoring import (
    ComposeConfig,
    contrasts,
    contributions,
    failed_gate,
    finding_terms,
)
from send_assistant.answering.grounding import stem
from send_assistant.answering.stages.compose import Compose

CFG = ComposeConfig()


def test_a_heading_about_the_other_kind_of_setting_contrasts_with_the_question():
    assert contrasts("does an ehcp help with college transport", "Does an EHC plan continue at university?")
    assert contrasts(
        "does my child need an ehcp to go to a special school",
        "Can my child with an EHC plan go to a mainstream school?",
    )
    assert contrasts(
        "how do we plan the move to secondary", "When must a plan be updated for a move to primary school?"
    )
    assert contrasts(
        "does an ehcp carry on if my daughter goes to university",
        "Can my child with an EHC plan go to a mainstream school?",
    )
    assert not contrasts(
        "can he go from a special school to university with his ehcp", "Does an EHC plan continue at university?"
    )
    # Naming both, on either side, is about both; naming neither contrasts with nothing.
    assert not contrasts("does the ehcp stop at uni or college", "Does an EHC plan continue at university?")
    assert not contrasts("does an ehcp help with college transport", "Does it cover college or university?")
    assert not contrasts("does an ehcp help with transport", "Does an EHC plan continue at university?")
    assert not contrasts("can he stay at college till 19", "Can an EHC plan continue after 19?")


class Headings:
    """Heading vectors fixed so every heading is as similar to the question as `similarity`."""

    def __init__(self, similarity: float) -> None:
        self.similarity = similarity

    def vector(self, question: str) -> np.ndarray:
        s = self.similarity
        return np.array([s, np.sqrt(1 - s * s)], dtype=np.float32)


def test_a_contrasting_heading_marks_no_answer_however_near_it_is():
    stage = Compose(HashEmbedder(), None, next_step=None, heading_vectors=Headings(0.95))
    guidance = passage(
        "n1",
        "No. An EHC plan can cover school and college, but not higher education.",
        area="",
        doc_type="national guidance",
        location="Adulthood > Does an EHC plan continue at university?",
    )
    qvec = np.array([1.0, 0.0], dtype=np.float32)

    def match(question: str) -> float:
        return stage._heading_match(guidance, qvec, asked_of(["ehcp"], ["ehcp"], "can", question))

    assert match("does an ehcp continue at uni") == 1.0
    assert match("does an ehcp help with college transport") == 0.0


STRENGTH = passage(
    "cb1",
    "The introduction of hospital passports is facilitating a tell it once approach to health care.",
    location="The effectiveness of the area in assessing needs > Strengths",
    doc_type="inspection letter",
)
DEVELOPMENT = replace(STRENGTH, chunk_id="cb2", location="The effectiveness of the area > Areas for development")


def test_a_report_heading_stands_for_the_praise_or_criticism_a_family_asks_about():
    assert stem("good") in finding_terms(STRENGTH)
    assert stem("problems") in finding_terms(DEVELOPMENT) and stem("good") not in finding_terms(DEVELOPMENT)
    # A sentence calling something a weakness or an area for development is criticism wherever it sits.
    text = "Processing annual reviews in a timely manner is an area for development."
    assert stem("wrong") in finding_terms(replace(STRENGTH, location="Section 2"), text)
    assert finding_terms(replace(STRENGTH, location="Section 2"), "Reviews are processed on time.") == set()
    # England-wide guidance and the glossary judge nothing.
    assert finding_terms(replace(STRENGTH, area="", doc_type="national guidance")) == set()


def test_a_finding_of_the_kind_asked_answers_though_it_resembles_the_question_less():
    question = asked_of(["good", "health"], ["good", "health"], None, "whats good about health services here")
    unit = evidence_of(STRENGTH, {"health"}, 0.3)
    unit = replace(unit, heading=finding_terms(STRENGTH), coverage=0.5)
    assert failed_gate(question, unit, CFG) == "relevant"
    found = replace(unit, states_finding=True)
    assert failed_gate(question, found, CFG) is None
    assert contributions(question, found, CFG.weights)["loose_shape"] == CFG.weights.loose_shape
    assert contributions(question, unit, CFG.weights)["loose_shape"] == 0.0


def test_a_word_family_the_stemmer_splits_is_one_term_for_coverage():
    from send_assistant.answering.compose_scoring import with_families
    from send_assistant.answering.grounding import coverage, term_set

    suspended = term_set("A pupil can be suspended for up to 45 days in a school year.")
    asked = [stem("suspension")]
    assert coverage(asked, suspended) == 0.0  # Snowball: "suspens" and "suspend"
    assert coverage(asked, with_families(suspended)) == 1.0
    assert coverage([stem("decision")], with_families(term_set("The council must decide within 6 weeks."))) == 1.0
    # Words of no family are left as they are.
    assert with_families(term_set("The council must reply.")) == term_set("The council must reply.")
