"""A sentence that says "if that ..." leans on the one before it and is shown with it (issue #7): "how do i
complain about my childs ehcp" was answered "If that does not work, use the council's complaints procedure..."."""

import pytest

from send_assistant.answering.compose_scoring import ComposeConfig
from send_assistant.answering.sentence_units import units_of

FIRST = "First write to the council's SEND team asking why the plan is late and when it will be issued."


@pytest.mark.parametrize(
    "second",
    [
        "If that does not work, use the council's complaints procedure.",
        "If this fails, complain to the Local Government and Social Care Ombudsman.",
        "If they still refuse, ask your local SENDIASS for help with a complaint.",
    ],
)
def test_a_sentence_opening_if_that_is_shown_only_with_the_sentence_before(second):
    units = [u.text for u in units_of(f"{FIRST} {second}", ComposeConfig())]
    assert f"{FIRST} {second}" in units
    assert not any(u.startswith(second[:12]) for u in units)


def test_a_sentence_opening_with_a_condition_of_its_own_stands_alone():
    second = "If your child is excluded, you can ask the governors to reconsider."
    units = [u.text for u in units_of(f"{FIRST} {second}", ComposeConfig())]
    assert second in units
