"""Retrieval benchmark (dev tool): recall@1/5/10 and MRR of gold strings, confidence spread, warm latency.

Usage: SEND_ASSISTANT_DATA_DIR=DIR .venv/bin/python evals/bench_retrieval.py [QUESTIONS.jsonl ...]
       [--k 5] [--expand-dense] [--dense-weight W] [--lexical-weight W] [--mode hybrid|dense|lexical]
       [--detect-area] [--misses] [--ranks OUT.json]
Needs an index built with `send-assistant ingest`. Searches without the sentence-unit vote (that needs the
composer's units: `send-assistant eval` measures the whole pipeline); weights default to the retriever's.
A question counts as found at rank r when one of its gold strings appears (case-insensitive, whitespace
collapsed, HTML tags and ** dropped) in the r-th passage.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

from send_assistant.settings import PROJECT_ROOT, Settings, force_offline


def norm(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).replace("**", "")
    return " ".join(text.lower().split())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", default=[str(PROJECT_ROOT / "evals" / "questions.jsonl")])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--expand-dense", action="store_true")
    parser.add_argument("--dense-weight", type=float, default=None)
    parser.add_argument("--lexical-weight", type=float, default=None)
    parser.add_argument("--candidates", type=int, default=40)
    parser.add_argument("--expansion-weight", type=float, default=0.5)
    parser.add_argument("--coordination", type=float, default=None, help="BM25 rare-word coverage power (0: off)")
    parser.add_argument("--national-weight", type=float, default=None, help="national passages' factor (1: off)")
    parser.add_argument("--detect-area", action="store_true", help="area '' -> the area the question names (as D2)")
    parser.add_argument("--with-headings", action="store_true", help="gold may also be in the passage's location")
    parser.add_argument("--mode", choices=("hybrid", "dense", "lexical"), default="hybrid")
    parser.add_argument("--no-glossary", action="store_true")
    parser.add_argument("--misses", action="store_true", help="print the questions whose gold was not found")
    parser.add_argument("--ranks", help="write each question's gold rank (1-based, null: not in the top 10) as JSON")
    args = parser.parse_args()
    force_offline()
    from send_assistant.answering.glossary import Glossary
    from send_assistant.answering.retrieval import HybridRetriever, detect_area, term_coverage
    from send_assistant.answering.retrieval.hybrid import DENSE_WEIGHT, LEXICAL_WEIGHT
    from send_assistant.ingest.index import Index
    from send_assistant.model_profiles import load_embedder

    settings = Settings.from_env()
    embedder = load_embedder(settings.embedder)
    index = Index.open(settings, embedder)
    glossary = None if args.no_glossary else Glossary.load(PROJECT_ROOT / "knowledge" / "glossary.yaml")
    hybrid = (
        DENSE_WEIGHT if args.dense_weight is None else args.dense_weight,
        LEXICAL_WEIGHT if args.lexical_weight is None else args.lexical_weight,
    )
    weights = {"hybrid": hybrid, "dense": (1.0, 0.0), "lexical": (0.0, 1.0)}
    dense_w, lexical_w = weights[args.mode]
    retriever = HybridRetriever(
        index,
        embedder,
        glossary,
        settings.lexical_dir,
        candidates=args.candidates,
        dense_weight=dense_w,
        lexical_weight=lexical_w,
        expand_dense=args.expand_dense,
        expansion_weight=args.expansion_weight,
        **{
            name: value
            for name, value in (("coordination", args.coordination), ("national_weight", args.national_weight))
            if value is not None
        },
    )
    known = index.areas()
    questions = [json.loads(line) for f in args.files for line in Path(f).read_text().splitlines() if line.strip()]
    embedder.embed(["warm up"])
    ranks: dict[str, int | None] = {}
    timings: list[float] = []
    conf: dict[str, list[float]] = {"answer": [], "refuse": []}
    cover: dict[str, list[float]] = {"answer": [], "refuse": []}
    for q in questions:
        area = q["area"]
        if args.detect_area and not area:
            area = detect_area(q["question"], known) or ""
        query = retriever.expand(q["question"], area) if args.expand_dense else q["question"]
        vector = embedder.embed([query])[0]
        start = time.perf_counter()
        result = retriever.search(q["question"], area=area, k=10, embedding=vector)
        timings.append((time.perf_counter() - start) * 1000)
        if q["kind"] in conf:
            conf[q["kind"]].append(result.confidence)
            cover[q["kind"]].append(term_coverage(q["question"], result.passages[: args.k]))
        if q["kind"] != "answer" or not q.get("gold"):
            continue
        texts = [(p.location + " " + p.text) if args.with_headings else p.text for p in result.passages]
        rank = next((i for i, t in enumerate(texts, 1) if any(norm(g) in norm(t) for g in q["gold"])), None)
        ranks[q["id"]] = rank
        if args.misses and (rank is None or rank > args.k):
            print(f"MISS {q['id']} [{q['area']}] {q['question']!r} gold-rank={rank} conf={result.confidence:.3f}")
    total = max(len(ranks), 1)
    for k in sorted({1, 5, 10, args.k}):
        found = sum(1 for r in ranks.values() if r is not None and r <= k)
        print(f"recall@{k}: {found}/{len(ranks)} = {found / total:.3f}")
    print(f"MRR: {sum(1 / r for r in ranks.values() if r) / total:.3f}")
    if args.ranks:
        Path(args.ranks).write_text(json.dumps(ranks, indent=0), encoding="utf-8")
    for kind in conf:
        values = sorted(conf[kind])
        if values:
            print(
                f"confidence {kind}: n={len(values)} min={values[0]:.3f} median={statistics.median(values):.3f} "
                f"max={values[-1]:.3f} coverage-median={statistics.median(cover[kind]):.2f}"
            )
    timings.sort()
    print(
        f"search ms (warm, excluding embedding): median={statistics.median(timings):.1f} "
        f"p95={timings[int(0.95 * (len(timings) - 1))]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
