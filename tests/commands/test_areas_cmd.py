from send_assistant.cli.main import main
from send_assistant.ingest.index import Index
from send_assistant.ingest.model import Chunk, DocumentMeta
from send_assistant.settings import Settings


def test_areas_one_a_line_sorted_without_national(tmp_path, monkeypatch, fake_embedder, capsys):
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    index = Index.open(Settings.from_env(), fake_embedder)
    for doc_id, area in [("w", "Worcestershire"), ("b", "Bedford Borough"), ("n", ""), ("w2", "Worcestershire")]:
        chunk = Chunk(f"{doc_id}:1", doc_id, 0, "text", "text", [], "h")
        index.commit_document(DocumentMeta(doc_id, doc_id, area=area), [chunk], origin="t", source_hash="s",
                              declared_hash="d")  # fmt: skip
    assert main(["areas"]) == 0
    assert capsys.readouterr().out == "Bedford Borough\nWorcestershire\n"


def test_areas_on_an_empty_index_prints_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    assert main(["areas"]) == 0
    assert capsys.readouterr().out == ""
