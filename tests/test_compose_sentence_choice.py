"""Answer first (#7.5): which sentence leads, by what the question asks for.

"is there a ... here?" is answered by the area's own sentence naming who provides it; a sentence that opens with
"Within that," or ends "...prepare for that conversation" is never shown without the sentence it leans on; a
guidance heading "What if...?" asks what to do; "Without an EHC plan, ..." does not answer a question about a child
who has one; and local report text after a guidance answer must be about what was asked."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from answering_fakes import BANES, asked_of, compose_in_order, evidence_of, passage
from doubles import HashEmbedder

from send_assistant.answering.compose_scoring import (
    Asked,
    ComposeConfig,
    Evidence,
    contributions,
    failed_gate,
)
from send_assistant.answering.loose_questions import asks_existence
from send_assistant.answering.sentence_units import Unit, units_of
from send_assistant.answering.stages.compose import Candidate, Compose, _contradicts, _intent

CFG = ComposeConfig()
PROVIDER = passage(
    "r1",
    "For the few that access it, the short breaks available through Kingfishers and Maythorn is highly regarded.",
    area=BANES,
)
DEFINITION = passage(
    "n1",
    "Short breaks give disabled children and young people time away from their families.",
    area="",
    doc_type="national guidance",
)


def asked(question: str = "are there any short breaks in bath", **changes) -> Asked:
    return replace(asked_of(["short", "break"], ["short", "break"], "can", question), **changes)


def evidence(source=PROVIDER, **changes) -> Evidence:
    own = {"short", "break", "kingfish", "maythorn", "access", "regard"}
    return replace(evidence_of(source, own, 0.30), **changes)


def test_whether_something_exists_is_recognised():
    for question in (
        "are there any short breaks in central beds",
        "is there a parent carer forum in bucks",
        "what clubs are there for autistic kids",
        "does bedford have a portage service",
        "any short breaks in central beds for my disabled son, i need a break",  # opening with what it asks after
        "my son is 8. any clubs near bath",
    ):
        assert asks_existence(question), question
    for question in (
        "are there lots of send tribunals here",  # how many, asked loosely
        "how do i get an ehcp",
        "is that allowed",
        "is there help with transport for my 17 year old",
        "any idea how to appeal",  # asks how
        "any advice on the draft plan",
    ):
        assert not asks_existence(question), question


def test_the_areas_sentence_naming_a_provider_answers_is_there_any():
    # 0.30 similar is below the usual bar, but it names the short breaks and who provides them.
    assert failed_gate(asked(), evidence(), CFG) is None
    assert contributions(asked(), evidence(), CFG.weights)["local_provider"] == CFG.weights.local_provider
    # Not for another kind of question ("how do short breaks work here?").
    assert failed_gate(asked("how do short breaks work in bath", intent="how"), evidence(), CFG) == "relevant"
    # Not without a name: "There is a very limited short-break offer" names no provider.
    plain = passage("r2", "There is a very limited short-break offer available in the area.", area=BANES)
    assert failed_gate(asked(), evidence(plain, own={"short", "break", "offer"}), CFG) == "relevant"
    # A count of the helpers asked after is the area's provision too: "11 Independent Supporters (IS) have been
    # trained" answers "is there an independent supporter here" though it names no service.
    supporters = asked(
        "is there an independent supporter in bath",
        terms=["independ", "support"],
        generic=frozenset({"independ", "support", "famili", "train"}),  # glossary words name no service
    )
    trained = passage("r6", "11 Independent Supporters (IS) have been trained to support families.", area=BANES)
    counted = evidence(trained, own={"independ", "support", "train", "famili"})
    assert contributions(supporters, counted, CFG.weights)["local_provider"] == CFG.weights.local_provider
    uncounted = passage("r7", "Independent Supporters have been trained to support families.", area=BANES)
    uncounted_evidence = evidence(uncounted, own={"independ", "support", "train", "famili"})
    assert contributions(supporters, uncounted_evidence, CFG.weights)["local_provider"] == 0.0
    # Not England-wide text, which names no local provider.
    assert contributions(asked(), evidence(DEFINITION, similarity=0.6), CFG.weights)["local_provider"] == 0.0
    # "who...?" asked of a place: the area's named provider scores higher, but gets no slack on similarity.
    who = asked("who runs short breaks round here", intent="who")
    assert contributions(who, evidence(), CFG.weights)["local_provider"] == CFG.weights.local_provider
    assert failed_gate(who, evidence(), CFG) == "relevant"
    assert contributions(replace(who, local_question=False), evidence(), CFG.weights)["local_provider"] == 0.0
    # A service named in glossary words ("Partnership", "Service") is still a name; the area's own name is not.
    advice = asked("where can i get impartial advice", terms=["imparti", "advic"], intent="who")
    service = passage("r4", "The SEND Partnership Service provides free and impartial advice to parents.", area=BANES)
    council = passage("r5", "Bath and North East Somerset gives impartial advice to parents.", area=BANES)
    own = {"imparti", "advic", "parent", "servic"}
    generic = {"send", "partnership", "servic", "service", "bath", "north", "east", "somerset"}  # as Asked has them
    assert replace(advice, generic=generic).names_provider(evidence(service, own=own))
    assert not replace(advice, generic=generic).names_provider(evidence(council, own=own))
    # Nor a report's finding that happens to hold capitalised words ("No systematic oversight of ... SEN Support").
    finding = passage(
        "r6", "No systematic oversight of impartial advice for parents by the SEND Partnership Service.", area=BANES
    )
    assert not replace(advice, generic=generic).names_provider(evidence(finding, own=own))
    # Not when it names only part of what was asked.
    assert failed_gate(asked(), evidence(own={"break", "kingfish", "maythorn"}), CFG) == "relevant"


def test_an_existence_question_is_led_by_the_local_provider_not_a_definition():
    provider = passage(
        "r2", "Families who get one rate highly the short breaks run by Kingfishers and Maythorn.", area=BANES
    )
    ctx = compose_in_order("are there any short breaks round here", [DEFINITION, provider], area=BANES)
    assert ctx.answer.status == "answered"
    body = ctx.answer.answer.split("\n\n", 1)[1]
    assert body.startswith("Families who get one rate highly the short breaks run by Kingfishers and Maythorn.")
    assert "local_provider" in next(n for n in ctx.notes if n.startswith("chose:"))


def test_a_sentence_leaning_on_the_one_before_is_shown_with_it():
    text = (
        "The whole process, from the request to the final EHC plan, must take no more than 20 weeks. Within that, "
        "the council decides whether to assess within 6 weeks. By this year, all plans were converted."
    )
    shown = [u.text for u in units_of(text, CFG)]
    assert not any(s.startswith("Within that") for s in shown)
    assert any(s.startswith("The whole process") and "Within that" in s for s in shown)
    assert "By this year, all plans were converted." in shown  # a time, not the sentence before
    text = (
        "Start by talking to the class teacher and the SENCO. Your local SENDIASS gives free advice and can help "
        "you prepare for that conversation."
    )
    shown = [u.text for u in units_of(text, CFG)]
    assert not any(s.startswith("Your local SENDIASS") for s in shown)


def test_what_if_asks_what_to_do():
    assert _intent("What if I don't agree with the draft EHC plan?") == "how"
    assert _intent("what can i do if i dont agree with the draft ehcp") == "how"
    assert _intent("What is a draft EHC plan?") == "what_is"


def test_a_sentence_about_not_having_a_plan_does_not_answer_about_a_child_with_one():
    without = "Without an EHC plan, a child with SEN is normally educated in a mainstream school."
    assert _contradicts("can i choose the special school in his ehcp", without)
    assert not _contradicts("can i choose the special school in his ehcp", "With an EHC plan, yes: you can ask.")
    assert not _contradicts("what help is there without an ehcp", without)
    assert not _contradicts("how do i get help at school", "Without a diagnosis, schools must still help.")
    assert _contradicts("my son has a diagnosis, what now", "Without a diagnosis, schools must still help.")


def test_local_report_text_follows_a_guidance_answer_only_when_it_is_about_what_was_asked():
    stage = Compose(HashEmbedder(), None, next_step=None)
    question = asked("can an ehcp carry on after 19", terms=["ehcp", "carri", "19"])

    def follows(text: str, location: str = "", intent: str = "can") -> bool:
        report = passage("r3", text, area=BANES, location=location)
        unit = Candidate(0, Unit(text, (), 0, 0), np.zeros(2))
        return stage._adds_context(replace(question, intent=intent), [report], unit)

    # About EHCPs, but not about carrying on after 19: not context.
    assert not follows("There has been a lack of engagement to ensure join up in the preparation of EHCPs.")
    # About part of what was asked, but a report's verdict: context only for a judgement question.
    finding = "Leaders have not ensured that EHCPs carry on for young people in college."
    assert not follows(finding)
    assert follows(finding, intent="judgement")
    assert not follows("EHCPs rarely carry on for young people in college.", location="Areas for development")
    # Naming all of what was asked, a strength (the local service that does it) follows too.
    assert follows("EHCPs carry on after 19 for most young people in college.", location="Strengths")
    # A local fact about what was asked follows the guidance answer.
    assert follows("In 2018, 40 EHCPs were carried on after 19 for young people in college.")


def test_what_is_asked_to_exist_is_the_thing_not_the_background():
    from send_assistant.answering.loose_questions import existence_subject

    assert existence_subject("my daughter is 9 and severly disabled, what respite is there") == "respite"
    assert existence_subject("is there a parent carer forum in central beds") == "parent carer forum"
    assert existence_subject("does bedford have a portage service for babies") == "portage service"
    assert existence_subject("who can help, is there a parents group that works with the council") == "parents group"
    assert existence_subject("are there lots of tribunals") is None  # how many, not whether
    assert existence_subject("how do i get an ehcp") is None


def test_a_provider_of_the_thing_asked_about_answers_under_a_question_with_background():
    question = "my daughter is 9 and severely disabled, are there any short breaks"
    background = asked(question, terms=["sever", "disabl", "short", "break"])
    # It names the short breaks and their providers, not "severely disabled": the thing asked about is named.
    assert background.names_provider(evidence())
    assert failed_gate(background, evidence(similarity=0.2), CFG) is None
    assert failed_gate(background, evidence(similarity=0.1), CFG) == "relevant"  # still a floor
    # "is there a parents group": "Clinical Commissioning Group" names a group, not a parents' one.
    # "what help is there for dyslexia": "help" is no key term, so the key terms stay and a sentence about
    # "support and challenge from the Project Sponsor" is no provider of dyslexia help.
    dyslexia = asked("what help is there for dyslexia", terms=["dyslexia"])
    sponsor = passage("r8", "Updates come with support and challenge from the Project Sponsor.", area=BANES)
    assert not dyslexia.names_provider(evidence(sponsor, own={"updat", "support", "challeng", "project", "sponsor"}))
    group = asked("is there a parents group here", terms=["group"])
    ccg = passage("r7", "The Council and the Clinical Commissioning Group are committed to the Code.", area=BANES)
    assert not group.names_provider(evidence(ccg, own={"council", "clinic", "commiss", "group", "commit", "code"}))


def test_a_glossary_alias_in_other_words_covers_the_term():
    from send_assistant.answering.stages.compose import _synonyms

    class Term:
        def __init__(self, term, expansion, aliases, area=""):
            self.term, self.expansion, self.aliases, self.area = term, expansion, aliases, area

    class Glossary:
        terms = [
            Term("short breaks", "short breaks for disabled children", ("respite", "respite care")),
            Term("disability", "disability under the Equality Act 2010", ("Equality Act 2010",)),
            Term("FACT Bucks", "the parent carer forum", ("fact",), area="Buckinghamshire"),
        ]

        def acronyms(self):
            return {}

    synonyms = _synonyms(Glossary())
    assert frozenset({"short", "break"}) in synonyms["respit"]
    assert "disabl" not in synonyms  # a name with a number says what the law is
    assert "fact" not in synonyms  # a local name
    stage = Compose(HashEmbedder(), Glossary(), None)
    assert "respit" in stage._with_synonyms({"veri", "limit", "short", "break", "offer"})
    assert "respit" not in stage._with_synonyms({"short", "stay"})


def test_an_is_there_question_is_led_by_the_areas_provider_over_a_better_scored_definition():
    provider = passage(
        "r3",
        "For the few that access it, the short breaks through Kingfishers and Maythorn are highly regarded.",
        area=BANES,
    )
    ctx = compose_in_order(
        "my daughter is 9 and severely disabled, what short breaks are there", [DEFINITION, provider], area=BANES
    )
    assert ctx.answer.status == "answered"
    body = ctx.answer.answer.split("\n\n", 1)[1]
    assert body.startswith("For the few that access it, the short breaks through Kingfishers and Maythorn")


def test_a_key_term_is_named_by_the_documents_words_for_its_everyday_phrase():
    from send_assistant.answering.stages.compose import _alternatives

    rarity = {"transport": 4.0, "travel": 4.0, "home": 3.0, "educ": 0.5}
    taxi = _alternatives("can i get help paying for his taxi to school", ["pay", "taxi", "school"], rarity)
    assert taxi == {"taxi": frozenset({"transport", "travel"})}
    # "taken off roll" is "home education" in the documents; "education", in most passages, says nothing of it.
    roll = _alternatives("were children taken off roll", ["taken", "roll"], rarity)
    assert roll == {"roll": frozenset({"home"})}
    assert _alternatives("what does a senco do all day", ["senco", "day"], rarity) == {}  # no everyday phrase
    question = replace(asked("can i get help paying for his taxi to school"), alternatives=taxi)
    assert question.in_other_words({"free", "transport", "elig"}) == {"taxi"}
    assert question.in_other_words({"free", "school", "meal"}) == set()


def test_a_long_name_using_the_questions_words_still_names_a_provider():
    # "Early", "Communications" and "Team" are glossary words the question partly used; a name of three capitalised
    # words is still a name ("is there a team that helps early with speech").
    team = asked("is there a team that helps early with speech", terms=["team", "earli", "speech"])
    team = replace(team, generic={"earli", "early", "communic", "communications", "team"})
    ect = passage(
        "r9", "The Early Communications Team works with health visitors to support speech and language.", area=BANES
    )
    own = {"earli", "communic", "team", "work", "health", "visitor", "support", "speech", "languag"}
    assert team.names_provider(evidence(ect, own=own))
    # Two such words are not: "The Speech Team" names nothing beyond what was asked.
    short = passage("r10", "The Early Team works with health visitors to support speech.", area=BANES)
    assert not team.names_provider(evidence(short, own=own))
    # A service that "has yet to" do something is a finding, not a provider's offer.
    finding = passage(
        "r11", "The Early Communications Team has yet to support speech in most early years settings.", area=BANES
    )
    assert not team.names_provider(evidence(finding, own=own))
