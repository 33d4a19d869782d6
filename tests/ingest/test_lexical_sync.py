"""A replica's BM25 indexes (issue 10): built per area from the shared ledger and store when first searched, the same
as the ones the ingest wrote in its own data dir, and reused while the area's documents are unchanged."""

from pathlib import Path

from doubles import HashEmbedder

from send_assistant.ingest.index import Index
from send_assistant.ingest.lexical_areas import AreaLexicon, area_key
from send_assistant.ingest.lexical_sync import SYNCED_DIR, SyncedLexicon, open_lexicon, shared_vocabulary
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import Settings

DOCS = {
    "North": "# Annual reviews\n\nAnnual reviews of EHC plans in the north are running late this year.\n\n"
    "## Short breaks\n\nThe Northfield short breaks hub opens on Saturdays for disabled children.",
    "South": "# Annual reviews\n\nAnnual reviews in the south are on time. The parent carer forum meets monthly.",
    "": "# EHC plans\n\nAn annual review looks at the EHC plan every year.\n\n## Short breaks\n\n"
    "Short breaks give parent carers a rest from caring.",
}
QUERIES = ["annual reviews", "short breaks on Saturdays", "parent carer forum", "EHC plan every year"]


def _write(knowledge: Path, area: str, text: str) -> Path:
    path = knowledge / f"{area.lower() or 'national'}.md"
    path.write_text(text + "\n")
    return path


def _corpus(tmp_path) -> tuple[Settings, Path]:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    settings = Settings(data_dir=tmp_path / "ingested", knowledge_dir=knowledge)
    for area, text in DOCS.items():
        ingest(settings, HashEmbedder(), [_write(knowledge, area, text)], area=area or None)
    return settings, knowledge


def _ranked(lexicon, area: str) -> list[list[tuple[str, float]]]:
    return [[(c.chunk_id, round(s, 6)) for c, s in lexicon.for_area(area).search(q, k=10)] for q in QUERIES]


def test_a_replica_builds_the_same_indexes_as_the_ingest_one_area_at_a_time(tmp_path):
    settings, _ = _corpus(tmp_path)
    index = Index.open(settings, None)
    ingested = AreaLexicon.read(settings.lexical_dir, index.version)
    assert ingested is not None
    replica_dir = tmp_path / "replica" / "lexical"  # another data dir: nothing saved there yet
    synced = open_lexicon(replica_dir, index)
    assert isinstance(synced, SyncedLexicon)
    assert not (replica_dir / SYNCED_DIR).exists()  # nothing is built before a search
    assert _ranked(synced, "North") == _ranked(ingested, "North")
    built = [p.name for p in (replica_dir / SYNCED_DIR).iterdir()]
    assert len(built) == 1 and built[0].startswith(area_key("North") + "-")  # only the area searched
    for area in ("South", "", "Nowhere"):
        assert _ranked(synced, area) == _ranked(ingested, area)
    north = {c.chunk_id for c, _ in synced.for_area("North").search("annual reviews", k=10)}
    assert north and all(c.metadata.get("area") in ("North", "") for c in synced.for_area("North").chunks)
    assert sum(synced.words().values()) > 0
    assert synced.words() == ingested.words()  # the spelling vocabulary comes from the ledger


def test_an_unchanged_area_reuses_its_saved_index_after_another_area_is_ingested(tmp_path, monkeypatch):
    settings, knowledge = _corpus(tmp_path)
    replica_dir = tmp_path / "replica" / "lexical"
    index = Index.open(settings, None)
    first = open_lexicon(replica_dir, index)
    first.for_area("North")
    first.for_area("South")
    text = DOCS["South"] + " Ring the Southgate SEND team on Mondays."
    ingest(settings, HashEmbedder(), [_write(knowledge, "South", text)], area="South")
    reads: list[int] = []
    real = index.chunks_in
    monkeypatch.setattr(index, "chunks_in", lambda collection, ids: reads.append(len(ids)) or real(collection, ids))
    second = open_lexicon(replica_dir, index)
    assert second.version > first.version
    assert second.for_area("North").search("late", k=1)  # North's documents did not change: reused from disk
    assert reads == []
    south = second.for_area("South").search("Southgate Mondays", k=1)
    assert reads and south and "Southgate" in south[0][0].text  # South's changed: rebuilt from the store
    south_folders = list((replica_dir / SYNCED_DIR).glob(area_key("South") + "-*"))
    assert len(south_folders) == 1  # its earlier version was removed
    assert "southgate" in shared_vocabulary(index.ledger)


def test_the_ingest_data_dir_uses_the_indexes_the_ingest_saved(tmp_path):
    settings, _ = _corpus(tmp_path)
    index = Index.open(settings, None)
    assert isinstance(open_lexicon(settings.lexical_dir, index), AreaLexicon)


def test_an_area_whose_passages_cannot_all_be_read_is_neither_kept_nor_saved(tmp_path, monkeypatch):
    settings, _ = _corpus(tmp_path)
    index = Index.open(settings, None)
    replica_dir = tmp_path / "replica" / "lexical"
    real = index.chunks_in
    reads: list[int] = []
    monkeypatch.setattr(index, "chunks_in", lambda collection, ids: reads.append(1) or real(collection, ids)[1:])
    lexicon = open_lexicon(replica_dir, index)
    partial = lexicon.for_area("North")
    assert 0 < len(partial.chunks) < len(AreaLexicon.read(settings.lexical_dir, index.version).for_area("North").chunks)
    assert not list((replica_dir / SYNCED_DIR).glob(area_key("North") + "-*"))
    monkeypatch.setattr(index, "chunks_in", lambda collection, ids: reads.append(1) or real(collection, ids))
    whole = lexicon.for_area("North")  # tried again on the next question
    assert len(reads) == 2 and len(whole.chunks) == len(partial.chunks) + 1
    assert lexicon.for_area("North") is whole and len(reads) == 2
