"""The composer's answer/refuse gate for local specifics (#7): a question asking for an amount, an address or a
local detail is refused when the passages only mention its topic; the area's own passages ranked below the top
answer only when they name what was asked; a helper question typed loosely ("who should we speak to") is answered
by England-wide guidance naming who helps, even with an area chosen."""

from __future__ import annotations

import pytest
from answering_fakes import BANES, compose_in_order, passage

from send_assistant.answering.answer import ANSWERED, NOT_FOUND
from send_assistant.answering.stages.compose import _misses_age_bound

COUNT = passage("count", "Personal budgets: 412 families in the area have a personal budget for their child's plan.")
AMOUNT = passage("amount", "A personal budget for a plan is worth on average £1,350 a year to each family.")
GUIDE = passage(
    "guide",
    "A personal budget is money the council identifies to deliver some of the support in a plan; ask the SEND team.",
    area="",
    doc_type="national guidance",
)


def test_an_amount_of_money_is_not_answered_by_a_count():
    ctx = compose_in_order("how much is a personal budget worth per year for a family", [COUNT, GUIDE])
    assert ctx.answer.status == NOT_FOUND
    ctx = compose_in_order("how much is a personal budget worth per year for a family", [COUNT, AMOUNT, GUIDE])
    assert ctx.answer.status == ANSWERED
    assert "£1,350" in ctx.answer.answer


def test_an_address_is_not_answered_by_a_sentence_about_the_team():
    team = passage("team", "The SEND team office will move and the SEND team will recruit two officers in 2019.")
    ctx = compose_in_order("whats the address of the send team office", [team])
    assert ctx.answer.status == NOT_FOUND
    with_address = passage("addr", "The SEND team office is at 4 Guildhall Street, Bath BA1 1JG.")
    ctx = compose_in_order("whats the address of the send team office", [team, with_address])
    assert ctx.answer.status == ANSWERED
    assert "BA1 1JG" in ctx.answer.answer


def _filler(n: int) -> list:
    """England-wide passages that rank above the area's own but say nothing about what is asked."""
    return [
        passage(f"n{i}", f"Councils in England publish a Local Offer covering services number {i}.", area="")
        for i in range(n)
    ]


def test_a_local_passage_ranked_below_the_top_answers_only_when_it_names_what_was_asked():
    clinic = passage("clinic", "Children's health services in the area are valued by families and partners.")
    ctx = compose_in_order("what time does the sleep clinic helpline close here", [*_filler(5), clinic])
    assert ctx.answer.status == NOT_FOUND
    hours = passage("hours", "The sleep clinic helpline closes at 5pm on weekdays.")
    ctx = compose_in_order("what time does the sleep clinic helpline close here", [*_filler(5), hours])
    assert ctx.answer.status == ANSWERED
    assert "5pm" in ctx.answer.answer


def test_a_loose_helper_question_is_answered_by_guidance_naming_who_helps_with_an_area_chosen():
    helper = passage(
        "helper",
        "If your child has a stammer or is late talking, a GP or health visitor can refer them to speech and "
        "language therapy.",
        area="",
        doc_type="national guidance",
    )
    ctx = compose_in_order("my boy has a stammer, who should we speak to", [helper], area=BANES)
    assert ctx.answer.status == ANSWERED
    assert "health visitor" in ctx.answer.answer


def test_a_count_asked_with_no_key_terms_is_not_taken_from_a_local_passage_ranked_below_the_top():
    # "children" and "support" are generic words: any count in a local passage would look fully covered.
    guide = passage(
        "g", "About 1 in 8 children who need help get support from their school.", area="", doc_type="national guidance"
    )
    weak = passage("w", "Children get support: the plan must tackle 12 areas of weakness for children who get support.")
    ctx = compose_in_order("how many children get support", [guide, *_filler(4), weak])
    assert ctx.answer.status == NOT_FOUND


@pytest.mark.parametrize(
    ("question", "text", "misses"),
    [
        ("can my child stay at school till 19 with an ehcp", "Can my child get an EHC plan before school?", True),
        ("can the plan carry on after 19", "Can an EHC plan continue after 19? Yes, up to 25.", False),
        ("what happens when he turns 18", "What happens when a young person turns 18?", False),
        ("my son is 7 and struggling at school", "My child is struggling at school. Who can help?", False),
        ("is there transport for students over 16", "Is there transport help for students over 16?", False),
    ],
)
def test_a_guidance_answer_must_name_the_age_the_question_turns_on(question, text, misses):
    assert _misses_age_bound(question, text) is misses


def test_a_local_question_about_another_council_is_not_answered_from_the_chosen_areas_passages():
    team = passage("team", "To contact the SEND team for advice and support, phone 01225 394382.")
    ctx = compose_in_order("how do i contact the luton send team for advice and support", [team])
    assert ctx.answer.status == NOT_FOUND
    assert any("another council (luton)" in note for note in ctx.notes)
    # The reply names the council asked about, and gives none of the chosen area's own signposts or citations.
    assert "in Luton" in ctx.answer.answer and "To ask about Luton" in ctx.answer.answer
    assert "01225" not in ctx.answer.answer and not ctx.answer.citations
    ctx = compose_in_order("how do i contact the send team for advice and support", [team])
    assert ctx.answer.status == ANSWERED


def test_a_passage_that_names_the_other_council_may_answer():
    shared = passage("shared", "The designated clinical officer works across both the area and Bedford Borough.")
    ctx = compose_in_order("does the designated clinical officer work across bedford borough", [shared])
    assert ctx.answer.status == ANSWERED
    assert "Bedford Borough" in ctx.answer.answer


def test_the_length_of_a_wait_is_not_answered_by_guidance_on_what_to_do_while_waiting():
    meanwhile = passage(
        "meanwhile",
        "While you wait for the camhs assessment, ask the school for support and how long the camhs wait is.",
        area="",
        doc_type="national guidance",
    )
    ctx = compose_in_order("how long is the wait for a camhs assessment", [meanwhile], area="")
    assert ctx.answer.status == NOT_FOUND
    stated = passage("stated", "The camhs assessment wait is about 18 weeks from referral.", area="")
    ctx = compose_in_order("how long is the wait for a camhs assessment", [stated], area="")
    assert ctx.answer.status == ANSWERED
    assert "18 weeks" in ctx.answer.answer
