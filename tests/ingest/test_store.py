import pytest

from send_assistant.errors import IndexUnavailableError
from send_assistant.ingest.store import ChunkStore, make_client
from send_assistant.settings import Settings


@pytest.fixture
def store(tmp_path):
    return ChunkStore(make_client(Settings(data_dir=tmp_path)), "test_chunks")


def test_collection_is_cosine_without_embedding_function(store):
    config = store._collection.configuration
    assert config["hnsw"]["space"] == "cosine"
    assert config.get("embedding_function") is None


def test_add_get_query_delete(store):
    store.add(
        ["d:1", "d:2"],
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
        ["first", "second"],
        [{"doc_id": "d", "area": ""}, {"doc_id": "d", "area": "Bedford Borough"}],
    )
    assert store.count() == 2
    assert store.existing(["d:1", "zz"]) == {"d:1"}
    assert [c.text for c in store.get(["d:2", "d:1", "missing"])] == ["second", "first"]
    hits = store.query([1.0, 0.0, 0.0], 2)
    assert hits[0][0].chunk_id == "d:1" and hits[0][1] == pytest.approx(1.0, abs=1e-4)
    assert hits[1][1] == pytest.approx(0.0, abs=1e-4)  # orthogonal: cosine similarity 0
    only_local = store.query([1.0, 0.0, 0.0], 2, where={"area": {"$in": ["Bedford Borough"]}})
    assert [c.chunk_id for c, _ in only_local] == ["d:2"]
    store.delete(["d:1", "never-there"])
    assert store.all_ids() == {"d:2"}


def test_refresh_keeps_vectors_and_reports_changes(store):
    store.add(["d:1"], [[0.0, 1.0]], ["old text"], [{"doc_id": "d", "area": ""}])
    assert store.refresh(["d:1"], ["old text"], [{"doc_id": "d", "area": ""}]) == 0
    assert store.refresh(["d:1"], ["new text"], [{"doc_id": "d", "area": "Worcestershire"}]) == 1
    (chunk,) = store.get(["d:1"])
    assert chunk.text == "new text" and chunk.metadata["area"] == "Worcestershire"
    assert store.query([0.0, 1.0], 1)[0][1] == pytest.approx(1.0, abs=1e-4)


def test_reset_empties_the_collection(store):
    store.add(["d:1"], [[1.0, 0.0]], ["x"], [{"doc_id": "d"}])
    store.reset()
    assert store.count() == 0


def test_unreachable_server_is_one_clear_error(tmp_path):
    settings = Settings(data_dir=tmp_path, chroma_url="http://127.0.0.1:9")
    with pytest.raises(IndexUnavailableError, match="127.0.0.1:9"):
        ChunkStore(make_client(settings), "test_chunks")
