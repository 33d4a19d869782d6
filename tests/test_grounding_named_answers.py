"""What counts as the fact a question asks for (#7, the answer/refuse gate): a word that opens a sentence, a month or
a weekday names no one; "who is the minister / chief executive" is answered only by a sentence naming that role;
"what time does it open" asks for a clock time; "how many children" is not answered by a period or an age; and
"how long" and "now" are not what a question is about."""

from __future__ import annotations

import pytest

from send_assistant.answering.grounding import answers_kind, expected_answer, key_terms


def test_a_word_opening_a_later_sentence_names_no_one():
    generic = {"parent", "carer", "forum", "local", "group"}
    question = "what is the parent carer forum called"
    text = "A parent carer forum is a local group of parents. It works with the council."
    assert not answers_kind(text, "name", question, generic)
    assert answers_kind("The forum here is called SNAP.", "name", question, generic)
    # ...nor does the first word of a list item.
    assert not answers_kind("The forum does this:\n- Meets each term.", "name", question, generic)


def test_a_month_or_a_weekday_names_no_one():
    question = "who runs the send panel"
    assert not answers_kind("A new panel template has been used since 1 April 2018.", "person", question, set())
    assert not answers_kind("The panel meets on the first Monday of each month.", "person", question, set())
    assert answers_kind("The panel is run by Jane Marsh for the council.", "person", question, set())


@pytest.mark.parametrize(
    ("question", "without_role", "with_role"),
    [
        (
            "who is the government minister for send",
            "The Code of Practice is statutory guidance from the Department for Education.",
            "The Minister for Children and Families leads on SEND for the Department for Education.",
        ),
        (
            "who is the chief executive of ofsted",
            "Ofsted (the Office for Standards in Education) inspects schools and local areas.",
            "Ofsted is led by its Chief Executive, who reports to Parliament.",
        ),
        (
            "who is the education secretary",
            "SEN Support is the extra help a school gives from its own Resources.",
            "The Education Secretary is the minister in charge of the Department for Education.",
        ),
    ],
)
def test_who_holds_a_titled_role_is_answered_only_by_naming_that_role(question, without_role, with_role):
    assert expected_answer(question) == "person"
    assert not answers_kind(without_role, "person", question, set())
    assert answers_kind(with_role, "person", question, set())


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what time does sendiass open", "hours"),
        ("what are the opening hours of the send team", "hours"),
        ("is the send team open on saturdays", "hours"),
        ("who is my sons ehcp coordinator in bedford", "staff"),
        ("who is the send co-ordinator at the school", "staff"),
        ("what time limit is there to appeal", None),
    ],
)
def test_opening_times_and_one_childs_coordinator_are_facts_of_a_place(question, kind):
    assert expected_answer(question) == kind


def test_opening_hours_are_answered_by_a_clock_time_or_the_days_open():
    question = "what time does sendiass open"
    assert answers_kind("The helpline is open 9am to 5pm.", "hours", question, set())
    assert answers_kind("The office is open Monday to Friday.", "hours", question, set())
    assert not answers_kind("SENDIASS gives free, impartial and confidential advice.", "hours", question, set())


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("The council must review the plan at least every 12 months.", False),
        ("An EHC plan is for a child or young person aged 0 to 25.", False),
        ("The council may name it only if you arrange travel to the nearest suitable one.", False),
        ("As of September 2020, 4,879 children have an EHC plan.", True),
        ("Three children in ten have a plan.", True),
    ],
)
def test_how_many_children_is_not_answered_by_a_period_or_an_age(text, counts):
    assert answers_kind(text, "number", "how many children in england have an ehcp", set()) is counts


def test_how_many_weeks_is_still_answered_by_a_period():
    assert answers_kind("The final plan is due within 20 weeks.", "number", "how many weeks does it take", set())


def test_how_long_and_now_are_not_what_a_question_is_about():
    assert key_terms("how long is the camhs waiting list now") == ["camh", "wait", "list"]


def test_who_runs_something_may_be_answered_by_the_bodies_that_run_it():
    question = "who runs the joint agency panel for children with complex needs"
    joint = "The area has a joint agency panel between health, education and social care for complex needs."
    assert answers_kind(joint, "person", question, set())
    assert answers_kind("The panel is run by the council.", "person", question, set())
    assert not answers_kind("The panel meets often and families value it.", "person", question, set())
