"""Incremental behaviour of the ingest pipeline, with the fake embedder."""

import io
import shutil
from pathlib import Path

import pytest
from chromadb.api.client import SharedSystemClient
from doubles import HashEmbedder

from send_assistant.ingest.index import Index
from send_assistant.ingest.pipeline import ingest
from send_assistant.settings import Settings

MANIFEST = """
documents:
  - id: short-breaks
    file: short-breaks.md
    title: Short breaks in Bedford
    area: Bedford Borough
    doc_type: local offer page
    reviewed: 2024-05-01
  - id: transport
    file: transport.txt
    title: Home to school transport
    area: Worcestershire
    doc_type: policy
"""

SHORT_BREAKS = """# Short breaks

## What short breaks are

Short breaks give disabled children time to have fun and give parents and carers a rest from caring.

## How to ask for one

Ask the SEND team for a short breaks assessment. They will reply within four weeks.
"""

TRANSPORT = """Home to school transport

Children with an EHC plan who live beyond walking distance may get free transport to school.
Apply online before the end of May for the next school year.
"""


def _knowledge(root: Path) -> Path:
    knowledge = root / "knowledge"
    knowledge.mkdir()
    (knowledge / "sources.yaml").write_text(MANIFEST)
    (knowledge / "short-breaks.md").write_text(SHORT_BREAKS)
    (knowledge / "transport.txt").write_text(TRANSPORT)
    return knowledge


@pytest.fixture
def corpus(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", knowledge_dir=_knowledge(tmp_path))


def _texts(settings: Settings, doc_id: str) -> str:
    return " ".join(c.text for c in Index.open(settings, None).live_chunks() if c.doc_id == doc_id)


def test_first_run_adds_second_run_embeds_nothing(corpus, fake_embedder):
    first = ingest(corpus, fake_embedder)
    assert (first.added, first.failed, first.errors) == (2, 0, [])
    assert first.embedded == first.chunks > 2
    fake_embedder.calls.clear()
    second = ingest(corpus, fake_embedder)
    assert (second.unchanged, second.added, second.updated, second.embedded) == (2, 0, 0, 0)
    assert fake_embedder.calls == []  # the model was never asked for anything
    assert second.chunks == first.chunks
    assert set(second.to_dict()) == {
        "added", "updated", "unchanged", "removed", "failed", "chunks", "embedded", "seconds", "errors"
    }  # fmt: skip


def test_changed_document_is_replaced_reusing_unchanged_chunks(corpus, fake_embedder):
    first = ingest(corpus, fake_embedder)
    path = corpus.knowledge_dir / "short-breaks.md"
    path.write_text(SHORT_BREAKS.replace("within four weeks", "within six weeks"))
    second = ingest(corpus, fake_embedder)
    assert (second.updated, second.unchanged) == (1, 1)
    assert 1 <= second.embedded < first.chunks  # only the changed passage is embedded again
    text = _texts(corpus, "short-breaks")
    assert "within six weeks" in text and "within four weeks" not in text
    index = Index.open(corpus, None)
    assert index.store.count() == index.chunk_count() == first.chunks  # old passage deleted, no duplicates


def test_manifest_metadata_change_updates_without_embedding(corpus, fake_embedder):
    ingest(corpus, fake_embedder)
    manifest = corpus.knowledge_dir / "sources.yaml"
    manifest.write_text(MANIFEST.replace("area: Worcestershire", "area: Buckinghamshire"))
    summary = ingest(corpus, fake_embedder)
    assert (summary.updated, summary.embedded) == (1, 0)
    index = Index.open(corpus, None)
    assert index.areas() == ["Bedford Borough", "Buckinghamshire"]
    assert {c.metadata["area"] for c in index.live_chunks() if c.doc_id == "transport"} == {"Buckinghamshire"}


def test_removed_document_is_deleted(corpus, fake_embedder):
    ingest(corpus, fake_embedder)
    (corpus.knowledge_dir / "transport.txt").unlink()
    manifest = corpus.knowledge_dir / "sources.yaml"
    manifest.write_text(MANIFEST.split("  - id: transport")[0])
    summary = ingest(corpus, fake_embedder)
    assert (summary.removed, summary.unchanged, summary.failed) == (1, 1, 0)
    index = Index.open(corpus, None)
    assert [d["id"] for d in index.documents()] == ["short-breaks"]
    assert index.store.count() == index.chunk_count()


def test_rebuild_starts_clean(corpus, fake_embedder):
    first = ingest(corpus, fake_embedder)
    version = Index.open(corpus, None).version
    rebuilt = ingest(corpus, fake_embedder, rebuild=True)
    assert (rebuilt.added, rebuilt.embedded, rebuilt.chunks) == (2, first.chunks, first.chunks)
    assert Index.open(corpus, None).version > version


def test_another_embedder_forces_a_rebuild(corpus, fake_embedder):
    first = ingest(corpus, fake_embedder)
    other = HashEmbedder(dim=64)
    other.name = "another-model"
    summary = ingest(corpus, other)
    assert summary.embedded == first.chunks and summary.added == 2


def test_a_deleted_vector_store_is_rebuilt_from_the_sources(corpus, fake_embedder):
    first = ingest(corpus, fake_embedder)
    shutil.rmtree(corpus.chroma_dir)
    SharedSystemClient.clear_system_cache()  # as a new process would: forget the open store
    summary = ingest(corpus, fake_embedder)
    assert (summary.updated, summary.embedded) == (2, first.chunks)
    assert Index.open(corpus, None).store.count() == summary.chunks


def test_chunks_missing_from_chroma_are_restored_when_the_run_has_work(corpus, fake_embedder):
    ingest(corpus, fake_embedder)
    index = Index.open(corpus, None)
    lost = [c.chunk_id for c in index.live_chunks() if c.doc_id == "transport"]
    index.store.delete(lost)
    (corpus.knowledge_dir / "short-breaks.md").write_text(SHORT_BREAKS + "\nMore detail.\n")
    summary = ingest(corpus, fake_embedder)
    assert summary.updated == 2 and summary.embedded >= len(lost)
    assert Index.open(corpus, None).store.count() == summary.chunks


def test_paths_get_area_and_type_and_keep_them(tmp_path, corpus, fake_embedder):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "Speech Therapy.md").write_text("# Speech therapy\n\nThe speech and language therapy team sees children.")
    summary = ingest(corpus, fake_embedder, [folder], area="Bedford Borough", doc_type="local offer page")
    assert summary.added == 1
    ingest(corpus, fake_embedder, [folder / "Speech Therapy.md"])  # no flags: what it had is kept
    (doc,) = [d for d in Index.open(corpus, None).documents() if d["id"] == "speech-therapy"]
    assert (doc["area"], doc["doc_type"]) == ("Bedford Borough", "local offer page")
    (folder / "Speech Therapy.md").unlink()
    assert ingest(corpus, fake_embedder, [folder]).removed == 1


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Each bad file, and a word its failure reason must contain."""
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    folder.mkdir()
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n%%EOF")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Secret SEND policy")
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.encrypt("password")
    with (folder / "encrypted.pdf").open("wb") as fh:
        writer.write(fh)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "good.txt").write_text("Parent carer forums help shape local services for children with SEND.")
    return {"corrupt.pdf": "pdf", "encrypted.pdf": "encrypt", "empty.txt": "empty", "binary.txt": "binary"}


def test_bad_files_fail_one_by_one_and_the_rest_are_ingested(tmp_path, corpus, fake_embedder):
    bad = _bad_inputs(tmp_path / "mixed")
    odd = tmp_path / "notes.xyz"
    odd.write_text("what is this")
    summary = ingest(corpus, fake_embedder, [tmp_path / "mixed", odd, tmp_path / "missing.docx"])
    assert summary.added == 1  # good.txt
    reasons = {Path(e["path"]).name: e["reason"] for e in summary.errors}
    for name, word in bad.items():
        assert word in reasons[name].lower(), (name, reasons[name])
    assert "xyz" in reasons["notes.xyz"] and "no such file" in reasons["missing.docx"]
    assert summary.failed == len(bad) + 2 == len(summary.errors)
    assert [d["id"] for d in Index.open(corpus, None).documents()] == ["good"]


def test_a_document_that_becomes_unreadable_keeps_its_last_good_version(corpus, fake_embedder):
    ingest(corpus, fake_embedder)
    (corpus.knowledge_dir / "transport.txt").write_text("")
    summary = ingest(corpus, fake_embedder)
    assert (summary.failed, summary.removed) == (1, 0)
    assert "free transport" in _texts(corpus, "transport")


def test_lexical_index_is_built_after_a_change(corpus, fake_embedder):
    ingest(corpus, fake_embedder)
    assert corpus.lexical_dir.exists() and any(corpus.lexical_dir.iterdir())
