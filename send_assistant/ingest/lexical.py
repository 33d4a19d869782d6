"""The lexical (BM25) side of hybrid search, kept in step with the Chroma collection.

Dense vectors find passages that mean the same as the question; BM25 finds the ones that use its exact words,
which matters for names, abbreviations and figures ("SNAP PCF", "9590", "WSoA"). The index is built from the
live chunks after every ingest and saved under settings.lexical_dir, tagged with the Index version it matches;
a reader whose saved copy is missing or stale rebuilds it from the live chunks.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from send_assistant.ingest.store import StoredChunk
from send_assistant.ingest.textkit import tokens

MANIFEST = "lexical.json"  # version and format, written last so a half-written folder is never trusted
CHUNKS = "chunks.jsonl"
BM25_DIR = "bm25"
FORMAT = 5  # bumped whenever tokenize() changes: a saved index of another format is rebuilt


def swap_in(staging: Path, directory: Path) -> None:
    """Put a fully written folder in place of `directory` with renames, so a reader never sees half of one."""
    old = None
    if directory.exists():
        old = directory.with_name(f".{directory.name}-old-{os.getpid()}")
        os.replace(directory, old)
    os.replace(staging, directory)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def tokenize(text: str) -> list[str]:
    """Stemmed, stop-word-free tokens: the shared text toolkit's, the same for chunks and queries."""
    return tokens(text)


class LexicalIndex:
    """BM25 over a fixed list of chunks; searched with an optional filter over chunk metadata."""

    def __init__(self, chunks: Sequence[StoredChunk], bm25=None, version: int | None = None) -> None:
        import bm25s

        self.chunks = list(chunks)
        self.version = version
        if bm25 is None:
            bm25 = bm25s.BM25()
            corpus = [tokenize(searchable(c)) for c in self.chunks]
            if self.chunks:
                # bm25s builds its vocabulary from token lists; an empty chunk still needs a row.
                bm25.index([t or [""] for t in corpus], show_progress=False)
        self._bm25 = bm25
        self._vocab = getattr(bm25, "vocab_dict", None) or {}

    def search(
        self,
        query: str,
        k: int,
        allowed: Callable[[dict], bool] | None = None,
        extra: str = "",
        extra_weight: float = 0.5,
        *,
        alternatives: Sequence[tuple[str, Sequence[str]]] = (),
        coordination: float = 1.0,
    ) -> list[tuple[StoredChunk, float]]:
        """The k best-scoring chunks for the query (BM25 score > 0), best first, keeping only `allowed` ones.

        extra: further words (e.g. glossary expansions) that count `extra_weight` times as much as the query's.
        alternatives: (phrase of the query, its other forms): a chunk using one of the other forms counts as
            having the phrase when the coordination factor is worked out (e.g. ("SEN", ["special educational needs"])).
        coordination: how strongly a chunk is rewarded for covering the query's distinctive words. The BM25 score
            is multiplied by (share of the query's words the chunk has, each word weighted by its IDF) to this
            power, so a long passage with both "SEN" and the rare "Champions" beats a short one saying "SEN" five
            times. 0 switches it off (plain BM25).
        """
        tokens = [t for t in dict.fromkeys(tokenize(query)) if t in self._vocab]
        more = [t for t in dict.fromkeys(tokenize(extra)) if t in self._vocab and t not in tokens]
        if k <= 0 or not (tokens or more) or not self.chunks:
            return []
        per_token = {t: self._bm25.get_scores([t]) for t in dict.fromkeys(tokens + more)}
        scores = np.zeros(len(self.chunks), dtype=np.float32)
        for t in tokens:
            scores = scores + per_token[t]
        if more and extra_weight > 0:
            for t in more:
                scores = scores + extra_weight * per_token[t]
        if coordination > 0:
            coverage = self._coverage(tokens, more, extra_weight, per_token, alternatives)
            scores = scores * coverage**coordination
        hits = np.flatnonzero(scores > 0)
        # Stable sort on -score keeps document order for ties, so results are reproducible.
        order = hits[np.argsort(-scores[hits], kind="stable")]
        out: list[tuple[StoredChunk, float]] = []
        for i in order:
            chunk = self.chunks[int(i)]
            if allowed is None or allowed(chunk.metadata):
                out.append((chunk, float(scores[i])))
                if len(out) == k:
                    break
        return out

    def _coverage(
        self,
        tokens: list[str],
        more: list[str],
        extra_weight: float,
        per_token: dict[str, np.ndarray],
        alternatives: Sequence[tuple[str, Sequence[str]]],
    ) -> np.ndarray:
        """Per chunk, the IDF-weighted share of the query's concepts it contains (1.0 when the query has none).

        A concept is one query word, or a phrase with alternatives (its words, or all the words of one of its
        other forms). Its weight is the IDF of its rarest query word, so rare words decide and common ones barely
        count. Extra words not tied to a phrase by `alternatives` are concepts of their own, weighted like their
        score (extra_weight times their IDF).
        """
        n = len(self.chunks)

        def has(t: str) -> np.ndarray:
            scored = per_token.get(t)
            if scored is None and t in self._vocab:
                scored = per_token[t] = self._bm25.get_scores([t])
            return scored > 0 if scored is not None else np.zeros(n, dtype=bool)

        def idf(t: str) -> float:
            df = int(has(t).sum())
            return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

        concepts: list[tuple[float, np.ndarray]] = []
        grouped: set[str] = set()  # query words inside a phrase with alternatives
        alternative_words: set[str] = set()  # the words of those alternatives (already in `more`)
        for phrase, others in alternatives:
            own = list(dict.fromkeys(tokenize(phrase)))
            if not own:
                continue
            grouped.update(own)
            present = np.logical_and.reduce([has(t) for t in own])
            for form in others:
                words = tokenize(form)
                if words:
                    alternative_words.update(words)
                    present = present | np.logical_and.reduce([has(t) for t in words])
            concepts.append((max(idf(t) for t in own), present))
        concepts += [(idf(t), has(t)) for t in tokens if t not in grouped]
        concepts += [(extra_weight * idf(t), has(t)) for t in more if t not in alternative_words]
        total = sum(weight for weight, _ in concepts)
        if total <= 0:
            return np.ones(n, dtype=np.float32)
        covered = sum(weight * present.astype(np.float32) for weight, present in concepts)
        return (covered / total).astype(np.float32)

    def save(self, directory: Path) -> None:
        """Write the index atomically: build beside the target, then swap folders."""
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".lexical-", dir=directory.parent))
        try:
            if self.chunks:
                self._bm25.save(str(staging / BM25_DIR), show_progress=False)
            with open(staging / CHUNKS, "w", encoding="utf-8") as fh:
                for c in self.chunks:
                    row = {"chunk_id": c.chunk_id, "doc_id": c.doc_id, "text": c.text, "metadata": c.metadata}
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            manifest = {"version": self.version, "format": FORMAT, "chunks": len(self.chunks)}
            (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            swap_in(staging, directory)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    @classmethod
    def read(cls, directory: Path) -> LexicalIndex | None:
        """The saved index, or None when the folder is missing, half-written or of another format."""
        import bm25s

        directory = Path(directory)
        try:
            manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                return None
            with open(directory / CHUNKS, encoding="utf-8") as fh:
                chunks = [StoredChunk(**json.loads(line)) for line in fh if line.strip()]
            if len(chunks) != manifest.get("chunks"):
                return None
            bm25 = bm25s.BM25.load(str(directory / BM25_DIR), show_progress=False) if chunks else None
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return cls(chunks, bm25=bm25, version=manifest.get("version"))


def searchable(chunk: StoredChunk) -> str:
    """What BM25 reads: the passage plus its title and section headings, as the embedder does."""
    meta = chunk.metadata
    return "\n".join(str(p) for p in (meta.get("title"), meta.get("heading_path"), chunk.text) if p)


def build_lexical_index(chunks: Sequence[StoredChunk], directory: Path, version: int) -> None:
    """Build BM25 over the live chunks and save it under directory, tagged with the Index version."""
    LexicalIndex(chunks, version=version).save(Path(directory))


def load_lexical_index(directory: Path, version: int, chunks_loader: Callable[[], list[StoredChunk]]) -> LexicalIndex:
    """The saved index when it matches `version`; otherwise rebuild it from chunks_loader() and save it."""
    saved = LexicalIndex.read(Path(directory))
    if saved is not None and saved.version == version:
        return saved
    fresh = LexicalIndex(chunks_loader(), version=version)
    if saved is not None and isinstance(saved.version, int) and saved.version > version:
        return fresh  # an ingest already saved the next version's index: never overwrite it with an older one
    try:
        fresh.save(Path(directory))
    except OSError:
        pass  # a read-only data dir still gets a working in-memory index
    return fresh
