"""Does the retrieved text actually mention what the question is about? A cheap second signal to dense cosine."""

from __future__ import annotations

from collections.abc import Iterable

from send_assistant.answering.answer import Passage
from send_assistant.ingest.lexical import tokenize

# Words in nearly every SEND question and passage: their presence says nothing about relevance.
_GENERIC = frozenset(
    tokenize(
        "send sen special educational needs disability disabilities child children young people person parent "
        "parents carer family families help support service services get find need local area school schools "
        "there any information advice"
    )
)


def key_terms(question: str) -> list[str]:
    """The question's distinctive words (stemmed, no stopwords, no everyday SEND words), in order, once each."""
    return [t for t in dict.fromkeys(tokenize(question)) if t not in _GENERIC]


def term_coverage(question: str, passages: Iterable[Passage]) -> float:
    """Share of the question's key terms that appear in at least one passage (1.0 when it has none)."""
    terms = key_terms(question)
    if not terms:
        return 1.0
    seen: set[str] = set()
    for passage in passages:
        seen.update(tokenize(f"{passage.title} {passage.location} {passage.text}"))
    return sum(t in seen for t in terms) / len(terms)
