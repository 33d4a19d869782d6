import json

import pytest

from assistant import cli
from assistant.answer import Answer, Citation, Passage
from assistant.commands import eval_cmd

MANIFEST = """documents:
  - id: bucks
    file: bucks.txt
    title: Bucks plan
    area: Buckinghamshire
  - id: glossary
    file: glossary.txt
    title: Glossary
    area: ""
"""
BUCKS_TEXT = "We work closely with the SEND Youth Forum, a core mechanism to shape services."
QUESTIONS = [
    {
        "id": "a1",
        "question": "youth forum?",
        "area": "Buckinghamshire",
        "audience": "parent",
        "kind": "answer",
        "gold": ["SEND Youth Forum"],
        "facts": [["youth forum"]],
    },
    {"id": "r1", "question": "fix my car", "area": "", "audience": "gp", "kind": "refuse", "gold": [], "facts": []},
]


class FakeAssistant:
    def areas(self):
        return ["Buckinghamshire"]

    def ask(self, question, area="", audience="parent", history=None, id=None):
        a = Answer(question=question, area=area, audience=audience, id=id or "x")
        if "youth" in question:
            p = Passage("bucks:1", "bucks", BUCKS_TEXT, "Bucks plan", "Buckinghamshire", "improvement plan")
            a.retrieved = [p]
            a.citations = [Citation(1, "bucks", p.title, p.area, p.doc_type, "", None, None, p.text)]
            a.answer = "Yes: the SEND Youth Forum [1]."
        else:
            a.status = "out_of_scope"
        return a


@pytest.fixture
def project(tmp_path, monkeypatch, fake_embedder):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "sources.yaml").write_text(MANIFEST, encoding="utf-8")
    (knowledge / "bucks.txt").write_text(BUCKS_TEXT, encoding="utf-8")
    (knowledge / "glossary.txt").write_text("A SENCO co-ordinates SEN support.", encoding="utf-8")
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in QUESTIONS), encoding="utf-8")
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SEND_ASSISTANT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.delenv("SEND_ASSISTANT_LLM", raising=False)
    monkeypatch.setattr(eval_cmd, "make_embedder", lambda: fake_embedder)
    monkeypatch.setattr(eval_cmd, "make_assistant", lambda settings, embedder: FakeAssistant())
    return tmp_path, questions


def test_eval_prints_table_writes_last_json_and_exits_0(project, capsys):
    tmp_path, questions = project
    assert cli.main(["eval", "--questions", str(questions)]) == 0
    out = capsys.readouterr().out
    assert "recall@5" in out and "baseline" in out and "refusal accuracy" in out
    saved = json.loads((tmp_path / "data" / "eval" / "last.json").read_text(encoding="utf-8"))
    assert saved["questions"] == 2
    assert saved["ours"]["recall@1"] == 1.0 and saved["ours"]["refusal_accuracy"] == 1.0
    assert saved["baseline"]["recall@1"] == 1.0  # the tiny corpus has the gold in its only local chunk
    assert saved["run"]["answer_path"] == "extractive" and saved["run"]["baseline_chunks"] == 2


def test_eval_json_prints_one_parseable_object(project, capsys):
    _, questions = project
    assert cli.main(["eval", "--questions", str(questions), "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["failures"] == [] and "recall@5" in captured.err


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
