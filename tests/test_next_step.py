"""The next step of a not-found answer: the area's own advice service, named as its profile names it."""

from __future__ import annotations

import pytest
from answering_fakes import FakeRetriever, context, passage
from doubles import HashEmbedder

from send_assistant.answering import texts
from send_assistant.answering.answer import NOT_FOUND
from send_assistant.answering.area_profiles import AreaProfile, AreaProfiles, Signpost
from send_assistant.answering.context import PipelineAbort
from send_assistant.answering.next_step import NextStep

AREA = "Testshire"
PROFILE = AreaProfile(
    name=AREA,
    local_offer=Signpost("Testshire Local Offer", "https://example.org/local-offer"),
    sendiass=Signpost("Testshire SENDIASS"),
)
IN_PASSING = passage(
    "gov1",
    "Progress is reported to the Board, which hears impartial advice from SENDIASS and the parent carer forum.",
    area=AREA,
)
NAMED = passage(
    "svc1",
    "The Testshire SENDIASS gives free, impartial advice to parents of children with SEND.",
    area=AREA,
)
OTHER = passage(
    "svc2",
    "The Family Link Advice Service gives impartial advice on benefits to families.",
    area=AREA,
)


def refuse(passages, profiles=None):
    profiles = AreaProfiles([PROFILE]) if profiles is None else profiles
    step = NextStep(FakeRetriever(list(passages), HashEmbedder()), profiles=profiles)
    ctx = context("what time does the drop in close on fridays", area=AREA)
    with pytest.raises(PipelineAbort):
        step.refuse(ctx)
    assert ctx.answer.status == NOT_FOUND
    return ctx.answer


def test_a_passage_mentioning_sendiass_in_passing_gives_way_to_the_profiles_named_service():
    answer = refuse([IN_PASSING])
    assert "contact SENDIASS [1]" not in answer.answer and answer.citations == []
    assert texts.NEXT_STEP_GENERIC in answer.answer
    assert "Testshire SENDIASS" in answer.answer and "Testshire Local Offer" in answer.answer


def test_a_passage_naming_the_profiles_service_is_cited_and_the_local_offer_still_shown():
    answer = refuse([NAMED])
    assert "contact the Testshire SENDIASS [1]" in answer.answer
    assert [c.doc_id for c in answer.citations] == [NAMED.doc_id]
    assert "Testshire Local Offer" in answer.answer
    assert answer.answer.count("Testshire SENDIASS") == 1  # named once, not again in the signposts


def test_another_advice_service_never_replaces_the_area_sendiass_the_profile_names():
    answer = refuse([OTHER])
    assert "Family Link" not in answer.answer and answer.citations == []
    assert "Testshire SENDIASS" in answer.answer


def test_without_a_profile_a_named_service_from_the_areas_documents_is_the_next_step():
    answer = refuse([OTHER], profiles=AreaProfiles([]))
    assert "contact the Family Link Advice Service [1]" in answer.answer
