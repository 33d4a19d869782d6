"""The answer/refuse gate with the real MiniLM over the real knowledge base (#7), on questions typed the way people
type them (written for this test, not taken from the evaluation sets): a provider's referrals, places or events
and a case's own hearing date are honest not-founds; a question about a rule ("is there a time limit", "how much
does it cost") is answered from national guidance, with an area chosen or not."""

from __future__ import annotations

import pytest

from send_assistant.answering.answer import ANSWERED, NOT_FOUND

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("question", "area"),
    [
        ("is the portage service in central beds taking referrals", "Central Bedfordshire"),
        ("when is the central beds send fair this year", "Central Bedfordshire"),
        ("does the scouts group in wendover accept kids with autism", "Buckinghamshire"),
        ("places at special school in redditch", "Worcestershire"),
        ("when is the next send tribunal hearing date for my case", ""),
    ],
)
def test_a_detail_no_source_holds_is_an_honest_not_found(real_assistant, question, area):
    assert real_assistant.ask(question, area=area).status == NOT_FOUND


@pytest.mark.parametrize(
    ("question", "area", "fact"),
    [
        ("is there a time limit for appealing to tribunal", "Central Bedfordshire", "2 months"),
        ("how much does it cost to appeal to tribunal", "", "no fee"),
        ("is there a difference between suspended and excluded", "Central Bedfordshire", "permanent"),
    ],
)
def test_a_question_about_a_rule_is_answered_from_national_guidance(real_assistant, question, area, fact):
    answer = real_assistant.ask(question, area=area)
    assert answer.status == ANSWERED
    assert fact in answer.answer.lower()


@pytest.mark.parametrize(
    ("question", "area"),
    [
        # another council's contact, or a local question about it: no document here holds it
        ("whats the oxfordshire sendiass number", "Buckinghamshire"),
        ("how do i contact luton send team", "Central Bedfordshire"),
        ("how long is the waiting list for camhs in leeds", ""),
        # one person's name, a price, a date: only the place itself knows
        ("who is my sons ehcp caseworker in bath", "Bath and North East Somerset"),
        ("what does the short breaks scheme pay per hour for a carer", "Bath and North East Somerset"),
        ("what are the school term dates for next year", ""),
    ],
)
def test_another_councils_or_one_persons_detail_is_an_honest_not_found(real_assistant, question, area):
    assert real_assistant.ask(question, area=area).status == NOT_FOUND


def test_a_rule_asked_of_another_council_is_answered_from_national_guidance(real_assistant):
    answer = real_assistant.ask("how long does an ehcp assessment take in leeds", area="")
    assert answer.status == ANSWERED
    assert "20 weeks" in answer.answer
