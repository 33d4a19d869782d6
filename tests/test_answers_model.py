"""The answer path with the real MiniLM and the shipped thresholds, over the real knowledge base.

Each test names one behaviour of issue #7 (answer first, national fallback, nicknames, misspellings, local facts
first, not-found signposts) or of the citation check and follow-up rewriting, and checks it on questions typed the
way people type them. These are not the evaluation questions: evals/ measures; these pin behaviours.
"""

from __future__ import annotations

import re

import pytest

from send_assistant.answering import texts
from send_assistant.answering.answer import ANSWERED, NOT_FOUND, OUT_OF_SCOPE

pytestmark = pytest.mark.model


def ask(assistant, question, area="", history=None):
    return assistant.ask(question, area=area, history=history)


def body(answer) -> str:
    """The answer without its lead line."""
    return answer.answer.split("\n\n", 1)[-1]


def test_a_how_long_question_is_answered_with_the_period_first(real_assistant):
    answer = ask(real_assistant, "how long does an ehc assessment take", "Worcestershire")
    assert answer.status == ANSWERED
    first = re.split(r"(?<=\.) \[\d\]", body(answer))[0]
    assert "20 weeks" in first
    assert answer.citations[0].doc_type == "national guidance"


def test_an_area_chosen_still_gets_the_national_answer_and_says_so(real_assistant):
    answer = ask(real_assistant, "Who can give me free, impartial advice about SEND?", "Buckinghamshire")
    assert answer.status == ANSWERED and "SENDIASS" in answer.answer
    assert answer.scope == "national"
    assert answer.answer.startswith(texts.LEAD_NATIONAL_FALLBACK.format(area="Buckinghamshire"))


def test_a_nickname_in_any_case_is_the_area(real_assistant):
    answer = ask(real_assistant, "is there a backlog of annual reviews", "central beds")
    assert answer.area == "Central Bedfordshire"
    assert answer.status == ANSWERED and "backlog" in answer.answer.lower()
    assert all(c.area in ("Central Bedfordshire", "") for c in answer.citations)


def test_a_misspelt_question_is_answered_and_the_correction_shown(real_assistant):
    answer = ask(real_assistant, "how do i get an ehcp asessment for my dauhgter, she has autsim", "Bedford Borough")
    assert answer.status == ANSWERED
    assert answer.corrected_question == "how do i get an ehcp assessment for my daughter, she has autism"
    assert "SEND" in body(answer) and "team" in body(answer)


def test_how_questions_are_answered_with_an_action_not_a_report_sentence(real_assistant):
    answer = ask(real_assistant, "how do I get an EHCP", "Buckinghamshire")
    assert answer.status == ANSWERED
    assert re.search(r"ask (the|your) council for an EHC", answer.answer)
    assert not re.search(r"(^|\n|\] )\d\.\d+ ", answer.answer)  # no report paragraph labels in the text


def test_who_can_help_points_to_the_senco_and_sendiass(real_assistant):
    answer = ask(real_assistant, "my son is 7 and struggling at school, who can help?", "Central Bedfordshire")
    assert answer.status == ANSWERED
    assert "SENCO" in answer.answer and "SENDIASS" in answer.answer


def test_the_areas_own_name_for_something_comes_first(real_assistant):
    answer = ask(real_assistant, "what is the parent carer forum called in central beds", "Central Bedfordshire")
    assert answer.status == ANSWERED
    assert "SNAP PCF" in body(answer).split("[1]")[0]
    assert answer.citations[0].area == "Central Bedfordshire"


def test_a_local_fact_is_answered_from_the_areas_documents_only(real_assistant):
    answer = ask(real_assistant, "how many requests for EHC plans has Bedford had", "Bedford Borough")
    assert answer.status == ANSWERED and "1,117" in answer.answer
    assert answer.scope == "local"


def test_an_unanswerable_local_question_is_an_honest_not_found_with_the_areas_signposts(real_assistant):
    answer = ask(real_assistant, "what's the phone number for the sendiass in worcs", "Worcestershire")
    assert answer.status == NOT_FOUND
    assert "Worcestershire SENDIASS" in answer.answer  # from the area profile, not invented
    assert not re.search(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b", answer.answer)


def test_another_area_is_never_used(real_assistant):
    answer = ask(real_assistant, "who chairs the impact group with FACT Bucks", "Worcestershire")
    assert "FACT Bucks" not in answer.answer
    assert all(c.area in ("Worcestershire", "") for c in answer.citations)


def test_other_tasks_and_other_languages_get_one_clear_reply(real_assistant):
    assert ask(real_assistant, "Write me a lesson plan").status == OUT_OF_SCOPE
    french = ask(real_assistant, "Bonjour, mon fils est autiste, comment obtenir de l'aide à l'école ?")
    assert french.status == OUT_OF_SCOPE and french.answer == texts.OTHER_LANGUAGE


def test_a_follow_up_is_rewritten_from_the_conversation(real_assistant):
    history = [
        {"role": "user", "content": "how do I ask for an EHC needs assessment?"},
        {"role": "assistant", "content": "Write to your council's SEND team saying you are asking for an assessment."},
    ]
    answer = ask(real_assistant, "how long does that take?", "Bedford Borough", history=history)
    assert answer.status == ANSWERED and "weeks" in answer.answer


def test_every_answer_sentence_is_supported_by_its_cited_passage(real_assistant):
    questions = [
        ("what is a personal budget", "Central Bedfordshire"),
        ("can i ask for a particular school in the ehcp", "Bath and North East Somerset"),
        ("why is there a backlog of annual reviews", "Central Bedfordshire"),
    ]
    for question, area in questions:
        answer = ask(real_assistant, question, area)
        assert answer.status == ANSWERED, question
        cited = {c.n: re.sub(r"\s+", " ", c.text) for c in answer.citations}
        for sentence, n in re.findall(r"([^\[\]\n]+?)\s*\[(\d+)\]", body(answer)):
            words = [w for w in re.findall(r"[a-z]{5,}", sentence.lower()) if w not in ("special", "educational")]
            text = cited[int(n)].lower()
            # An extractive sentence is the passage's own words (acronym expansions aside).
            assert sum(w in text for w in words) >= 0.8 * len(words), (question, sentence)


def test_national_guidance_does_not_answer_a_question_about_local_services(real_assistant):
    answer = ask(real_assistant, "which short break clubs or schemes can my son go to here?", "Bedford Borough")
    assert answer.status == NOT_FOUND
    assert "Bedford Borough Local Offer" in answer.answer
