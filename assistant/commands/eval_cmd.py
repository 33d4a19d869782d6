"""`send-assistant eval`: the project's evaluation, with the LangChain tutorial baseline in the same run.

Loads the answer service once (interface 9), asks every question in evals/questions.jsonl warm and timed,
builds the baseline over the same knowledge documents with the same MiniLM, prints the figures beside their
targets and the failing questions, and writes everything to DATA_DIR/eval/last.json. Exit 0 whether or not the
targets are met (it is a report); 1 only when the evaluation cannot run.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from assistant.evaluation.baseline import build_baseline, sources_from_knowledge
from assistant.evaluation.questions import EvaluationError, Question, load_questions
from assistant.evaluation.report import format_report
from assistant.evaluation.runner import run_evaluation
from assistant.evaluation.sources import knowledge_documents
from ingest.settings import Settings


def make_embedder():
    """The real MiniLM, shared by the product and the baseline so both embed identically."""
    from ingest.embedding import MiniLMEmbedder

    return MiniLMEmbedder()


def make_assistant(settings: Settings, embedder):
    """The product's one composition root."""
    try:
        from assistant.service import Assistant

        return Assistant.from_settings(settings, embedder=embedder)
    except ImportError as exc:  # a part of the answer pipeline is not installed or not written yet
        raise EvaluationError(f"the answer service is not available: {exc}") from exc


def evaluate(settings: Settings, questions: list[Question], assistant, embedder) -> dict[str, Any]:
    """Run the product and the baseline over the questions; return the report dictionary."""
    docs = knowledge_documents(settings.knowledge_dir)
    known_areas = sorted({d.area for d in docs if d.area} | set(assistant.areas()))
    started = time.perf_counter()
    baseline = build_baseline(sources_from_knowledge(docs), embedder)
    baseline_seconds = time.perf_counter() - started

    def ask(q: Question):
        return assistant.ask(q.question, area=q.area, audience=q.audience, id=q.id)

    report = run_evaluation(
        questions, ask, known_areas, baseline_search=baseline.search, extractive=settings.llm is None
    )
    report["run"] = {
        "answer_path": "extractive" if settings.llm is None else f"llm ({settings.llm})",
        "baseline_chunks": baseline.chunks,
        "baseline_build_s": round(baseline_seconds, 2),
    }
    return report


def write_report(settings: Settings, report: dict[str, Any]) -> Path:
    """Save the report as DATA_DIR/eval/last.json and return its path."""
    path = settings.data_dir / "eval" / "last.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def run(args, settings: Settings) -> int:
    """Entry point of `send-assistant eval [--questions FILE] [--json]`."""
    questions = load_questions(Path(args.questions) if getattr(args, "questions", None) else None)
    print(f"loading the answer service and models for {len(questions)} questions ...", file=sys.stderr)
    started = time.perf_counter()
    embedder = make_embedder()
    assistant = make_assistant(settings, embedder)
    load_seconds = time.perf_counter() - started
    report = evaluate(settings, questions, assistant, embedder)
    report["run"]["load_s"] = round(load_seconds, 2)
    path = write_report(settings, report)
    if getattr(args, "json", False):
        # The table goes to stderr so stdout stays one parseable JSON object.
        print(format_report(report), file=sys.stderr)
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_report(report))
    print(f"results written to {path}", file=sys.stderr)
    return 0
