"""Question sets: which files `send-assistant eval` reads, what each set is called, and the tune/held-out split.

A file whose questions carry "split" becomes two sets, NAME-tune and NAME-heldout. Held-out questions are read
only to be evaluated: anything that tunes or calibrates the product reads questions through `tuning_questions`,
which never returns them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from send_assistant.evaluation.questions import SPLITS, EvaluationError, Question, load_questions
from send_assistant.settings import PROJECT_ROOT

EVALS_DIR = PROJECT_ROOT / "evals"
# The project's own sets, in report order: development, held-out, and realistic (split into tune and held-out).
DEFAULT_FILES: tuple[tuple[str, Path], ...] = (
    ("dev", EVALS_DIR / "questions.jsonl"),
    ("heldout", EVALS_DIR / "heldout_questions.jsonl"),
    ("realistic", EVALS_DIR / "realistic_questions.jsonl"),
)
HELDOUT_FILE = EVALS_DIR / "heldout_questions.jsonl"


@dataclass(frozen=True)
class QuestionSet:
    """One set to report on: its name, the file it came from, the split taken from it (or ""), its questions."""

    name: str
    path: Path
    split: str
    questions: list[Question]


def set_name(path: Path) -> str:
    """The name a file's set is reported under: the default files' own names, else the file name without
    ".jsonl" and a trailing "_questions" (my_questions.jsonl -> "my")."""
    path = Path(path)
    for name, default in DEFAULT_FILES:
        if path.resolve() == default.resolve():
            return name
    stem = path.name.removesuffix(".jsonl")
    return stem.removesuffix("_questions") or stem


def sets_from_file(path: Path, name: str | None = None) -> list[QuestionSet]:
    """The file as one set, or as NAME-tune and NAME-heldout when its questions are split."""
    path = Path(path)
    name = name or set_name(path)
    questions = load_questions(path)
    splits = {q.split for q in questions}
    if splits == {""}:
        return [QuestionSet(name, path, "", questions)]
    unsplit = [q.id for q in questions if not q.split]
    if unsplit:
        raise EvaluationError(f"{path}: some questions have a split and some do not (e.g. {unsplit[0]})")
    return [
        QuestionSet(f"{name}-{split}", path, split, [q for q in questions if q.split == split])
        for split in SPLITS
        if split in splits
    ]


def question_sets(paths: Sequence[Path] | None = None) -> list[QuestionSet]:
    """The sets of the given files in order (default: the project's own files); set names must differ."""
    pairs = [(None, Path(p)) for p in paths] if paths else [(name, path) for name, path in DEFAULT_FILES]
    sets: list[QuestionSet] = []
    for name, path in pairs:
        sets += sets_from_file(path, name)
    names = [s.name for s in sets]
    clash = sorted({n for n in names if names.count(n) > 1})
    if clash:
        raise EvaluationError(f"two question files give the same set name: {', '.join(clash)}")
    return sets


def tuning_questions(path: Path) -> list[Question]:
    """Questions that tuning and calibration may read: never the held-out file, never a held-out split."""
    path = Path(path)
    if path.resolve() == HELDOUT_FILE.resolve():
        raise EvaluationError(f"{path} is held out: it is read by `send-assistant eval` only, never for tuning")
    return [q for q in load_questions(path) if q.split != "heldout"]
