"""`send-assistant eval --check --skip-metric`: the gate `make eval-gate` runs leaves latency out of the check
(benchmarks report speed; tests never time it) while the report still shows it."""

import json

from send_assistant.cli import main as cli

# A latency target no run can meet, beside one the fake assistant meets.
TARGETS = """sets:
  q:
    - {metric: fact_recall, op: ">=", value: 0.9}
    - {metric: latency_p95_ms, op: "<=", value: -1}
"""


def _args(tmp_path, questions):
    targets = tmp_path / "targets.yaml"
    targets.write_text(TARGETS, encoding="utf-8")
    return ["eval", "--questions", str(questions), "--targets", str(targets), "--check"]


def test_a_missed_latency_target_fails_the_check_unless_skipped(project, capsys):
    tmp_path, questions = project
    args = _args(tmp_path, questions)
    assert cli.main(args) == 1
    assert "target missed: q latency_p95_ms" in capsys.readouterr().err
    assert cli.main([*args, "--skip-metric", "latency_p95_ms"]) == 0
    captured = capsys.readouterr()
    assert "target missed" not in captured.err
    assert "targets skipped, reported but not checked: q: latency_p95_ms" in captured.err
    assert "skipped" in next(line for line in captured.out.splitlines() if line.startswith("latency p95"))


def test_a_skipped_target_stays_in_the_saved_report_with_its_figure(project):
    tmp_path, questions = project
    assert cli.main([*_args(tmp_path, questions), "--skip-metric", "latency_p95_ms"]) == 0
    saved = json.loads((tmp_path / "data" / "eval" / "last.json").read_text(encoding="utf-8"))
    latency = next(t for t in saved["sets"]["q"]["targets"] if t["metric"] == "latency_p95_ms")
    assert latency["skipped"] is True and latency["pass"] is None and latency["value"] > 0
    assert saved["skipped_targets"] == ["q: latency_p95_ms"] and saved["missed_targets"] == []


def test_skipping_one_metric_still_checks_the_others(project, capsys, monkeypatch):
    from eval_fakes import FakeAssistant

    from send_assistant.answering.answer import Answer
    from send_assistant.cli import eval_cmd

    class Unhelpful(FakeAssistant):
        def ask(self, question, **kwargs):
            return Answer(question=question, status="not_found")

    tmp_path, questions = project
    monkeypatch.setattr(eval_cmd, "make_assistant", lambda settings, embedder: Unhelpful())
    assert cli.main([*_args(tmp_path, questions), "--skip-metric", "latency_p95_ms"]) == 1
    missed = [line for line in capsys.readouterr().err.splitlines() if "target missed" in line]
    assert missed == ["send-assistant eval: target missed: q fact_recall = 0 (target >= 0.9)"]


def test_an_unknown_metric_to_skip_stops_with_one_line(project, capsys):
    tmp_path, questions = project
    assert cli.main([*_args(tmp_path, questions), "--skip-metric", "latency"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown metric 'latency'" in err[0]


# --- held-out data: read by the evaluation, never by calibration ---------------------------------------------
def test_the_gate_and_the_default_evaluation_read_the_held_out_questions():
    from send_assistant.evaluation.sets import HELDOUT_FILE, question_sets
    from send_assistant.settings import PROJECT_ROOT

    assert HELDOUT_FILE in [s.path for s in question_sets()]
    gate = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8").split("\neval-gate:")[0]
    assert "--questions evals/heldout_questions.jsonl" in gate and "--questions evals/questions.jsonl" in gate


def test_no_calibration_or_tuning_script_names_a_held_out_file():
    from send_assistant.settings import PROJECT_ROOT

    evals = PROJECT_ROOT / "evals"
    scripts = sorted(evals.glob("calibrate*.py")) + sorted(evals.glob("tune*.py"))
    assert any(s.name == "calibrate_safeguarding.py" for s in scripts)
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        assert "heldout_questions" not in text and "safeguarding_heldout" not in text, script.name


def test_the_safeguarding_calibration_reads_the_training_file_and_no_held_out_file(tmp_path, monkeypatch):
    """Run the calibration (a fake embedder, two folds, one C) and record every file it opens."""
    import builtins
    import importlib.util
    import io
    import sys

    from doubles import HashEmbedder

    from send_assistant.answering.stages import safeguarding_classifier as sc
    from send_assistant.settings import PROJECT_ROOT

    spec = importlib.util.spec_from_file_location(
        "calibrate_safeguarding", PROJECT_ROOT / "evals" / "calibrate_safeguarding.py"
    )
    calibrate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(calibrate)

    class NamedLikeMiniLM(HashEmbedder):
        name = "all-MiniLM-L6-v2"

    opened = []
    real_open = io.open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(calibrate, "load_embedder", lambda name: NamedLikeMiniLM())
    monkeypatch.setattr(calibrate, "C_GRID", (4.0,))
    monkeypatch.setattr(calibrate, "FOLDS", 2)
    monkeypatch.setattr(sys, "argv", ["calibrate_safeguarding.py", "--dry-run"])
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    calibrate.main()
    assert str(sc.TRAIN_FILE) in opened
    assert [p for p in opened if "heldout" in p] == []
    assert list((tmp_path / "data" / "safeguarding").glob("train-*.npy"))  # it caches under the data dir


def test_no_baseline_leaves_the_baseline_out_and_checks_the_same_targets(project, monkeypatch):
    from send_assistant.cli import eval_cmd

    def no_build(*args, **kwargs):
        raise AssertionError("the baseline was built")

    monkeypatch.setattr(eval_cmd, "build_baseline", no_build)
    tmp_path, questions = project
    args = [*_args(tmp_path, questions), "--skip-metric", "latency_p95_ms", "--no-baseline"]
    assert cli.main(args) == 0
    saved = json.loads((tmp_path / "data" / "eval" / "last.json").read_text(encoding="utf-8"))
    assert saved["sets"]["q"]["baseline"] is None and "baseline_chunks" not in saved["run"]
    assert [t["pass"] for t in saved["sets"]["q"]["targets"]] == [True, None]
