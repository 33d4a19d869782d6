from send_assistant.ingest.ledger import Ledger, LedgerEntry


def _entry(doc_id: str, chunks: list[str], source: str = "s1") -> LedgerEntry:
    return LedgerEntry(doc_id, "knowledge:/k", source, "d1", {"title": doc_id, "area": ""}, chunks)


def test_put_get_and_version_bump(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    assert ledger.version == 0
    ledger.put(_entry("a", ["a:1", "a:2"]))
    ledger.put(_entry("b", ["b:1"]))
    assert ledger.version == 2
    assert ledger.get("a").chunk_ids == ["a:1", "a:2"]
    assert ledger.get("missing") is None
    assert ledger.live_chunk_ids() == {"a:1", "a:2", "b:1"}
    assert [e.doc_id for e in ledger.entries()] == ["a", "b"]


def test_replace_remove_and_clear(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3")
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


def test_survives_reopen_and_state(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    ledger = Ledger(path)
    ledger.put(_entry("a", ["a:1"]))
    ledger.set_state("embedder", "hash-test:256")
    ledger.close()
    again = Ledger(path)
    assert again.get("a").meta == {"title": "a", "area": ""}
    assert again.get_state("embedder") == "hash-test:256"
    assert again.get_state("nothing") is None
    assert again.version == 1


def test_failed_transaction_changes_nothing(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    ledger.put(_entry("a", ["a:1"]))
    try:
        with ledger.transaction() as db:
            db.execute("DELETE FROM entries")
            raise RuntimeError("crash inside the swap")
    except RuntimeError:
        pass
    assert ledger.get("a") is not None
    assert ledger.version == 1
