"""Scale benchmark: ours against the LangChain tutorial baseline over a synthetic multi-council corpus.

    .venv/bin/python evals/bench.py --sizes 1000,10000,100000 --json FILE [--work DIR] [--questions 60]
    .venv/bin/python evals/bench.py ... --work DIR --keep     # keep each size's data dir; later runs add --reuse

For each size it builds both systems over the same corpus (evals/bench_corpus.py: knowledge/ copied under
generated area names, vectors reused per unique text), then starts each in a fresh process and asks the same
questions (evals/questions.jsonl, each asked in a generated copy of its area). Per system and size it reports
p50/p95 answer latency (ours: the whole answer pipeline; baseline: dense top-4 search), start-up to ready,
build time with embedding excluded (vectors are reused), resident memory after the questions, disk, and the
median time of each stage. Ours is written through the project's own index, ledger, lexical and unit-store code
and served by `Assistant.from_settings`, exactly as shipped, with `serve`'s thread settings (the baseline gets the
same). cpu_p50_ms is the process's CPU time per question: on a shared, busy machine it moves far less than wall
time, so compare runs by it and by the stage times.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import (  # noqa: E402
    build_baseline_sources,
    build_ours,
    copies_for,
    load_known,
    prepare_seed,
    prepare_serving,
)

from send_assistant.settings import PROJECT_ROOT, Settings, force_offline  # noqa: E402

BUILT = "bench-build.json"  # a kept data dir's build figures, for --reuse
# cpu_p50_ms: the process's CPU time per question (time.process_time), steadier than wall time on a busy machine
COLUMNS = (
    "system", "size", "p50_ms", "p95_ms", "cpu_p50_ms", "startup_s", "first_answer_s", "settled_s", "build_s", "rss_mb",
    "disk_mb",
)  # fmt: skip


def questions(n: int, copies) -> list[dict]:
    """n questions of evals/questions.jsonl (cycled), each moved to a generated copy of its area."""
    rows = [json.loads(line) for line in (PROJECT_ROOT / "evals" / "questions.jsonl").read_text().splitlines() if line]
    rows = [r for r in rows if r.get("kind") == "answer"] or rows
    out = []
    for i in range(n):
        row = rows[i % len(rows)]
        area = row.get("area") or ""
        same = [c for c in copies if c.source == area]
        if same:
            area = same[i % len(same)].area
        out.append({"question": row["question"], "area": area, "audience": row.get("audience") or "parent"})
    return out


def du_mb(path: Path) -> float:
    """Disk used under path, MB."""
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process, MB."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return (round(int(status["VmRSS"].split()[0]) / 1024, 1), round(int(status["VmHWM"].split()[0]) / 1024, 1))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 1)


def child_ours(work: Path, size: int, n_questions: int) -> dict:
    """Start the assistant over the built data dir, as `serve` does, and time questions."""
    from send_assistant.answering.service import Assistant
    from send_assistant.cli.serve_cmd import tune_threads

    settings = Settings.from_env({"SEND_ASSISTANT_DATA_DIR": str(work / f"ours-{size}")})
    tune_threads(settings.answer_workers)  # as `serve` does
    assistant = Assistant.from_settings(settings)
    startup = time.perf_counter() - STARTED
    # The first answer's question is not asked again: a repeated question would be served from the answer cache.
    first_question, *asked = questions(n_questions + 1, copies_for(work, size))
    t = time.perf_counter()
    assistant.ask(first_question["question"], area=first_question["area"])
    first = time.perf_counter() - t
    # Latency is timed in the steady state: once the work started beside serving (the English spelling index,
    # a few seconds that hold the interpreter) is done. The time until then is reported as settled_s.
    assistant.settled()
    settled = time.perf_counter() - STARTED
    times, cpu, stages = [], [], {}
    for q in asked:
        t, c = time.perf_counter(), time.process_time()
        answer = assistant.ask(q["question"], area=q["area"], audience=q["audience"])
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        for name, ms in (answer.timings_ms or {}).items():
            stages.setdefault(name, []).append(ms)
    rss, peak = rss_mb()
    return {
        "startup_s": round(startup, 2),
        "first_answer_s": round(startup + first, 2),
        "first_answer_ms": round(first * 1000, 1),
        "settled_s": round(settled, 2),
        "p50_ms": percentile(times, 0.5),
        "p95_ms": percentile(times, 0.95),
        "cpu_p50_ms": percentile(cpu, 0.5),
        "cpu_p95_ms": percentile(cpu, 0.95),
        "rss_mb": rss,
        "peak_rss_mb": peak,
        "answer_cache_hits": assistant.answers.hits if assistant.answers is not None else 0,
        "stages_ms": {k: percentile(v, 0.5) for k, v in stages.items()},
        "stages_p95_ms": {k: percentile(v, 0.95) for k, v in stages.items()},
    }


def child_baseline(work: Path, size: int, n_questions: int) -> dict:
    """Build the tutorial pipeline in memory (as it must be at every start) and time top-4 searches."""
    from bench_corpus import ReuseEmbedder, Undo

    from send_assistant.cli.serve_cmd import tune_threads
    from send_assistant.model_profiles import load_embedder

    settings = Settings.from_env()
    tune_threads(settings.answer_workers)  # the same thread settings as ours: the comparison is of the design
    inner = load_embedder(settings.embedder)
    inner.embed(["warm up"])
    reuse = ReuseEmbedder(inner, Undo(copies_for(work, size)), known=load_known(work))
    sources = build_baseline_sources(work, size)
    t = time.perf_counter()
    baseline = build_baseline_batched(sources, reuse)
    build = time.perf_counter() - t
    startup = time.perf_counter() - STARTED
    times, cpu, embed_ms = [], [], []
    for q in questions(n_questions, copies_for(work, size)):
        t = time.perf_counter()
        inner.embed([q["question"]])
        embed_ms.append((time.perf_counter() - t) * 1000)
        t, c = time.perf_counter(), time.process_time()
        baseline.search(q["question"])
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    rss, peak = rss_mb()
    return {
        "startup_s": round(startup, 2),
        "build_s": round(build, 2),
        "chunks": baseline.chunks,
        "p50_ms": percentile(times, 0.5),
        "p95_ms": percentile(times, 0.95),
        "cpu_p50_ms": percentile(cpu, 0.5),
        "cpu_p95_ms": percentile(cpu, 0.95),
        "rss_mb": rss,
        "peak_rss_mb": peak,
        "disk_mb": 0.0,
        "stages_ms": {"embed+search": percentile(times, 0.5), "embed_question": percentile(embed_ms, 0.5)},
        "embedded_for_real": reuse.embedded,
    }


def build_baseline_batched(sources, embedder):
    """send_assistant.evaluation.baseline.build_baseline, adding the documents in batches: as the tutorial writes it
    (one add_documents call) Chroma refuses more than 5461 records at once, so it fails past ~5k chunks."""
    import uuid

    import chromadb
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from send_assistant.evaluation.baseline import CHUNK_OVERLAP, CHUNK_SIZE, EmbedderAsLangChain, LangChainBaseline

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    documents = splitter.create_documents(
        [s.text for s in sources], metadatas=[{"doc_id": s.doc_id, "area": s.area} for s in sources]
    )
    client = chromadb.EphemeralClient(settings=chromadb.config.Settings(anonymized_telemetry=False))
    store = Chroma(
        collection_name=f"baseline-{uuid.uuid4().hex[:12]}", embedding_function=EmbedderAsLangChain(embedder),
        client=client,
    )  # fmt: skip
    for start in range(0, len(documents), 5000):
        store.add_documents(documents[start : start + 5000])
    return LangChainBaseline(store, chunks=len(documents))


def run_child(kind: str, work: Path, size: int, n_questions: int) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--work", str(work), "--sizes", str(size)]
    cmd += ["--questions", str(n_questions)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} at {size} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table(results: list[dict]) -> str:
    lines = [" ".join(f"{c:>10}" for c in COLUMNS) + "  stages_ms (median)"]
    for r in results:
        stages = ", ".join(f"{k} {v:g}" for k, v in r.get("stages_ms", {}).items())
        lines.append(" ".join(f"{r.get(c, ''):>10}" for c in COLUMNS) + "  " + stages)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--json", type=Path, help="write {'results': [...]} here")
    parser.add_argument("--work", type=Path, default=Path("/tmp") / "send-bench")
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--systems", default="ours,baseline")
    parser.add_argument("--keep", action="store_true", help="keep each size's data dir (disk!)")
    parser.add_argument(
        "--reuse", action="store_true", help="serve a data dir kept by an earlier --keep run instead of rebuilding it"
    )
    parser.add_argument("--child", choices=("ours", "baseline"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    force_offline()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.child:
        child = child_ours if args.child == "ours" else child_baseline
        print(json.dumps(child(args.work, sizes[0], args.questions)))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    prepare_seed(args.work)
    results: list[dict] = []
    for size in sizes:
        if "ours" in args.systems:
            data_dir = args.work / f"ours-{size}"
            marker = data_dir / BUILT
            if args.reuse and marker.exists():
                built = json.loads(marker.read_text(encoding="utf-8"))
                prepare_serving(data_dir)  # as an ingest would after a change of the safeguarding training file
            else:
                built = build_ours(args.work, data_dir, size)
                marker.write_text(json.dumps(built), encoding="utf-8")
            row = {"system": "ours", "size": built["chunks"], **run_child("ours", args.work, size, args.questions)}
            row.update(build_s=built["build_s"], disk_mb=du_mb(data_dir), build=built)
            results.append(row)
            print(table(results[-1:]), flush=True)
            if not (args.keep or args.reuse):
                shutil.rmtree(data_dir, ignore_errors=True)
        if "baseline" in args.systems:
            row = {"system": "langchain-baseline", "size": size}
            row.update(run_child("baseline", args.work, size, args.questions))
            results.append(row)
            print(table(results[-1:]), flush=True)
        if args.json:
            args.json.write_text(json.dumps({"results": results}, indent=1), encoding="utf-8")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
