"""Questions as families type them (#7): a count named a few words after its number, the council's number asked for
by its full name, what a step costs a family, "any X?" asking whether the area has it, and what government
will change; with the real MiniLM and the shipped thresholds over the real knowledge base."""

from __future__ import annotations

import pytest

from send_assistant.answering.answer import ANSWERED, NOT_FOUND

pytestmark = pytest.mark.model


def test_a_count_of_weaknesses_is_answered_by_the_areas_of_weakness(real_assistant):
    answer = real_assistant.ask("how many weaknesses did the inspectors find in worcs", area="Worcestershire")
    assert answer.status == ANSWERED, answer.answer
    assert "12 areas of significant weakness" in answer.answer, answer.answer


def test_the_councils_number_asked_for_by_its_full_name_gives_the_number(real_assistant):
    answer = real_assistant.ask(
        "phone number for worcestershire county council? got to ring them about his plan", area="Worcestershire"
    )
    assert answer.status == ANSWERED, answer.answer
    assert "01905 763763" in answer.answer, answer.answer


def test_what_the_tribunal_costs_is_answered_from_guidance_with_an_area_chosen(real_assistant):
    answer = real_assistant.ask("how much does it cost to appeal to the tribunal?", area="Bath and North East Somerset")
    assert answer.status == ANSWERED, answer.answer
    assert "no fee" in answer.answer, answer.answer


def test_any_short_breaks_is_answered_by_the_areas_provider(real_assistant):
    answer = real_assistant.ask("any short breaks in central beds? my son is 12", area="Central Bedfordshire")
    assert answer.status == ANSWERED, answer.answer
    assert "Kingfishers" in answer.answer.split("[1]")[0], answer.answer


def test_what_government_will_change_is_not_answered_with_todays_rules(real_assistant):
    answer = real_assistant.ask("is the government going to scrap ehcps")
    assert answer.status == NOT_FOUND, answer.answer
    # ...while what is paid for today is still answered
    answer = real_assistant.ask("will the government pay for my sons transport to school")
    assert answer.status == ANSWERED, answer.answer


def test_is_there_a_helper_is_answered_by_the_areas_count_of_them(real_assistant):
    answer = real_assistant.ask(
        "is there an independent supporter in bath who can help me with the ehcp process",
        area="Bath and North East Somerset",
    )
    assert answer.status == ANSWERED, answer.answer
    assert "11 Independent Supporters" in answer.answer.split("[1]")[0], answer.answer


def test_a_deadline_is_answered_by_its_date(real_assistant):
    answer = real_assistant.ask(
        "ok and if hes going from year 11 to college whats the deadline for the plan to name it"
    )
    assert answer.status == ANSWERED, answer.answer
    assert "31 March" in answer.answer.split("[1]")[0], answer.answer


def test_the_school_ringing_to_collect_him_is_answered_with_the_exclusion_rule(real_assistant):
    answer = real_assistant.ask(
        "school rings me most days to come and get him at lunch cos of his behaviour, hes 8 with asd. "
        "is this even allowed"
    )
    assert answer.status == ANSWERED, answer.answer
    assert "unlawful" in answer.answer.split("[1]")[0], answer.answer  # not "A lunchtime exclusion counts as half..."
