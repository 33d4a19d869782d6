"""`send-assistant eval`: the project's evaluation, set by set, with the LangChain tutorial baseline in the same run.

Loads the answer service (answering/service.py) and the models once, then for every question set (default: dev, heldout,
realistic-tune, realistic-heldout; see send_assistant/evaluation/sets.py) asks each question warm and timed (follow-ups
with their history), builds the baseline once over the same knowledge documents with the same MiniLM, prints each
set's figures beside its targets (evals/targets.yaml) with its failing questions and then all sets side by side,
and writes everything to DATA_DIR/eval/last.json. Without --check it exits 0 whether or not the targets are met
(it is a report); with --check it exits 1, one line per missed target on stderr, when any is missed. Exit 1 also
when the evaluation cannot run. --skip-metric NAME (repeatable) leaves that figure's targets out of the check:
they are still reported, marked "skipped" (`make eval-gate` skips latency, which benchmarks report and tests
never time). --no-baseline leaves the baseline out (no target reads it).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from send_assistant.evaluation.baseline import build_baseline, sources_from_knowledge
from send_assistant.evaluation.questions import EvaluationError, Question
from send_assistant.evaluation.report import format_sets
from send_assistant.evaluation.runner import WARMUP_QUESTIONS, run_evaluation
from send_assistant.evaluation.sets import QuestionSet, question_sets
from send_assistant.evaluation.sources import knowledge_documents
from send_assistant.evaluation.summary import TARGETS
from send_assistant.evaluation.targets import (
    DEFAULT_TARGETS,
    METRICS,
    Targets,
    load_targets,
    misses,
    skip_metrics,
    targets_for,
)
from send_assistant.settings import Settings


def make_embedder(settings: Settings):
    """The configured embedder (the shipped MiniLM by default), shared by the product and the baseline so both
    embed identically."""
    from send_assistant.model_profiles import load_embedder

    return load_embedder(settings.embedder)


def make_assistant(settings: Settings, embedder):
    """The product's one composition root."""
    try:
        from send_assistant.answering.service import Assistant

        return Assistant.from_settings(settings, embedder=embedder)
    except ImportError as exc:  # a part of the answer pipeline is not installed or not written yet
        raise EvaluationError(f"the answer service is not available: {exc}") from exc


def evaluate(
    settings: Settings,
    sets: list[QuestionSet],
    assistant,
    embedder,
    targets: Targets | None = None,
    with_baseline: bool = True,
) -> dict[str, Any]:
    """Run the product and the baseline over every set; return the multi-set report dictionary.

    targets: per-set targets from the targets file; None means the built-in ones for every set.
    with_baseline: False leaves the baseline out (no target reads it; the gate saves embedding the documents twice).
    """
    docs = knowledge_documents(settings.knowledge_dir)
    known_areas = sorted({d.area for d in docs if d.area} | set(assistant.areas()))
    started = time.perf_counter()
    baseline = build_baseline(sources_from_knowledge(docs), embedder) if with_baseline else None
    baseline_seconds = time.perf_counter() - started
    extractive = settings.llm is None

    def ask(q: Question):
        return assistant.ask(q.question, area=q.area, audience=q.audience, history=q.history or None, id=q.id)

    report: dict[str, Any] = {"order": [s.name for s in sets], "sets": {}}
    for number, qset in enumerate(sets):
        set_started = time.perf_counter()
        one = run_evaluation(
            qset.questions,
            ask,
            known_areas,
            baseline_search=baseline.search if baseline is not None else None,
            extractive=extractive,
            targets=TARGETS if targets is None else targets_for(targets, qset.name),
            warmup=WARMUP_QUESTIONS if number == 0 else (),
        )
        report["sets"][qset.name] = {"file": str(qset.path), "split": qset.split, **one}
        seconds = time.perf_counter() - set_started
        print(f"  {qset.name}: {len(qset.questions)} questions in {seconds:.0f} s", file=sys.stderr)
    report["run"] = {"answer_path": "extractive" if extractive else f"llm ({settings.llm})"}
    if baseline is not None:
        report["run"].update(baseline_chunks=baseline.chunks, baseline_build_s=round(baseline_seconds, 2))
    return report


def write_report(settings: Settings, report: dict[str, Any]) -> Path:
    """Save the report as DATA_DIR/eval/last.json and return its path."""
    path = settings.data_dir / "eval" / "last.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _targets(args) -> tuple[Targets | None, str]:
    """The targets to show and check: --targets FILE, else evals/targets.yaml when present, else built-in."""
    chosen = getattr(args, "targets", None)
    if chosen:
        return load_targets(Path(chosen)), str(chosen)
    if DEFAULT_TARGETS.is_file():
        return load_targets(DEFAULT_TARGETS), str(DEFAULT_TARGETS)
    return None, "built-in"


def run(args, settings: Settings) -> int:
    """Entry point of `send-assistant eval [--questions FILE ...] [--targets FILE] [--check] [--skip-metric NAME ...]
    [--json]`."""
    files = [Path(p) for p in (getattr(args, "questions", None) or [])]
    sets = question_sets(files or None)
    targets, targets_source = _targets(args)  # read before the models load: a bad file fails fast
    unknown = sorted(set(getattr(args, "skip_metric", None) or ()) - set(METRICS))
    if unknown:
        raise EvaluationError(f"--skip-metric: unknown metric {unknown[0]!r} (known: {', '.join(METRICS)})")
    total = sum(len(s.questions) for s in sets)
    print(
        f"loading the answer service and models for {total} questions in {len(sets)} set{'s' * (len(sets) != 1)} "
        f"({', '.join(s.name for s in sets)}) ...",
        file=sys.stderr,
    )
    started = time.perf_counter()
    embedder = make_embedder(settings)
    assistant = make_assistant(settings, embedder)
    load_seconds = time.perf_counter() - started
    with_baseline = not getattr(args, "no_baseline", False)
    report = evaluate(settings, sets, assistant, embedder, targets, with_baseline=with_baseline)
    report["run"]["load_s"] = round(load_seconds, 2)
    report["run"]["targets"] = targets_source
    skipped = skip_metrics(report, getattr(args, "skip_metric", None) or ())
    report["skipped_targets"] = skipped
    missed = misses(report)
    report["missed_targets"] = missed
    path = write_report(settings, report)
    if getattr(args, "json", False):
        # The tables go to stderr so stdout stays one parseable JSON object.
        print(format_sets(report), file=sys.stderr)
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_sets(report))
    print(f"results written to {path}", file=sys.stderr)
    if skipped:
        print(f"targets skipped, reported but not checked: {', '.join(skipped)}", file=sys.stderr)
    if getattr(args, "check", False) and missed:
        for line in missed:
            print(f"send-assistant eval: {line}", file=sys.stderr)
        return 1
    return 0
