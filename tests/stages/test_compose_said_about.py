"""Who said it frames a question; what they said it about is what it asks (issue #7): "what do inspectors think of
the ehcps here" was answered with "Team inspectors were an HMI and a CQC Inspector", which names only the frame."""

import pytest
from answering_fakes import compose_in_order, passage

from send_assistant.answering.answer import ANSWERED
from send_assistant.answering.stages.compose import said_about

TEAM = passage("team", "Team inspectors were two inspectors from Ofsted and one inspector from CQC.")
PLANS = passage("plans", "The plans are inconsistent and often of poor quality.")


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("what do inspectors think of the ehcps here", "the ehcps here"),
        ("what did ofsted say about the local offer", "the local offer"),
        ("What does the report say on short breaks?", "short breaks?"),
        ("who were the inspectors", "who were the inspectors"),  # about the inspectors themselves
        ("what do parents think of the local offer", "what do parents think of the local offer"),
    ],
)
def test_the_source_a_question_names_is_taken_from_what_it_asks_about(question, about):
    assert said_about(question) == about


def test_the_finding_about_the_thing_leads_and_covers_the_question_whole():
    ctx = compose_in_order("what do inspectors think of the plans here", [TEAM, PLANS])
    assert ctx.answer.status == ANSWERED
    assert ctx.answer.citations[0].doc_id == PLANS.doc_id
    assert "coverage +0.400" in ctx.notes[0]  # every key term of what was asked about, not half of the frame's
