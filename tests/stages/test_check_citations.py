from __future__ import annotations

import pytest
from answering_fakes import ADVICE, FakeGlossary, context
from doubles import HASH_PROFILE, HashEmbedder

from send_assistant.answering.answer import Citation
from send_assistant.answering.stages.check_citations import CheckCitations, answer_units, structure_problems


def cite(n, text="The SEND Partnership Service gives free, impartial advice to parents."):
    return Citation(
        n=n, doc_id=f"d{n}", title="T", area="", doc_type="guide", location="", url=None, reviewed=None, text=text
    )


def test_a_well_formed_answer_has_no_problems():
    body = "Here is what the guide says:\n\nFirst sentence. [1] Second sentence. [2]"
    assert structure_problems(body, [cite(1), cite(2)]) == []


def test_marker_without_citation_unused_citation_and_unmarked_sentence_are_caught():
    assert any("without a citation: [3]" in p for p in structure_problems("Lead:\n\nOne. [3]", [cite(3 - 2)]))
    assert any("never used" in p for p in structure_problems("Lead:\n\nOne. [1]", [cite(1), cite(2)]))
    assert any("sentence without" in p for p in structure_problems("Lead:\n\nOne. [1] Two has none.", [cite(1)]))


def test_lead_line_headings_and_list_items_under_a_cited_intro_need_no_marker():
    body = "From the guide:\n\n## Contact\n\nContact details for **SPS** [1]:\n- Phone: 01225 394382\n- Email: a@b.org"
    assert structure_problems(body, [cite(1)]) == []
    units = answer_units(body)
    assert all(covered for _, covered in units[1:])


def test_markers_before_or_after_the_full_stop_both_count():
    assert structure_problems("Lead:\n\nOne [1]. Two. [1]", [cite(1)]) == []


def test_an_extractive_answer_that_fails_is_never_shown():
    stage = CheckCitations(HashEmbedder(), FakeGlossary(), min_similarity=HASH_PROFILE.citation_support)
    ctx = context("q")
    ctx.answer.answer = "Lead:\n\nUncited claim."
    ctx.answer.citations = [cite(1)]
    with pytest.raises(AssertionError):
        stage.call(ctx)


def test_generated_answer_is_replaced_by_the_fallback_when_unsupported():
    stage = CheckCitations(HashEmbedder(), FakeGlossary(), min_similarity=HASH_PROFILE.citation_support)
    ctx = context("q")
    good = ("Lead:\n\n" + ADVICE.text + " [1]", [cite(1, ADVICE.text)])
    ctx.fallback = good
    ctx.answer.answer = "Lead:\n\nCall the advice line on 0800 123 4567. [1]"
    ctx.answer.citations = [cite(1, ADVICE.text)]
    stage.call(ctx)
    assert ctx.answer.answer == good[0]
    assert ctx.fallback is None
    assert any("unsupported fact" in n for n in ctx.notes)


def test_generated_paraphrase_that_is_supported_is_kept():
    stage = CheckCitations(HashEmbedder(), FakeGlossary(), min_similarity=HASH_PROFILE.citation_support)
    ctx = context("q")
    ctx.fallback = ("fallback", [])
    generated = "Lead:\n\nThe SEND Partnership Service provides free and impartial advice to parents. [1]"
    ctx.answer.answer = generated
    ctx.answer.citations = [cite(1, ADVICE.text)]
    stage.call(ctx)
    assert ctx.answer.answer == generated


def test_a_list_introduced_with_a_semicolon_is_covered_too():
    body = "Lead:\n\nThis additional capacity will include; [1]\n- a. A dedicated Programme Manager"
    assert structure_problems(body, [cite(1)]) == []
