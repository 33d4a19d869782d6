"""The evaluation question files (evals/*.jsonl): loading, validation, and which areas a question allows.

Format (shared evals/README): id, question, area, audience, kind, gold, facts, forbid. Optional fields: history
(earlier turns [{"role": "user"|"assistant", "content"}] for a follow-up), split ("tune" | "heldout": which part of a
file may be used for tuning), topic, style (how it is typed: typo, lowercase, nickname, followup, no_qmark).
Unknown fields are ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from send_assistant.errors import SendAssistantError
from send_assistant.ingest.model import AUDIENCES
from send_assistant.settings import PROJECT_ROOT

DEFAULT_QUESTIONS = PROJECT_ROOT / "evals" / "questions.jsonl"
KINDS = ("answer", "refuse", "safeguard")
SPLITS = ("tune", "heldout")
STYLES = ("typo", "lowercase", "nickname", "followup", "no_qmark")
ROLES = ("user", "assistant")
REQUIRED = ("id", "question", "area", "audience", "kind")

# The evaluator's own reading of how people name the seed areas in free text. It is deliberately separate from
# the product's area detection: ground truth must not come from the system under test.
AREA_MENTIONS: dict[str, re.Pattern[str]] = {
    "Bedford Borough": re.compile(r"(?<!central )\bbedford\b(?!shire)", re.IGNORECASE),
    "Central Bedfordshire": re.compile(r"\bcentral (bedfordshire|beds)\b", re.IGNORECASE),
    "Buckinghamshire": re.compile(r"\b(buckinghamshire|bucks)\b", re.IGNORECASE),
    "Worcestershire": re.compile(r"\b(worcestershire|worcs|worcester)\b", re.IGNORECASE),
    "Bath and North East Somerset": re.compile(
        r"\b(bath|b&nes|banes|bath and north east somerset|north east somerset)\b", re.IGNORECASE
    ),
}


class EvaluationError(SendAssistantError):
    """The evaluation could not run (missing or malformed question file, no answer service)."""


@dataclass(frozen=True)
class Question:
    """One evaluation question."""

    id: str
    question: str
    area: str
    audience: str
    kind: str
    gold: list[str] = field(default_factory=list)
    facts: list[list[str]] = field(default_factory=list)
    forbid: list[str] = field(default_factory=list)
    history: list[dict[str, str]] = field(default_factory=list)
    split: str = ""
    topic: str = ""
    style: list[str] = field(default_factory=list)


def _history_ok(history: object) -> bool:
    return isinstance(history, list) and all(
        isinstance(t, dict)
        and t.get("role") in ROLES
        and isinstance(t.get("content"), str)
        and t["content"].strip()
        and set(t) <= {"role", "content"}
        for t in history
    )


def problems(item: object) -> list[str]:
    """What is wrong with one parsed line (empty list: it is a valid question)."""
    if not isinstance(item, dict):
        return ["not a JSON object"]
    found = [f"missing field {name!r}" for name in REQUIRED if name not in item]
    for name in ("id", "question", "area", "audience", "kind"):
        if name in item and not isinstance(item[name], str):
            found.append(f"{name} must be a string")
    if isinstance(item.get("question"), str) and not item["question"].strip():
        found.append("question is empty")
    if item.get("kind") not in KINDS:
        found.append(f"kind must be one of {KINDS}")
    if item.get("audience") not in AUDIENCES:
        found.append(f"audience must be one of {AUDIENCES}")
    gold, facts, forbid = item.get("gold", []), item.get("facts", []), item.get("forbid", [])
    if not (isinstance(gold, list) and all(isinstance(g, str) and g.strip() for g in gold)):
        found.append("gold must be a list of non-empty strings")
    if not (isinstance(forbid, list) and all(isinstance(f, str) and f.strip() for f in forbid)):
        found.append("forbid must be a list of non-empty strings")
    if not (
        isinstance(facts, list)
        and all(isinstance(g, list) and g and all(isinstance(m, str) and m.strip() for m in g) for g in facts)
    ):
        found.append("facts must be a list of non-empty lists of strings")
    if item.get("kind") == "answer" and not (gold and facts):
        found.append("an answer question needs gold and facts")
    if not _history_ok(item.get("history", [])):
        found.append('history must be a list of {"role": "user"|"assistant", "content": text}')
    if item.get("split", "") not in ("", *SPLITS):
        found.append(f"split must be one of {SPLITS}")
    style = item.get("style", [])
    if not (isinstance(style, list) and all(s in STYLES for s in style)):
        found.append(f"style must be a list of {STYLES}")
    if not isinstance(item.get("topic", ""), str):
        found.append("topic must be a string")
    return found


def load_questions(path: Path | None = None) -> list[Question]:
    """Read and validate a question file; raises EvaluationError naming every bad line."""
    path = Path(path or DEFAULT_QUESTIONS)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read question file {path}: {exc.strerror or exc}") from exc
    questions: list[Question] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: not JSON ({exc.msg})")
            continue
        bad = problems(item)
        if not bad and item["id"] in seen:
            bad = [f"duplicate id {item['id']!r}"]
        if bad:
            errors.append(f"line {number}: " + "; ".join(bad))
            continue
        seen.add(item["id"])
        questions.append(
            Question(
                id=item["id"],
                question=item["question"],
                area=item["area"],
                audience=item["audience"],
                kind=item["kind"],
                gold=list(item.get("gold", [])),
                facts=[list(g) for g in item.get("facts", [])],
                forbid=list(item.get("forbid", [])),
                history=[dict(t) for t in item.get("history", [])],
                split=item.get("split", ""),
                topic=item.get("topic", ""),
                style=list(item.get("style", [])),
            )
        )
    if errors:
        shown = "; ".join(errors[:5]) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else "")
        raise EvaluationError(f"{path}: {shown}")
    if not questions:
        raise EvaluationError(f"{path}: no questions")
    return questions


def areas_named(text: str, known_areas: list[str] | set[str]) -> set[str]:
    """Known areas that the question text names ("in Bucks", "Worcs", "Central Beds")."""
    return {area for area, pattern in AREA_MENTIONS.items() if area in known_areas and pattern.search(text)}


def allowed_areas(question: Question, known_areas: list[str] | set[str]) -> set[str]:
    """Areas whose passages may legitimately appear for this question (national "" is always allowed).

    The chosen area when one is set; when the user chose "not sure" (""), the areas the text itself names.
    """
    if question.area:
        return {"", question.area}
    return {""} | areas_named(question.question, known_areas)
