"""`send-assistant areas`: the local areas the index knows, one a line."""

from __future__ import annotations

import argparse

from send_assistant.ingest.index import Index
from send_assistant.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print each local area (national documents have none) on its own line."""
    for area in Index.open(settings, None, lazy=True).areas():
        print(area)
    return 0
