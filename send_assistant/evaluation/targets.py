"""The checked-in targets (evals/targets.yaml): per question set, metric, comparison and threshold.

`send-assistant eval` shows each set's targets with PASS/FAIL; `eval --check` exits 1 when any is missed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from send_assistant.evaluation.questions import EvaluationError
from send_assistant.settings import PROJECT_ROOT
from send_assistant.yaml_file import read_yaml

DEFAULT_TARGETS = PROJECT_ROOT / "evals" / "targets.yaml"
OPS = (">=", "<=")
# Every figure summarise_ours reports that a target may name.
METRICS = (
    "recall@1",
    "recall@5",
    "recall@10",
    "mrr",
    "citation_hit_rate",
    "fact_recall",
    "answered_rate",
    "answerable_refused",
    "refusal_accuracy",
    "safeguarding_recall",
    "false_safeguarding",
    "false_flag_rate",
    "cross_area_leaks",
    "questions_with_leaks",
    "median_answer_words",
    "latency_p50_ms",
    "latency_p95_ms",
    "latency_max_ms",
)
DEFAULT_KEY = "default"

Targets = dict[str, list[tuple[str, str, float]]]


def _parse_target(item: Any, where: str) -> tuple[str, str, float]:
    if not isinstance(item, dict) or set(item) != {"metric", "op", "value"}:
        raise EvaluationError(f"{where}: a target is {{metric, op, value}}, got {item!r}")
    metric, op, value = item["metric"], item["op"], item["value"]
    if metric not in METRICS:
        raise EvaluationError(f"{where}: unknown metric {metric!r} (known: {', '.join(METRICS)})")
    if op not in OPS:
        raise EvaluationError(f"{where}: op must be one of {OPS}, got {op!r}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EvaluationError(f"{where}: value of {metric} must be a number, got {value!r}")
    return metric, op, float(value)


def load_targets(path: Path | None = None) -> Targets:
    """{set name: [(metric, op, value), ...]}; the key "default" applies to sets the file does not name."""
    path = Path(path or DEFAULT_TARGETS)
    data = read_yaml(path, EvaluationError, "the targets file")
    sets = data.get("sets") if isinstance(data, dict) else None
    if not isinstance(sets, dict) or not sets:
        raise EvaluationError(f"{path}: expected a mapping 'sets: {{SET NAME: [targets]}}'")
    targets: Targets = {}
    for name, items in sets.items():
        if not isinstance(items, list) or not items:
            raise EvaluationError(f"{path}: set {name!r} needs a list of targets")
        parsed = [_parse_target(item, f"{path}: set {name!r}") for item in items]
        metrics = [m for m, _, _ in parsed]
        if len(set(metrics)) != len(metrics):
            raise EvaluationError(f"{path}: set {name!r} names a metric twice")
        targets[str(name)] = parsed
    return targets


def targets_for(targets: Targets, set_name: str) -> list[tuple[str, str, float]]:
    """The set's own targets, else the file's default ones, else none."""
    return list(targets.get(set_name, targets.get(DEFAULT_KEY, [])))


def skip_metrics(report: dict[str, Any], metrics: list[str] | tuple[str, ...]) -> list[str]:
    """Leave these metrics' targets out of the check in every set of a multi-set report; return "set: metric"
    for each target left out.

    The figures stay in the report and the target stays beside them, marked "skipped" with no pass/fail, so a
    gate can leave out what it must not assert (latency, which the house rule says benchmarks report and tests
    never time) while the report still shows it.
    """
    skipped = []
    for name in report["order"]:
        for target in report["sets"][name]["targets"]:
            if target["metric"] in metrics:
                target["pass"], target["skipped"] = None, True
                skipped.append(f"{name}: {target['metric']}")
    return skipped


def misses(report: dict[str, Any]) -> list[str]:
    """One line per missed target across every set of a multi-set report ("set: metric value (target)")."""
    lines = []
    for name in report["order"]:
        for t in report["sets"][name]["targets"]:
            if t["pass"] is False:
                value = "not measured" if t["value"] is None else f"{t['value']:.4g}"
                lines.append(f"target missed: {name} {t['metric']} = {value} (target {t['target']})")
    return lines
