"""`send-assistant refresh`: re-read every site and feed in knowledge/sources.yaml; embed only what changed.

Prints one line per source on stderr and the combined summary on stdout (with --json exactly one JSON object,
the ingest command's shape). Exit status 1 when every source failed; 0 otherwise, including when the manifest
lists no sites or feeds (a note says so). Meant for cron or a systemd timer: see the README.
"""

from __future__ import annotations

import argparse
import os
import sys

from send_assistant.cli.ingest_cmd import print_summary
from send_assistant.model_profiles import load_embedder
from send_assistant.settings import Settings

NOTHING = "send-assistant: knowledge/sources.yaml lists no sites or feeds to refresh (see its header comment)"


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Refresh, print each source's line and the combined summary."""
    from send_assistant.ingest.progress import TqdmProgress
    from send_assistant.ingest.refresh import refresh

    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    embedder = load_embedder(settings.embedder)
    result = refresh(settings, embedder, full=args.full, progress=TqdmProgress())
    if result.summary.embedded or result.summary.removed:
        from send_assistant.answering.unit_store import store_units

        store_units(settings, embedder)  # issue 10: the composer's unit vectors for the new passages
    if not result.sources:
        print(NOTHING, file=sys.stderr)
    for source in result.sources:
        s = source.summary
        mode = f" ({source.mode})" if source.mode else ""
        if s is None:
            print(f"{source.kind} {source.url}{mode}: failed: {source.error}", file=sys.stderr)
        else:
            print(
                f"{source.kind} {source.url}{mode}: {s.added} added, {s.updated} updated, {s.unchanged} unchanged, "
                f"{s.removed} removed, {s.failed} failed, {s.embedded} embedded",
                file=sys.stderr,
            )
    print_summary(result.summary, as_json=args.json)
    every_source_failed = bool(result.sources) and all(s.summary is None for s in result.sources)
    return 1 if every_source_failed else 0
