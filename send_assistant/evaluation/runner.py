"""Run the question set through the product (and the baseline) and build the report dictionary.

The product is reached only through a callable `ask(question) -> Answer`, so tests can pass a fake and the
command passes `Assistant.ask` (send_assistant/answering/service.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from send_assistant.answering.answer import ERROR, Answer
from send_assistant.evaluation.questions import Question, allowed_areas
from send_assistant.evaluation.scoring import QuestionResult, score_answer, score_baseline
from send_assistant.evaluation.summary import (
    TARGETS,
    check_targets,
    per_kind,
    stage_percentiles,
    summarise_baseline,
    summarise_ours,
)

# Asked before timing starts so caches, lazy loads and the first model call are not counted as a user's wait.
WARMUP_QUESTIONS = ("What is the Local Offer?", "How do I ask for an EHC needs assessment?")

Ask = Callable[[Question], Answer]
Search = Callable[[str], Sequence[Any]]


def _ask_timed(ask: Ask, question: Question, clock: Callable[[], float]) -> tuple[Answer, float]:
    start = clock()
    try:
        answer = ask(question)
    except Exception as exc:  # noqa: BLE001 - a report must go on and show which question broke, and how
        answer = Answer(question=question.question, area=question.area, audience=question.audience, id=question.id)
        answer.status = ERROR
        answer.answer = f"{type(exc).__name__}: {exc}"
    return answer, (clock() - start) * 1000.0


def run_evaluation(
    questions: Sequence[Question],
    ask: Ask,
    known_areas: Sequence[str],
    baseline_search: Search | None = None,
    clock: Callable[[], float] = time.perf_counter,
    warmup: Sequence[str] = WARMUP_QUESTIONS,
    extractive: bool = True,
    targets: Sequence[tuple[str, str, float]] = TARGETS,
) -> dict[str, Any]:
    """Ask every question, score it, run the baseline on the same questions, and summarise.

    Returns the report: figures for the product ("ours") and the baseline, targets with pass/fail, counts per
    kind and audience, per-stage timings, the failing questions and every question's result.
    """
    for text in warmup:
        _ask_timed(ask, Question(id="warmup", question=text, area="", audience="parent", kind="answer"), clock)

    results: list[QuestionResult] = []
    errors: list[dict[str, str]] = []
    for q in questions:
        answer, ms = _ask_timed(ask, q, clock)
        if answer.status == ERROR:
            errors.append({"id": q.id, "detail": answer.answer[:200]})
        results.append(score_answer(q, answer, allowed_areas(q, known_areas), ms))

    ours = summarise_ours(results)
    report: dict[str, Any] = {
        "questions": len(questions),
        "ours": ours,
        "targets": check_targets(ours, extractive, targets),
        "counts": per_kind(results),
        "stages_ms": stage_percentiles([r.timings_ms for r in results]),
        "failures": [{"id": r.id, "kind": r.kind, "failed": r.failures} for r in results if r.failures],
        "errors": errors,
        "results": [r.to_dict() for r in results],
        "baseline": None,
    }
    if baseline_search is not None:
        base = [score_baseline(q, baseline_search(q.question), allowed_areas(q, known_areas)) for q in questions]
        answer_ids = {q.id for q in questions if q.kind == "answer" and q.gold}
        report["baseline"] = summarise_baseline(base, answer_ids)
        for row, b in zip(report["results"], base, strict=True):
            row["baseline_gold_rank"] = b.gold_rank
    return report
