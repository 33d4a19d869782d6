"""Answer first (#7.5): rare question words count for more, and a question told after a statement keeps its shape.

- compose_scoring.rarity_weights / weighted_coverage: a key term's weight is its inverse document frequency over the
  indexed passages, so naming "gp" and "refer" outweighs naming "ehcp" and "assessment" in "as a gp can i refer a
  child for an ehcp assessment"; only the score uses it (`rarity_share` of the coverage feature), never the gates.
- compose.asked_intent: "my 2 year old has delays can he get support before school" asks "can...?", as the question
  after the statement does; a question that starts with "what", "who"... keeps the shape of its first words.
"""

from __future__ import annotations

import math
from dataclasses import replace

from answering_fakes import BANES, asked_of, evidence_of, passage
from doubles import HashEmbedder

from send_assistant.answering.compose_scoring import (
    MIN_RARITY,
    ComposeConfig,
    SelectionWeights,
    contributions,
    failed_gate,
    rarity_weights,
    weighted_coverage,
)
from send_assistant.answering.grounding import question_intent
from send_assistant.answering.stages.compose import Compose, asked_intent

# Ten passages: "ehcp" in every one, "assess" in five, "gp" and "refer" in one each.
DOCUMENTS = [{"ehcp", "assess", "gp", "refer"}] + [{"ehcp", "assess"}] * 4 + [{"ehcp"}] * 5
TERMS = ["gp", "refer", "ehcp", "assess"]


def test_a_term_in_fewer_passages_weighs_more():
    weights = rarity_weights(DOCUMENTS)
    assert weights["gp"] == weights["refer"] > weights["assess"] > weights["ehcp"]
    assert weights["assess"] == math.log(10 / 6)
    # A word in every passage still counts a little; one in a single passage no more than one in two.
    assert weights["ehcp"] == MIN_RARITY
    assert weights["gp"] == math.log(10 / 3)
    assert rarity_weights([]) == {}
    assert set(rarity_weights([{"gp"}, {"ehcp"}]).values()) == {MIN_RARITY}  # too few passages to tell


def test_naming_the_rare_terms_covers_more_than_naming_the_common_ones():
    weights = rarity_weights(DOCUMENTS)
    rare = weighted_coverage(TERMS, {"gp", "refer"}, weights)
    common = weighted_coverage(TERMS, {"ehcp", "assess"}, weights)
    assert rare > 0.5 > common  # the plain share is 0.5 for both
    assert math.isclose(rare + common, 1.0)
    assert weighted_coverage([], set(), weights) == 1.0
    # A word no passage holds (often a misspelling) weighs as much as the rarest word, not more.
    assert weighted_coverage(["gp", "xyzzy"], {"gp"}, weights) == 0.5
    # Longer forms count as for the plain share ("refer" meets "referral").
    assert weighted_coverage(["refer"], {"referral"}, weights) == 1.0


def test_the_score_blends_the_plain_and_the_rarity_weighted_share():
    asked = asked_of(TERMS, TERMS, "can")
    plain = replace(
        evidence_of(passage("p", "A GP can refer a child.", area=BANES), {"gp", "refer"}, 0.6), coverage=0.5
    )
    weights = SelectionWeights()
    assert contributions(asked, plain, weights)["coverage"] == 0.4 * 0.5  # no document counts: the plain share
    rare = replace(plain, rare_coverage=0.9)
    assert math.isclose(contributions(asked, rare, weights)["coverage"], 0.4 * (0.5 * 0.5 + 0.5 * 0.9))
    only_plain = replace(weights, rarity_share=0.0)
    assert contributions(asked, rare, only_plain)["coverage"] == 0.4 * 0.5
    # The gates read the plain share only: a unit below the bar stays below it however rare its words.
    low = replace(plain, coverage=0.2, similarity=0.4)
    assert failed_gate(asked, low, ComposeConfig()) == "relevant"
    assert failed_gate(asked, replace(low, rare_coverage=1.0), ComposeConfig()) == "relevant"


def test_the_composer_weighs_terms_by_the_documents_it_is_given_and_reads_them_once_per_version():
    checks, reads = [], []
    version = 7

    def texts():
        reads.append(version)
        return ["An EHCP assessment."] * 5 + ["An EHCP."] * 4 + ["A GP can refer."]

    def documents():
        checks.append(version)
        return version, texts

    stage = Compose(HashEmbedder(), None, next_step=None, documents=documents)
    first = stage._term_rarity()
    assert first["gp"] > first["ehcp"]
    assert stage._term_rarity() is first  # same version: not counted again
    assert (len(checks), reads) == (2, [7])  # the version is checked each time, the texts read once
    version = 8
    assert stage._term_rarity() is not first and reads == [7, 8]  # a new index: read and counted again
    assert Compose(HashEmbedder(), None, next_step=None)._term_rarity() == {}


def test_a_question_after_a_statement_has_the_shape_of_that_question():
    told_first = "my 2 year old has delays can he get support before school"
    assert question_intent(told_first) is None
    assert asked_intent(told_first) == "can"
    assert asked_intent("the councel said no to assessing my son, can i apeal") == "can"
    # A question from its first words keeps their shape: "who is...", "what can I appeal...".
    assert asked_intent("who is the contact officer for the send improvement report") is None
    assert asked_intent("What can I appeal to the SEND Tribunal about?") is None
    assert asked_intent("how do i get an ehcp") == question_intent("how do i get an ehcp") == "how"
    assert asked_intent("my son has adhd") is None


def test_a_candidate_keeps_its_score_with_every_term_weighed_alike_for_choosing_between_guidance_answers():
    # Which of two near guidance headings answers is told by their openings' plain scores: "autism", rare in the
    # documents, does not turn "Does my child need a diagnosis...?" into "Does autism count as a SEN?".
    from send_assistant.answering.sentence_units import SentenceCache

    texts = ["Autism is a condition."] + ["A diagnosis is not needed for SEN support at school."] * 9
    loose = ComposeConfig(min_similarity=-1.0, min_coverage=0.0, strong_similarity=-1.0)
    asked = replace(asked_of(["autism", "diagnosi"], ["autism", "diagnosi"], None), area="", local_question=False)
    top = [passage("a", "Autism is a lifelong condition that affects how people communicate.", area="")]
    question = "does he need an autism diagnosis"
    for documents, rarer in ((lambda: (1, lambda: texts), True), (None, False)):
        stage = Compose(HashEmbedder(), None, next_step=None, config=loose, documents=documents)
        units = SentenceCache(HashEmbedder()).units(top, loose)
        (candidate,) = stage._candidates(question, asked, top, units, stage.cache.query(question))
        # Naming only the rare term covers more than half of the weighted terms: the score is above the plain one.
        assert (candidate.score > candidate.plain) is rarer
        assert math.isclose(candidate.score, candidate.plain) is not rarer
