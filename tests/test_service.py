from __future__ import annotations

import re

import pytest
from answering_fakes import BANES, BUCKS, make_assistant

from send_assistant.answering import texts
from send_assistant.answering.answer import ANSWERED, NOT_FOUND, Answer
from send_assistant.answering.service import Assistant, progressive
from send_assistant.errors import IndexUnavailableError
from send_assistant.settings import PROJECT_ROOT

QUESTION = "Who runs the joint agency panel for children with complex needs?"
BANES_SEED = "bath-and-north-east-somerset-send-position-statement-2018.txt"


def test_ask_returns_an_answer_with_the_given_id_area_and_audience():
    answer = make_assistant().ask(QUESTION, area=BANES, audience="professional", id="q-7")
    assert answer.id == "q-7" and answer.area == BANES and answer.audience == "professional"
    assert answer.status == ANSWERED
    assert "total" in answer.timings_ms


def test_on_answer_is_called_for_every_answer_and_its_failure_does_not_break_answering():
    seen: list[Answer] = []
    assistant = make_assistant(on_answer=seen.append)
    assistant.ask(QUESTION, area=BANES)
    assistant.ask("What colour are the new school minibuses?", area=BANES)
    assert [a.status for a in seen] == [ANSWERED, NOT_FOUND]

    def broken(answer):
        raise OSError("disk full")

    assert make_assistant(on_answer=broken).ask(QUESTION, area=BANES).status == ANSWERED


def test_follow_up_uses_the_history():
    history = [
        {"role": "user", "content": "Is there a youth forum for young people with SEND?"},
        {"role": "assistant", "content": "We work closely with the SEND Youth Forum [1]"},
    ]
    answer = make_assistant().ask("and who runs it?", area=BUCKS, history=history)
    assert answer.status == ANSWERED
    assert "Youth Forum" in answer.answer
    assert answer.question == "and who runs it?"


def test_ask_stream_grows_the_answer_then_yields_the_final_answer():
    items = list(make_assistant().ask_stream(QUESTION, area=BANES))
    final = items[-1]
    partials = items[:-1]
    assert isinstance(final, Answer)
    assert partials and all(isinstance(p, str) for p in partials)
    assert partials[-1] == final.answer
    assert all(final.answer.startswith(p) for p in partials)
    assert [len(p) for p in partials] == sorted(len(p) for p in partials)


def test_progressive_splits_at_sentences_and_keeps_markers_with_them():
    parts = list(progressive("Lead:\n\nOne thing. [1] Two things. [2]"))
    assert parts[-1] == "Lead:\n\nOne thing. [1] Two things. [2]"
    assert "Lead:\n\nOne thing. [1]" in parts


def test_areas_and_health():
    assistant = make_assistant()
    assert assistant.areas() == sorted([BANES, BUCKS])
    assert assistant.health() == {"status": "ok", "documents": 3, "chunks": 10}


def test_from_settings_refuses_an_empty_index(settings, fake_embedder):
    with pytest.raises(IndexUnavailableError, match="ingest"):
        Assistant.from_settings(settings, embedder=fake_embedder)


@pytest.fixture(scope="module")
def banes_assistant(tmp_path_factory, minilm, share_safeguarding_cache):
    """The real path: the B&NES seed and the glossary ingested with MiniLM, answered with default thresholds."""
    import shutil

    import yaml

    from send_assistant.ingest.pipeline import ingest
    from send_assistant.settings import PROJECT_ROOT, Settings

    knowledge = tmp_path_factory.mktemp("knowledge")
    source = PROJECT_ROOT / "knowledge"
    manifest = yaml.safe_load((source / "sources.yaml").read_text(encoding="utf-8"))
    keep = [
        d for d in manifest["documents"] if d["id"] in {"bath-ne-somerset-position-statement-2018", "send-glossary"}
    ]
    for doc in keep:
        shutil.copy(source / doc["file"], knowledge / doc["file"])
    (knowledge / "sources.yaml").write_text(yaml.safe_dump({"documents": keep}), encoding="utf-8")
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), knowledge_dir=knowledge)
    share_safeguarding_cache(settings.data_dir)  # the classifier's training phrasings, embedded once per test run
    ingest(settings, minilm)
    return Assistant.from_settings(settings, embedder=minilm)


@pytest.mark.model
def test_real_path_free_impartial_advice_cites_the_send_partnership_service(banes_assistant):
    answer = banes_assistant.ask("Where can I get free impartial advice?", area=BANES)
    assert answer.status == ANSWERED
    assert any("SEND Partnership Service" in c.text and c.area == BANES for c in answer.citations)
    assert "SEND Partnership Service" in answer.answer


@pytest.mark.model
def test_real_path_a_local_name_the_sources_lack_is_refused_with_the_named_next_step(banes_assistant):
    answer = banes_assistant.ask("What is the parent carer forum called?", area=BANES)
    assert answer.status == NOT_FOUND
    assert "SEND Partnership Service" in answer.answer


@pytest.mark.model
def test_real_path_uncovered_area_gets_no_local_details(banes_assistant):
    answer = banes_assistant.ask("Who is the SEND team manager in Leeds?", area="Leeds")
    assert answer.status == NOT_FOUND
    assert texts.NOT_FOUND_UNCOVERED_AREA.format(area="Leeds") in answer.answer  # says why, in so many words
    assert answer.citations == []  # a refusal cites nothing: no B&NES card can reach the page
    assert "Partnership" not in answer.answer  # B&NES's own advice service is not offered for Leeds
    banes = " ".join((PROJECT_ROOT / "knowledge" / BANES_SEED).read_text(encoding="utf-8").split())
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", answer.answer) if len(s.strip()) > 30]
    assert sentences and not [s for s in sentences if s in banes]  # no sentence lifted from B&NES's document


def test_sentence_embeddings_are_warmed_once_and_reused_after_a_restart(tmp_path):
    from doubles import HashEmbedder

    from send_assistant.answering.sentence_units import SentenceCache, cache_path

    first = HashEmbedder()
    path = cache_path(tmp_path, first)
    assistant = make_assistant(embedder=first, cache=SentenceCache(first, path=path))
    assert assistant.warm_sentences() > 0 and path.exists()

    restarted_embedder = HashEmbedder()
    restarted = make_assistant(embedder=restarted_embedder, cache=SentenceCache(restarted_embedder, path=path))
    assert restarted.warm_sentences() == 0
    before = len(restarted_embedder.calls)
    answer = restarted.ask(QUESTION, area=BANES)
    assert answer.status == ANSWERED
    # Only the question itself is embedded (by retrieval and by the composer): no passage sentence is.
    assert all(size == 1 for size in restarted_embedder.calls[before:])


def test_a_question_asked_again_reuses_its_answer_until_the_index_changes():
    from send_assistant.answering.answer_cache import AnswerCache

    seen: list[Answer] = []
    assistant = make_assistant(on_answer=seen.append)
    assistant.answers = AnswerCache()
    first = assistant.ask(QUESTION, area=BANES)
    embedded = len(assistant.embedder.calls)
    again = assistant.ask(QUESTION, area=BANES, id="q-2")
    assert len(assistant.embedder.calls) == embedded  # nothing worked out again
    assert again.id == "q-2" and again.id != first.id and "answer_cache" in again.timings_ms
    same = {k: v for k, v in first.to_dict().items() if k not in ("id", "timings_ms")}
    assert {k: v for k, v in again.to_dict().items() if k not in ("id", "timings_ms")} == same
    assert [a.id for a in seen] == [first.id, "q-2"]  # both are recorded
    again.citations.clear()  # a caller changing its copy changes nothing kept
    assert assistant.ask(QUESTION, area=BANES).citations == first.citations

    assistant.ask(QUESTION, area=BANES, history=[{"role": "user", "content": "Hello"}])
    assert len(assistant.embedder.calls) > embedded  # a follow-up depends on its history: worked out
    embedded = len(assistant.embedder.calls)
    assistant.index.version += 1  # an ingest published a new version
    assistant.ask(QUESTION, area=BANES)
    assert len(assistant.embedder.calls) > embedded
