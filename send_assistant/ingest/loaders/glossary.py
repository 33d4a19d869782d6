"""The SEND glossary (knowledge/glossary.yaml, top key `terms`): a heading per term, its definition below."""

from __future__ import annotations

from pathlib import Path

import yaml

from send_assistant.errors import LoadError
from send_assistant.ingest.model import Block, LoadedDocument

GLOSSARY_TITLE = "Glossary of SEND terms"


def load_glossary(path: Path) -> LoadedDocument:
    """Load a glossary YAML file; other YAML files are refused (they are manifests or config, not documents)."""
    try:
        # the C loader is ~10x faster than the pure-Python one on a 500-line glossary
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError as exc:
        raise LoadError(str(path), "the YAML file is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        raise LoadError(str(path), f"the YAML file is malformed ({exc.__class__.__name__})") from exc
    if data is None:
        raise LoadError(str(path), "the file is empty")
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise LoadError(str(path), "this YAML file is not a glossary (expected a top-level 'terms' list)")
    blocks: list[Block] = []
    for entry in data["terms"]:
        if not isinstance(entry, dict) or not str(entry.get("term") or "").strip():
            continue
        term = str(entry["term"]).strip()
        expansion = str(entry.get("expansion") or "").strip()
        heading = f"{term} ({expansion})" if expansion and expansion.lower() != term.lower() else term
        blocks.append(Block("heading", heading, level=1))
        definition = str(entry.get("definition") or "").strip()
        aliases = [str(a).strip() for a in entry.get("aliases") or [] if str(a).strip()]
        text = definition or expansion or term
        if aliases:
            text = f"{text} Also called: {', '.join(aliases)}."
        blocks.append(Block("paragraph", " ".join(text.split())))
    if not blocks:
        raise LoadError(str(path), "the glossary has no terms")
    return LoadedDocument(blocks=blocks, title=GLOSSARY_TITLE, source_format="glossary")
