"""Test doubles for the models: a deterministic bag-of-words embedder and the model profile that goes with it.

conftest.py registers the embedder by name with `register_embedder`, as a second model would be registered, so
`Assistant.from_settings` and the CLI find its profile the way they find MiniLM's in model_profiles.yaml.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence

from send_assistant.model_profiles import ModelProfile, register_embedder

_WORD = re.compile(r"[a-z0-9]+")


class HashEmbedder:
    """Deterministic bag-of-words embedder for tests: similar words give similar vectors, no model."""

    name = "hash-test"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls: list[int] = []  # batch sizes, so tests can assert nothing was re-embedded

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in _WORD.findall(text.lower()):
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
            vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed a batch by hashing words into buckets."""
        self.calls.append(len(texts))
        return [self._vector(t) for t in texts]

    def count_tokens(self, text: str) -> int:
        """Rough stand-in: words and punctuation plus two special tokens."""
        return len(re.findall(r"\w+|[^\w\s]", text)) + 2


# The hash embedder's cosines are word-overlap ratios, lower than MiniLM's: the composer's cut-offs to match.
# The other thresholds are MiniLM's, which the tests written for them expect; the safeguarding learned layer is
# declared absent (a classifier over hashed words would flag at random), so the lexicon decides alone.
HASH_PROFILE = ModelProfile(
    name=HashEmbedder.name,
    compose={
        "min_confidence": 0.15,
        "safeguarding_confidence": 0.2,
        "min_similarity": 0.15,
        "strong_similarity": 0.4,
        "duplicate_similarity": 0.92,
        "qa_match": 0.72,
        "background_match": 0.53,
    },
    question_match=0.62,
    question_answers=0.8,
    citation_support=0.75,
    gap_topic_distance=0.8,
    safeguarding_classifier=None,
)


def register_doubles() -> None:
    """Make the hash embedder loadable by name (SEND_ASSISTANT_EMBEDDER=hash-test), with HASH_PROFILE."""
    register_embedder(HashEmbedder.name, HashEmbedder, HASH_PROFILE)
