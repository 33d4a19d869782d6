"""Unit vectors stored at ingest and fetched with the passages (issue 10): nothing is embedded at start-up."""

from __future__ import annotations

import numpy as np
from answering_fakes import CHUNKS, HASH_CONFIG
from doubles import HashEmbedder

from send_assistant.answering.sentence_units import SentenceCache, units_of
from send_assistant.answering.unit_store import UnitStore, store_units, unit_store_path
from send_assistant.ingest.index import Index
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import Settings


def test_units_come_from_the_store_with_the_same_units_and_vectors(tmp_path):
    reference = SentenceCache(HashEmbedder()).units(CHUNKS, HASH_CONFIG)
    store = UnitStore.open(tmp_path, HashEmbedder())
    filling = HashEmbedder()
    SentenceCache(filling, store=store).units(CHUNKS, HASH_CONFIG)  # embeds once and writes back
    assert filling.calls and set(store.get([c.chunk_id for c in CHUNKS])) == {"doc:aaa", "doc:bbb"}

    restarted = HashEmbedder()
    got = SentenceCache(restarted, store=UnitStore.open(tmp_path, restarted)).units(CHUNKS, HASH_CONFIG)
    assert restarted.calls == []  # a new process embeds no passage
    assert [[u for u, _ in p] for p in got] == [[u for u, _ in p] for p in reference]
    pairs = [(a, b) for p, q in zip(got, reference, strict=True) for (_, a), (_, b) in zip(p, q, strict=True)]
    assert pairs and all(np.array_equal(a, b) for a, b in pairs)


def test_store_units_fills_every_live_chunk_once_and_forgets_removed_ones(tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "breaks.md").write_text(
        "# Short breaks\n\nShort breaks give parents a rest from caring. The council funds them for disabled "
        "children.\n\n## Booking\n\nBook a short break through the short breaks team by phone.\n"
    )
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    embedder = HashEmbedder()
    ingest(settings, embedder, [knowledge / "breaks.md"], area="Bath and North East Somerset")
    assert store_units(settings, embedder) > 0
    live = Index.open(settings, None).live_chunks()
    store = UnitStore.open(settings.data_dir, embedder)
    stored = store.get([c.chunk_id for c in live])
    assert set(stored) == {c.chunk_id for c in live}
    for chunk in live:
        assert list(stored[chunk.chunk_id]) == [u.full for u in units_of(chunk.text, _default_cfg())]
    assert store_units(settings, embedder) == 0  # nothing new: nothing embedded

    store.put([("gone:1", ["An old sentence from a removed chunk."], np.zeros((1, embedder.dim)))])
    store_units(settings, embedder)
    assert "gone:1" not in UnitStore.open(settings.data_dir, embedder).get(["gone:1"])
    assert unit_store_path(settings.data_dir, embedder).exists()


def _default_cfg():
    from send_assistant.answering.stages.compose import ComposeConfig

    return ComposeConfig()


def test_the_ingest_embeds_the_safeguarding_phrasings_once_so_a_start_does_not(tmp_path, monkeypatch):
    import send_assistant.model_profiles as model_profiles
    from send_assistant.answering.unit_store import store_safeguarding_vectors

    settings = Settings(data_dir=tmp_path / "data")
    assert store_safeguarding_vectors(settings, HashEmbedder()) is False  # its profile has no classifier
    assert not settings.safeguarding_cache_dir.exists()

    class WithClassifier:
        def safeguarding_profile(self) -> object:
            return object()

    monkeypatch.setattr(model_profiles, "profile_for", lambda name: WithClassifier())
    first = HashEmbedder()
    assert store_safeguarding_vectors(settings, first) is True
    assert first.calls and len(list(settings.safeguarding_cache_dir.glob("train-*.npy"))) == 1
    again = HashEmbedder()
    assert store_safeguarding_vectors(settings, again) is True
    assert again.calls == []  # the next ingest (and every serving start) reads them back
