import pytest

from send_assistant.answering.glossary import Glossary
from send_assistant.answering.retrieval.intent import (
    asks_about_term,
    asks_for_figure,
    is_definition_question,
    prefers_local,
    term_share,
)
from send_assistant.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(PROJECT_ROOT / "knowledge" / "glossary.yaml")


@pytest.mark.parametrize(
    "question",
    [
        "What does SEMH stand for?",
        "what does SALT mean",
        "whats an ehcp",
        "What is a PHB?",
        "what are EHC plans",
        "What is SEN support?",
        "Can you define co-production?",
        "meaning of the word tribunal",
    ],
)
def test_definition_questions(question, glossary):
    assert is_definition_question(question, glossary)
    assert not prefers_local(question, "Buckinghamshire", glossary)


@pytest.mark.parametrize(
    "question",
    [
        "Is there SALT support in schools?",
        "How is Worcestershire improving the quality of EHC plans?",
        "Who are the SEN Champions?",
        "what is a child-not-known meeting?",  # not a glossary term: a local arrangement
        "What are the Bucks SEND impact groups?",
        "what is the parent carer forum called here",
    ],
)
def test_local_questions_prefer_the_chosen_area(question, glossary):
    assert not is_definition_question(question, glossary)
    assert prefers_local(question, "Buckinghamshire", glossary)
    assert not prefers_local(question, "", glossary)  # no area chosen: nothing to prefer


def test_without_a_glossary_only_explicit_meaning_questions_count():
    assert is_definition_question("what does EHCP stand for", None)
    assert not is_definition_question("what is an EHCP", None)


@pytest.mark.parametrize(
    "question",
    [
        "what does a DCO do?",
        "What does the SENCO do in a school",
        "what do SENCOs do",
        "whats an ehcp",  # a definition question counts too
        "what does EBSA stand for",
    ],
)
def test_questions_a_glossary_entry_answers(question, glossary):
    assert asks_about_term(question, glossary)


@pytest.mark.parametrize(
    "question",
    [
        "can i pick which school goes in the ehcp",
        "how often does an ehc plan have to be reviewed",
        "what does the council do if the school refuses",  # "council" alone is not the role asked about
        "what does a good transition plan do",  # not a glossary term
        "does my son need an autism diagnosis before school gives him sen support",
    ],
)
def test_questions_that_only_name_a_term(question, glossary):
    assert not asks_about_term(question, glossary)


def test_what_does_x_do_needs_a_glossary():
    assert not asks_about_term("what does a DCO do?", None)


@pytest.mark.parametrize(
    ("question", "share"),
    [
        ("who is the designated medical officer", 1.0),  # all its key words are the term
        ("notional sen budget how much is it", 1.0),
        ("can i pick which school goes in the ehcp", 1 / 3),  # pick, goe(s), ehcp: the term is only named
        ("any respite for my autistic son", 1 / 3),  # respite (short breaks) is a term; autistic and son are not
        ("who do i talk to first", 0.0),
        ("can you help", 1.0),  # no key words at all
    ],
)
def test_term_share(question, share, glossary):
    assert term_share(question, glossary) == pytest.approx(share)


def test_term_share_counts_every_form_of_a_term_typed():
    # Both forms typed: the glossary adds nothing to the search, but the question is still all the term.
    assert term_share("EHCP, education health and care plan?", glossary=None) == 0.0
    assert (
        term_share("EHCP, education health and care plan?", Glossary.load(PROJECT_ROOT / "knowledge" / "glossary.yaml"))
        == 1.0
    )


@pytest.mark.parametrize(
    "question",
    [
        "how many kids in bucks have an ehcp",
        "What percentage of pupils get SEN support without a plan?",
        "independent supporters banes how many",
        "how much is the high needs overspend",
        "number of children on sen support in worcs",
        "what proportion of assessments are done on time",
        "bucks 20 week ehcp figures",
        "any stats on exclusions of send pupils here",
        "are there loads of appeals in bucks",
        "do many kids here get short breaks",
        "how common are exclusions round here",
        "is there a lot of children missing school in worcs",
        "any data on exclusions in bucks",
    ],
)
def test_questions_asking_for_a_figure(question):
    assert asks_for_figure(question)


@pytest.mark.parametrize(
    "question",
    [
        "how many days can they suspend him for",
        "how many times can a school exclude my child",
        "how many weeks does the council have to decide",
        "how long does an ehcp take",
        "how much support should he get at school",
        "does my son need a lot of support",
        "can she get a lot of help at college",
        "are there any short breaks",
        "does it take many weeks to get an ehcp",
        "what data does the school keep on my child",
        "does he have many friends at school",
    ],
)
def test_questions_asking_a_rule_or_no_figure(question):
    assert not asks_for_figure(question)
