import pytest

from send_assistant.answering.glossary import Glossary
from send_assistant.answering.retrieval.intent import is_definition_question, prefers_local
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
