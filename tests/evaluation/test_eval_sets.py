"""`send-assistant eval` over several question sets in one run, with per-set targets and --check."""

import json
import re

import pytest
from eval_fakes import QUESTIONS, FakeAssistant

from send_assistant.answering.answer import Answer
from send_assistant.cli import eval_cmd
from send_assistant.cli import main as cli
from send_assistant.evaluation.questions import EvaluationError
from send_assistant.evaluation.sets import HELDOUT_FILE, question_sets, set_name, tuning_questions
from send_assistant.evaluation.targets import load_targets
from send_assistant.settings import PROJECT_ROOT

FOLLOWUP = {
    "id": "f1",
    "question": "when does it meet",
    "area": "Buckinghamshire",
    "audience": "parent",
    "kind": "answer",
    "gold": ["SEND Youth Forum"],
    "facts": [["youth forum"]],
    "history": [{"role": "user", "content": "is there a youth forum"}, {"role": "assistant", "content": "Yes."}],
}
TWICE = '    - {metric: fact_recall, op: ">=", value: 1}\n    - {metric: fact_recall, op: "<=", value: 1}'
MET = """sets:
  q:
    - {metric: fact_recall, op: ">=", value: 0.9}
    - {metric: refusal_accuracy, op: ">=", value: 1.0}
  default:
    - {metric: cross_area_leaks, op: "<=", value: 0}
"""


def write_jsonl(path, items):
    path.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    return path


class Unhelpful(FakeAssistant):
    def ask(self, question, **kwargs):
        return Answer(question=question, status="not_found")


@pytest.fixture
def counted(monkeypatch, fake_embedder):
    """Counts how often the models and the answer service are loaded; the service is a recording fake."""
    loads = {"embedder": 0, "assistant": 0}
    assistant = FakeAssistant()

    def embedder(settings):
        loads["embedder"] += 1
        return fake_embedder

    def make(settings, emb):
        loads["assistant"] += 1
        return assistant

    monkeypatch.setattr(eval_cmd, "make_embedder", embedder)
    monkeypatch.setattr(eval_cmd, "make_assistant", make)
    return loads, assistant


def test_several_files_are_reported_separately_with_models_loaded_once(project, counted, capsys):
    tmp_path, questions = project
    loads, assistant = counted
    split = [
        dict(QUESTIONS[0], id="s1", split="tune"),
        dict(QUESTIONS[1], id="s2", split="heldout"),
        dict(FOLLOWUP, id="s3", split="heldout"),
    ]
    realistic = write_jsonl(tmp_path / "street_questions.jsonl", split)
    assert cli.main(["eval", "--questions", str(questions), "--questions", str(realistic)]) == 0
    assert loads == {"embedder": 1, "assistant": 1}
    out = capsys.readouterr().out
    saved = json.loads((tmp_path / "data" / "eval" / "last.json").read_text(encoding="utf-8"))
    assert saved["order"] == ["q", "street-tune", "street-heldout"]
    assert [saved["sets"][n]["questions"] for n in saved["order"]] == [2, 1, 2]
    assert saved["sets"]["street-heldout"]["split"] == "heldout"
    assert saved["sets"]["street-heldout"]["ours"]["fact_recall"] == 1.0  # the follow-up was answered
    for name in saved["order"]:
        assert f"=== set {name} (" in out
    overview = out[out.index("All sets") :]
    assert re.search(r"^questions\s+2\s+1\s+2$", overview, re.MULTILINE)


def test_follow_ups_reach_the_assistant_with_their_history(project, counted):
    tmp_path, _ = project
    _, assistant = counted
    path = write_jsonl(tmp_path / "f.jsonl", [FOLLOWUP, QUESTIONS[1]])
    assert cli.main(["eval", "--questions", str(path)]) == 0
    asked = {c["id"]: c for c in assistant.calls}
    assert asked["f1"]["history"] == FOLLOWUP["history"]
    assert asked["r1"]["history"] is None


def test_check_exits_0_when_every_target_is_met(project, counted, capsys):
    tmp_path, questions = project
    targets = tmp_path / "targets.yaml"
    targets.write_text(MET, encoding="utf-8")
    assert cli.main(["eval", "--questions", str(questions), "--targets", str(targets), "--check"]) == 0
    assert "target missed" not in capsys.readouterr().err
    saved = json.loads((tmp_path / "data" / "eval" / "last.json").read_text(encoding="utf-8"))
    assert [t["metric"] for t in saved["sets"]["q"]["targets"]] == ["fact_recall", "refusal_accuracy"]
    assert saved["missed_targets"] == []


def test_check_exits_1_with_one_line_per_missed_target(project, counted, capsys, monkeypatch):
    tmp_path, questions = project
    targets = tmp_path / "targets.yaml"
    targets.write_text(MET, encoding="utf-8")
    monkeypatch.setattr(eval_cmd, "make_assistant", lambda settings, embedder: Unhelpful())
    other = write_jsonl(tmp_path / "other.jsonl", [dict(QUESTIONS[0], id="o1")])
    args = ["eval", "--questions", str(questions), "--questions", str(other), "--targets", str(targets)]
    assert cli.main(args) == 0  # without --check it is a report
    capsys.readouterr()
    assert cli.main([*args, "--check"]) == 1
    missed = [line for line in capsys.readouterr().err.splitlines() if "target missed" in line]
    # q misses fact recall (nothing answered); "other" gets the default targets, which it meets (no leaks)
    assert missed == ["send-assistant eval: target missed: q fact_recall = 0 (target >= 0.9)"]


def test_a_bad_targets_file_stops_before_the_models_load(project, counted, capsys):
    tmp_path, questions = project
    loads, _ = counted
    targets = tmp_path / "targets.yaml"
    targets.write_text('sets:\n  q:\n    - {metric: happiness, op: ">=", value: 1}\n', encoding="utf-8")
    assert cli.main(["eval", "--questions", str(questions), "--targets", str(targets), "--check"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown metric 'happiness'" in err[0]
    assert loads == {"embedder": 0, "assistant": 0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sets: {}", "expected a mapping"),
        ('sets:\n  q:\n    - {metric: fact_recall, op: ">", value: 1}', "op must be one of"),
        ('sets:\n  q:\n    - {metric: fact_recall, op: ">=", value: high}', "must be a number"),
        ("sets:\n  q:\n" + TWICE, "names a metric twice"),
        ("sets: [", "not valid YAML"),
    ],
)
def test_targets_file_problems_are_named(tmp_path, text, message):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        load_targets(path)


def test_the_checked_in_targets_cover_every_default_set_and_the_issue_targets():
    targets = load_targets()
    assert {s.name for s in question_sets()} <= set(targets)
    held = {m: (op, v) for m, op, v in targets["realistic-heldout"]}
    assert held["fact_recall"] == (">=", 0.92) and held["answerable_refused"] == ("<=", 0.03)
    assert held["refusal_accuracy"] == (">=", 1.0) and held["cross_area_leaks"] == ("<=", 0)
    assert held["median_answer_words"] == ("<=", 120) and held["safeguarding_recall"] == (">=", 0.98)
    header = (PROJECT_ROOT / "evals" / "targets.yaml").read_text(encoding="utf-8").split("sets:")[0]
    assert "commit message" in header


def test_set_names_and_name_clashes(tmp_path):
    assert set_name(PROJECT_ROOT / "evals" / "questions.jsonl") == "dev"
    assert set_name(tmp_path / "my_questions.jsonl") == "my" and set_name(tmp_path / "questions.jsonl") == "questions"
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    files = [write_jsonl(d / "x.jsonl", QUESTIONS) for d in (a, b)]
    with pytest.raises(EvaluationError, match="same set name: x"):
        question_sets(files)


def test_a_half_split_file_is_refused(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [dict(QUESTIONS[0], split="tune"), QUESTIONS[1]])
    with pytest.raises(EvaluationError, match="some questions have a split and some do not"):
        question_sets([path])


def test_tuning_never_sees_held_out_questions(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [dict(QUESTIONS[0], split="tune"), dict(QUESTIONS[1], split="heldout")])
    assert [q.id for q in tuning_questions(path)] == ["a1"]
    with pytest.raises(EvaluationError, match="held out"):
        tuning_questions(HELDOUT_FILE)


def test_no_calibration_script_reads_held_out_questions():
    # Benchmarks may replay any question for timing; what calibrates or tunes the product must not see held-out ones.
    scripts = sorted((PROJECT_ROOT / "evals").glob("calibrate*.py")) + sorted((PROJECT_ROOT / "evals").glob("tune*.py"))
    assert scripts
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        assert "heldout_questions" not in text, script.name
        if "realistic_questions" in text:
            assert "tuning_questions" in text, script.name
