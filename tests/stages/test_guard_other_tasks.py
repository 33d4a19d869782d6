"""Other jobs than answering (#7 scope): writing a child's one-page profile, making a reward chart or writing an email
is a task the assistant does not do, whatever the topic; asking what a profile or chart is stays a SEND question."""

from __future__ import annotations

import pytest

from send_assistant.answering.stages.guard import OK, OUT_OF_SCOPE, classify


@pytest.mark.parametrize(
    "question",
    [
        "can you write my sons one page profile for me",
        "make a reward chart for my adhd son",
        "write an email to the senco asking for a meeting",
        "please create a visual timetable for our mornings",
        "could you draft an email to the council about his ehcp",
    ],
)
def test_writing_a_profile_a_chart_or_an_email_is_another_task(question):
    assert classify(question) == OUT_OF_SCOPE


@pytest.mark.parametrize(
    "question",
    [
        "what is a one page profile",
        "should the school use a reward chart for my adhd son",
        "can i email the senco to ask for a meeting",
        "how do i make a complaint about the school",
    ],
)
def test_asking_about_a_profile_a_chart_or_an_email_stays_a_send_question(question):
    assert classify(question) == OK
