"""A local detail asked for, England-wide guidance ranked above the area's own passage on it: the area's passage
answers (issue #7: "do schools in central beds use part time timetables" was refused, its report's finding on
part-time timetables ranked second under the guidance on them)."""

from answering_fakes import compose_in_order, passage

from send_assistant.answering.answer import ANSWERED, NOT_FOUND

GUIDANCE = passage(
    "guide-part-time",
    "Schools use part time timetables only in exceptional circumstances: a school can use a part time timetable "
    "for a short time, with the parents' agreement and a plan to return to full time.",
    area="",
    doc_type="national guidance",
)
FINDING = passage(
    "finding-part-time",
    "Area leaders know little about the outcomes of pupils with SEND who are on part-time timetables.",
)
UNRELATED = passage("finding-other", "The council has appointed two new caseworkers for annual reviews this year.")
QUESTION = "do schools here use part time timetables"


def test_the_areas_own_passage_gives_the_local_detail_below_guidance_on_it():
    ctx = compose_in_order(QUESTION, [GUIDANCE, FINDING])
    assert ctx.answer.status == ANSWERED
    assert [c.doc_id for c in ctx.answer.citations] == [FINDING.doc_id]
    assert "part-time timetables" in ctx.answer.answer
    assert "answered from the area's own passages ranked below the top" in ctx.notes


def test_guidance_alone_still_does_not_give_a_local_detail():
    ctx = compose_in_order(QUESTION, [GUIDANCE, UNRELATED])
    assert ctx.answer.status == NOT_FOUND
    assert "refused: a local detail was asked for and only national passages answer" in ctx.notes
