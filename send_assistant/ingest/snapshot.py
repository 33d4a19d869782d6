"""Serving from a data dir that cannot be written (a read-only mount, a locked-down container).

The embedded Chroma store and the SQLite ledger both need to write even to read, so a read-only data dir is
copied once into a private temporary folder and the index is opened from that copy. Answers then come from the
index as it was at start-up: an ingest into the read-only folder is impossible anyway. Feedback keeps pointing
at the real data dir, so it honestly reports that it cannot be saved.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from send_assistant.settings import Settings

log = logging.getLogger(__name__)

# The feedback database is never copied: it must fail visibly where it really lives.
_SKIP = ("feedback.sqlite3", "feedback.sqlite3-wal", "feedback.sqlite3-shm", "feedback.sqlite3-journal")


def writable(folder: Path) -> bool:
    """True when files can be created in `folder` (False on a read-only mount, even for root)."""
    return os.access(folder, os.W_OK)


def index_settings(settings: Settings) -> Settings:
    """The settings to open the index with: as given, or pointing at a private copy of a read-only data dir."""
    data_dir = Path(settings.data_dir)
    if settings.chroma_url or not data_dir.is_dir() or writable(data_dir):
        return settings
    copy = Path(tempfile.mkdtemp(prefix="send-assistant-readonly-"))
    atexit.register(shutil.rmtree, copy, True)
    shutil.copytree(data_dir, copy, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*_SKIP))
    log.warning("the data dir cannot be written: answering from a read-only copy of the index made at start-up")
    return replace(settings, data_dir=copy)
