import json

import pytest

from send_assistant.cli.main import main
from send_assistant.ingest.index import Index
from send_assistant.ingest.model import Chunk, DocumentMeta
from send_assistant.settings import Settings


@pytest.fixture
def indexed(tmp_path, monkeypatch, fake_embedder):
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    index = Index.open(Settings.from_env(), fake_embedder)
    docs = [
        DocumentMeta("bedford-soa", "SEND Statement of Action", area="Bedford Borough", doc_type="statement of action",
                     reviewed="2018-07-01", url="https://example.org/soa"),
        DocumentMeta("glossary", "SEND glossary", area="", doc_type="glossary"),
    ]  # fmt: skip
    for meta in docs:
        chunk = Chunk(f"{meta.doc_id}:1", meta.doc_id, 0, "text", f"{meta.title}\ntext", [], "h")
        index.commit_document(meta, [chunk], origin="t", source_hash="s", declared_hash="d")
    return index


def test_sources_json(indexed, capsys):
    assert main(["sources", "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in docs] == ["bedford-soa", "glossary"]
    assert (docs[0]["area"], docs[0]["doc_type"], docs[0]["chunks"]) == ("Bedford Borough", "statement of action", 1)
    assert docs[0]["reviewed"] == "2018-07-01" and docs[0]["url"] == "https://example.org/soa"
    assert docs[1]["reviewed"] is None and docs[1]["url"] is None


def test_sources_table(indexed, capsys):
    assert main(["sources"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "title", "area", "type", "chunks", "reviewed", "url"]
    assert "bedford-soa" in lines[1] and "Bedford Borough" in lines[1] and "https://example.org/soa" in lines[1]
    assert "glossary" in lines[2] and "(national)" in lines[2]


def test_sources_on_an_empty_index(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(tmp_path / "empty"))
    assert main(["sources"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "send-assistant ingest" in err
    assert main(["sources", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
