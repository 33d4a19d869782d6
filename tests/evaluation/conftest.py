"""The `project` fixture: a tiny knowledge folder, a data dir and a question file, with fake models."""

import json

import pytest
from eval_fakes import BUCKS_TEXT, MANIFEST, QUESTIONS, FakeAssistant

from send_assistant.cli import eval_cmd


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
    monkeypatch.setattr(eval_cmd, "make_embedder", lambda settings: fake_embedder)
    monkeypatch.setattr(eval_cmd, "make_assistant", lambda settings, embedder: FakeAssistant())
    return tmp_path, questions
