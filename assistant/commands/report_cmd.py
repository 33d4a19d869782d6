"""`send-assistant report stale|gaps`: what content owners should review or add."""

from __future__ import annotations

import argparse
import sys

from ingest.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print the chosen report (Markdown, or CSV for gaps with --format csv)."""
    from assistant.web import reports

    if args.report == "stale":
        try:
            cutoff = reports.cutoff_date(args.older_than)
        except ValueError as exc:
            print(f"send-assistant: {exc}", file=sys.stderr)
            return 2
        from ingest.index import Index

        documents = Index.open(settings, None).documents()
        print(reports.stale_markdown(reports.stale_documents(documents, cutoff), args.older_than))
        from assistant.web.conflicts import conflicting_details, conflicts_markdown
        from ingest.pipeline import committed_meta

        print("\n" + conflicts_markdown(conflicting_details(committed_meta(settings).values())))
        return 0

    from assistant.feedback import FeedbackStore

    store = FeedbackStore(settings.feedback_path, settings.store_question_text, settings.feedback_retention_days)
    gaps = store.gaps()
    if args.format == "csv":
        sys.stdout.write(reports.gaps_csv(gaps))
    else:
        print(reports.gaps_markdown(gaps))
    return 0
