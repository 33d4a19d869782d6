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
def share_safeguarding_cache(tmp_path_factory, minilm):
    """A function that puts MiniLM's embedded safeguarding training phrasings into a data dir's cache
    (Settings.safeguarding_cache_dir), embedded once per test session.

    Every fresh data dir otherwise embeds the whole training file again (thousands of phrasings, the most costly
    step of a first ingest or start on 2 cores), in this process or in each `ingest`/`serve` child. The cache is
    named by model and training-file digest, so a copy is exactly what the data dir would have built itself; what
    reads and writes the cache is tested on its own data dirs (tests/test_unit_store.py,
    tests/stages/test_safeguarding_classifier.py)."""
    import shutil

    from send_assistant.answering.stages.safeguarding_classifier import (
        TRAIN_FILE,
        EmbeddingRiskClassifier,
        embed_examples,
        file_digest,
        load_examples,
    )
    from send_assistant.model_profiles import profile_for

    shared = tmp_path_factory.mktemp("safeguarding-cache")
    # Trained as a serving process trains it, so this process's classifiers (kept per model) need no embedding
    # either; the vectors land in `shared` unless this process had trained it already.
    EmbeddingRiskClassifier(minilm, profile_for(minilm.name).safeguarding_profile(), cache_dir=shared).warm()
    if not list(shared.glob("train-*.npy")):
        embed_examples(minilm, load_examples(TRAIN_FILE), file_digest(TRAIN_FILE), shared)
    (cached,) = shared.glob("train-*.npy")

    def share(data_dir: Path) -> None:
        target = Path(data_dir) / "safeguarding"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target / cached.name)

    return share


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory, minilm, share_safeguarding_cache) -> Settings:
    """An index of the whole knowledge/ folder (five seeds, national guidance, glossary) built once with MiniLM,
    as `send-assistant ingest` builds the default knowledge base: the passages, the composer's unit vectors and
    the safeguarding classifier's embedded training phrasings (the evaluation gate answers over this index)."""
    from send_assistant.answering.unit_store import store_safeguarding_vectors, store_units
    from send_assistant.ingest.pipeline import ingest

    settings = Settings(data_dir=tmp_path_factory.mktemp("seed-index") / "data", knowledge_dir=SEEDS_DIR)
    share_safeguarding_cache(settings.data_dir)
    summary = ingest(settings, minilm)
    assert summary.failed == 0 and summary.added > 0, summary.errors
    store_units(settings, minilm)
    assert store_safeguarding_vectors(settings, minilm)
    return settings


@pytest.fixture(scope="session")
def real_assistant(seed_settings, minilm):
    """The real Assistant (MiniLM, shipped thresholds) over the seed index."""
    from send_assistant.answering.service import Assistant

    return Assistant.from_settings(seed_settings, embedder=minilm)
