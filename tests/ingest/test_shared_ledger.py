"""Replicas sharing one ledger on PostgreSQL (SEND_ASSISTANT_DATABASE_URL): an ingest is seen on the next question."""

from pathlib import Path

import pytest
from doubles import HashEmbedder

from send_assistant.errors import IndexUnavailableError
from send_assistant.ingest.index import Index
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import Settings

pytestmark = pytest.mark.servers


def _write(folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"# {name.title()}\n\nAbout {name}: short breaks and EHC plans for {name}.\n")


def test_a_serving_index_sees_another_ingest_on_its_next_question(tmp_path, postgres_url):
    knowledge = tmp_path / "knowledge"
    _write(knowledge, "alpha")
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge, database_url=postgres_url)
    ingest(settings, HashEmbedder())
    serving = Index.open(settings, HashEmbedder())
    serving.per_question = True  # as a serving process: the ledger is checked once per question
    before = serving.refresh()
    assert serving.document_count() == 1

    _write(knowledge, "beta")
    ingest(settings, HashEmbedder())  # its own Index and connections, as another replica's would be

    assert serving.view() == before  # within a question nothing moves
    after = serving.refresh()  # the next question
    assert after.version > before.version
    assert serving.document_count() == 2
    assert {c.doc_id for c in serving.live_chunks()} == {"alpha", "beta"}
    assert not (settings.data_dir / "ledger.sqlite3").exists()  # the ledger is on the server only


def test_an_ingest_while_another_runs_is_refused_whatever_the_data_dir(tmp_path, postgres_url):
    knowledge = tmp_path / "knowledge"
    _write(knowledge, "alpha")
    first = Settings(data_dir=tmp_path / "a", knowledge_dir=knowledge, database_url=postgres_url)
    second = Settings(data_dir=tmp_path / "b", knowledge_dir=knowledge, database_url=postgres_url)
    running = Index.open(first, None, lazy=True)
    with running.ledger.exclusive():
        with pytest.raises(IndexUnavailableError, match="another ingest"):
            ingest(second, HashEmbedder())
    assert ingest(second, HashEmbedder()).added == 1
