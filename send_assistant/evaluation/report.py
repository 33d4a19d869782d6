"""The evaluation report as text: the figures table with targets, counts, and the failing questions."""

from __future__ import annotations

from typing import Any

ROWS = (
    # key, label, kind of value; baseline figures exist only for retrieval rows and leaks
    ("recall@1", "recall@1", "ratio"),
    ("recall@5", "recall@5", "ratio"),
    ("recall@10", "recall@10", "ratio"),
    ("mrr", "MRR", "ratio"),
    ("citation_hit_rate", "citation hit rate", "ratio"),
    ("fact_recall", "fact recall", "ratio"),
    ("answered_rate", "answered (answer questions)", "ratio"),
    ("answerable_refused", "answerable but refused", "ratio"),
    ("refusal_accuracy", "refusal accuracy", "ratio"),
    ("safeguarding_recall", "safeguarding recall", "ratio"),
    ("false_safeguarding", "safeguarding on non-safeguard qs", "count"),
    ("false_flag_rate", "false flag rate", "ratio"),
    ("cross_area_leaks", "cross-area leaks", "count"),
    ("questions_with_leaks", "questions with a leak", "count"),
    ("median_answer_words", "median answer words", "words"),
    ("latency_p50_ms", "latency p50 (ms, warm)", "ms"),
    ("latency_p95_ms", "latency p95 (ms, warm)", "ms"),
)


def _fmt(value: Any, kind: str) -> str:
    if value is None:
        return "n/a"
    if kind == "ratio":
        return f"{value:.3f}"
    if kind == "ms":
        return f"{value:.1f}"
    if kind == "words":
        return f"{value:g}"
    return str(value)


def format_report(report: dict[str, Any]) -> str:
    """Human-readable table: our figures, the baseline's beside them, each target with PASS/FAIL."""
    ours, base = report["ours"], report.get("baseline") or {}
    targets = {t["metric"]: t for t in report["targets"]}
    lines = [
        f"Evaluation over {report['questions']} questions "
        f"({ours['retrieval_questions']} with gold passages; baseline returns 4 passages, shown as-is)",
        "",
        f"{'metric':34} {'ours':>9} {'baseline':>9}   target",
        "-" * 70,
    ]
    for key, label, kind in ROWS:
        target = targets.get(key)
        verdict = ""
        if target:
            mark = "skipped" if target.get("skipped") else {True: "PASS", False: "FAIL", None: "n/a"}[target["pass"]]
            verdict = f"{target['target']:>8}  {mark}"
        base_value = _fmt(base.get(key), kind) if key in base else ""
        lines.append(f"{label:34} {_fmt(ours.get(key), kind):>9} {base_value:>9}   {verdict}".rstrip())
    extra = report.get("run", {})
    if extra:
        lines += ["", "run: " + ", ".join(f"{k}={v}" for k, v in extra.items())]
    lines += ["", "questions passing every check:"]
    for name, c in report["counts"].items():
        lines.append(f"  {name:24} {c['passed']:>4} / {c['questions']}")
    if report.get("stages_ms"):
        lines += ["", "stage timings (ms, warm):  " + "  ".join(_stage(n, s) for n, s in report["stages_ms"].items())]
    lines += ["", f"failing questions ({len(report['failures'])}):"]
    for f in report["failures"]:
        lines.append(f"  {f['id']:6} [{f['kind']}] " + "; ".join(f["failed"]))
    for e in report.get("errors", []):
        lines.append(f"  error in {e['id']}: {e['detail']}")
    return "\n".join(lines)


def format_sets(report: dict[str, Any]) -> str:
    """A multi-set report: each set's own table (with its failing questions), then all sets side by side."""
    parts = []
    for name in report["order"]:
        one = report["sets"][name]
        where = one.get("file", "")
        split = f", split {one['split']}" if one.get("split") else ""
        parts += [f"=== set {name} ({where}{split}) ===", format_report(one), ""]
    parts.append(format_overview(report))
    return "\n".join(parts)


def format_overview(report: dict[str, Any]) -> str:
    """One row per figure, one column per set; a target missed in that set is marked with '!'."""
    names = report["order"]
    width = max([10, *(len(n) + 2 for n in names)])
    lines = [
        "All sets (! = target missed)",
        f"{'metric':34}" + "".join(f"{n:>{width}}" for n in names),
        "-" * (34 + width * len(names)),
        f"{'questions':34}" + "".join(f"{report['sets'][n]['questions']:>{width}}" for n in names),
    ]
    for key, label, kind in ROWS:
        cells = []
        for n in names:
            one = report["sets"][n]
            missed = any(t["metric"] == key and t["pass"] is False for t in one["targets"])
            cells.append(f"{_fmt(one['ours'].get(key), kind) + ('!' if missed else ''):>{width}}")
        lines.append(f"{label:34}" + "".join(cells))
    return "\n".join(lines)


def _stage(name: str, s: dict[str, Any]) -> str:
    return f"{name} p50 {_fmt(s['p50'], 'ms')} / p95 {_fmt(s['p95'], 'ms')}"
