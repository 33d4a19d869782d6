"""The baseline a user would build instead: the LangChain RAG tutorial pipeline over the same documents.

RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200) over each knowledge document's raw text,
stored in langchain_chroma.Chroma on an ephemeral in-memory chromadb client, embedded by the same MiniLM as
the product (wrapped as LangChain Embeddings, never Chroma's default model), searched top-4 by similarity with
the area ignored. Only retrieval is compared; the baseline has no answer step.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from send_assistant.evaluation.sources import KnowledgeDoc, raw_text
from send_assistant.ingest.embedding import Embedder

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4


class EmbedderAsLangChain(Embeddings):
    """Any project Embedder (MiniLMEmbedder, or HashEmbedder in tests) seen through LangChain's interface."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages in one batch."""
        return self.embedder.embed(list(texts))

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return self.embedder.embed([text])[0]


@dataclass(frozen=True)
class BaselineHit:
    """One retrieved baseline chunk with the document's area, so leaks can be counted the same way."""

    doc_id: str
    area: str
    text: str


@dataclass(frozen=True)
class BaselineSource:
    """A document to index: id, area ("" national) and its text."""

    doc_id: str
    area: str
    text: str


class LangChainBaseline:
    """The tutorial pipeline, built once, searched per question."""

    def __init__(self, store, chunks: int) -> None:
        self._store = store
        self.chunks = chunks

    def search(self, query: str, k: int = TOP_K) -> list[BaselineHit]:
        """Top-k by similarity, every area mixed together as the tutorial does."""
        documents = self._store.similarity_search(query, k=k)
        return [
            BaselineHit(doc_id=d.metadata.get("doc_id", ""), area=d.metadata.get("area", ""), text=d.page_content)
            for d in documents
        ]


def sources_from_knowledge(docs: Sequence[KnowledgeDoc]) -> list[BaselineSource]:
    """The manifest's documents as raw text, exactly as a user would feed them to the tutorial."""
    return [BaselineSource(doc_id=d.doc_id, area=d.area, text=raw_text(d)) for d in docs]


def build_baseline(sources: Sequence[BaselineSource], embedder: Embedder) -> LangChainBaseline:
    """Split, embed and store the sources in a fresh in-memory Chroma collection."""
    import chromadb
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    documents = splitter.create_documents(
        [s.text for s in sources], metadatas=[{"doc_id": s.doc_id, "area": s.area} for s in sources]
    )
    client = chromadb.EphemeralClient(settings=chromadb.config.Settings(anonymized_telemetry=False))
    # A unique name: ephemeral clients share one in-process system, and tests build several baselines.
    store = Chroma(
        collection_name=f"baseline-{uuid.uuid4().hex[:12]}",
        embedding_function=EmbedderAsLangChain(embedder),
        client=client,
    )
    if documents:
        store.add_documents(documents)
    return LangChainBaseline(store, chunks=len(documents))
