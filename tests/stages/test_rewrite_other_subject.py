"""Follow-ups (#7.5): "and on sen support?" after "how many kids in bucks have an ehcp" asks the same of another
subject; the rewritten search keeps the earlier question's ask and place, not its subject."""

from __future__ import annotations

from answering_fakes import context

from send_assistant.answering.stages.rewrite import Rewrite, named_topics, standalone

NAMES = ["EHCP", "EHC plan", "SEN", "SEN support", "direct payment", "direct payments", "short breaks", "IS", "DCO"]


def history(*questions: str) -> list[dict[str, str]]:
    return [m for q in questions for m in ({"role": "user", "content": q}, {"role": "assistant", "content": "..."})]


def test_the_subject_names_a_text_uses_are_found_whole_and_longest():
    assert named_topics("and on sen support?", NAMES) == ["sen support"]
    assert named_topics("how many kids in bucks have an ehcp", NAMES) == ["ehcp"]
    # Two-letter names ("IS") are no subject: "is" is a word in every question.
    assert named_topics("is there a dco", NAMES) == ["dco"]
    # A name inside a longer one's letters is still its own subject: "send" is no word of "sendiass".
    assert named_topics("what do send and sendiass mean", ["SEND", "SENDIASS"]) == ["send", "sendiass"]


def test_a_follow_up_naming_another_subject_borrows_the_question_without_the_old_one():
    asked = history("how many kids in bucks have an ehcp")
    query = standalone("and on sen support?", asked, names=NAMES)
    assert "ehcp" not in query.lower()
    assert query.startswith("many kids bucks") and query.endswith("sen support?")
    # Without names (or with a place only), the earlier words are all borrowed, as before.
    assert "ehcp" in standalone("and on sen support?", asked).lower()
    assert standalone("and in bedford?", asked, names=NAMES) == "many kids bucks ehcp and in bedford?"
    # An earlier question about two subjects keeps both: which one is replaced is not known.
    two = history("can i get direct payments for short breaks")
    assert "direct payments" in standalone("what about for an ehcp", two, names=NAMES)


def test_the_rewrite_stage_uses_the_glossary_names_it_was_given():
    ctx = context("and on sen support?", history=history("how many kids in bucks have an ehcp"))
    Rewrite(topics=NAMES).call(ctx)
    assert "ehcp" not in ctx.search_query.lower()
    assert ctx.asked == "how many kids in bucks have an ehcp"
