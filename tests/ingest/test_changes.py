"""What an ingest must redo: the pipeline version follows the code that turns sources into chunks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from send_assistant.ingest import changes
from send_assistant.ingest.model import DocumentMeta


def test_the_pipeline_version_reads_the_real_loading_and_chunking_code() -> None:
    ingest_dir = Path(changes.__file__).resolve().parent
    assert all((ingest_dir / name).is_file() for name in changes._CODE)
    assert sorted((ingest_dir / "loaders").glob("*.py")), "no loader code found: the version would ignore it"


def test_a_change_to_a_loader_changes_the_pipeline_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "ingest"
    shutil.copytree(Path(changes.__file__).resolve().parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(changes, "_INGEST_DIR", copy)
    monkeypatch.setattr(changes, "_PIPELINE_VERSION", None)
    before = changes.pipeline_version()
    meta = DocumentMeta(doc_id="d", title="T", area="", doc_type="guidance")
    hash_before = changes.declared_hash(meta)

    loader = copy / "loaders" / "text.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(changes, "_PIPELINE_VERSION", None)
    assert changes.pipeline_version() != before
    assert changes.declared_hash(meta) != hash_before


def test_the_declared_hash_follows_the_declared_metadata() -> None:
    meta = DocumentMeta(doc_id="d", title="T", area="", doc_type="guidance")
    assert changes.declared_hash(meta) == changes.declared_hash(DocumentMeta(**vars(meta)))
    assert changes.declared_hash(meta) != changes.declared_hash(DocumentMeta(**{**vars(meta), "title": "U"}))
