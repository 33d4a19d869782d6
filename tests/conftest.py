"""Shared fixtures: offline environment, a temporary data dir, fake and real embedders."""

from __future__ import annotations

import os

os.environ.update(
    {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
        "TOKENIZERS_PARALLELISM": "false",
    }
)

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from ingest.embedding import HashEmbedder, MiniLMEmbedder  # noqa: E402
from ingest.settings import PROJECT_ROOT, Settings  # noqa: E402

SEEDS_DIR = PROJECT_ROOT / "knowledge"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh temporary data dir and the real knowledge/ folder."""
    return Settings(data_dir=tmp_path / "data", knowledge_dir=SEEDS_DIR)


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    """A deterministic embedder that needs no model; records batch sizes in `.calls`."""
    return HashEmbedder()


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    """The real shipped MiniLM, loaded once per test session."""
    return MiniLMEmbedder()
