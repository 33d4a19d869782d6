"""Answer-path benchmark: cold start, warm latency per pipeline stage (p50/p95), and peak memory.

Usage (after `send-assistant ingest` into the same data dir):

    SEND_ASSISTANT_DATA_DIR=DIR .venv/bin/python evals/bench_answer.py [--questions FILE] [--repeat N] [--json]

Cold start is measured in this fresh process: imports, loading the models and index
(`Assistant.from_settings`), and the first answer. Warm figures come from asking every question `--repeat`
times after that, using the stage timings each Answer carries (timings_ms) plus the wall time of `ask`.
Peak RSS is the process's high-water mark (resident memory) at the end.
"""

from __future__ import annotations

import time

PROCESS_START = time.perf_counter()  # before the heavy imports, so cold start includes them

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from send_assistant.settings import Settings, force_offline  # noqa: E402


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:8.1f}"


def bench(questions_path: Path | None, repeat: int) -> dict:
    """Run the benchmark and return its figures."""
    force_offline()
    from send_assistant.answering.service import Assistant
    from send_assistant.evaluation.metrics import percentile
    from send_assistant.evaluation.questions import load_questions
    from send_assistant.evaluation.summary import stage_percentiles

    settings = Settings.from_env()
    questions = load_questions(questions_path)
    imported = time.perf_counter()
    assistant = Assistant.from_settings(settings)  # the embedder SEND_ASSISTANT_EMBEDDER names
    loaded = time.perf_counter()
    first = questions[0]
    assistant.ask(first.question, area=first.area, audience=first.audience)
    answered = time.perf_counter()

    walls: list[float] = []
    timings: list[dict[str, float]] = []
    for _ in range(repeat):
        for q in questions:
            start = time.perf_counter()
            answer = assistant.ask(q.question, area=q.area, audience=q.audience, id=q.id)
            walls.append((time.perf_counter() - start) * 1000.0)
            timings.append(answer.timings_ms)

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "questions": len(questions),
        "repeat": repeat,
        "answer_path": "extractive" if settings.llm is None else f"llm ({settings.llm})",
        "cold_start_s": {
            "imports": round(imported - PROCESS_START, 2),
            "load_models_and_index": round(loaded - imported, 2),
            "first_answer": round(answered - loaded, 3),
            "total": round(answered - PROCESS_START, 2),
        },
        "warm_ms": {"ask": {"p50": percentile(walls, 50), "p95": percentile(walls, 95), "max": max(walls)}},
        "stages_ms": stage_percentiles(timings),
        "peak_rss_mb": round(peak_kb / 1024.0, 1),
    }


def format_bench(result: dict) -> str:
    """The figures as a small table."""
    cold = result["cold_start_s"]
    lines = [
        f"answer path: {result['answer_path']}; {result['questions']} questions x {result['repeat']}",
        f"cold start: {cold['total']} s (imports {cold['imports']} s, load {cold['load_models_and_index']} s, "
        f"first answer {cold['first_answer']} s)",
        f"peak RSS: {result['peak_rss_mb']} MB",
        "",
        f"{'stage (warm, ms)':24} {'p50':>8} {'p95':>8}",
    ]
    for name, s in result["stages_ms"].items():
        lines.append(f"{name:24} {_ms(s['p50'])} {_ms(s['p95'])}")
    ask = result["warm_ms"]["ask"]
    lines.append(f"{'ask (wall)':24} {_ms(ask['p50'])} {_ms(ask['p95'])}   max {ask['max']:.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line of the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=None, help="question file (default evals/questions.jsonl)")
    parser.add_argument("--repeat", type=int, default=3, help="how many times to ask the whole set warm")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = bench(args.questions, max(1, args.repeat))
    print(json.dumps(result, indent=2) if args.json else format_bench(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
