"""Building the two systems of evals/bench.py over the synthetic corpus (see evals/bench_corpus.py).

The seed is knowledge/ ingested once with the real MiniLM; every copy's chunks take their vectors from it.
Ours is written through the project's own Index (a new generation, ChunkStore writes, ledger entries, the
pipeline's publish with its lexical index) and the ingest command's unit-vector step, so it is served as shipped.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from bench_corpus import Copy, Corpus, ReuseEmbedder, Undo, noisy

from send_assistant.settings import PROJECT_ROOT, Settings

MAX_COPIES = 4000  # document copies planned (more than 10^5 chunks need)
AREA_CHUNKS = 650  # about 10^5 chunks over England's 152 local authorities
MAX_AREAS = 152
WRITE_BATCH = 2000


@dataclass
class Plan:
    """The seed's documents and the generated areas."""

    national: list[dict]
    local: dict[str, list[dict]]
    corpus: Corpus


def seed_settings(work: Path) -> Settings:
    return Settings(data_dir=work / "seed", knowledge_dir=PROJECT_ROOT / "knowledge")


def prepare_seed(work: Path) -> None:
    """Ingest knowledge/ with MiniLM once, and embed the baseline's windows of the original documents."""
    from send_assistant.ingest.pipeline import ingest
    from send_assistant.model_profiles import load_embedder

    settings = seed_settings(work)
    if not (work / "seed.done").exists():
        shutil.rmtree(settings.data_dir, ignore_errors=True)
        ingest(settings, load_embedder(settings.embedder))
        (work / "seed.done").write_text("ok")
    if not (work / "known.npz").exists():
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from send_assistant.evaluation.baseline import CHUNK_OVERLAP, CHUNK_SIZE

        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        windows = list(dict.fromkeys(w for t in _raw_texts().values() for w in splitter.split_text(t)))
        vectors = np.asarray(load_embedder(settings.embedder).embed(windows), np.float32)
        save_known(work, dict(zip(windows, vectors, strict=True)))


def save_known(work: Path, known: dict[str, np.ndarray]) -> None:
    """Original texts and their MiniLM vectors, shared by the bench's processes."""
    np.savez(work / "known.npz", texts=np.array(list(known), dtype=str), vectors=np.stack(list(known.values())))


def load_known(work: Path) -> dict[str, np.ndarray]:
    path = work / "known.npz"
    if not path.exists():
        return {}
    with np.load(path) as data:
        return dict(zip((str(t) for t in data["texts"]), data["vectors"], strict=True))


@cache
def _raw_texts() -> dict[str, str]:
    from send_assistant.evaluation.sources import knowledge_documents, raw_text

    return {d.doc_id: raw_text(d) for d in knowledge_documents(PROJECT_ROOT / "knowledge")}


@cache
def plan(work: Path) -> Plan:
    from send_assistant.ingest.index import Index

    index = Index.open(seed_settings(work), None)
    entries = [
        {"doc_id": e.doc_id, "meta": e.meta, "chunk_ids": e.chunk_ids, "source_hash": e.source_hash}
        for e in index.ledger.entries()
    ]
    national = [e for e in entries if not e["meta"].get("area")]
    local: dict[str, list[dict]] = {}
    for e in entries:
        if e["meta"].get("area"):
            local.setdefault(e["meta"]["area"], []).append(e)
    return Plan(national, local, Corpus(sorted(local), list(_raw_texts().values())))


def areas_for(work: Path, size: int) -> int:
    """Generated areas at this size: about AREA_CHUNKS chunks each, at least the seed's, at most England's."""
    n = len(plan(work).local)
    return max(n, min(MAX_AREAS, n * round(size / AREA_CHUNKS / n)))


def copies_for(work: Path, size: int) -> list[Copy]:
    return plan(work).corpus.copies(MAX_COPIES, areas_for(work, size))


def documents_for(work: Path, size: int) -> list[tuple[Copy | None, dict, int]]:
    """(copy or None for national, seed entry, chunks taken) until `size` chunks."""
    p = plan(work)
    out: list[tuple[Copy | None, dict, int]] = []
    total = 0
    docs = [(None, e) for e in p.national] + [(c, e) for c in copies_for(work, size) for e in p.local[c.source]]
    for copy, entry in docs:
        if total >= size:
            break
        take = min(len(entry["chunk_ids"]), size - total)
        out.append((copy, entry, take))
        total += take
    return out


def build_baseline_sources(work: Path, size: int):
    """The same documents as ours at this size, as raw text (the tutorial splits them itself)."""
    from send_assistant.evaluation.baseline import BaselineSource

    texts = _raw_texts()
    out = []
    for copy, entry, _ in documents_for(work, size):
        text = texts.get(entry["doc_id"], "")
        doc_id = entry["doc_id"] if copy is None else f"{entry['doc_id']}@{copy.area}#{copy.variant}"
        out.append(BaselineSource(doc_id, copy.area if copy else "", copy.apply(text) if copy else text))
    return out


def build_ours(work: Path, data_dir: Path, size: int) -> dict:
    """Write the corpus through the project's Index and publish it; returns chunks, build_s and its parts."""
    from send_assistant.ingest.index import Index, embedder_key
    from send_assistant.ingest.ledger import LedgerEntry
    from send_assistant.ingest.pipeline import _publish
    from send_assistant.model_profiles import load_embedder

    shutil.rmtree(data_dir, ignore_errors=True)
    settings = Settings(data_dir=data_dir, knowledge_dir=PROJECT_ROOT / "knowledge")
    seed = Index.open(seed_settings(work), None)
    seed_chunks = {c.chunk_id: c for c in seed.live_chunks()}
    got = seed.store._collection.get(ids=list(seed_chunks), include=["embeddings"])
    vectors = dict(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32), strict=True))
    embedder = load_embedder(settings.embedder)
    reuse = ReuseEmbedder(embedder, Undo(copies_for(work, size)), known=load_known(work), exact=True)

    started = time.perf_counter()
    index = Index.open(settings, reuse)
    index.ledger.set_state("embedder", embedder_key(reuse))
    index.begin(rebuild=True)
    generation, store = index.target_generation, index.store
    pending: list[tuple[str, np.ndarray, str, dict]] = []
    total = 0
    for copy, entry, take in documents_for(work, size):
        ids = []
        for cid in entry["chunk_ids"][:take]:
            chunk = seed_chunks[cid]
            if copy is None:
                new_id, text, meta = cid, chunk.text, dict(chunk.metadata)
            else:
                new_id = hashlib.sha256(f"{copy.area}|{copy.variant}|{cid}".encode()).hexdigest()[:32]
                text = copy.apply(chunk.text)
                meta = {k: copy.apply(v) if isinstance(v, str) else v for k, v in chunk.metadata.items()}
                meta["doc_id"] = f"{entry['doc_id']}@{copy.area}#{copy.variant}"
            pending.append((new_id, vectors[cid] if copy is None else noisy(vectors[cid], new_id), text, meta))
            ids.append(new_id)
        if len(pending) >= WRITE_BATCH:
            _flush(store, pending)
        doc_meta = dict(entry["meta"])
        if copy is not None:
            doc_meta = {k: copy.apply(v) if isinstance(v, str) else v for k, v in doc_meta.items()}
            doc_meta["doc_id"] = f"{entry['doc_id']}@{copy.area}#{copy.variant}"
        index.ledger.put(
            LedgerEntry(doc_meta["doc_id"], "bench", entry["source_hash"], "bench", doc_meta, ids), generation
        )
        total += len(ids)
    _flush(store, pending)
    chunks_s = time.perf_counter() - started
    _publish(index, settings, reuse)
    published_s = time.perf_counter() - started
    units_s = _store_units(settings, reuse)
    save_known(work, reuse.known)  # unit texts embedded for real are reused by the next size
    return {
        "chunks": total,
        "build_s": round(published_s + units_s, 2),
        "chunks_s": round(chunks_s, 2),
        "lexical_s": round(published_s - chunks_s, 2),
        "units_s": round(units_s, 2),
        "embedded_for_real": reuse.embedded,
    }


def _flush(store, pending: list) -> None:
    if pending:
        ids, vecs, texts, metas = zip(*pending, strict=True)
        store.add(list(ids), [v.tolist() for v in vecs], list(texts), list(metas))
        pending.clear()


def _store_units(settings: Settings, embedder) -> float:
    """The ingest command's steps after indexing (issue 10): the composer's unit vectors and the safeguarding
    classifier's training vectors, when this version of the project has them."""
    try:
        from send_assistant.answering.unit_store import store_units
    except ImportError:
        return 0.0
    started = time.perf_counter()
    store_units(settings, embedder)
    prepare_serving(settings.data_dir)
    return time.perf_counter() - started


def prepare_serving(data_dir: Path) -> None:
    """What the ingest command leaves for serving besides the index: the safeguarding training vectors (embedded
    again only when the training file changed since the data dir was built)."""
    try:
        from send_assistant.answering.unit_store import store_safeguarding_vectors
    except ImportError:
        return
    from send_assistant.model_profiles import load_embedder

    settings = Settings.from_env({"SEND_ASSISTANT_DATA_DIR": str(data_dir)})
    store_safeguarding_vectors(settings, load_embedder(settings.embedder))


if __name__ == "__main__":  # pragma: no cover - a quick look at the plan
    import sys

    w = Path(sys.argv[1])
    prepare_seed(w)
    docs = documents_for(w, int(sys.argv[2]))
    print(
        json.dumps(
            {"documents": len(docs), "areas": len({c.area for c, _, _ in docs if c}), "size": sum(t for *_, t in docs)}
        )
    )
