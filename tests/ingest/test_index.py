import hashlib
import json

import pytest

from send_assistant.ingest.index import Index, chunk_metadata
from send_assistant.ingest.model import Chunk, DocumentMeta


def _chunk(doc_id: str, ordinal: int, text: str, heading: list[str] | None = None) -> Chunk:
    embed_text = f"{doc_id}\n{text}"
    digest = hashlib.sha256(embed_text.encode()).hexdigest()
    return Chunk(f"{doc_id}:{digest[:16]}", doc_id, ordinal, text, embed_text, heading or [], digest)


def _commit(index: Index, meta: DocumentMeta, chunks: list[Chunk]) -> int:
    return index.commit_document(meta, chunks, origin="test", source_hash="s", declared_hash="d")


@pytest.fixture
def index(settings, fake_embedder):
    return Index.open(settings, fake_embedder)


def test_commit_makes_chunks_visible_and_bumps_version(index):
    meta = DocumentMeta("short-breaks", "Short breaks", area="Bedford Borough", doc_type="local offer page")
    assert _commit(index, meta, [_chunk("short-breaks", 0, "Short breaks give carers a rest.")]) == 1
    assert index.version == 1
    (chunk,) = index.live_chunks()
    assert chunk.doc_id == "short-breaks" and chunk.text == "Short breaks give carers a rest."
    assert chunk.metadata["area"] == "Bedford Borough" and chunk.metadata["ordinal"] == 0
    assert index.chunk_count() == 1 and index.document_count() == 1


def test_recommit_embeds_only_new_ids_and_deletes_dropped_ones(index, fake_embedder):
    meta = DocumentMeta("doc", "Doc")
    kept, dropped, added = _chunk("doc", 0, "kept text"), _chunk("doc", 1, "old text"), _chunk("doc", 1, "new text")
    _commit(index, meta, [kept, dropped])
    fake_embedder.calls.clear()
    assert _commit(index, meta, [kept, added]) == 1
    assert fake_embedder.calls == [1]
    assert index.store.all_ids() == {kept.chunk_id, added.chunk_id}


def test_dense_search_hides_chunks_no_document_references(index, fake_embedder):
    meta = DocumentMeta("doc", "Doc")
    _commit(index, meta, [_chunk("doc", 0, "speech and language therapy")])
    # An orphan, as an interrupted ingest would leave it, matching the query exactly.
    vector = fake_embedder.embed(["speech and language therapy"])[0]
    index.store.add(["doc:orphan"], [vector], ["speech and language therapy"], [{"doc_id": "doc", "area": ""}])
    hits = index.dense_search(vector, 5)
    assert [c.chunk_id for c, _ in hits] == [index.live_chunks()[0].chunk_id]
    assert all(c.chunk_id != "doc:orphan" for c in index.live_chunks())
    assert index.collect_garbage() == 1
    assert index.store.count() == 1


def test_dense_search_filters_by_area(index, fake_embedder):
    _commit(index, DocumentMeta("bed", "Bedford", area="Bedford Borough"), [_chunk("bed", 0, "autism support")])
    _commit(index, DocumentMeta("worc", "Worcs", area="Worcestershire"), [_chunk("worc", 0, "autism support team")])
    _commit(index, DocumentMeta("cop", "Code", area=""), [_chunk("cop", 0, "autism support nationally")])
    query = fake_embedder.embed(["autism support"])[0]
    found = {c.doc_id for c, _ in index.dense_search(query, 10, ["Bedford Borough", ""])}
    assert found == {"bed", "cop"}
    assert {c.doc_id for c, _ in index.dense_search(query, 10)} == {"bed", "worc", "cop"}
    assert index.dense_search(query, 10, []) == []
    exact = fake_embedder.embed(["bed\nautism support"])[0]  # the embed_text of the Bedford chunk
    scores = [s for _, s in index.dense_search(exact, 10)]
    assert scores == sorted(scores, reverse=True) and scores[0] == pytest.approx(1.0, abs=1e-4)


def test_documents_and_areas(index):
    meta = DocumentMeta(
        "bed", "Bedford SEND", area="Bedford Borough", doc_type="statement of action", reviewed="2018-07-01",
        publisher="Bedford Borough Council", url="https://example.org/x",
    )  # fmt: skip
    _commit(index, meta, [_chunk("bed", 0, "one"), _chunk("bed", 1, "two")])
    _commit(index, DocumentMeta("cop", "Code of Practice"), [_chunk("cop", 0, "national")])
    docs = {d["id"]: d for d in index.documents()}
    assert docs["bed"]["chunks"] == 2 and docs["bed"]["reviewed"] == "2018-07-01"
    assert docs["bed"]["url"] == "https://example.org/x" and docs["bed"]["publisher"] == "Bedford Borough Council"
    assert docs["cop"]["area"] == "" and docs["cop"]["reviewed"] is None
    assert index.areas() == ["Bedford Borough"]


def test_remove_documents_hides_then_deletes(index):
    _commit(index, DocumentMeta("a", "A"), [_chunk("a", 0, "alpha")])
    _commit(index, DocumentMeta("b", "B"), [_chunk("b", 0, "beta")])
    index.remove_documents(["a"])
    assert [c.doc_id for c in index.live_chunks()] == ["b"]
    assert index.store.count() == 1


def test_chunk_metadata_has_no_none_and_contact_is_json():
    meta = DocumentMeta("svc", "Counselling", doc_type="service", contact={"name": "Counselling", "phone": "0123"})
    chunk = _chunk("svc", 3, "text", ["Contact"])
    chunk.page = 4
    md = chunk_metadata(meta, chunk)
    assert None not in md.values()
    assert json.loads(md["contact"]) == {"name": "Counselling", "phone": "0123"}
    assert md["heading_path"] == "Contact" and md["page"] == 4 and md["ordinal"] == 3
    assert "url" not in md and "reviewed" not in md
