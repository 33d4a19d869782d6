"""Shared fixtures: offline environment, a temporary data dir, fake and real embedders."""

from __future__ import annotations

from send_assistant.settings import force_offline

force_offline()  # the product's own offline switches (settings.OFFLINE_ENV), set before any library reads them

import fcntl  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from doubles import HashEmbedder, register_doubles  # noqa: E402
from servers.postgres import database_target, postgres_server, postgres_url  # noqa: E402, F401 - fixtures

from send_assistant.ingest.embedding import MiniLMEmbedder  # noqa: E402
from send_assistant.model_profiles import load_embedder  # noqa: E402
from send_assistant.settings import DEFAULT_EMBEDDER, PROJECT_ROOT, Settings  # noqa: E402

register_doubles()  # SEND_ASSISTANT_EMBEDDER=hash-test, and its profile, for every test

SEEDS_DIR = PROJECT_ROOT / "knowledge"


@contextmanager
def built_once(tmp_path_factory, name: str) -> Iterator[Path]:
    """A folder for something costly that the whole test run builds once, held under a lock while in use.

    `make test` runs the suite on pytest-xdist workers (processes); each has its own session fixtures, so a
    session fixture that embeds with MiniLM would be built once per worker. Built inside this, it is built by the
    first worker that needs it while the others wait, then read by all: the folder is in the run's own base temp
    dir, which the workers share. Without xdist it is a folder of this session's own."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's base temp dir; each worker's own is a folder in it
    folder = base / name
    folder.mkdir(exist_ok=True)
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        yield folder


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
    from send_assistant.answering.stages.safeguarding_classifier import (
        TRAIN_FILE,
        EmbeddingRiskClassifier,
        embed_examples,
        file_digest,
        load_examples,
    )
    from send_assistant.model_profiles import profile_for

    with built_once(tmp_path_factory, "safeguarding-cache") as shared:
        # Trained as a serving process trains it, so this process's classifiers (kept per model) need no
        # embedding either; the vectors land in `shared` unless this process had trained it already (or another
        # worker embedded them: then they are read from `shared`).
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
    the safeguarding classifier's embedded training phrasings (the evaluation gate answers over this index).

    Built once per run (`built_once`); with xdist each worker answers from its own copy, so no two processes
    write one data dir."""
    from send_assistant.answering.unit_store import store_safeguarding_vectors, store_units
    from send_assistant.ingest.pipeline import ingest

    with built_once(tmp_path_factory, "seed-index") as built:
        settings = Settings(data_dir=built / "data", knowledge_dir=SEEDS_DIR)
        if not (built / "built").exists():
            share_safeguarding_cache(settings.data_dir)
            summary = ingest(settings, minilm)
            assert summary.failed == 0 and summary.added > 0, summary.errors
            store_units(settings, minilm)
            assert store_safeguarding_vectors(settings, minilm)
            (built / "built").touch()
        if not os.environ.get("PYTEST_XDIST_WORKER"):
            return settings
        copy = tmp_path_factory.mktemp("seed-index-copy") / "data"
        shutil.copytree(settings.data_dir, copy)
        return Settings(data_dir=copy, knowledge_dir=SEEDS_DIR)


@pytest.fixture(scope="session")
def real_assistant(seed_settings, minilm):
    """The real Assistant (MiniLM, shipped thresholds) over the seed index."""
    from send_assistant.answering.service import Assistant

    return Assistant.from_settings(seed_settings, embedder=minilm)
