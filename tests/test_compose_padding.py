"""Answer first (#7.5): no padding after the answer. A question about a child with no plan is not answered by text
about a child with one; the guide's front matter answers nothing; and how many there are in the chosen area is the
area's own figure, not England-wide text."""

from __future__ import annotations

from dataclasses import replace

from answering_fakes import BANES, compose_in_order, passage

from send_assistant.answering.compose_scoring import Asked, Evidence, SelectionWeights, contributions
from send_assistant.answering.sentence_units import Unit
from send_assistant.answering.stages.compose import _contradicts


def test_no_plan_said_after_a_comma_or_but_is_not_answered_by_text_about_having_one():
    with_plan = "You can choose to educate your child with an EHC plan at home."
    assert _contradicts("we home educate, no EHCP. does the council know about children like mine", with_plan)
    assert _contradicts("home educated with send but no ehcp, does the council keep track", with_plan)
    assert _contradicts("my son has autism and no diagnosis yet, can he get help", "a child with a diagnosis gets")
    # Having one is not contradicted; "no" inside a clause is not "without".
    assert not _contradicts("can i home educate my son with his ehcp", with_plan)
    assert not _contradicts("there is no school place for my son with an ehcp", with_plan)
    # "Without an EHC plan, ..." answers a question about having none.
    assert not _contradicts("home educated but no ehcp, who checks", "Without an EHC plan, the school must help.")


FRONT = passage(
    "n0",
    "A plain-English guide to the SEND system across England, for families, schools and GPs.",
    area="",
    doc_type="national guidance",
    location="SEND in England: questions and answers",
    title="SEND in England: questions and answers (national guidance)",
)
ROLE = passage(
    "n1",
    "A GP can listen to concerns, check for health causes and refer to specialists.",
    area="",
    doc_type="national guidance",
    location="Health > What is the GP's role in SEND?",
)


def test_the_guides_front_matter_is_never_shown_as_an_answer():
    # Worded like the front matter itself, the question still gets no answer from it.
    question = "a guide to the send system across england for gps and families, what can a gp do"
    ctx = compose_in_order(question, [FRONT, ROLE], area="")
    assert "plain-English guide" not in ctx.answer.answer


def test_how_many_there_are_in_the_chosen_area_is_not_answered_first_by_england_wide_text():
    question = Asked(
        area=BANES,
        terms=["send", "exclud"],
        broad=["send", "kid", "exclud"],
        kind=None,
        intent=None,
        local_question=True,
        wants_local_fact=False,
        generic=set(),
        question="are a lot of send kids being excluded here",
    )
    text = "A school must not exclude a pupil because of their SEN."
    national = Evidence(0, replace(ROLE, text=text), Unit(text, (), 0, 0), {"exclud"}, set(), 0.5, 0.5, True, True)
    w = SelectionWeights()
    assert contributions(question, national, w)["national_for_local_fact"] == -w.local_fact_penalty
    local = replace(national, passage=replace(ROLE, area=BANES))
    assert contributions(question, local, w)["national_for_local_fact"] == 0.0
    # Not a loose "how many": no penalty.
    plain = replace(question, question="can a school exclude send kids")
    assert contributions(plain, national, w)["national_for_local_fact"] == 0.0
