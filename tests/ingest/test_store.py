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


def _clustered(n: int, dim: int, seed: int):
    """Unit vectors in a few tight clusters, as passages on a handful of topics are: hard for a narrow HNSW search."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(8, dim))
    vectors = centres[rng.integers(0, 8, size=n)] + 0.35 * rng.normal(size=(n, dim))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_search_for_many_passages_is_exact(tmp_path):
    """k=100 from Chroma equals exact cosine search, whole-collection and by ids, before and after a reopen."""
    import numpy as np

    vectors = _clustered(900, 48, seed=7)
    ids = [f"d:{i}" for i in range(len(vectors))]
    first = ChunkStore(make_client(Settings(data_dir=tmp_path)), "test_chunks")
    first.add(ids, vectors.tolist(), ids, [{"doc_id": "d"} for _ in ids])
    subset = ids[::2]
    queries = _clustered(12, 48, seed=8)
    for store in (first, ChunkStore(make_client(Settings(data_dir=tmp_path)), "test_chunks")):
        for query in queries:
            sims = vectors @ query
            exact = {ids[i] for i in np.argsort(-sims)[:100]}
            assert {c.chunk_id for c, _ in store.query(query.tolist(), 100)} == exact
            exact_subset = {ids[i] for i in sorted(range(0, len(ids), 2), key=lambda i: -sims[i])[:100]}
            assert {c.chunk_id for c, _ in store.query(query.tolist(), 100, ids=subset)} == exact_subset


def test_existing_collection_is_widened_when_opened(tmp_path):
    from send_assistant.ingest import store as store_module

    client = make_client(Settings(data_dir=tmp_path))
    client.get_or_create_collection("old", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    assert client.get_collection("old").configuration["hnsw"]["ef_search"] < store_module.EF_SEARCH
    ChunkStore(client, "old")
    assert client.get_collection("old").configuration["hnsw"]["ef_search"] == store_module.EF_SEARCH


def test_a_store_that_refuses_the_wider_search_still_opens(tmp_path, caplog):
    client = make_client(Settings(data_dir=tmp_path))
    real = client.get_or_create_collection("old", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})

    class Refusing:  # a server that will not change a collection's configuration
        configuration = real.configuration

        def modify(self, **kwargs):
            raise ValueError("configuration changes are not allowed here")

    class Client:
        def get_or_create_collection(self, *args, **kwargs):
            return Refusing()

    with caplog.at_level("WARNING"):
        store = ChunkStore(Client(), "old")
    assert isinstance(store._collection, Refusing)
    assert "stays approximate" in caplog.text
