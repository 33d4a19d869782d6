"""The knowledge documents as the manifest lists them, read as raw text (for the baseline and file checks)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from send_assistant.evaluation.questions import EvaluationError
from send_assistant.yaml_file import read_yaml

MANIFEST_NAME = "sources.yaml"
# Formats whose raw bytes are readable text; anything else (PDF, DOCX) goes through the project's loaders.
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".yaml", ".yml"}


@dataclass(frozen=True)
class KnowledgeDoc:
    """One manifest entry: its id, area ("" national) and file."""

    doc_id: str
    title: str
    area: str
    path: Path


def knowledge_documents(knowledge_dir: Path) -> list[KnowledgeDoc]:
    """Documents listed in knowledge_dir/sources.yaml whose files exist."""
    manifest = Path(knowledge_dir) / MANIFEST_NAME
    data = read_yaml(manifest, EvaluationError, "the knowledge manifest") or {}
    docs = []
    for entry in data.get("documents") or []:
        if not isinstance(entry, dict) or not entry.get("file"):
            continue
        path = Path(knowledge_dir) / entry["file"]
        if path.is_file():
            docs.append(
                KnowledgeDoc(
                    doc_id=str(entry.get("id") or path.stem),
                    title=str(entry.get("title") or path.stem),
                    area=str(entry.get("area") or ""),
                    path=path,
                )
            )
    return docs


def raw_text(doc: KnowledgeDoc) -> str:
    """The document's text as a user's own pipeline would read it: the file itself for text formats."""
    if doc.path.suffix.lower() in TEXT_SUFFIXES:
        return doc.path.read_text(encoding="utf-8", errors="replace")
    from send_assistant.ingest.loaders import (
        load_path,  # binary formats only; imported late so text-only use needs no loaders
    )

    return "\n\n".join(block.text for block in load_path(doc.path).blocks)
