"""An ingest killed part-way leaves no half-written document visible and no duplicates after the next run."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from doubles import HashEmbedder

from send_assistant.errors import ModelUnavailableError
from send_assistant.ingest.index import Index
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import PROJECT_ROOT, Settings

SECTIONS = 6  # per document; with a batch of 2 chunks, killing mid-run lands inside a document


def _corpus(root: Path, database_url: str | None = None) -> Settings:
    knowledge = root / "knowledge"
    knowledge.mkdir(parents=True)
    for name in ("alpha", "beta", "gamma"):
        body = "\n\n".join(
            f"## {name.title()} section {n}\n\nParagraph {n} of {name} about SEND support, short breaks and "
            f"EHC plans, number {n}."
            for n in range(SECTIONS)
        )
        (knowledge / f"{name}.md").write_text(f"# {name.title()}\n\n{body}\n")
    return Settings(data_dir=root / "data", knowledge_dir=knowledge, database_url=database_url)


class FailingEmbedder(HashEmbedder):
    """Raises once `limit` texts have been embedded, like a model dying mid-run."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit, self.done = limit, 0

    def embed(self, texts):
        if self.done + len(texts) > self.limit:
            raise RuntimeError("out of memory")
        self.done += len(texts)
        return super().embed(texts)


def _assert_consistent(settings: Settings) -> Index:
    """Every visible document has all its chunks; nothing visible is half-written."""
    index = Index.open(settings, None)
    stored = index.store.all_ids()
    for entry in index.ledger.entries():
        assert set(entry.chunk_ids) <= stored, f"{entry.doc_id} is visible with chunks missing"
    visible = [c.chunk_id for c in index.live_chunks()]
    assert len(visible) == len(set(visible)) == index.chunk_count()
    return index


def _clean_rerun(settings: Settings, reference_chunks: int) -> None:
    summary = ingest(settings, HashEmbedder())
    assert summary.failed == 0 and summary.added + summary.unchanged == 3
    index = _assert_consistent(settings)
    assert index.store.count() == index.chunk_count() == reference_chunks == summary.chunks  # no duplicates


@pytest.fixture
def reference_chunks(tmp_path) -> int:
    return ingest(_corpus(tmp_path / "reference"), HashEmbedder()).chunks


def test_model_failure_mid_document(tmp_path, monkeypatch, reference_chunks):
    monkeypatch.setattr("send_assistant.ingest.index.EMBED_BATCH", 2)
    settings = _corpus(tmp_path)
    with pytest.raises(ModelUnavailableError, match="out of memory"):
        ingest(settings, FailingEmbedder(limit=reference_chunks // 3 + 3))
    index = _assert_consistent(settings)
    assert index.document_count() == 1  # the first document committed, the second never became visible
    assert index.store.count() > index.chunk_count()  # ...though some of its chunks were written
    _clean_rerun(settings, reference_chunks)


CRASHING_RUN = """
import os, signal, sys
from pathlib import Path
import send_assistant.ingest.index as index_module
sys.path.insert(0, "tests")  # run from the project root: the test doubles are in tests/doubles.py
from doubles import HashEmbedder
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import Settings

index_module.EMBED_BATCH = 2

class KilledEmbedder(HashEmbedder):
    def embed(self, texts):
        if sum(self.calls) >= int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)  # as abrupt as a power cut: no cleanup, no finally
        return super().embed(texts)

ingest(Settings(data_dir=Path(sys.argv[1]), knowledge_dir=Path(sys.argv[2]), database_url=sys.argv[4] or None),
       KilledEmbedder())
"""


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.servers)])
def ledger_url(request) -> str | None:
    """The ledger on its default SQLite file (None), or on a fresh PostgreSQL database."""
    return request.getfixturevalue("postgres_url") if request.param == "postgresql" else None


def test_kill_9_mid_ingest(tmp_path, reference_chunks, ledger_url):
    settings = _corpus(tmp_path, ledger_url)
    kill_after = reference_chunks // 2 + 1
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRASHING_RUN), str(settings.data_dir), str(settings.knowledge_dir),
         str(kill_after), ledger_url or ""],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == -9, proc.stderr
    index = _assert_consistent(settings)
    # The run was building a new generation beside the live (empty) one: none of it became visible.
    assert index.document_count() == 0
    visible = index.chunk_count()
    assert index.store.count() > visible  # it died with a document half-written, invisibly
    resumed = ingest(settings, HashEmbedder())
    # Chunks written before the kill are reused, not embedded again.
    assert resumed.embedded < reference_chunks - visible
    _clean_rerun(settings, reference_chunks)
