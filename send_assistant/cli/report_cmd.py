"""`send-assistant report stale|gaps`: what content owners should review or add."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from send_assistant.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print the chosen report (Markdown, or CSV for gaps with --format csv)."""
    from send_assistant.web import reports, topic_reports

    if args.report == "stale":
        try:
            cutoff = reports.cutoff_date(args.older_than)
        except ValueError as exc:
            print(f"send-assistant: {exc}", file=sys.stderr)
            return 2
        from send_assistant.ingest.index import Index

        documents = Index.open(settings, None).documents()
        print(reports.stale_markdown(reports.stale_documents(documents, cutoff), args.older_than))
        from send_assistant.ingest.pipeline import committed_meta
        from send_assistant.web.conflicts import conflicting_details, conflicts_markdown

        print("\n" + conflicts_markdown(conflicting_details(committed_meta(settings).values())))
        return 0

    from send_assistant.feedback.store import FeedbackStore

    store = FeedbackStore(settings.feedback_db, settings.store_question_text, settings.feedback_retention_days)
    gaps = store.gaps()
    topics = gap_topics(settings) if args.format != "csv" or getattr(args, "chart", None) else []
    if args.format == "csv":
        sys.stdout.write(reports.gaps_csv(gaps))
    elif args.format == "topics-csv":
        sys.stdout.write(topic_reports.topics_csv(topics))
    else:
        print(topic_reports.topics_markdown(topics) + "\n\nEvery question:\n\n" + reports.gaps_markdown(gaps))
    if getattr(args, "chart", None):
        Path(args.chart).write_text(topic_reports.trend_svg(topics), encoding="utf-8")
    return 0


def gap_embedder(settings: Settings):
    """The embedder that groups questions into topics: the configured one (the shipped MiniLM by default)."""
    from send_assistant.model_profiles import load_embedder

    return load_embedder(settings.embedder)


def gap_topics(settings: Settings) -> list:
    """Unanswered and thumbs-down questions grouped into topics (issue 12); the model loads only if there are any."""
    from send_assistant.feedback.gap_topics import cluster_topics, gap_questions

    questions = gap_questions(settings.feedback_db)
    return cluster_topics(questions, gap_embedder(settings)) if questions else []
