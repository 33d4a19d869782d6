import pytest
from answering_fakes import context

from send_assistant.answering import texts
from send_assistant.answering.answer import OUT_OF_SCOPE, SAFEGUARDING
from send_assistant.answering.context import PipelineAbort
from send_assistant.answering.stages.guard import ScopeGuard
from send_assistant.answering.stages.spelling import CorrectSpelling

TEXTS = ["Ask the council for an EHC needs assessment for your child with autism."]


def _stage(calls: list[int] | None = None) -> CorrectSpelling:
    def vocabulary():
        if calls is not None:
            calls.append(1)
        return 7, TEXTS

    return CorrectSpelling(vocabulary)


def test_the_corrected_question_is_searched_and_shown():
    ctx = context("how do i ask for an asessment, my son has autsim")
    _stage().call(ctx)
    assert ctx.question == "how do i ask for an assessment, my son has autism"
    assert ctx.answer.corrected_question == ctx.question
    assert ctx.answer.question == "how do i ask for an asessment, my son has autsim"  # what the user typed


def test_a_correct_question_is_left_as_it_is():
    ctx = context("how do i ask for an assessment")
    _stage().call(ctx)
    assert ctx.answer.corrected_question == "" and ctx.question == "how do i ask for an assessment"


def test_a_message_in_another_language_is_marked_and_the_guard_gives_the_short_english_reply():
    ctx = context("Bonjour, mon fils est autiste, comment obtenir de l aide pour l'école")
    _stage().call(ctx)
    assert ctx.other_language and ctx.answer.corrected_question == ""  # never "corrected" into English words
    with pytest.raises(PipelineAbort):
        ScopeGuard().call(ctx)
    assert ctx.answer.status == OUT_OF_SCOPE and ctx.answer.answer == texts.OTHER_LANGUAGE
    assert "SENDIASS" in texts.OTHER_LANGUAGE


def test_safeguarding_keeps_its_status_whatever_the_language():
    ctx = context("Bonjour, mon fils est autiste, comment obtenir de l aide pour l'école")
    ctx.answer.status = SAFEGUARDING
    _stage().call(ctx)
    with pytest.raises(PipelineAbort):
        ScopeGuard().call(ctx)
    assert ctx.answer.status == SAFEGUARDING


def test_the_vocabulary_is_rebuilt_only_when_the_index_version_changes():
    calls: list[int] = []
    stage = _stage(calls)
    first = stage.corrector()
    assert stage.corrector() is first and len(calls) == 2
