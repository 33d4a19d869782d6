"""The ledger, on SQLite and on PostgreSQL (database_target runs each test on both)."""

import threading

import pytest
from sqlalchemy import text

from send_assistant.errors import IndexUnavailableError
from send_assistant.ingest.ledger import Ledger, LedgerEntry


def _entry(doc_id: str, chunks: list[str], source: str = "s1") -> LedgerEntry:
    return LedgerEntry(doc_id, "knowledge:/k", source, "d1", {"title": doc_id, "area": ""}, chunks)


def test_put_get_and_version_bump(database_target):
    ledger = Ledger(database_target)
    assert ledger.version == 0
    ledger.put(_entry("a", ["a:1", "a:2"]))
    ledger.put(_entry("b", ["b:1"]))
    assert ledger.version == 2
    assert ledger.get("a").chunk_ids == ["a:1", "a:2"]
    assert ledger.get("missing") is None
    assert ledger.live_chunk_ids() == {"a:1", "a:2", "b:1"}
    assert [e.doc_id for e in ledger.entries()] == ["a", "b"]


def test_replace_remove_and_clear(database_target):
    ledger = Ledger(database_target)
    ledger.put(_entry("a", ["a:1"]))
    ledger.put(_entry("a", ["a:2"], source="s2"))
    assert ledger.get("a").chunk_ids == ["a:2"] and ledger.get("a").source_hash == "s2"
    ledger.remove(["a", "not-there"])
    assert ledger.entries() == []
    version = ledger.version
    ledger.remove([])  # nothing to do: no version bump
    assert ledger.version == version
    ledger.put(_entry("b", ["b:1"]))
    ledger.clear()
    assert ledger.live_chunk_ids() == set()
    assert ledger.version == version + 2


def test_survives_reopen_and_state(database_target):
    path = database_target
    ledger = Ledger(path)
    ledger.put(_entry("a", ["a:1"]))
    ledger.set_state("embedder", "hash-test:256")
    ledger.close()
    again = Ledger(path)
    assert again.get("a").meta == {"title": "a", "area": ""}
    assert again.get_state("embedder") == "hash-test:256"
    assert again.get_state("nothing") is None
    assert again.version == 1


def test_failed_transaction_changes_nothing(database_target):
    ledger = Ledger(database_target)
    ledger.put(_entry("a", ["a:1"]))
    try:
        with ledger.transaction() as db:
            db.execute(text("DELETE FROM entries"))
            raise RuntimeError("crash inside the swap")
    except RuntimeError:
        pass
    assert ledger.get("a") is not None
    assert ledger.version == 1


def test_generation_is_built_beside_the_live_one_and_published_atomically(database_target):
    ledger = Ledger(database_target)
    ledger.put(_entry("a", ["a:1"]))
    building = ledger.begin(new_collection=True)
    assert building.collection == f"send_chunks_g{building.generation}"
    ledger.put(_entry("b", ["b:1"]), building.generation)
    assert ledger.live_chunk_ids() == {"a:1"}  # readers still see the old generation
    version = ledger.version
    retired = ledger.publish(building.generation)
    assert ledger.snapshot() == (version + 1, building.generation)
    assert ledger.live_chunk_ids() == {"b:1"} and retired.state == "retired"
    assert [g.state for g in ledger.generations()] == ["retired", "live"]
    ledger.forget(retired.generation)
    ledger.forget(building.generation)  # the live one is never forgotten
    assert [g.generation for g in ledger.generations()] == [building.generation]
    with pytest.raises(IndexUnavailableError):
        ledger.publish(retired.generation)  # gone: readers are never pointed at it


def test_another_process_ingest_is_seen_on_the_next_read(database_target):
    reader, writer = Ledger(database_target), Ledger(database_target)  # two replicas' connections
    before = reader.snapshot()
    building = writer.begin(new_collection=False)
    writer.put(_entry("new", ["n:1"]), building.generation)
    assert reader.snapshot() == before
    writer.publish(building.generation)
    assert reader.snapshot() == (before[0] + 1, building.generation)
    assert reader.get("new").chunk_ids == ["n:1"]
    assert reader.generation().collection == "send_chunks"


def test_concurrent_writers_lose_no_update(database_target):
    """Two replicas publishing and bumping at once: every bump counted, one live generation, no clash."""
    first, second = Ledger(database_target), Ledger(database_target)
    errors: list[BaseException] = []

    def work(ledger: Ledger, name: str) -> None:
        try:
            for n in range(8):
                with ledger.exclusive(wait=True):  # as an ingest holds it
                    building = ledger.begin(new_collection=False)
                    ledger.put(_entry(f"{name}{n}", [f"{name}:{n}"]), building.generation)
                    ledger.publish(building.generation)  # one bump
                    # A write to the live generation outside the lock could land after another ingest copied
                    # it and be published over: every writer of documents holds the lock.
                    ledger.put(_entry(f"{name}-live{n}", [f"{name}:live{n}"]))  # one bump
                ledger.set_state(name, str(n))  # settings need no lock
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(ledger, name)) for ledger, name in ((first, "x"), (second, "y"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    version, live = first.snapshot()
    assert version == 2 * 8 * 2
    assert [g.generation for g in first.generations("live")] == [live]
    assert {e.doc_id for e in first.entries()} == {f"{x}{n}" for x in ("x", "y", "x-live", "y-live") for n in range(8)}
    assert (first.get_state("x"), first.get_state("y")) == ("7", "7")


def test_a_second_ingest_is_refused(database_target):
    first, second = Ledger(database_target), Ledger(database_target)
    with first.exclusive():
        with pytest.raises(IndexUnavailableError, match="another ingest"):
            with second.exclusive():
                pass
    with second.exclusive():  # released when the first ingest ended
        assert second.version == 0


def test_an_unreachable_database_is_one_clear_error():
    with pytest.raises(IndexUnavailableError, match="cannot open the index ledger") as caught:
        Ledger("postgresql://someone:secret@127.0.0.1:1/nothing")
    message = str(caught.value)
    assert "secret" not in message and "\n" not in message and "Connection refused" in message


@pytest.mark.servers
def test_a_dropped_database_connection_is_replaced(postgres_url):
    """The server restarted or dropped idle connections: the next question's read still answers."""
    import psycopg

    ledger = Ledger(postgres_url)
    ledger.put(_entry("a", ["a:1"]))
    before = ledger.snapshot()
    held = [ledger._reader.raw_connection() for _ in range(3)]  # several idle connections in the pool
    for connection in held:
        connection.close()
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        dropped = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    assert dropped >= 1
    assert ledger.snapshot() == before
    assert ledger.get("a").chunk_ids == ["a:1"]


def test_a_ledger_from_before_generations_keeps_its_documents(tmp_path):
    import sqlite3

    path = tmp_path / "ledger.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE documents (doc_id TEXT PRIMARY KEY, origin TEXT NOT NULL, source_hash TEXT NOT NULL,"
        " declared_hash TEXT NOT NULL, meta_json TEXT NOT NULL, chunk_ids_json TEXT NOT NULL);"
        "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        """INSERT INTO documents VALUES ('a', 'knowledge:/k', 's1', 'd1', '{"title": "a"}', '["a:1", "a:2"]');"""
        "INSERT INTO state VALUES ('version', '7');"
    )
    old.close()
    ledger = Ledger(path)
    assert ledger.snapshot() == (7, 0) and ledger.generation().collection == "send_chunks"
    assert ledger.get("a").chunk_ids == ["a:1", "a:2"] and ledger.get("a").meta == {"title": "a"}
    assert "documents" not in {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
