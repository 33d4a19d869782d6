"""Load benchmark for the web API: answers/s and latency at 5, 20, 50 and 100 concurrent clients.

Usage:

    .venv/bin/python evals/bench_load.py [--requests 200] [--clients 5,20,50,100] [--data-dir DIR] [--json FILE]
    .venv/bin/python evals/bench_load.py --url http://127.0.0.1:PORT      # an app that is already running

Without --url it builds an index of knowledge/ in a temporary data dir (or uses --data-dir, ingesting it first
if needed), starts the real `send-assistant serve` on a random loopback port with per-client rate limits off
(every client here is 127.0.0.1), waits for /healthz and stops the server at the end. Each level sends a fixed
number of POST /api/ask requests from N concurrent clients (questions drawn in turn from the dev and held-out
question files, 183 distinct questions; a level repeats the previous level's questions, so answer caches keyed by
question text help)
and prints answers/s (HTTP 200 per second of wall time), p50/p95/max latency over all replies, and counts of
200, 429, 503 and errors (any other status, or a failed or timed-out request).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from send_assistant.settings import OFFLINE_ENV

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [ROOT / "evals" / "questions.jsonl", ROOT / "evals" / "heldout_questions.jsonl"]


def _questions(paths: list[Path]) -> list[dict]:
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [json.loads(line) for line in lines if line.strip()]
    return [
        {"question": r["question"], "area": r.get("area") or "", "audience": r.get("audience") or "parent"}
        for r in rows
    ]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def _level(url: str, clients: int, total: int, questions: list[dict], timeout: float) -> dict:
    import httpx

    latencies: list[float] = []
    counts = {"200": 0, "429": 0, "503": 0, "errors": 0}
    next_request = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as http:

        async def client() -> None:
            nonlocal next_request
            while next_request < total:
                n = next_request
                next_request += 1
                started = time.perf_counter()
                try:
                    response = await http.post("/api/ask", json=questions[n % len(questions)])
                    code = str(response.status_code)
                    if code == "200" and response.json().get("status") == "error":
                        code = "errors"
                except (httpx.HTTPError, ValueError):
                    code = "errors"
                latencies.append(time.perf_counter() - started)
                counts[code if code in counts else "errors"] += 1

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": total,
        "answers_per_s": round(counts["200"] / elapsed, 2),
        "p50_s": round(_percentile(latencies, 0.50), 3),
        "p95_s": round(_percentile(latencies, 0.95), 3),
        "max_s": round(max(latencies), 3),
        **counts,
        "seconds": round(elapsed, 1),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, limit: float = 600.0) -> None:
    import httpx

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench_load: the server exited with status {proc.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("bench_load: the server did not become healthy in time")


def _serve(data_dir: Path) -> tuple[str, subprocess.Popen]:
    env = dict(os.environ, SEND_ASSISTANT_DATA_DIR=str(data_dir), SEND_ASSISTANT_RATE_LIMIT="off")
    env.update(OFFLINE_ENV)
    cli = [sys.executable, "-m", "send_assistant.cli.main"]
    if not (data_dir / "ledger.sqlite3").exists():
        print("bench_load: building the index of knowledge/ ...", file=sys.stderr)
        subprocess.run([*cli, "ingest", "--json"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    proc = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, proc)
    return url, proc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="benchmark this running app instead of starting one")
    parser.add_argument("--data-dir", type=Path, help="data dir to serve from (default: a new temporary one)")
    parser.add_argument("--clients", default="5,20,50,100", help="concurrency levels, comma-separated")
    parser.add_argument("--requests", type=int, default=200, help="requests per level")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a request counts as an error")
    parser.add_argument("--questions", type=Path, nargs="+", default=QUESTIONS, help="JSONL question files")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    questions = _questions(args.questions)
    proc = None
    temp = None
    url = args.url
    if not url:
        if args.data_dir is None:
            temp = tempfile.TemporaryDirectory(prefix="bench-load-")
        url, proc = _serve(args.data_dir or Path(temp.name))
    try:
        asyncio.run(_level(url, 2, 4, questions, args.timeout))  # warm-up
        results = [
            asyncio.run(_level(url, int(c), args.requests, questions, args.timeout)) for c in args.clients.split(",")
        ]
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        if temp is not None:
            temp.cleanup()
    columns = ("clients", "answers/s", "p50 s", "p95 s", "max s", "200", "429", "503", "errors")
    print(" ".join(f"{c:>9}" for c in columns))
    for r in results:
        print(
            f"{r['clients']:>9} {r['answers_per_s']:>9.2f} {r['p50_s']:>9.3f} {r['p95_s']:>9.3f} {r['max_s']:>9.3f} "
            f"{r['200']:>9} {r['429']:>9} {r['503']:>9} {r['errors']:>9}"
        )
    if args.json:
        args.json.write_text(json.dumps({"results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
