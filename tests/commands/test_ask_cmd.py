from __future__ import annotations

import io
import json

import pytest
from answering_fakes import BANES, make_assistant

from send_assistant.answering.service import Assistant
from send_assistant.cli import ask_cmd
from send_assistant.cli import main as cli
from send_assistant.errors import IndexUnavailableError


@pytest.fixture
def fake_assistant(monkeypatch):
    built: list[int] = []

    def from_settings(settings, embedder=None, llm=None, on_answer=None):
        built.append(1)
        return make_assistant()

    monkeypatch.setattr(Assistant, "from_settings", staticmethod(from_settings))
    return built


def run_cli(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_one_question_as_json(fake_assistant, capsys):
    code, out, _ = run_cli(
        ["ask", "Who runs the joint agency panel for children with complex needs?", "--area", BANES, "--json"], capsys
    )
    data = json.loads(out)
    assert code == 0
    assert data["status"] == "answered" and data["area"] == BANES
    assert data["citations"][0]["n"] == 1
    assert {"id", "question", "audience", "answer", "retrieved", "timings_ms"} <= set(data)


def test_human_readable_answer_lists_numbered_sources(fake_assistant, capsys):
    code, out, _ = run_cli(
        ["ask", "Who runs the joint agency panel for children with complex needs?", "--area", BANES], capsys
    )
    assert code == 0
    assert "[1]" in out and "Sources:" in out
    assert f"[1] Local Offer of {BANES} ({BANES}, Section 1, reviewed 2024-01-01)" in out


def test_batch_keeps_order_and_ids_and_turns_bad_lines_into_invalid_input(fake_assistant, tmp_path, capsys):
    batch = tmp_path / "q.jsonl"
    lines = [
        {
            "id": "a",
            "question": "Who runs the joint agency panel for children with complex needs?",
            "area": BANES,
            "audience": "parent",
        },
        "this is not json",
        {"id": "c", "question": "Can you help me fix my car?", "area": "", "audience": "gp"},
        {"id": "d", "area": BANES},
        {"id": "e", "question": "", "area": BANES, "audience": "parent"},
    ]
    batch.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    code, out, _ = run_cli(["ask", "--batch", str(batch), "--json"], capsys)
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [a["id"] for a in answers] == ["a", "line-2", "c", "d", "e"]
    assert [a["status"] for a in answers] == [
        "answered",
        "invalid_input",
        "out_of_scope",
        "invalid_input",
        "invalid_input",
    ]
    assert len(fake_assistant) == 1  # the models load once


def test_no_question_and_no_batch_is_a_bad_argument(fake_assistant, capsys):
    code, _, err = run_cli(["ask"], capsys)
    assert code == 2 and "give a question" in err
    assert fake_assistant == []


def test_a_missing_batch_file_is_one_clear_line_and_exit_1(fake_assistant, tmp_path, capsys):
    code, _, err = run_cli(["ask", "--batch", str(tmp_path / "nope.jsonl"), "--json"], capsys)
    assert code == 1
    assert err.startswith("send-assistant: cannot read the batch file") and err.count("\n") == 1


def test_an_empty_index_is_one_clear_line_and_exit_1(monkeypatch, capsys):
    def empty(settings, **kwargs):
        raise IndexUnavailableError(
            "The knowledge base is empty. An administrator needs to run `send-assistant ingest`."
        )

    monkeypatch.setattr(Assistant, "from_settings", staticmethod(empty))
    code, out, err = run_cli(["ask", "What is an EHCP?"], capsys)
    assert code == 1 and out == ""
    assert "send-assistant ingest" in err and "Traceback" not in err


def test_format_answer_without_citations():
    answer = make_assistant().ask("What colour are the new school minibuses?", area=BANES)
    text = ask_cmd.format_answer(answer)
    assert text.startswith("I could not find")
    assert io.StringIO(text).read().endswith("\n")
