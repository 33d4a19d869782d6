"""The composer's answer/refuse gate (#7), both ways: a count answers "how many X?" only when it counts X; a school's
term dates are its own pages' fact; a local name the model has never seen is not refused for low retrieval
confidence when a passage of the area names it."""

from __future__ import annotations

from answering_fakes import HASH_CONFIG, compose_in_order, passage

from send_assistant.answering.answer import ANSWERED, NOT_FOUND

GUIDE = dict(area="", doc_type="national guidance")
PLANS = "As of September 2020, the council maintains EHC plans for 4,879 children and young people."


def test_a_count_of_children_does_not_say_how_many_coordinators_there_are():
    ctx = compose_in_order("how many ehc plan coordinators does the council have", [passage("plans", PLANS)])
    assert ctx.answer.status == NOT_FOUND
    ctx = compose_in_order("how many children does the council maintain ehc plans for", [passage("plans", PLANS)])
    assert ctx.answer.status == ANSWERED
    assert "4,879" in ctx.answer.answer


def test_kids_are_counted_by_a_count_of_pupils():
    rows = passage("rows", "The council maintains EHC plans for 1,185 pupils in its schools.")
    ctx = compose_in_order("how many kids does the council maintain ehc plans for", [rows])
    assert ctx.answer.status == ANSWERED
    assert "1,185" in ctx.answer.answer


def test_england_wide_text_gives_no_schools_term_dates():
    dates = passage("dates", "Schools set their term dates for each school year by September 2024.", **GUIDE)
    ctx = compose_in_order("what are the term dates for st johns school", [dates], area="")
    assert ctx.answer.status == NOT_FOUND


def test_a_local_name_a_passage_names_is_not_refused_for_low_confidence():
    forum = passage("forum", "Ourway Advocacy represents children and young people on the SEND Improvement Board.")
    low = HASH_CONFIG.min_confidence - HASH_CONFIG.fact_slack / 2
    ctx = compose_in_order("who is ourway", [forum], confidence=low)
    assert not any("retrieval confidence" in note for note in ctx.notes)
    # A name no passage has is refused as before, and so is any question far below the bar.
    ctx = compose_in_order("who is kingfishers", [forum], confidence=low)
    assert any("retrieval confidence" in note for note in ctx.notes)
    ctx = compose_in_order("who is ourway", [forum], confidence=HASH_CONFIG.min_confidence - 2 * HASH_CONFIG.fact_slack)
    assert any("retrieval confidence" in note for note in ctx.notes)
