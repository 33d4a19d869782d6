from pathlib import Path

from send_assistant.ingest import snapshot
from send_assistant.settings import Settings


def _data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "chroma").mkdir(parents=True)
    (data / "chroma" / "chroma.sqlite3").write_bytes(b"index")
    (data / "ledger.sqlite3").write_bytes(b"ledger")
    (data / "feedback.sqlite3").write_bytes(b"feedback")
    return data


def test_a_writable_data_dir_is_used_as_it_is(tmp_path):
    settings = Settings(data_dir=_data_dir(tmp_path))
    assert snapshot.index_settings(settings) is settings


def test_a_read_only_data_dir_is_served_from_a_private_copy_without_the_feedback_database(tmp_path, monkeypatch):
    data = _data_dir(tmp_path)
    monkeypatch.setattr(snapshot, "writable", lambda folder: Path(folder) != data)
    served = snapshot.index_settings(Settings(data_dir=data))
    assert served.data_dir != data
    assert (served.data_dir / "chroma" / "chroma.sqlite3").read_bytes() == b"index"
    assert (served.data_dir / "ledger.sqlite3").read_bytes() == b"ledger"
    assert not (served.data_dir / "feedback.sqlite3").exists()  # feedback must fail where it really lives


def test_a_chroma_server_needs_no_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "writable", lambda folder: False)
    settings = Settings(data_dir=_data_dir(tmp_path), chroma_url="http://127.0.0.1:9")
    assert snapshot.index_settings(settings) is settings
