"""An in-memory stand-in for send_assistant.ingest.index.Index, for retrieval tests without Chroma."""

from __future__ import annotations

import json

from doubles import HashEmbedder

from send_assistant.ingest.store import StoredChunk

AREAS = ["Alderley", "Brampton", "Carrow"]


def chunk(chunk_id: str, text: str, area: str, title: str = "", **meta) -> StoredChunk:
    """A stored chunk with the metadata ingest writes (send_assistant/ingest/index.py, chunk_metadata)."""
    doc_id = chunk_id.split(":")[0]
    metadata = {
        "doc_id": doc_id,
        "title": title or f"{doc_id} title",
        "area": area,
        "doc_type": "guidance" if area == "" else "local offer page",
        "location": "Section > Part",
        "heading_path": "Section > Part",
        "ordinal": 0,
        "content_hash": chunk_id,
        **meta,
    }
    return StoredChunk(chunk_id=chunk_id, doc_id=doc_id, text=text, metadata=metadata)


class FakeIndex:
    """version / live_chunks / dense_search over a list of chunks, with exact cosine from an embedder.

    leaky=True ignores the area filter, to prove the retriever's own last-line filter holds.
    """

    def __init__(self, chunks: list[StoredChunk], embedder=None, leaky: bool = False) -> None:
        self.embedder = embedder or HashEmbedder()
        self.leaky = leaky
        self.version = 1
        self.live_calls = 0
        self.set_chunks(chunks)

    def set_chunks(self, chunks: list[StoredChunk]) -> None:
        """Replace the content, as an ingest would, and bump the version."""
        self._chunks = list(chunks)
        texts = [f"{c.metadata['title']}\n{c.metadata['heading_path']}\n{c.text}" for c in self._chunks]
        self._vectors = self.embedder.embed(texts) if texts else []
        self.version += 1

    def live_chunks(self) -> list[StoredChunk]:
        self.live_calls += 1
        return list(self._chunks)

    def dense_search(self, embedding, k, areas=None):
        scored = []
        for c, vec in zip(self._chunks, self._vectors, strict=True):
            if areas is not None and not self.leaky and c.metadata["area"] not in areas:
                continue
            scored.append((c, sum(a * b for a, b in zip(embedding, vec, strict=True))))
        scored.sort(key=lambda pair: -pair[1])
        return scored[:k]

    def areas(self) -> list[str]:
        return sorted({c.metadata["area"] for c in self._chunks} - {""})


def corpus() -> list[StoredChunk]:
    """Three local areas with look-alike local pages, plus national guidance."""
    contact = json.dumps({"name": "Carrow SENDIASS", "phone": "0100 000000", "email": "ask@example.org"})
    out = []
    for area in AREAS:
        key = area.lower()
        out += [
            chunk(f"{key}-forum:1", f"The {area} Parent Carer Forum meets every month to work with the council.", area),
            chunk(f"{key}-ehcp:1", f"In {area} requests for an EHCP go to the {area} SEND team.", area),
            chunk(
                f"{key}-breaks:1",
                f"Short breaks in {area}: holiday clubs and overnight stays for disabled children.",
                area,
            ),
        ]
    out[-1].metadata["contact"] = contact
    out += [
        chunk(
            "national-cop:1",
            "An Education, Health and Care plan describes needs, outcomes and provision.",
            "",
            title="SEND Code of Practice",
            url="https://example.org/cop",
            reviewed="2024-01-01",
        ),
        chunk(
            "national-forum:1",
            "A parent carer forum is a group of parents of disabled children in a local area.",
            "",
            title="SEND glossary",
        ),
        chunk(
            "national-iass:1",
            "SENDIASS gives free impartial information, advice and support about SEND.",
            "",
            title="SEND glossary",
        ),
    ]
    return out
