"""Progress reporting for ingest: silent by default, a tqdm bar on stderr for the command line."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Receives ingest events; this base class ignores them (library use, tests)."""

    def start(self, total: int) -> None:
        """The run will look at `total` documents."""

    def document(self, label: str) -> None:
        """A document (file path or URL) is being looked at."""

    def advance(self, embedded: int = 0) -> None:
        """One document finished; `embedded` chunks were embedded for it."""

    def failed(self, label: str, reason: str) -> None:
        """A document could not be ingested."""

    def close(self) -> None:
        """The run is over."""


class TqdmProgress(Progress):
    """A progress bar of documents (with embedded-chunk count) and one line per failure, on stderr."""

    def __init__(self, stream: TextIO | None = None, prefix: str = "send-assistant") -> None:
        self.stream = stream or sys.stderr
        self.prefix = prefix
        self._bar = None
        self._embedded = 0

    def start(self, total: int) -> None:
        """Open the bar (only on a terminal: logs and pipes get the failure lines alone)."""
        from tqdm import tqdm

        self._bar = tqdm(
            total=total, unit="doc", desc="ingest", file=self.stream, leave=False, disable=not _isatty(self.stream)
        )

    def document(self, label: str) -> None:
        """Show which document is being read."""
        if self._bar is not None:
            self._bar.set_postfix_str(_short(label), refresh=True)

    def advance(self, embedded: int = 0) -> None:
        """Move the bar on one document."""
        self._embedded += embedded
        if self._bar is not None:
            self._bar.set_description(f"ingest ({self._embedded} chunks embedded)", refresh=False)
            self._bar.update(1)

    def failed(self, label: str, reason: str) -> None:
        """One clear line naming the file and the reason, without breaking the bar."""
        line = f"{self.prefix}: skipped {label}: {reason}"
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _short(label: str, width: int = 40) -> str:
    return label if len(label) <= width else "…" + label[-(width - 1) :]
