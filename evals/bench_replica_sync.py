"""What a replica pays to bring one area's BM25 index up to date after an ingest elsewhere (issue 10).

Builds an index of knowledge/'s Markdown documents copied `--copies` times under one area (a stand-in embedder: BM25
does not read vectors), then times, for that area:
- cold: a replica whose data dir has no index of this version reads the area's and national passages from Chroma,
  builds BM25 and saves it (ingest/lexical_sync.py): what the first question there after an ingest waits for;
- warm: the same replica after a restart (the saved index matches the area's fingerprint);
- ingest host: the index the ingest itself saved in its data dir.

    .venv/bin/python evals/bench_replica_sync.py --copies 13
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
import time
from pathlib import Path

from send_assistant.settings import PROJECT_ROOT, Settings, force_offline

AREA = "Bench Borough"


class StandInEmbedder:
    """Deterministic vectors from a text's hash: enough for Chroma to store, no model to load."""

    name = "bench-stand-in"
    dim = 16

    def embed(self, texts):
        """One vector per text."""
        return [[b / 255 for b in hashlib.sha256(t.encode()).digest()[: self.dim]] for t in texts]

    def count_tokens(self, text: str) -> int:
        """Words, roughly as the tokenizer counts them."""
        return len(text.split()) + 2


def main() -> None:
    """Build the corpus, then print the three timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=13, help="copies of knowledge/'s documents in the area")
    args = parser.parse_args()
    force_offline()
    from send_assistant.ingest.index import Index
    from send_assistant.ingest.lexical_sync import open_lexicon
    from send_assistant.ingest.pipeline import ingest

    root = Path(tempfile.mkdtemp(prefix="bench-replica-sync-"))
    try:
        settings = Settings(data_dir=root / "data", knowledge_dir=PROJECT_ROOT / "knowledge")
        documents = sorted((PROJECT_ROOT / "knowledge").rglob("*.md"))
        for copy in range(args.copies):
            folder = root / f"copy{copy}"
            folder.mkdir()
            for i, doc in enumerate(documents):
                text = doc.read_text(encoding="utf-8") + f"\n\nCopy {copy} of page {i}.\n"
                (folder / f"{copy}-{i}-{doc.name}").write_text(text, encoding="utf-8")
            ingest(settings, StandInEmbedder(), [folder], area=AREA)
        index = Index.open(settings, None)
        passages = sum(len(e.chunk_ids) for e in index.ledger.entries())
        replica = root / "replica" / "lexical"
        for label, directory in (("cold", replica), ("warm", replica), ("ingest host", settings.lexical_dir)):
            started = time.perf_counter()
            open_lexicon(directory, index).for_area(AREA)
            print(f"{passages} passages in the area, {label}: {(time.perf_counter() - started) * 1000:.0f} ms")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
