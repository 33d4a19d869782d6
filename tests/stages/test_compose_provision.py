"""The composer's gate for one provider's details (#7): whether a service takes referrals, has places or is open,
or when an event is, is answered only by a unit naming the provider and the detail; a passage about referrals,
capacity or inspection dates in general is no answer. A "who chairs...?" question needs a unit saying who chairs."""

from __future__ import annotations

from answering_fakes import BANES, compose_in_order, passage

from send_assistant.answering.answer import ANSWERED, NOT_FOUND

CLINICS = passage("clinics", "Parents can discuss referrals to the Portage service at its clinics.")
PORTAGE = passage("portage", "The Portage service is taking new referrals for children under five from May 2024.")
CAPACITY = passage(
    "capacity", "The council is exploring ways to ensure sufficient capacity within local special schools."
)
PLACES = passage("places", "Local special schools have 12 places free for September for children with plans.")
INSPECTION = passage("inspection", "The SEND inspection this year ran from 18 November 2019 to 22 November 2019.")
FAIR = passage("fair", "The SEND fair is held in the town hall on 14 March 2024 for families and schools.")


def test_whether_a_service_takes_referrals_needs_a_unit_naming_the_service_and_referrals():
    ctx = compose_in_order("is the portage service taking referrals", [CLINICS])
    assert ctx.answer.status == NOT_FOUND
    ctx = compose_in_order("is the portage service taking referrals", [CLINICS, PORTAGE])
    assert ctx.answer.status == ANSWERED
    assert "Portage service is taking new referrals" in ctx.answer.answer


def test_places_at_a_school_are_not_answered_by_talk_of_capacity():
    ctx = compose_in_order("are there any places at the special schools", [CAPACITY])
    assert ctx.answer.status == NOT_FOUND
    ctx = compose_in_order("are there any places at the special schools", [CAPACITY, PLACES])
    assert ctx.answer.status == ANSWERED
    assert "12 places" in ctx.answer.answer


def test_when_an_event_is_needs_a_unit_naming_the_event():
    ctx = compose_in_order("when is the send fair this year", [INSPECTION])
    assert ctx.answer.status == NOT_FOUND
    ctx = compose_in_order("when is the send fair this year", [INSPECTION, FAIR])
    assert ctx.answer.status == ANSWERED
    assert "14 March 2024" in ctx.answer.answer


def test_who_chairs_needs_a_unit_saying_who_chairs():
    forum = passage("forum", "The Parent Carer Forum works with Sarah Jones and the SEND Partnership Service.")
    ctx = compose_in_order("who chairs the parent carer forum", [forum], area=BANES)
    assert ctx.answer.status == NOT_FOUND
    chaired = passage("chaired", "The Parent Carer Forum is chaired by Helen Smith, a parent of two children.")
    ctx = compose_in_order("who chairs the parent carer forum", [forum, chaired], area=BANES)
    assert ctx.answer.status == ANSWERED
    assert "Helen Smith" in ctx.answer.answer
