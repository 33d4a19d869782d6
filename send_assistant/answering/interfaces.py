"""What the answer pipeline needs from its injected parts, and the edges from the answer service, as Protocols.

The real parts are HybridRetriever (retrieval/hybrid.py), QuestionMatcher (retrieval/faq.py), Glossary
(glossary.py), a LangChain chat model (llm.py), an embedder (send_assistant/ingest/embedding.py) and the Assistant
(service.py); any object with these methods will do, so tests pass small fakes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Protocol

import numpy as np

from send_assistant.answering.answer import Answer, Passage
from send_assistant.ingest.embedding import Embedder

__all__ = [
    "AnswerService",
    "LiveIndex",
    "ChatModel",
    "Embedder",
    "Glossary",
    "QuestionMatcher",
    "Retriever",
    "SearchResult",
    "UnitLimits",
    "UnitVectors",
]


class SearchResult(Protocol):
    """Passages best first, and the retrieval confidence (the best dense similarity among them)."""

    @property
    def passages(self) -> Sequence[Passage]:
        """Passages, best first."""
        ...

    @property
    def confidence(self) -> float:
        """The best dense similarity among the passages (0.0 when none has one)."""
        ...


class Retriever(Protocol):
    """Searches the index for a question within an area (the area's documents plus national ones)."""

    def search(self, query: str, area: str = "", k: int = 10) -> SearchResult:
        """The k best passages for the query."""
        ...


class QuestionMatcher(Protocol):
    """Finds the guidance Q&A whose heading asks the user's question."""

    def best(self, question: str, area: str) -> tuple[float, Passage] | None:
        """(similarity, passage) of the closest guidance question for the area, or None."""
        ...


class Glossary(Protocol):
    """The SEND glossary, as far as the checks need it."""

    def acronyms(self) -> Mapping[str, str]:
        """Abbreviation -> what it stands for ("EHCP" -> "Education, Health and Care Plan")."""
        ...


class ChatModel(Protocol):
    """An optional chat model (a LangChain chat model): `invoke` takes (role, text) messages."""

    def invoke(self, messages: Sequence[tuple[str, str]], /) -> object:
        """The model's reply: a message with `content`, or the text itself."""
        ...


class UnitLimits(Protocol):
    """The sizes that decide a passage's sentence units (the composer's ComposeConfig has them)."""

    @property
    def max_words(self) -> int:
        """Longest sentence kept, in words."""
        ...

    @property
    def max_intro_words(self) -> int:
        """Longest sentence ending ':' shown with the list it introduces, in words."""
        ...

    @property
    def min_words(self) -> int:
        """Shortest sentence that stands on its own, in words."""
        ...

    @property
    def max_list_items(self) -> int:
        """Most list items shown after an introducing sentence."""
        ...

    @property
    def max_item_words(self) -> int:
        """Longest list item, in words."""
        ...


class AnswerService(Protocol):
    """What the edges (web app, API, CLI, evaluation) need from the answer service (answering/service.py)."""

    def ask(
        self,
        question: str,
        area: str = "",
        audience: str = "parent",
        history: list[dict[str, str]] | None = None,
        id: str | None = None,  # noqa: A002 - the API's field name
    ) -> Answer:
        """Answer one question; history: earlier turns [{"role", "content"}] for follow-ups."""
        ...

    def ask_stream(
        self,
        question: str,
        area: str = "",
        audience: str = "parent",
        history: list[dict[str, str]] | None = None,
        id: str | None = None,  # noqa: A002 - the API's field name
    ) -> Iterator[str | Answer]:
        """The answer markdown growing sentence by sentence, then the final Answer."""
        ...

    def areas(self) -> list[str]:
        """The local areas the index has documents for."""
        ...

    def health(self) -> dict[str, object]:
        """{"status": "ok", ...} when the index can answer, else {"status": "unavailable", "reason": ...}."""
        ...

    @property
    def embedder(self) -> Embedder:
        """The embedder, which the web app's insight pages group unanswered questions with (read on first use)."""
        ...


class LiveIndex(Protocol):
    """What the answer service reads from the index directly (send_assistant/ingest/index.py, Index)."""

    @property
    def version(self) -> int:
        """Changes whenever an ingest publishes new content."""
        ...

    def live_chunks(self) -> Sequence[object]:
        """The chunks now served (objects with chunk_id and text)."""
        ...

    def areas(self) -> list[str]:
        """The local areas the served documents cover."""
        ...

    def chunk_count(self) -> int:
        """How many chunks are served."""
        ...

    def document_count(self) -> int:
        """How many documents are served."""
        ...


class UnitVectors(Protocol):
    """Unit vectors stored at ingest, by chunk (answering/unit_store.py, UnitStore)."""

    def get(self, chunk_ids: Sequence[str]) -> dict[str, dict[str, np.ndarray]]:
        """chunk_id -> {unit text: vector} for the chunks that have stored units."""
        ...

    def put(self, rows: Iterable[tuple[str, Sequence[str], np.ndarray]]) -> None:
        """Store (chunk_id, unit texts, their vectors) rows."""
        ...
