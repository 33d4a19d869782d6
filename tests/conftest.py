"""Shared fixtures: offline environment, a temporary data dir, fake and real embedders."""

from __future__ import annotations

from send_assistant.settings import force_offline

force_offline()  # the product's own offline switches (settings.OFFLINE_ENV), set before any library reads them

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from doubles import HashEmbedder, register_doubles  # noqa: E402
from servers.postgres import database_target, postgres_server, postgres_url  # noqa: E402, F401 - fixtures

from send_assistant.ingest.embedding import MiniLMEmbedder  # noqa: E402
from send_assistant.model_profiles import load_embedder  # noqa: E402
from send_assistant.settings import DEFAULT_EMBEDDER, PROJECT_ROOT, Settings  # noqa: E402

register_doubles()  # SEND_ASSISTANT_EMBEDDER=hash-test, and its profile, for every test

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
    """The real shipped MiniLM (built as the product builds it), loaded once per test session."""
    return load_embedder(DEFAULT_EMBEDDER)


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory, minilm) -> Settings:
    """An index of the whole knowledge/ folder (five seeds, national guidance, glossary) built once with MiniLM."""
    from send_assistant.ingest.pipeline import ingest

    settings = Settings(data_dir=tmp_path_factory.mktemp("seed-index") / "data", knowledge_dir=SEEDS_DIR)
    ingest(settings, minilm)
    return settings


@pytest.fixture(scope="session")
def real_assistant(seed_settings, minilm):
    """The real Assistant (MiniLM, shipped thresholds) over the seed index."""
    from send_assistant.answering.service import Assistant

    return Assistant.from_settings(seed_settings, embedder=minilm)
