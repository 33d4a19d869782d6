"""Dense search per area (issue 10): the area's live chunk ids go to Chroma instead of a country-wide filter."""

from doubles import HashEmbedder

from send_assistant.ingest import index_areas as index_module
from send_assistant.ingest.index import Index
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import Settings

TEXT = "Short breaks give parents a rest from caring. Book them through the {} short breaks team.\n"


def test_area_search_by_ids_returns_what_the_metadata_filter_returns(tmp_path, monkeypatch):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    embedder = HashEmbedder()
    for area in ("North", "South", ""):
        path = knowledge / f"breaks-{area or 'national'}.md"
        path.write_text(TEXT.format(area or "national"))
        ingest(settings, embedder, [path], area=area or None)
    index = Index.open(settings, embedder)
    query = embedder.embed(["book short breaks"])[0]
    by_ids = index.dense_search(query, 10, areas=["North", ""])
    assert by_ids and {c.metadata.get("area", "") for c, _ in by_ids} == {"North", ""}
    monkeypatch.setattr(index_module, "MAX_AREA_IDS", 0)  # too many ids: the metadata filter instead
    by_filter = index.dense_search(query, 10, areas=["North", ""])
    assert [(c.chunk_id, round(s, 6)) for c, s in by_ids] == [(c.chunk_id, round(s, 6)) for c, s in by_filter]
    assert index.dense_search(query, 10, areas=["Nowhere"]) == []
