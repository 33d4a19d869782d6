"""`send-assistant ingest`: add or update documents (files, folders, a Local Offer site or a service directory).

Prints a progress bar on stderr and one line per file that could not be ingested, then a summary on stdout
(with --json: exactly one JSON object). Exit status 1 only when there were failures and nothing was ingested.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from send_assistant.answering.unit_store import store_safeguarding_vectors, store_units, unit_store_path
from send_assistant.ingest.pipeline import IngestSummary, ingest
from send_assistant.ingest.progress import TqdmProgress
from send_assistant.model_profiles import load_embedder
from send_assistant.settings import Settings

SUMMARY = (
    "{documents} documents: {added} added, {updated} updated, {unchanged} unchanged, {removed} removed, "
    "{failed} failed. {chunks} passages in the index; {embedded} embedded this run ({seconds:.1f} s)."
)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the ingest the arguments ask for and print its summary."""
    if (args.site or args.oruk) and args.paths:
        print("send-assistant: give either PATHs, --site or --oruk, not several", file=sys.stderr)
        return 2
    if args.site and args.oruk:
        print("send-assistant: give either --site or --oruk, not both", file=sys.stderr)
        return 2
    # Our own bar and failure lines are the output; the libraries' load bars and token-length notices are noise.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    # The model loads only if something needs embedding (the embedders are lazy).
    embedder = load_embedder(settings.embedder)
    progress = TqdmProgress()
    if args.site:
        from send_assistant.ingest.site import ingest_site

        summary = ingest_site(
            settings, embedder, args.site, max_pages=args.max_pages, area=args.area, rebuild=args.rebuild,
            progress=progress, document_hosts=getattr(args, "document_host", None) or (),
        )  # fmt: skip
    elif args.oruk:
        from send_assistant.ingest.oruk import ingest_oruk

        summary = ingest_oruk(
            settings, embedder, args.oruk, area=args.area, rebuild=args.rebuild, progress=progress,
            per_page=getattr(args, "per_page", None), modified_after=getattr(args, "modified_after", None),
        )  # fmt: skip
    else:
        paths = [Path(p) for p in args.paths] or None
        summary = ingest(
            settings, embedder, paths, area=args.area, doc_type=args.doc_type, rebuild=args.rebuild, progress=progress
        )
    if summary.embedded or summary.removed or not unit_store_path(settings.data_dir, embedder).exists():
        store_units(settings, embedder)  # issue 10: the composer's unit vectors, so serving never embeds passages
    store_safeguarding_vectors(settings, embedder)  # ...nor the safeguarding training phrasings (once per version)
    print_summary(summary, as_json=args.json)
    return exit_status(summary)


def print_summary(summary: IngestSummary, as_json: bool) -> None:
    """The contract's JSON object, or one readable line."""
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        print(SUMMARY.format(documents=summary.ingested + summary.failed, **summary.to_dict()))


def exit_status(summary: IngestSummary) -> int:
    """1 when files failed and none could be ingested; otherwise 0."""
    return 1 if summary.failed and summary.ingested == 0 else 0
