import pytest
from langchain_core.embeddings import Embeddings

from send_assistant.evaluation.baseline import (
    CHUNK_SIZE,
    BaselineSource,
    EmbedderAsLangChain,
    build_baseline,
    sources_from_knowledge,
)
from send_assistant.evaluation.sources import KnowledgeDoc

SOURCES = [
    BaselineSource("bucks", "Buckinghamshire", "The SEND Youth Forum shapes services for young people in Bucks."),
    BaselineSource("worcs", "Worcestershire", "The Worcestershire Hub phone number is 01905 765765."),
    BaselineSource("glossary", "", "A SENCO is the special educational needs co-ordinator in a school."),
]


def test_wrapper_is_langchain_embeddings_over_the_project_embedder(fake_embedder):
    wrapped = EmbedderAsLangChain(fake_embedder)
    assert isinstance(wrapped, Embeddings)
    docs = wrapped.embed_documents(["a b", "c d"])
    assert len(docs) == 2 and len(docs[0]) == fake_embedder.dim
    assert wrapped.embed_query("a b") == docs[0]
    assert fake_embedder.calls == [2, 1]  # embeddings are supplied by us, never by Chroma's default model


def test_baseline_finds_the_right_document_and_ignores_area(fake_embedder):
    baseline = build_baseline(SOURCES, fake_embedder)
    assert baseline.chunks == 3
    hits = baseline.search("Worcestershire Hub phone number")
    assert len(hits) == 3  # top-4 asked, only 3 chunks exist; areas are all mixed in, as the tutorial does
    assert hits[0].doc_id == "worcs" and hits[0].area == "Worcestershire" and "01905" in hits[0].text
    assert {h.area for h in hits} == {"Buckinghamshire", "Worcestershire", ""}


def test_baseline_splits_long_text_with_overlap(fake_embedder):
    long_text = " ".join(f"sentence number {i} about short breaks." for i in range(200))
    baseline = build_baseline([BaselineSource("long", "", long_text)], fake_embedder)
    assert baseline.chunks >= len(long_text) // CHUNK_SIZE
    hits = baseline.search("sentence number 150", k=4)
    assert len(hits) == 4 and all(len(h.text) <= CHUNK_SIZE for h in hits)


def test_two_baselines_in_one_process_do_not_share_chunks(fake_embedder):
    first = build_baseline(SOURCES[:1], fake_embedder)
    second = build_baseline(SOURCES[1:2], fake_embedder)
    assert [h.doc_id for h in first.search("anything")] == ["bucks"]
    assert [h.doc_id for h in second.search("anything")] == ["worcs"]


def test_sources_from_knowledge_reads_raw_text(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("**Raw** <b>text</b> stays as it is", encoding="utf-8")
    [source] = sources_from_knowledge([KnowledgeDoc("d", "Doc", "Worcestershire", path)])
    assert source == BaselineSource("d", "Worcestershire", "**Raw** <b>text</b> stays as it is")


@pytest.mark.model
def test_baseline_with_the_real_minilm_ranks_by_meaning(minilm):
    baseline = build_baseline(SOURCES, minilm)
    hits = baseline.search("who co-ordinates special needs support in a school?")
    assert hits[0].doc_id == "glossary"
