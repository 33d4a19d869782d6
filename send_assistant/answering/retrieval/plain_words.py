"""The words families type for a SEND idea, and the words the guidance and reports use for the same idea.

"The council said no to assessing" means what the guide calls "refuses to assess"; "kicked out" is an exclusion;
"1:1" is "one-to-one". The pairs are data (`search_words` in send_assistant/data/lexicons/normalise.yaml); search
adds a matched pair's document words to BM25's query at a lower weight than the user's own words, so they help a
passage that uses them without drowning the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from send_assistant.answering import lexicons

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_RATIO = re.compile(r"(\d)\s*:\s*(\d)")  # "1:1" -> "1 to 1"
_PLUS = re.compile(r"(\d)\s*\+")  # "16+" -> "16 plus"
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class SearchWord:
    """One rule: what people type (`says`, a pattern over plain_text) and the documents' words for it."""

    name: str
    says: re.Pattern[str]
    means: str
    example: str


def plain_text(question: str) -> str:
    """The question as the rules read it: lower case, no apostrophes, "1:1" as "1 to 1", "16+" as "16 plus",
    other punctuation as single spaces."""
    text = _APOSTROPHES.sub("", question.lower())
    text = _PLUS.sub(r"\1 plus ", _RATIO.sub(r"\1 to \2", text))
    return " ".join(_NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=1)
def search_words() -> tuple[SearchWord, ...]:
    """The rules of the lexicon file, read once a process."""
    rules = []
    for entry in lexicons.read("normalise").get("search_words") or []:
        rules.append(
            SearchWord(
                name=str(entry["name"]),
                says=re.compile(lexicons.joined(entry["says"])),
                means=" ".join(str(entry["means"]).split()),
                example=str(entry["example"]),
            )
        )
    return tuple(rules)


def plain_groups(question: str) -> list[tuple[str, list[str]]]:
    """(what the question says, [the documents' words for it]) for each rule the question matches, in file order.

    A rule whose words the question already uses adds nothing.
    """
    text = plain_text(question)
    groups: list[tuple[str, list[str]]] = []
    for rule in search_words():
        match = rule.says.search(text)
        if match is None:
            continue
        means = plain_text(rule.means)
        if re.search(r"(?<![a-z0-9])" + re.escape(means) + r"(?![a-z0-9])", text):
            continue
        groups.append((match.group(0), [rule.means]))
    return groups


def reworded(question: str, groups: list[tuple[str, list[str]]]) -> str:
    """The question as plain_text reads it with each matched phrase replaced by the documents' words for it
    ("any respite for my son" -> "any short breaks for my son"); groups are plain_groups(question)."""
    text = plain_text(question)
    for said, means in groups:
        text = text.replace(said, " ".join(means), 1)
    return text
