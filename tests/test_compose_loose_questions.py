"""Answer first (#7.5) for questions asked loosely: "do many...?", "are there lots of...?" ask how many; "is it
still...?", "has it changed?" ask what changes. And units that lose nothing when shown: an additive opening whose
antecedent is elsewhere, a nested list introduced by "...will include;", an introduction that leans on the sentence
before it."""

from __future__ import annotations

from dataclasses import replace

from answering_fakes import BANES, HASH_CONFIG, asked_of, compose_in_order, evidence_of, passage

from send_assistant.answering.answer_text import cite_each
from send_assistant.answering.compose_scoring import (
    Asked,
    ComposeConfig,
    Evidence,
    SelectionWeights,
    contributions,
    failed_gate,
)
from send_assistant.answering.loose_questions import asks_amount, asks_change, states_amount, states_change
from send_assistant.answering.sentence_units import Unit, units_of
from send_assistant.answering.stages.compose import _defines, _shown_fact

CFG = ComposeConfig()
REPORT = passage("r1", "Only a small number of schools have completed the autism training.", area=BANES)


def asked(question: str, **changes) -> Asked:
    return replace(asked_of(["autism", "train"], ["autism", "train", "school"], "can", question), **changes)


def evidence(text: str = REPORT.text, **changes) -> Evidence:
    return replace(evidence_of(REPORT, {"autism", "train", "school"}, 0.3, text), **changes)


def test_how_many_asked_loosely_is_recognised():
    for question in (
        "have loads of schools done the autism training",
        "do many young people get a personal health budget round here",
        "are there a lot of appeals to the tribunal",
        "how common is it for kids to be on part time timetables",
    ):
        assert asks_amount(question), question
    for question in ("what autism training do schools get", "can my daughter get a personal health budget"):
        assert not asks_amount(question), question
    # "how many" is a count asked for outright (the kind "number"), not loosely.
    assert not asked("how many schools have done the training", kind="number").amount


def test_a_sentence_saying_how_many_in_words_or_figures_answers_it():
    assert states_amount("Only a small number of schools have completed the autism training.")
    assert states_amount("Very few young people have a personal health budget.")
    assert states_amount("Appeals to the tribunal remain low compared with similar areas.")
    assert states_amount("Some 312 pupils were on part-time timetables last term.")
    assert not states_amount("Schools can book the autism training online.")


def test_what_changes_asked_loosely_is_recognised():
    for question in (
        "is the portage service still running",
        "any changes to short breaks this year",
        "has the autism pathway changed",
        "whats new with the local offer",
        "what is bedford doing about the local offer website",
        "whats being done about the camhs waits",
        "the local offer is useless on my phone, are they sorting it out yet",
        "are they actually doing anything about it",
        "is it being fixed",
        "will things get better",
    ):
        assert asks_change(question), question
    for question in (
        "my son still cant read, who can help",
        "what is portage",
        "is sen support different to a plan",
        "are they doing a good job",  # a judgement, not what is being done
        "is the plan any good",
    ):
        assert not asks_change(question), question


def test_a_sentence_saying_what_will_change_or_has_changed_answers_it():
    assert states_change("The new pathway opens in September 2025.")
    assert states_change("Portage is now delivered by the early years team.")
    assert states_change("School nurses no longer visit every reception class.")
    assert states_change("The Local Offer is being merged with the Early Help website.")
    assert not states_change("Portage is a home-visiting service for pre-school children.")
    assert not states_change("The team will visit the family at home.")  # a future that changes nothing


def test_saying_how_many_or_what_changes_adds_to_the_score_and_may_be_a_little_less_similar():
    loose = asked("have loads of schools done the autism training")
    plain = asked("what autism training do schools get")
    how_many = evidence()
    how_to = evidence("Schools can book the autism training online through the portal.")
    assert contributions(loose, how_many, SelectionWeights())["loose_shape"] == 0.1
    assert contributions(loose, how_to, SelectionWeights())["loose_shape"] == 0.0
    assert contributions(plain, how_many, SelectionWeights())["loose_shape"] == 0.0
    # 0.3 similar is under the bar, unless the unit says how many of the thing asked about.
    assert failed_gate(loose, how_many, CFG) is None
    assert failed_gate(loose, how_to, CFG) == "relevant"
    assert failed_gate(plain, how_many, CFG) == "relevant"
    # ...and only when it names the thing: a count of something else is no answer.
    assert failed_gate(loose, evidence(own={"pupil"}, coverage=0.0), CFG) == "relevant"


def test_what_is_changing_in_the_chosen_area_is_not_answered_first_by_england_wide_text():
    change = asked("direct payments for my disabled son, is anything changing")
    national = evidence(passage=replace(REPORT, area=""))
    penalty = contributions(change, national, SelectionWeights())["national_for_local_fact"]
    assert penalty == -SelectionWeights().local_fact_penalty
    # The area's own text is not penalised; nor is England-wide text for a question that is not about a change...
    assert contributions(change, evidence(), SelectionWeights())["national_for_local_fact"] == 0.0
    plain = asked("can i get direct payments for my disabled son")
    assert contributions(plain, national, SelectionWeights())["national_for_local_fact"] == 0.0
    # ...or asked with no area's documents to answer it.
    elsewhere = replace(change, local_question=False)
    assert contributions(elsewhere, national, SelectionWeights())["national_for_local_fact"] == 0.0


def test_a_quantity_sentence_leads_the_answer_to_a_loose_how_many_question():
    passages = [
        passage("p1", "The personal health budget offer is explained on the Local Offer website for families."),
        passage("p2", "Very few young people have a personal health budget because staff capacity is limited."),
    ]
    ctx = compose_in_order("do many young people get a personal health budget", passages)
    body = ctx.answer.answer.split("\n\n", 1)[1]
    assert body.startswith("Very few young people have a personal health budget"), ctx.answer.answer


def test_an_additive_opening_without_its_antecedent_is_dropped_not_the_sentence():
    alone = "In addition, few schools have signed the inclusion charter so far."
    shown = [u.full for u in units_of(alone, HASH_CONFIG)]
    assert shown == ["Few schools have signed the inclusion charter so far."]
    # With what it adds to in the passage, the sentence is shown whole, after it.
    text = "The charter was launched in May. In addition, few schools have signed it so far."
    assert "The charter was launched in May. In addition, few schools have signed it so far." in [
        u.full for u in units_of(text, HASH_CONFIG)
    ]
    # Other openings that lean back ("This means...", "However...") still need the sentence before them.
    assert [u.full for u in units_of("However, the panel rarely meets in the holidays.", HASH_CONFIG)] == []


NESTED = """- 1. The council will recruit extra staff for the new Inclusion Team. These roles will be advertised in May.
- 2. This new capacity will include;
- a. An Inclusion Lead who will chair the panel,
- b. Two specialist teachers, and
- c. A family liaison worker.
- 3. The Inclusion Lead will report to the board every term."""


def test_an_item_ending_with_an_introducing_word_and_a_semicolon_introduces_the_items_under_it():
    units = units_of(NESTED, HASH_CONFIG)
    whole = [u for u in units if len(u.items) == 3]
    assert len(whole) == 1
    assert whole[0].items[0].startswith("a. An Inclusion Lead")
    assert whole[0].items[-1] == "c. A family liaison worker."  # the outer list's "3." is not one of its items
    # What "this new capacity" is, is said before: the sentences that say what it is come with the introduction.
    assert whole[0].text.startswith("The council will recruit extra staff for the new Inclusion Team.")
    assert whole[0].text.endswith("These roles will be advertised in May. This new capacity will include;")
    # The outer list goes on as sentences of its own, not under the inner list's introduction.
    outer = [u for u in units if u.full.startswith("3. The Inclusion Lead")]
    assert outer and not outer[0].items
    # An item ending ";" as a separator ("- b) the use of timetables;") introduces nothing.
    separated = "- b) two specialist teachers for the team;\n- c) a liaison."
    assert all(not u.items for u in units_of(separated, HASH_CONFIG))


def test_an_introduction_of_several_sentences_carries_a_marker_after_each():
    intro = "1. The council will recruit extra staff. These roles will be advertised in May. 2. They will include;"
    assert cite_each(intro, "[1]") == (
        "The council will recruit extra staff. [1] These roles will be advertised in May. [1] They will include; [1]"
    )


def test_a_nested_list_is_shown_with_its_introduction_and_passes_the_citation_check():
    ctx = compose_in_order("what new roles will the inclusion team have", [passage("n1", NESTED)])
    assert ctx.answer.status == "answered", ctx.notes
    answer = ctx.answer.answer
    assert (
        "These roles will be advertised in May. [1] This new capacity will include; [1]\n- An Inclusion Lead" in answer
    )
    # The sentences its introduction brought are not shown a second time as prose.
    assert answer.count("These roles will be advertised in May.") == 1


def test_a_unit_with_every_key_term_and_the_fact_asked_for_may_look_unlike_the_question():
    # "when did the council publish its short breaks statement": "The LA published its SBS statement in June 2019"
    # names every key term (through its abbreviations) and the date, though it embeds far from the question.
    when = asked("when did the council publish its short breaks statement", kind="date", terms=["publish", "statement"])
    dated = evidence("The LA published its statement in June 2019.", own={"publish", "statement", "june"})
    assert failed_gate(when, replace(dated, similarity=0.2), CFG) is None
    assert failed_gate(when, replace(dated, similarity=0.14), CFG) == "relevant"  # not at any distance
    # Without one of the key terms in the unit itself, it is as far as it ever was.
    assert failed_gate(when, replace(dated, similarity=0.2, own={"publish", "june"}, coverage=0.5), CFG) == "relevant"
    # ...and without the fact asked for it is no answer at all.
    assert failed_gate(when, replace(dated, similarity=0.2, fits_kind=False), CFG) is not None


def test_what_a_word_means_only_follows_an_answer_from_the_glossary_or_a_what_is_answer():
    glossary = passage("g", "A SENCO is a teacher who co-ordinates SEN support.", area="", doc_type="glossary")
    defined = passage(
        "w", "A draft plan is...", area="", doc_type="national guidance", location="Plans > What is a draft plan?"
    )
    role = passage(
        "r", "A GP can...", area="", doc_type="national guidance", location="Health > What is the GP's role?"
    )
    how = passage(
        "h", "Write to...", area="", doc_type="national guidance", location="Plans > How do I ask for a plan?"
    )
    assert _defines(glossary) and _defines(defined)
    assert not _defines(role) and not _defines(how) and not _defines(REPORT)


def test_the_count_in_a_list_introduction_is_not_the_count_of_one_item():
    intro = "Inspectors found the following 12 areas of significant weakness:"
    item = Unit(intro, ("f) the lack of systems to track outcomes for young people on SEN support;",), 5, 5, lead=0)
    children = "how many children are on SEN support?"
    assert _shown_fact(item, "number", children) == item.items[0]  # the 12 counts areas, not children
    assert _shown_fact(item, "number", "how many areas of weakness were found") == item.full
    # ...nor only the word after it: "12 areas of significant weakness" counts the weaknesses too
    assert _shown_fact(item, "number", "how many weaknesses did worcs get in the inspection") == item.full
    assert _shown_fact(item, "date", "when was it") == item.full  # a date in the introduction still dates the item
    whole = Unit(intro, ("a) timetables", "b) exclusions"), 0, 2, lead=0)
    assert _shown_fact(whole, "number", children) == whole.full  # the whole list: its count is what is shown
