"""Calibrate the refusal thresholds: what do answerable and unanswerable questions look like to the composer?

For every question of a question file (answer / refuse kinds), it prints the retrieval confidence (best dense
cosine), and the best sentence cosine and key-term coverage among the top passages, then the distributions per
kind, and the end-to-end outcome with the current thresholds. Global thresholds are read off these
distributions; nothing is tuned per question.

    SEND_ASSISTANT_DATA_DIR=DIR .venv/bin/python evals/calibrate_refusals.py [questions.jsonl ...]
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from send_assistant.answering.answer import Answer
from send_assistant.answering.context import Context, PipelineAbort
from send_assistant.answering.grounding import coverage, key_terms, term_set, words
from send_assistant.answering.service import Assistant
from send_assistant.settings import PROJECT_ROOT, Settings, force_offline


def norm(text: str) -> str:
    return " ".join(text.replace("**", "").lower().split())


def measure(assistant: Assistant, q: dict) -> dict | None:
    ctx = Context(answer=Answer(question=q["question"], area=q["area"], audience=q["audience"]), question=q["question"])
    compose = next(s for s in assistant.stages if getattr(s, "name", "") == "compose")
    try:
        for stage in assistant.stages:
            if stage is compose:
                break
            stage.call(ctx)
    except PipelineAbort:
        return None  # guard, validate or uncovered-area refusal: thresholds play no part
    top = ctx.passages[: compose.cfg.top_passages]
    query = ctx.search_query or ctx.question
    area_words = {w for p in top for w in words(p.area)}
    terms = [t for t in key_terms(query) if not any(w.startswith(t) for w in area_words if len(t) >= 3)]
    qv = compose.cache.query(query)
    best_sim, best_cov = 0.0, 0.0
    for units in compose.cache.units(top, compose.cfg):
        for unit, vector in units:
            best_sim = max(best_sim, float(vector @ qv))
            best_cov = max(best_cov, coverage(terms, term_set(unit.full, compose.acronyms)))
    gold_in_top = any(norm(g) in norm(p.text) for g in q.get("gold", []) for p in top)
    return {"confidence": ctx.confidence, "sim": best_sim, "cov": best_cov, "gold_in_top": gold_in_top}


def describe(values: list[float]) -> str:
    if not values:
        return "-"
    qs = statistics.quantiles(values, n=10) if len(values) > 1 else [values[0]] * 9
    return (
        f"n={len(values):3d} min={min(values):.3f} p10={qs[0]:.3f} p50={statistics.median(values):.3f} "
        f"p90={qs[-1]:.3f} max={max(values):.3f}"
    )


def main(paths: list[str]) -> None:
    force_offline()
    files = [Path(p) for p in paths] or [PROJECT_ROOT / "evals" / "questions.jsonl"]
    questions = [json.loads(line) for f in files for line in f.read_text().splitlines() if line.strip()]
    assistant = Assistant.from_settings(Settings.from_env())
    rows = []
    for q in questions:
        if q.get("kind") not in ("answer", "refuse"):
            continue
        m = measure(assistant, q)
        answer = assistant.ask(q["question"], area=q["area"], audience=q["audience"])
        rows.append((q, m, answer))
        if m:
            print(
                f"{q['id']:>5} {q['kind']:7} conf={m['confidence']:.3f} sim={m['sim']:.3f} cov={m['cov']:.2f} "
                f"gold_in_top={m['gold_in_top']!s:5} -> {answer.status}"
            )
        else:
            print(f"{q['id']:>5} {q['kind']:7} (stopped before compose) -> {answer.status}")
    for kind in ("answer", "refuse"):
        measured = [m for q, m, _ in rows if m and q["kind"] == kind]
        if kind == "answer":
            measured = [m for m in measured if m["gold_in_top"]]  # answerable from what retrieval returned
        print(f"\n{kind} questions ({'gold passage in top 5' if kind == 'answer' else 'reaching compose'}):")
        for key in ("confidence", "sim", "cov"):
            print(f"  {key:10} {describe([m[key] for m in measured])}")
    answered = [a for q, _, a in rows if q["kind"] == "answer"]
    refused = [a for q, _, a in rows if q["kind"] == "refuse"]
    print(f"\nanswer kind: {sum(a.status == 'answered' for a in answered)}/{len(answered)} answered")
    print(f"refuse kind: {sum(a.status in ('not_found', 'out_of_scope') for a in refused)}/{len(refused)} refused")


if __name__ == "__main__":
    main(sys.argv[1:])
