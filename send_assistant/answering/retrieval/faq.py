"""Matching a question to the questions that question-and-answer guidance is written under.

National guidance (knowledge/national-guidance-england.md) answers one question per passage, under a heading that
is the question. When a user's question means the same as one of those headings, that passage should be among
the passages the composer reads, even if hybrid search ranked it lower: its answer is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from send_assistant.answering.answer import Passage
from send_assistant.answering.interfaces import Embedder, LiveIndex
from send_assistant.answering.retrieval.areas import is_allowed
from send_assistant.answering.retrieval.hybrid import to_passage

# The heading's question, then the source in brackets, which may hold brackets of its own ("reg 13(1)", "regs 35-39
# (mediation)", "Procedure (First-tier Tribunal) (HESC) Rules 2008").
_QUESTION_HEADING = re.compile(r"([^>]+\?)\s*(?:\((?:[^()]|\([^()]*\))*\))?\s*$")


def heading_question(location: str) -> str:
    """The question a passage answers: its last heading, when that heading is a question ("" otherwise)."""
    match = _QUESTION_HEADING.search(location or "")
    return match.group(1).strip() if match else ""


class QuestionMatcher:
    """Finds the Q&A passage whose heading question is closest in meaning to the user's question."""

    def __init__(
        self, index: LiveIndex, embedder: Embedder, chunks_for: Callable[[str], Sequence[object]] | None = None
    ) -> None:
        """chunks_for: area -> the chunks a search there may return (issue 10: only those are read and their
        heading questions embedded, per area when first asked); None reads every live chunk once."""
        self.index = index
        self.embedder = embedder
        self.chunks_for = chunks_for
        self._table: tuple[Any, list[Any], np.ndarray] | None = None
        self._areas: dict[str, tuple[list[Any], np.ndarray]] = {}
        self._vectors: dict[str, np.ndarray] = {}  # heading question -> vector, shared by every area
        self._version: Any = None

    def _area_entries(self, area: str) -> tuple[list[Any], np.ndarray]:
        version = getattr(self.index, "version", None)
        if version != self._version:
            self._areas, self._version = {}, version
        if area not in self._areas:
            chunks = [c for c in self.chunks_for(area) if heading_question(_meta(c, "location"))]
            questions = [heading_question(_meta(c, "location")) for c in chunks]
            new = list(dict.fromkeys(q for q in questions if q not in self._vectors))
            if new:
                self._vectors.update(zip(new, np.asarray(self.embedder.embed(new), dtype=np.float32), strict=True))
            vectors = np.stack([self._vectors[q] for q in questions]) if questions else np.zeros((0, 1))
            self._areas[area] = (chunks, vectors)
        return self._areas[area]

    def _entries(self, area: str = "") -> tuple[list[Any], np.ndarray]:
        if self.chunks_for is not None:
            return self._area_entries(area)
        version = getattr(self.index, "version", None)
        if self._table is None or self._table[0] != version:
            chunks = [c for c in self.index.live_chunks() if heading_question(_meta(c, "location"))]
            questions = [heading_question(_meta(c, "location")) for c in chunks]
            vectors = np.asarray(self.embedder.embed(questions), dtype=np.float32) if questions else np.zeros((0, 1))
            self._vectors.update(zip(questions, vectors, strict=True))
            self._table = (version, chunks, vectors)
        return self._table[1], self._table[2]

    def vector(self, question: str) -> np.ndarray | None:
        """The vector of a heading question already embedded here (None when it has not been read yet)."""
        return self._vectors.get(question)

    def best(self, question: str, area: str, query_vector: np.ndarray | None = None) -> tuple[float, Passage] | None:
        """(similarity, passage) of the closest heading question the area may see, or None when there are none."""
        chunks, vectors = self._entries(area)
        if not chunks:
            return None
        qvec = query_vector if query_vector is not None else np.asarray(self.embedder.embed([question])[0])
        sims = vectors @ np.asarray(qvec, dtype=np.float32)
        for i in np.argsort(-sims):
            chunk, sim = chunks[int(i)], float(sims[int(i)])
            if is_allowed(_meta(chunk, "area"), area):
                if isinstance(chunk, Passage):
                    return sim, replace(chunk, score=sim, dense_score=sim)
                return sim, to_passage(chunk, sim, sim)
        return None


def _meta(chunk: Any, key: str) -> str:
    """A metadata field of a stored chunk (or the attribute of a Passage, which some indexes hand out)."""
    metadata = getattr(chunk, "metadata", None)
    value = metadata.get(key) if isinstance(metadata, dict) else getattr(chunk, key, "")
    return str(value or "")
