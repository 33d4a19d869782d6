"""Answer first (#7.5): the opening of a guidance answer to a question near the user's leads, and a yes/no question
is led by a sentence that opens with its verdict ("Yes, but only lawfully: ...").

Unit-level checks of compose_scoring's features "heading_answer" and "verdict_first" and of how the composer
measures a guidance heading question against the user's (Compose._heading_match)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from answering_fakes import asked_of, evidence_of, passage
from doubles import HashEmbedder

from send_assistant.answering.compose_scoring import Asked, ComposeConfig, Evidence, contributions
from send_assistant.answering.stages.compose import Compose

CFG = ComposeConfig()
W = CFG.weights
EXCLUDE = passage(
    "n1",
    "Yes, but only lawfully: a head teacher can exclude a pupil with SEN for disciplinary reasons.",
    area="",
    doc_type="national guidance",
    location="Exclusions > Can a school exclude my autistic child? (Code of Practice 6.1)",
)


def asked(question: str = "can school exclude my son because hes autistic", **changes) -> Asked:
    base = asked_of(["school", "exclud", "autist"], ["school", "exclud", "son", "autist"], "can", question)
    return replace(base, **changes)


def evidence(text: str = EXCLUDE.text, **changes) -> Evidence:
    base = evidence_of(EXCLUDE, {"school", "exclud", "autist"}, 0.5, text)
    return replace(base, **{"coverage": 0.67, **changes})


def test_a_yes_no_question_prefers_a_sentence_that_opens_with_its_verdict():
    for opening in (
        "Yes, but only lawfully: ...",
        "No: a school must not ...",
        "Not if it is linked to ...",
        "Only if the plan says so: ...",
    ):
        assert contributions(asked(), evidence(opening), W)["verdict_first"] == W.verdict_first, opening
    # "No systematic approach..." states a finding; "If it keeps happening, ..." gives no verdict.
    for text in ("No systematic approach is in place.", "If it keeps happening, ask the school."):
        assert contributions(asked(), evidence(text), W)["verdict_first"] == 0.0, text
    # Only a yes/no question asks for a verdict.
    assert contributions(asked(intent="how"), evidence(), W)["verdict_first"] == 0.0


def test_the_opening_of_a_guidance_answer_to_a_near_question_gains_in_proportion():
    assert contributions(asked(), evidence(heading_match=1.0), W)["heading_answer"] == W.heading_answer
    assert contributions(asked(), evidence(heading_match=0.5), W)["heading_answer"] == W.heading_answer / 2
    assert contributions(asked(), evidence(), W)["heading_answer"] == 0.0


class Headings:
    """The guidance question matcher's heading vectors, fixed so the similarity to the user's question is known."""

    def __init__(self, similarity: dict[str, float]) -> None:
        self.similarity = similarity

    def vector(self, question: str) -> np.ndarray:
        s = self.similarity[question]
        return np.array([s, np.sqrt(1 - s * s)], dtype=np.float32)


QVEC = np.array([1.0, 0.0], dtype=np.float32)


def heading_match(location: str, similarity: float, question: str = "can school exclude my son because hes autistic"):
    heading = location.split(" > ")[-1].split(" (")[0]
    stage = Compose(HashEmbedder(), None, next_step=None, heading_vectors=Headings({heading: similarity}))
    guidance = replace(EXCLUDE, location=location)
    return stage._heading_match(guidance, QVEC, asked(question))


def test_how_near_a_heading_question_is_runs_from_the_slack_below_qa_match_to_qa_match():
    location = "Exclusions > Can a school exclude my autistic child?"
    floor = CFG.qa_match - CFG.heading_slack
    assert heading_match(location, CFG.qa_match) == 1.0
    assert heading_match(location, 0.95) == 1.0
    assert abs(heading_match(location, floor + CFG.heading_slack / 2) - 0.5) < 1e-3
    assert heading_match(location, floor - 0.05) == 0.0
    # A heading asking for another shape of answer is further off ("what happens...?" for "can...?").
    assert heading_match("Exclusions > What happens when a school excludes my child?", CFG.qa_match) < 1.0


def test_a_definition_heading_marks_no_answer_to_a_question_that_is_not_what_is():
    location = "Where to start > What is a parent carer forum?"
    assert heading_match(location, 0.9, "is there a parent carer forum in bath") == 0.0
    assert heading_match(location, 0.9, "what is a parent carer forum") == 1.0
    # A passage under no question heading has no heading answer.
    assert heading_match("Section 1", 0.9) == 0.0


APPEAL = passage(
    "n2",
    "You must appeal within 2 months of the decision letter, or within 1 month after the mediation certificate.",
    area="",
    doc_type="national guidance",
    location="Tribunal > How long do I have to appeal to the SEND Tribunal?",
)
CERTIFICATE = passage(
    "n3",
    "If you decide not to try mediation, the adviser must give you a certificate within 3 working days.",
    area="",
    doc_type="national guidance",
    location="Tribunal > How quickly do I get a mediation certificate?",
)


def qa_answer(similarity: dict[str, float], openings: dict[int, float]) -> list[str]:
    stage = Compose(HashEmbedder(), None, next_step=None, heading_vectors=Headings(similarity))
    top = [CERTIFICATE, APPEAL]
    units = stage.cache.units(top, CFG)
    question = asked("got my mediation certificate, how long now to appeal", intent="how_long")
    return [c.unit.full for c in stage._qa_answer(top, units, QVEC, question, question.question, openings)]


def test_of_near_guidance_headings_the_one_whose_answer_opens_nearest_the_question_answers():
    headings = {
        "How quickly do I get a mediation certificate?": 0.79,
        "How long do I have to appeal to the SEND Tribunal?": 0.69,
    }
    # The appeal answer's opening names all of what was asked: it answers, though its heading is a little further.
    assert qa_answer(headings, {0: 0.55, 1: 0.70}) == [APPEAL.text]
    # With openings alike, the nearer heading's answer answers.
    assert qa_answer(headings, {0: 0.60, 1: 0.60}) == [CERTIFICATE.text]
    # A heading further than `qa_window` below `qa_match` is not weighed, however its answer opens.
    far = {**headings, "How long do I have to appeal to the SEND Tribunal?": CFG.qa_match - CFG.qa_window - 0.01}
    assert qa_answer(far, {0: 0.30, 1: 0.90}) == [CERTIFICATE.text]
    # No heading at `qa_match`: no guidance answer is taken whole.
    low = {k: CFG.qa_match - 0.01 for k in headings}
    assert qa_answer(low, {0: 0.60, 1: 0.90}) == []


def test_a_sentence_nearer_the_question_than_the_matched_heading_answers_instead():
    from answering_fakes import compose_in_order

    question = "do ehcps end at 18 for my son"
    heading = passage(
        "n4",
        "Yes: an EHC plan can continue up to age 25 if the young person is in education or training.",
        area="",
        doc_type="national guidance",
        location="Adulthood > Do ehcps end at 18?",  # 0.79 similar to the question (hash embedder)
    )
    nearer = "Many things change at 18 for young people. Ehcps do not end at 18 for my son."
    other = passage("n5", nearer, area="", doc_type="national guidance", location="Adulthood > At 18")
    ctx = compose_in_order(question, [heading, other], area="")
    assert "a sentence nearer the question than the guidance heading answers" in ctx.notes
    body = ctx.answer.answer.split("\n\n", 1)[1]
    assert body.startswith("Ehcps do not end at 18")
    # A verdict is kept only where it opens the answer: never "Yes:" after another sentence.
    assert "Yes:" not in body
    # Without that nearer sentence, the guidance answer to the heading answers, its verdict first.
    ctx = compose_in_order(question, [heading], area="")
    assert ctx.answer.answer.split("\n\n", 1)[1].startswith("Yes: an EHC plan")


def test_the_opening_under_a_near_heading_passes_on_similarity_alone():
    from send_assistant.answering.compose_scoring import failed_gate

    wordy = asked(terms=["work", "look", "autism", "full", "time", "paid", "care"])  # background dilutes coverage
    opening = evidence(similarity=0.43, coverage=0.21, fits_intent=False)
    assert failed_gate(wordy, opening, CFG) == "relevant"
    assert failed_gate(wordy, replace(opening, heading_match=CFG.heading_pass), CFG) is None
    assert failed_gate(wordy, replace(opening, heading_match=CFG.heading_pass - 0.1), CFG) == "relevant"
    # ...similar enough as a whole, still.
    assert failed_gate(wordy, replace(opening, heading_match=1.0, similarity=0.3), CFG) == "relevant"


def test_the_guides_opening_leads_the_sentences_of_its_own_answer():
    from send_assistant.answering.sentence_units import Unit
    from send_assistant.answering.stages.compose import Candidate, _opening_first

    carers = passage(
        "n2", "...", area="", doc_type="national guidance", location="Benefits > Can I get Carer's Allowance?"
    )
    report = passage("r2", "...", area="Bath and North East Somerset", doc_type="report")

    def unit(text: str, start: int, rank: int = 0) -> Candidate:
        return Candidate(rank, Unit(text, (), start, start), np.zeros(2), score=0.5)

    rule, opening, other = (
        unit("You must not be in full-time education.", 2),
        unit("You may get it.", 0),
        unit("X.", 0, 1),
    )
    assert _opening_first([rule, other, opening], [carers, carers]) == [opening, rule, other]
    assert _opening_first([rule, other], [carers, carers]) == [rule, other]  # no opening chosen: as it was
    assert _opening_first([other, rule, opening], [carers, carers]) == [other, rule, opening]  # an opening leads
    assert _opening_first([rule, opening], [report]) == [rule, opening]  # a report is no answer written first


def test_how_a_question_is_framed_is_no_key_term():
    from send_assistant.answering.grounding import key_terms

    plan = key_terms("her plan says 'access to adult support' and the school says that doesnt mean 1:1, who is right")
    assert plan == ["plan", "access", "adult", "school"]
    assert "right" not in key_terms("the council sends letters to him not me, is that right")
    assert key_terms("what can we do about the school") == ["school"]
    assert "mean" in key_terms("what does ehcp mean")  # asking what a word means is no framing


def test_the_askers_own_age_is_no_key_term():
    from send_assistant.answering.grounding import key_terms

    assert key_terms("im 16 in bucks, is there a youth group") == ["buck", "youth", "group"]
    assert key_terms("hes 15 and autistic, what help is there") == ["autism"]
    assert "16" in key_terms("what happens at 16 to his ehcp")  # an age asked about stays
    assert "19" in key_terms("does his ehcp stop when hes 19")
    assert "16" in key_terms("hes 16 weeks into the assessment")  # a period is no age
