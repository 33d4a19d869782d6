"""The composer and a council report's findings (issue #7, answer first): a finding ("... is an area for
development") never leads an answer to what happens, how to do something or who helps when guidance answers it;
a guidance question that asks for another kind of answer, or about having what the user does not have, does not
answer the user's."""

from __future__ import annotations

from answering_fakes import BANES, compose_in_order, passage

from send_assistant.answering.answer import ANSWERED
from send_assistant.answering.compose_scoring import Asked, Evidence, SelectionWeights, contributions, is_finding
from send_assistant.answering.sentence_units import Unit
from send_assistant.answering.stages.compose import _contradicts


def _guide(chunk_id, heading, text):
    return passage(
        chunk_id, text, area="", doc_type="national guidance", location=f"Reviews > {heading} (Code of Practice 9.1)"
    )


REVIEW_GUIDE = _guide(
    "guide-review",
    "What happens at an annual review of an EHC plan?",
    "At an annual review of an EHC plan, you and the school check progress towards the outcomes in the plan. "
    "The council then decides whether to keep, amend or stop the plan.",
)
REVIEW_FINDING = passage(
    "banes-reviews",
    "Processing annual reviews of the EHC plan in a timely manner is an area for development.",
    doc_type="position statement",
    location="Statutory performance > Areas for development",
)


def test_a_local_finding_follows_the_guidance_answer_to_what_happens():
    ctx = compose_in_order("What happens at an annual review of an EHC plan?", [REVIEW_FINDING, REVIEW_GUIDE])
    assert ctx.answer.status == ANSWERED
    assert ctx.answer.citations[0].doc_id == REVIEW_GUIDE.doc_id, ctx.answer.answer
    body = ctx.answer.answer.split("\n\n", 1)[-1]
    assert body.startswith("At an annual review")
    # The local passage may follow as context, never lead.
    assert body.find("area for development") in (-1, *range(body.find("stop the plan"), len(body)))


def test_a_reports_finding_does_not_lead_who_helps_when_guidance_ranked_below_answers():
    finding = passage(
        "banes-oversight",
        "Where a family is worried about their child's development, there is no systematic oversight by the local "
        "authority.",
        doc_type="position statement",
        location="Outcomes > Areas for improvement",
    )
    fillers = [
        passage(f"filler{i}", text, area="")
        for i, text in enumerate(
            [
                "Short breaks give families time away from caring for a disabled child.",
                "Transport to school is free for eligible children of compulsory school age.",
                "Mediation is a free and confidential way to settle a disagreement with the council.",
                "A personal budget is money set aside to pay for some of the provision in a plan.",
            ]
        )
    ]
    gp = _guide(
        "guide-gp",
        "Can my GP or health visitor help with SEND?",
        "A GP or health visitor can check a child's development and refer the family to specialists.",
    )
    question = "Where can I signpost a family worried about their child's development?"
    assert compose_in_order(question, [finding, *fillers]).answer.citations[0].doc_id == finding.doc_id  # nothing else
    ctx = compose_in_order(question, [finding, *fillers, gp])
    assert ctx.answer.status == ANSWERED
    assert ctx.answer.citations[0].doc_id == gp.doc_id, ctx.answer.answer
    assert "a report's finding led; guidance ranked below the top answers" in ctx.notes
    # Asked for a local detail ("round here"), England-wide text cannot answer: the local passage stays the answer.
    local = compose_in_order(question.replace("?", " round here?"), [finding, *fillers, gp])
    assert local.answer.status == ANSWERED and local.answer.citations[0].doc_id == finding.doc_id


def test_a_guidance_question_about_having_a_plan_does_not_answer_one_about_not_having_it():
    with_plan = _guide(
        "guide-mainstream",
        "Can my child with an EHC plan go to a mainstream school?",
        "Yes: a child with an EHC plan must be educated in a mainstream school unless that goes against the "
        "wishes of the parent.",
    )
    without_plan = _guide(
        "guide-sen-support",
        "What is SEN support?",
        "SEN support is the help a school must give a child with SEN from its own resources, without an EHC plan.",
    )
    ctx = compose_in_order("What support should my child's school give without an EHC plan?", [with_plan, without_plan])
    assert ctx.answer.status == ANSWERED
    assert [c.doc_id for c in ctx.answer.citations] == [without_plan.doc_id], ctx.answer.answer
    assert _contradicts("help without a diagnosis?", "A child with a diagnosis of autism can get help.")
    assert not _contradicts("help without a diagnosis?", "Children get help without a diagnosis.")
    assert not _contradicts("help with a diagnosis?", "A child with a diagnosis of autism can get help.")


def test_a_how_often_guidance_question_does_not_answer_what_happens():
    how_often = _guide(
        "guide-often",
        "How often is an annual review of an EHC plan held?",
        "An EHC plan must be reviewed at least every 12 months. You can ask for an earlier review.",
    )
    ctx = compose_in_order("What happens at an annual review of an EHC plan?", [how_often])
    assert not any("qa_match" in note for note in ctx.notes), ctx.notes  # not taken as the answer to this question
    ctx = compose_in_order("How often is there an annual review of an EHC plan?", [how_often])
    assert any("qa_match" in note for note in ctx.notes), ctx.notes  # ...but it answers its own kind of question


def test_a_finding_is_told_by_its_heading_or_wording_and_only_in_a_councils_report():
    assert is_finding(REVIEW_FINDING, REVIEW_FINDING.text)
    strengths = passage("s", "Leaders have improved the Local Offer.", doc_type="inspection letter", location="Main")
    assert is_finding(strengths, strengths.text)
    plain = passage("p", "The panel meets monthly.", doc_type="position statement", location="Joint agency panel")
    assert not is_finding(plain, plain.text)
    assert not is_finding(REVIEW_GUIDE, "This is an area for development.")  # England-wide guidance: never


def _asked(intent):
    return Asked(BANES, ["review"], ["review"], None, intent, True, False, set())


def _evidence(p):
    return Evidence(0, p, Unit(p.text, (), 0, 0), {"review"}, set(), 0.6, 1.0, True, True)


def test_the_finding_penalty_applies_to_how_and_who_questions_only():
    weights = SelectionWeights()
    finding = _evidence(REVIEW_FINDING)
    assert contributions(_asked("who"), finding, weights)["finding_for_how_or_who"] == -weights.finding_penalty
    assert contributions(_asked("how"), finding, weights)["finding_for_how_or_who"] == -weights.finding_penalty
    for intent in ("judgement", "why", None, "can"):
        assert contributions(_asked(intent), finding, weights)["finding_for_how_or_who"] == 0.0
    assert contributions(_asked("who"), _evidence(REVIEW_GUIDE), weights)["finding_for_how_or_who"] == 0.0
