"""Ingest benchmark: a full ingest of knowledge/ with the real MiniLM, then an unchanged re-ingest.

Prints documents/s, chunks/s, the share of the full ingest spent embedding, and the unchanged re-ingest's time
as a fraction of the full one (target: under 5%). Runs in a temporary data dir; never touches .data/.

    .venv/bin/python evals/bench_ingest.py [--knowledge-dir DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from send_assistant.settings import PROJECT_ROOT, Settings, force_offline  # noqa: E402

force_offline()
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from send_assistant.ingest.pipeline import ingest  # noqa: E402
from send_assistant.model_profiles import load_embedder  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge-dir", type=Path, default=PROJECT_ROOT / "knowledge")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        settings = Settings(data_dir=Path(tmp), knowledge_dir=args.knowledge_dir.resolve())

        # Model load is timed on its own: it is paid once per process, not per document.
        embedder = load_embedder(settings.embedder)
        started = time.perf_counter()
        embedder.embed(["warm up"])
        embedder.count_tokens("warm up")
        load_s = time.perf_counter() - started

        full = ingest(settings, embedder)
        fresh = load_embedder(settings.embedder)  # a new process's embedder: the unchanged run must not load it
        unchanged = ingest(settings, fresh)
        model_loaded = "_model" in fresh.__dict__
        cli_s, cli_summary = _cli_reingest(settings)

    docs = full.added + full.updated
    figures = {
        "documents": docs,
        "chunks": full.chunks,
        "failed": full.failed,
        "model_load_s": round(load_s, 2),
        "full_ingest_s": full.seconds,
        "documents_per_s": round(docs / full.seconds, 2),
        "chunks_per_s": round(full.embedded / full.seconds, 1),
        "embedding_share": round(full.embed_seconds / full.seconds, 3),
        "unchanged_reingest_s": unchanged.seconds,
        "unchanged_embedded": unchanged.embedded,
        "unchanged_fraction": round(unchanged.seconds / full.seconds, 4),
        "unchanged_fraction_incl_model_load": round(unchanged.seconds / (full.seconds + load_s), 4),
        "unchanged_loaded_model": model_loaded,
        "unchanged_cli_wall_s": round(cli_s, 3),
        "unchanged_cli_embedded": cli_summary["embedded"],
        "unchanged_cli_fraction": round(cli_s / (full.seconds + load_s), 4),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"corpus: {settings.knowledge_dir} ({docs} documents, {full.chunks} chunks, {full.failed} failed)")
        print(f"model load (once per process): {load_s:.2f} s")
        print(
            f"full ingest: {full.seconds:.2f} s  ->  {figures['documents_per_s']} documents/s, "
            f"{figures['chunks_per_s']} chunks/s"
        )
        print(f"time spent embedding: {figures['embedding_share']:.1%} of the full ingest")
        print(
            f"unchanged re-ingest: {unchanged.seconds:.3f} s, {unchanged.embedded} embedded, model loaded: "
            f"{model_loaded}  ->  {figures['unchanged_fraction']:.2%} of a full ingest "
            f"({figures['unchanged_fraction_incl_model_load']:.2%} counting the model load); target < 5%"
        )
        print(
            f"unchanged re-ingest as a new `send-assistant ingest` process: {cli_s:.2f} s wall (interpreter start "
            f"included), {cli_summary['embedded']} embedded  ->  {figures['unchanged_cli_fraction']:.2%} of a "
            "full ingest with its model load"
        )
    return 0 if unchanged.embedded == 0 and figures["unchanged_fraction"] < 0.05 else 1


def _cli_reingest(settings: Settings) -> tuple[float, dict]:
    """Wall time of the real command over the same data dir, as `make index` runs it."""
    env = {
        **os.environ,
        "SEND_ASSISTANT_DATA_DIR": str(settings.data_dir),
        "SEND_ASSISTANT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
    }
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "send_assistant.cli.main", "ingest", "--json"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - started, json.loads(proc.stdout)


if __name__ == "__main__":
    sys.exit(main())
