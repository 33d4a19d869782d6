import json

from eval_fakes import FakeAssistant

from send_assistant.answering.answer import Answer
from send_assistant.cli import eval_cmd
from send_assistant.cli import main as cli


def test_eval_prints_table_writes_last_json_and_exits_0(project, capsys):
    tmp_path, questions = project
    assert cli.main(["eval", "--questions", str(questions)]) == 0
    out = capsys.readouterr().out
    assert "recall@5" in out and "baseline" in out and "refusal accuracy" in out
    assert "=== set q " in out and "answerable but refused" in out and "median answer words" in out
    saved = json.loads((tmp_path / "data" / "eval" / "last.json").read_text(encoding="utf-8"))
    assert saved["order"] == ["q"]
    one = saved["sets"]["q"]
    assert one["questions"] == 2 and one["file"] == str(questions)
    assert one["ours"]["recall@1"] == 1.0 and one["ours"]["refusal_accuracy"] == 1.0
    assert one["ours"]["answerable_refused"] == 0.0 and one["ours"]["median_answer_words"] == 5.0
    assert one["baseline"]["recall@1"] == 1.0  # the tiny corpus has the gold in its only local chunk
    assert saved["run"]["answer_path"] == "extractive" and saved["run"]["baseline_chunks"] == 2


def test_eval_json_prints_one_parseable_object(project, capsys):
    _, questions = project
    assert cli.main(["eval", "--questions", str(questions), "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["sets"]["q"]["failures"] == [] and "recall@5" in captured.err


def test_eval_exits_0_when_targets_are_missed(project, capsys, monkeypatch):
    _, questions = project

    class Unhelpful(FakeAssistant):
        def ask(self, question, **kwargs):
            return Answer(question=question, status="not_found")

    monkeypatch.setattr(eval_cmd, "make_assistant", lambda settings, embedder: Unhelpful())
    assert cli.main(["eval", "--questions", str(questions)]) == 0
    assert "FAIL" in capsys.readouterr().out


def test_eval_exits_1_with_one_line_when_it_cannot_run(project, capsys):
    tmp_path, _ = project
    assert cli.main(["eval", "--questions", str(tmp_path / "missing.jsonl")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot read question file" in err[0]
