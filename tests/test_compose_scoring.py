"""The composer's named gates and weighted scoring features (send_assistant/answering/compose_scoring.py)."""

from __future__ import annotations

from dataclasses import replace

from answering_fakes import PANEL, asked_of, evidence_of, passage

from send_assistant.answering.compose_scoring import (
    FEATURES,
    GATES,
    Asked,
    ComposeConfig,
    Evidence,
    SelectionWeights,
    contributions,
    explain,
    failed_gate,
    score,
)
from send_assistant.answering.sentence_units import Unit

CFG = ComposeConfig()
GLOSSARY = passage("gloss", "SEN support is the extra help a school gives.", area="", doc_type="glossary")


def asked(**changes) -> Asked:
    return replace(asked_of(["panel", "complex"], ["panel", "complex", "needs"], "who"), **changes)


def evidence(text: str = PANEL.text, p=PANEL, **changes) -> Evidence:
    return replace(evidence_of(p, {"panel", "complex"}, 0.6, text), **changes)


def test_the_score_is_the_weighted_sum_of_the_named_features():
    parts = contributions(asked(), evidence(), SelectionWeights())
    assert list(parts) == [name for name, _ in FEATURES]
    assert parts["similarity"] == 0.6 * 0.6
    assert parts["coverage"] == 0.4 * 1.0
    assert parts["passage_rank"] == 0.05
    assert parts["own_area"] == 0.05  # a local question answered from the user's own area
    assert score(parts) == 0.6 * 0.6 + 0.4 * 1.0 + 0.05 + 0.05


def test_penalties_apply_only_where_they_should():
    national = evidence(p=GLOSSARY)
    parts = contributions(asked(wants_local_fact=True), national, SelectionWeights())
    assert parts["national_for_local_fact"] == -0.25
    assert parts["glossary"] == -0.08
    assert parts["own_area"] == 0.0
    shapeless = contributions(asked(), evidence(fits_intent=False), SelectionWeights())
    assert shapeless["intent_shape"] == -0.12
    assert contributions(asked(), evidence(), SelectionWeights())["intent_shape"] == 0.0


def test_a_phone_number_counts_only_when_a_contact_is_asked_for():
    phone = evidence("Call the panel on 01225 394000.")
    assert contributions(asked(kind="contact"), phone, SelectionWeights())["direct_contact"] == 0.1
    assert contributions(asked(kind=None), phone, SelectionWeights())["direct_contact"] == 0.0


def test_weights_are_configuration_not_code():
    doubled = SelectionWeights(similarity=1.2)
    assert contributions(asked(), evidence(), doubled)["similarity"] == 1.2 * 0.6


def test_explain_names_the_feature_that_decided_first():
    text = explain({"similarity": 0.2, "coverage": 0.4, "own_area": 0.0, "glossary": -0.08})
    assert text.startswith("coverage +0.400")
    assert "own_area" not in text  # features that did not apply are not listed
    assert "glossary -0.080" in text


def test_each_gate_is_named_and_can_fail_a_unit():
    assert [name for name, _ in GATES] == [
        "data_only_for_numbers",
        "names_the_thing",
        "relevant",
        "answers_kind",
        "period_for_how_long",
    ]
    assert failed_gate(asked(), evidence(), CFG) is None
    table_row = evidence(unit=Unit("2018: 1,185 pupils", (), 0, 0, data=True))
    assert failed_gate(asked(), table_row, CFG) == "data_only_for_numbers"
    assert failed_gate(asked(kind="number"), table_row, CFG) is None
    assert failed_gate(asked(kind="name"), evidence(own={"panel"}), CFG) == "names_the_thing"
    assert failed_gate(asked(), evidence(similarity=0.2, coverage=0.2), CFG) == "relevant"
    assert failed_gate(asked(), evidence(fits_kind=False), CFG) == "answers_kind"
    assert failed_gate(asked(intent="how_long"), evidence(fits_intent=False), CFG) == "period_for_how_long"


def test_relevance_trades_similarity_for_coverage_between_its_corners():
    three = asked(terms=["ed", "psych", "report"])
    # The corners: enough coverage at the least similarity, or strong similarity with weak coverage.
    assert failed_gate(three, evidence(own={"report"}, similarity=0.35, coverage=0.5), CFG) is None
    assert failed_gate(three, evidence(own={"report"}, similarity=0.55, coverage=0.3), CFG) is None
    # Between them, on the line joining them: in; below it: out.
    assert failed_gate(three, evidence(own={"report"}, similarity=0.45, coverage=0.42), CFG) is None
    assert failed_gate(three, evidence(own={"report"}, similarity=0.45, coverage=0.36), CFG) == "relevant"
    # Never below the least similarity or the weak coverage.
    assert failed_gate(three, evidence(own={"report"}, similarity=0.34, coverage=0.49), CFG) == "relevant"
    assert failed_gate(three, evidence(own={"report"}, similarity=0.6, coverage=0.25), CFG) == "relevant"


def test_a_unit_naming_most_key_terms_itself_may_be_less_similar_to_a_wordy_question():
    # "direct payments for my disabled son, is anything changing": 3 key terms in 9 words.
    wordy = asked(terms=["direct", "payment", "disabl"], words=9, wordy_slack=True)
    both = evidence(own={"direct", "payment", "budget"}, similarity=0.3, coverage=0.67)
    assert failed_gate(wordy, both, CFG) is None
    # ...only when nothing passes the gates as they stand (the composer asks again with the slack).
    assert failed_gate(replace(wordy, wordy_slack=False), both, CFG) == "relevant"
    # "is there a community epilepsy nurse": as many terms in 6 words is no wordy question, so no slack.
    assert failed_gate(replace(wordy, words=6), both, CFG) == "relevant"
    # Two terms named only through the heading, one term alone, or far too little similarity: not enough.
    assert failed_gate(wordy, evidence(own={"direct"}, similarity=0.3, coverage=0.67), CFG) == "relevant"
    assert failed_gate(replace(wordy, terms=["payment"]), evidence(own={"payment"}, similarity=0.3), CFG) == "relevant"
    assert failed_gate(wordy, replace(both, similarity=0.2), CFG) == "relevant"


def test_the_model_dependent_thresholds_keep_their_names_for_the_model_profiles():
    names = {"min_confidence", "safeguarding_confidence", "min_similarity", "strong_similarity"}
    names |= {"duplicate_similarity", "qa_match"}
    assert names <= set(ComposeConfig.__dataclass_fields__)
    assert "similarity" not in ComposeConfig.__dataclass_fields__  # weights live apart, in SelectionWeights


def test_a_unit_with_the_kind_of_fact_asked_for_may_be_a_little_less_covered_and_similar():
    # "how often will the council ask parents for their views": "a minimum of two surveys per year with parents"
    # names one of three key terms (survey) and is 0.51 similar: under the line for any other unit.
    q = asked(terms=["ask", "view", "survey"], broad=["ask", "view", "survey", "parent", "council"], kind="frequency")
    surveys = evidence(own={"survey", "parent"}, similarity=0.51, coverage=1 / 3, fits_kind=True)
    assert failed_gate(q, surveys, CFG) is None
    assert failed_gate(replace(q, kind=None), replace(surveys, fits_kind=True), CFG) == "relevant"
    assert failed_gate(q, replace(surveys, similarity=0.40), CFG) == "relevant"  # below the lower line
    # ...but not a contact: the council's main number does not answer "who do i ring about transport"
    assert failed_gate(replace(q, kind="contact"), surveys, CFG) == "relevant"
