from __future__ import annotations

from answering_fakes import BANES, make_assistant

from send_assistant.answering import texts
from send_assistant.answering.answer import (
    ANSWERED,
    ERROR,
    INVALID_INPUT,
    NOT_FOUND,
    OUT_OF_SCOPE,
    SAFEGUARDING,
    Answer,
)
from send_assistant.answering.context import Context
from send_assistant.answering.pipeline import STAGES, build_stages, run, stage_name


class Recorder:
    def __init__(self, name, log, action=None):
        self.name = name
        self.log = log
        self.action = action

    def call(self, ctx):
        self.log.append(self.name)
        if self.action:
            self.action(ctx)


def test_stages_are_built_in_the_documented_order():
    assistant = make_assistant()
    names = [stage_name(s) for s in assistant.stages]
    assert names == [n for n in STAGES if n != "llm_compose"]
    with_llm = make_assistant(llm=object())
    assert [stage_name(s) for s in with_llm.stages] == list(STAGES)


def test_run_times_every_stage_and_the_total():
    log: list[str] = []
    ctx = Context(answer=Answer(question="q"), question="q")
    run(ctx, [Recorder("a", log), Recorder("b", log)])
    assert log == ["a", "b"]
    assert set(ctx.answer.timings_ms) == {"a", "b", "total"}
    assert ctx.answer.timings_ms["total"] >= ctx.answer.timings_ms["a"]


def test_abort_stops_the_pipeline_but_still_times_the_stage():
    log: list[str] = []
    ctx = Context(answer=Answer(question="q"), question="q")
    run(ctx, [Recorder("a", log, lambda c: c.abort(NOT_FOUND, "none")), Recorder("b", log)])
    assert log == ["a"]
    assert ctx.answer.status == NOT_FOUND and ctx.answer.answer == "none"
    assert "a" in ctx.answer.timings_ms and "total" in ctx.answer.timings_ms


def test_an_unexpected_exception_becomes_status_error_with_the_canned_text():
    def boom(ctx):
        raise RuntimeError("bug")

    ctx = Context(answer=Answer(question="q"), question="q")
    answer = run(ctx, [Recorder("a", [], boom)])
    assert answer.status == ERROR
    assert answer.answer == texts.ERROR
    assert answer.citations == []


def test_build_stages_adds_the_llm_stage_only_with_a_model():
    from answering_fakes import FakeGlossary, FakeRetriever
    from doubles import HashEmbedder

    kwargs = dict(retriever=FakeRetriever([]), embedder=HashEmbedder(), glossary=FakeGlossary(), known_areas=list)
    assert "llm_compose" not in [stage_name(s) for s in build_stages(**kwargs)]
    assert "llm_compose" in [stage_name(s) for s in build_stages(**kwargs, llm=object())]


def test_statuses_end_to_end():
    assistant = make_assistant()
    answered = assistant.ask("Who runs the joint agency panel for children with complex needs?", area=BANES)
    assert answered.status == ANSWERED and answered.citations
    assert assistant.ask("   ").status == INVALID_INPUT
    assert assistant.ask("Can you help me fix my car?").status == OUT_OF_SCOPE
    refused = assistant.ask("What colour are the new school minibuses?", area=BANES)
    assert refused.status == NOT_FOUND


def test_safeguarding_prefix_leads_and_the_status_is_kept():
    assistant = make_assistant()
    answer = assistant.ask(
        "My son wants to kill himself. Who runs the joint agency panel for children with complex needs?", area=BANES
    )
    assert answer.status == SAFEGUARDING
    assert answer.answer.startswith(texts.SAFEGUARDING_LEAD)
    assert "joint agency panel" in answer.answer
