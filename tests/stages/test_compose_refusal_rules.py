"""The composer's answer/refuse gate (#7): with no area chosen, England-wide text never answers a place's opening
hours, phone or one child's coordinator; a year the question asks about must be in the passage that answers; the
length of a wait is stated by the answer itself or said of a wait; a local name's short form is a name; and a
follow-up asking what something is called is measured against its own words."""

from __future__ import annotations

from dataclasses import dataclass

from answering_fakes import (
    BANES,
    FakeGlossary,
    compose_in_order,
    passage,
)

from send_assistant.answering.answer import ANSWERED, NOT_FOUND

GUIDE = dict(area="", doc_type="national guidance")


def test_with_no_area_guidance_does_not_answer_who_one_childs_coordinator_is():
    text = "Each EHC plan coordinator, for example Sam Jones, works with the family of each child with a plan."
    ctx = compose_in_order("who is my sons ehc plan coordinator", [passage("guide", text, **GUIDE)], area="")
    assert ctx.answer.status == NOT_FOUND
    assert any("hours or staff" in note for note in ctx.notes)
    ctx = compose_in_order("who is my sons ehc plan coordinator", [passage("local", text)], area="")
    assert ctx.answer.status == ANSWERED
    assert "Sam Jones" in ctx.answer.answer


def test_a_year_asked_about_must_be_in_the_passage_that_answers():
    plans = passage("plans", "As of September 2020, the council maintains 4,879 EHC plans.", title="SEND report 2020")
    ctx = compose_in_order("how many ehc plans does the council maintain in 2024", [plans])
    assert ctx.answer.status == NOT_FOUND
    assert any("year asked about" in note for note in ctx.notes)
    ctx = compose_in_order("how many ehc plans does the council maintain in 2020", [plans])
    assert ctx.answer.status == ANSWERED
    assert "4,879" in ctx.answer.answer


def test_guidance_on_the_law_still_answers_a_question_naming_a_year():
    transport = passage(
        "transport", "Free school transport is arranged for an eligible child to the nearest suitable school.", **GUIDE
    )
    ctx = compose_in_order("is free school transport arranged for an eligible child in 2025", [transport], area="")
    assert ctx.answer.status == ANSWERED


def test_the_length_of_a_wait_is_not_a_period_said_of_something_else():
    waits = passage(
        "waits",
        "Autism assessment waiting lists can be long for an autism assessment. "
        "The autism assessment list for an autism assessment is decided within 6 weeks.",
        **GUIDE,
    )
    ctx = compose_in_order("how long is the waiting list for an autism assessment", [waits], area="")
    assert ctx.answer.status == NOT_FOUND
    stated = passage("stated", "The autism assessment waiting list is about 18 weeks long.", **GUIDE)
    ctx = compose_in_order("how long is the waiting list for an autism assessment", [stated], area="")
    assert ctx.answer.status == ANSWERED


@dataclass(frozen=True)
class _LocalTerm:
    term: str
    expansion: str
    aliases: tuple[str, ...] = ()
    area: str = ""


class _LocalNameGlossary(FakeGlossary):
    """The fake glossary with one local name, as knowledge/glossary.yaml marks it: an `area` of its own."""

    terms = [*FakeGlossary.terms, _LocalTerm("SNAP PCF", "Special Needs Action Panel Parent Carer Forum", area=BANES)]

    def acronyms(self) -> dict[str, str]:
        return {**super().acronyms(), "SNAP PCF": "Special Needs Action Panel Parent Carer Forum"}


def test_a_local_names_short_form_is_a_name():
    forum = passage(
        "forum", "The SNAP PCF (Special Needs Action Panel Parent Carer Forum) champions the voice of families."
    )
    ctx = compose_in_order("what is the parent carer forum called here", [forum], glossary=_LocalNameGlossary())
    assert ctx.answer.status == ANSWERED
    assert "SNAP" in ctx.answer.answer


def test_a_follow_up_asking_what_something_is_called_is_measured_by_its_own_words():
    site = passage("site", "Families found what they were looking for on the Rainbow Resource website.")
    rewrite = "lead officer for the local offer strategy board whats the website called"
    ctx = compose_in_order("whats the website called", [site], search_query=rewrite)
    assert ctx.answer.status == ANSWERED
    assert "Rainbow Resource" in ctx.answer.answer


def test_a_leading_period_said_of_something_else_is_not_the_length_of_a_wait():
    decided = passage(
        "decided", "An autism assessment request for an autism assessment is decided within 6 weeks.", **GUIDE
    )
    ctx = compose_in_order("how long is the waiting list for an autism assessment", [decided], area="")
    assert ctx.answer.status == NOT_FOUND
