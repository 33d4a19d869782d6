"""Lexicons and rules kept as data: the YAML files in send_assistant/data/lexicons/, read into named rules.

The safeguarding lexicon, the spelling fixes applied before it, and the scope guard's SEND vocabulary and
refusal rules live there so that the code, the tests and the calibration scripts read one copy. Each rule has a
name, so a trace or a log line can say which rule fired without quoting the message. The folder's README.md
describes the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from send_assistant.yaml_file import read_yaml

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z_]*)\}")  # "{PERSON}"; a regex quantifier "{0,3}" never matches this
_VIEWS = ("normalised", "lowered")


@dataclass(frozen=True)
class Rule:
    """A named regular expression; `category` groups rules (safeguarding) and `applies_to` says what it reads."""

    name: str
    pattern: re.Pattern[str]
    category: str = ""
    applies_to: str = "normalised"  # "normalised" (message_text.normalise) or "lowered" (the typed text, lower case)
    unless: re.Pattern[str] | None = None  # the rule does not fire when this also matches
    send_signal_overrides: bool = False  # the rule does not fire when the message has SEND vocabulary
    example: str = ""  # a message the rule fires on (the tests check that it does)

    def search(self, text: str) -> re.Match[str] | None:
        """The rule's match in the text, or None (also None when its `unless` pattern matches too)."""
        match = self.pattern.search(text)
        if match is None or (self.unless is not None and self.unless.search(text)):
            return None
        return match


@cache
def read(name: str) -> dict[str, Any]:
    """The parsed lexicon file `name`.yaml from the lexicon folder (read once per process)."""
    path = LEXICON_DIR / f"{name}.yaml"
    data = read_yaml(path, ValueError, "the lexicon")
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def joined(value: str | list[str]) -> str:
    """A pattern written as one string, or as a list of pieces (for line length) joined with nothing between."""
    return "".join(value) if isinstance(value, list) else str(value)


def expand(template: str, vocabulary: dict[str, str]) -> str:
    """The template with each `{NAME}` replaced by the vocabulary entry NAME; an unknown name raises KeyError."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1) not in vocabulary:
            raise KeyError(f"unknown lexicon vocabulary {{{match.group(1)}}}")
        return vocabulary[match.group(1)]

    return _PLACEHOLDER.sub(replace, template)


def vocabulary(raw: dict[str, str | list[str]] | None) -> dict[str, str]:
    """Vocabulary entries expanded in file order (an entry may use the entries above it)."""
    out: dict[str, str] = {}
    for key, value in (raw or {}).items():
        out[key] = expand(joined(value), out)
    return out


def pattern(value: str | list[str], words: dict[str, str] | None = None, flags: int = 0) -> re.Pattern[str]:
    """One pattern from the file, its placeholders expanded, compiled."""
    return re.compile(expand(joined(value), words or {}), flags)


def rules(entries: list[dict[str, Any]], words: dict[str, str] | None = None, flags: int = 0) -> tuple[Rule, ...]:
    """Named rules, in file order; a missing or repeated name raises ValueError."""
    out: list[Rule] = []
    seen: set[str] = set()
    for entry in entries:
        name = entry.get("name")
        if not name or name in seen:
            raise ValueError(f"lexicon rule without a unique name: {name!r}")
        seen.add(name)
        applies_to = entry.get("applies_to", "normalised")
        if applies_to not in _VIEWS:
            raise ValueError(f"lexicon rule {name!r}: applies_to must be one of {_VIEWS}")
        unless = entry.get("unless")
        out.append(
            Rule(
                name=name,
                pattern=pattern(entry["pattern"], words, flags | _flags(entry)),
                category=entry.get("category", ""),
                applies_to=applies_to,
                unless=pattern(unless, words) if unless else None,
                send_signal_overrides=bool(entry.get("send_signal_overrides", False)),
                example=str(entry.get("example", "")),
            )
        )
    return tuple(out)


def first_match(candidates: tuple[Rule, ...], text: str) -> tuple[Rule, re.Match[str]] | None:
    """The first rule (in order) that matches the text, with its match, or None."""
    for rule in candidates:
        match = rule.search(text)
        if match is not None:
            return rule, match
    return None


def _flags(entry: dict[str, Any]) -> int:
    return re.IGNORECASE if entry.get("ignore_case") else 0
