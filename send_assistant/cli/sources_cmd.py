"""`send-assistant sources`: the indexed documents, as a table or (--json) a JSON list."""

from __future__ import annotations

import argparse
import json
import sys

from send_assistant.ingest.index import Index
from send_assistant.settings import Settings

COLUMNS = (("id", "id"), ("title", "title"), ("area", "area"), ("type", "doc_type"), ("chunks", "chunks"),
           ("reviewed", "reviewed"), ("url", "url"))  # fmt: skip
TITLE_WIDTH = 60
EMPTY = "No documents are indexed yet. Run `send-assistant ingest`."


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print what is indexed."""
    documents = Index.open(settings, None, lazy=True).documents()
    if args.json:
        print(json.dumps(documents, ensure_ascii=False, indent=2))
    elif not documents:
        print(EMPTY, file=sys.stderr)
    else:
        print(format_table(documents))
    return 0


def format_table(documents: list[dict]) -> str:
    """A plain-text table, one document a row (long titles shortened)."""
    rows = [[h for h, _ in COLUMNS]]
    for doc in documents:
        row = []
        for _, key in COLUMNS:
            value = doc.get(key)
            text = "" if value is None else str(value)
            if key == "area" and text == "":
                text = "(national)"
            if key == "title" and len(text) > TITLE_WIDTH:
                text = text[: TITLE_WIDTH - 1] + "…"
            row.append(text)
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)
