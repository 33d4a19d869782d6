"""Calibrate and audit the safeguarding check on the real MiniLM.

Prints, for the semantic backstop, the highest-scoring ordinary texts (every sentence of the knowledge/
documents, the ordinary questions in tests/stages/test_safeguarding.py, the non-safeguarding evaluation
questions) and the at-risk test phrasings with their scores, then the false alarms and misses of the whole
check (lexicon or backstop) at the configured thresholds, and the time per question.

    .venv/bin/python evals/calibrate_safeguarding.py
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.stages.safeguarding import SafeguardingCheck, risk_reason  # noqa: E402
from assistant.stages.safeguarding_semantic import SemanticRisk  # noqa: E402
from ingest.embedding import MiniLMEmbedder  # noqa: E402
from ingest.loaders import load_path  # noqa: E402


def knowledge_sentences() -> list[str]:
    """Every sentence (3+ words) of the knowledge documents and the glossary."""
    sentences = []
    for path in sorted((ROOT / "knowledge").iterdir()):
        if path.suffix not in (".txt", ".yaml", ".md", ".html", ".pdf", ".docx") or path.name == "sources.yaml":
            continue
        for block in load_path(path).blocks:
            sentences += [s.strip() for s in re.split(r"(?<=[.!?;])\s+|\n+", block.text) if len(s.split()) >= 3]
    return sentences


def test_lists() -> tuple[list[str], list[str]]:
    """The AT_RISK and ORDINARY phrasings of the safeguarding tests."""
    spec = importlib.util.spec_from_file_location("sg_tests", ROOT / "tests/stages/test_safeguarding.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return list(module.AT_RISK) + list(module.AT_RISK_NEW), list(module.ORDINARY) + list(module.ORDINARY_NEW)


def eval_questions() -> tuple[list[str], list[str]]:
    """(safeguarding, other) questions of evals/questions.jsonl."""
    rows = [json.loads(line) for line in (ROOT / "evals/questions.jsonl").read_text().splitlines() if line.strip()]
    return [r["question"] for r in rows if r["kind"] == "safeguard"], [
        r["question"] for r in rows if r["kind"] != "safeguard"
    ]


def main() -> None:
    """Print the score distributions, the errors at the configured thresholds and the timing."""
    embedder = MiniLMEmbedder()
    semantic = SemanticRisk(embedder)
    semantic.warm()
    at_risk, ordinary = test_lists()
    eval_risk, eval_other = eval_questions()
    knowledge = knowledge_sentences()
    negatives = {"knowledge": knowledge, "ordinary tests": ordinary, "eval non-safeguard": eval_other}
    print(f"config {semantic.config}; {len(knowledge)} knowledge sentences")
    scores = {label: semantic.score_many(texts) for label, texts in negatives.items()}
    for label, texts in negatives.items():
        ranked = sorted(zip(scores[label], texts, strict=True), key=lambda p: p[0].risk, reverse=True)
        near = [p for p in ranked if p[0].risk - p[0].ordinary >= 0.0]
        print(f"\n== {label}: highest at-risk similarity with a positive margin (risk, ordinary, margin)")
        for s, t in near[:8]:
            print(f"  {s.risk:.3f} {s.ordinary:.3f} {s.risk - s.ordinary:+.3f}  {t[:100]}")
    print("\n== at-risk phrasings the lexicon misses (risk, ordinary, margin)")
    missed_by_lexicon = [t for t in at_risk + eval_risk if risk_reason(t) is None]
    for s, t in zip(semantic.score_many(missed_by_lexicon or ["-"]), missed_by_lexicon, strict=False):
        print(f"  {s.risk:.3f} {s.ordinary:.3f} {s.risk - s.ordinary:+.3f}  {t}")
    stage = SafeguardingCheck(embedder=embedder)
    false_alarms = {
        label: [t for t, s in zip(texts, scores[label], strict=True) if risk_reason(t) or semantic.is_risky(s)]
        for label, texts in negatives.items()
    }
    misses = [t for t in at_risk + eval_risk if not stage.reason(t)]
    print("\n== whole check at the configured thresholds")
    for label, found in false_alarms.items():
        print(f"  false alarms on {label}: {len(found)}", *[f"\n    {stage.reason(t)!r}: {t[:100]}" for t in found])
    print(f"  missed at-risk phrasings: {len(misses)} of {len(at_risk) + len(eval_risk)}", *misses, sep="\n    ")
    started = time.perf_counter()
    for t in eval_other:
        risk_reason(t)
    lexicon_ms = (time.perf_counter() - started) * 1000 / len(eval_other)
    started = time.perf_counter()
    for t in eval_other:
        stage.reason(t)
    total_ms = (time.perf_counter() - started) * 1000 / len(eval_other)
    print(f"\n  per question: lexicon {lexicon_ms:.1f} ms, lexicon + embedding {total_ms:.1f} ms")


if __name__ == "__main__":
    main()
