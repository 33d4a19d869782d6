"""`send-assistant ask`: answer one question, or a batch file of questions, with cited sources.

ask "QUESTION" [--area AREA] [--audience parent|professional|gp] [--json]
ask --batch FILE.jsonl --json     (lines {"id","question","area","audience"}; one JSON answer a line, same order)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from send_assistant.answering import texts
from send_assistant.answering.answer import ERROR, INVALID_INPUT, Answer
from send_assistant.answering.interfaces import AnswerService
from send_assistant.errors import SendAssistantError
from send_assistant.settings import Settings


def run(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    """Run the command: 0 on success, 2 for bad arguments, 1 for other failures (one line on stderr)."""
    out = out or sys.stdout
    question = (args.question or "").strip() if args.question is not None else None
    if args.batch and question:
        print("send-assistant ask: give a question or --batch FILE, not both", file=sys.stderr)
        return 2
    if not args.batch and not question:
        print('send-assistant ask: give a question, e.g. send-assistant ask "What is an EHCP?"', file=sys.stderr)
        return 2
    lines = _read_batch(Path(args.batch)) if args.batch else None

    from send_assistant.answering.service import Assistant

    assistant = Assistant.from_settings(settings)
    if lines is not None:
        for number, line in enumerate(lines, start=1):
            answer = _answer_line(assistant, line, number)
            out.write(json.dumps(answer.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
        return 0
    answer = assistant.ask(question, area=args.area or "", audience=args.audience)
    out.write(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) + "\n" if args.json else format_answer(answer))
    if answer.status == ERROR:
        print("send-assistant ask: the question could not be answered (internal error)", file=sys.stderr)
        return 1
    return 0


def _read_batch(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as exc:
        raise SendAssistantError(f"cannot read the batch file {path}: {exc}") from exc


def _answer_line(assistant: AnswerService, line: str, number: int) -> Answer:
    """One batch line's answer; an unreadable line becomes an invalid_input answer, never a crash."""
    try:
        item = json.loads(line)
    except ValueError:
        item = None
    if not isinstance(item, dict) or not isinstance(item.get("question"), str):
        bad = Answer(question="", status=INVALID_INPUT, answer=texts.INVALID_BATCH_LINE)
        bad.id = str(item.get("id")) if isinstance(item, dict) and item.get("id") is not None else f"line-{number}"
        return bad
    return assistant.ask(
        item["question"],
        area=str(item.get("area") or ""),
        audience=str(item.get("audience") or "parent"),
        id=str(item["id"]) if item.get("id") is not None else None,
    )


def format_answer(answer: Answer) -> str:
    """The answer for a terminal: the text, then the numbered sources."""
    lines = [answer.answer.strip(), ""]
    if answer.corrected_question:
        lines.insert(0, texts.SHOWING_RESULTS_FOR.format(question=answer.corrected_question) + "\n")
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            details = [c.area or "England-wide", c.location, f"reviewed {c.reviewed}" if c.reviewed else ""]
            lines.append(f"[{c.n}] {c.title} ({', '.join(d for d in details if d)})")
            if c.url:
                lines.append(f"    {c.url}")
    return "\n".join(lines).rstrip() + "\n"
