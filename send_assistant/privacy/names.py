"""Find people's names in free text, for assistant.redact.

Three kinds of evidence, weakest last: a cue that says a name follows ("Mr", "my name is", "my son is called",
"my daughter Amy"); a capitalised first name from the list, with any surname after it ("Sarah Jones", "Can
Oliver come?"); and a capitalised word in no list that acts as a person at a sentence start ("Kiyan has ADHD").
Names that are also English words ("Will", "Grace", "Harry") need more: a surname, a verb of a person, or a
place in the middle of a sentence. The word lists live in send_assistant/data/redact/ (see their headers).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

NAME = "[name]"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "redact"


@cache
def word_list(name: str) -> frozenset[str]:
    """The lower-case lines of a data file in send_assistant/data/redact/, without comments and blanks."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@cache
def _cue(key: str) -> frozenset[str]:
    for line in word_list("name_cues.txt"):
        name, _, words = line.partition(":")
        if name.strip() == key:
            return frozenset(words.split())
    raise KeyError(key)


def _first(word: str) -> bool:
    w = word.lower()
    if "-" in w:  # "Lily-Mae", "Jean-Paul"
        return all(_first(part) for part in w.split("-") if part)
    return w in word_list("first_names.txt") and w not in word_list("not_names.txt")


def _surname(word: str) -> bool:
    """A listed surname or first name, or a word after a first name that is no English word ("Adeyemi")."""
    w = word.lower().removesuffix("'s").removesuffix("’s")
    if w in word_list("not_names.txt") or not re.fullmatch(r"[a-z][a-z'’-]+", w):
        return False
    return w in word_list("surnames.txt") or w in word_list("first_names.txt") or not _english(w)


def is_person_name(typed: str) -> bool:
    """Whether two typed words, in any case, read as a person's name: a listed first name and then a surname ("chris
    wilford"), not an ordinary phrase ("rainbow resource", "the forum")."""
    parts = typed.split()
    return len(parts) == 2 and _first(parts[0]) and _surname(parts[1])


def _english(word: str) -> bool:
    return word.lower() in word_list("english_words.txt")


def _ambiguous(word: str) -> bool:
    """A name that is also an ordinary word: "Will", "Grace", "Harry"."""
    return _english(word)


_NAME_WORD = r"[A-Z][a-z'’][a-zA-Z'’-]*"  # capitalised, not an all-capitals acronym such as ADHD
_ANY_WORD = r"[A-Za-z][a-zA-Z'’-]*"
_TITLE_RE = re.compile(
    rf"\b((?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor|Sir|Dame|mr|mrs|ms|dr|MR|MRS|MS|DR)\.?\s+)"
    rf"((?:[A-Z]\.?\s+)*)({_ANY_WORD})((?:\s+{_ANY_WORD}){{0,2}})"
)
_RELATION = (
    r"(?:son|daughter|child|kid|boy|girl|grandson|granddaughter|grandchild|stepson|stepdaughter|stepchild|"
    r"foster\s+(?:son|daughter|child)|nephew|niece|brother|sister|baby|toddler|teenager|pupil|student|patient|"
    r"husband|wife|partner|mum|mother|dad|father|twins?)"
)
# "my son is called Tom", "our daughter's name is amy Smith", "a pupil called Jo": any word after a relation.
_RELATION_CALLED_RE = re.compile(
    rf"(\b(?:my|our|a|the|her|his|their)\s+(?:[\w-]+\s+){{0,3}}{_RELATION}(?:'s|’s)?(?:,)?\s+"
    rf"(?:is\s+|was\s+|who\s+is\s+)?(?:called|named|name\s+is|known\s+as)\s+)({_ANY_WORD})((?:\s+{_ANY_WORD}){{0,2}})",
    re.IGNORECASE,
)
# "my name is Sarah", "I'm called jo", "call me Sam", "named Ali", "she goes by Lexi".
_SELF_RE = re.compile(
    rf"(\b(?:my\s+name\s+is|my\s+name's|name\s+is|i\s+am\s+called|i'm\s+called|i’m\s+called|call\s+me|called|named|"
    rf"known\s+as|goes\s+by|signed|regards|thanks|thank\s+you|from)[,:]?\s+)({_ANY_WORD})((?:\s+{_ANY_WORD}){{0,2}})",
    re.IGNORECASE,
)
_IM_RE = re.compile(
    rf"(\b(?:I'm|I’m|I\s+am|i'm|i’m|i\s+am|this\s+is|This\s+is)\s+)({_ANY_WORD})((?:\s+{_ANY_WORD}){{0,2}})"
)
# "my son Tom has autism", "my daughter, Lily-Mae, can't cope".
_DIRECT_RE = re.compile(rf"(\b(?:[Mm]y|[Oo]ur)\s+{_RELATION},?\s+)({_ANY_WORD})((?:\s+{_ANY_WORD}){{0,2}})")
# A capitalised first name, perhaps with a surname: "Sarah Jones", "Oliver has ADHD".
_CAPITAL_RE = re.compile(rf"(?<![\w'’\[-]){_NAME_WORD}(?![\w\]])")
_SAINT_RE = re.compile(r"\b(?:St|Saint|St\.)\s*$")


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(" \t\"'“‘(*•-")  # a window: linear on long texts
    return not before or before[-1] in ".!?:;\n"


def _trailing_surnames(tail: str) -> str:
    """What is left of `tail` ("  Smith and") after the surnames that start it: capitalised listed surnames,
    or lower-case ones that are not also English words."""
    kept = ""
    for word in re.findall(r"\s+[\w'’-]+", tail):
        bare = word.strip()
        if not _surname(bare) or bare.lower() in _cue("not_after_relation") or (bare[0].islower() and _ambiguous(bare)):
            break
        kept += word
        if not tail[len(kept) : len(kept) + 1].isspace():
            break  # "Jones, the SENCO": punctuation ends the name
    return tail[len(kept) :]


def _title(match: re.Match[str]) -> str:
    word = match.group(3)
    if not word[0].isupper() and not (_first(word) or _surname(word)):
        return match.group(0)
    return match.group(1) + NAME + _trailing_surnames(match.group(4))


def _self(match: re.Match[str]) -> str:
    word, tail = match.group(2), match.group(3)
    cue = match.group(1).lower()
    listed = _first(word) or _surname(word)
    if word.lower() in word_list("not_names.txt") or len(word) < 2:
        return match.group(0)
    if "name" in cue and "named" not in cue:
        pass  # "my name is jo": whatever the word, it is the name
    elif not (listed and (word[0].isupper() or not _ambiguous(word))):
        return match.group(0)  # "called it", "thanks for", "named person": only a listed name follows these
    return match.group(1) + NAME + _trailing_surnames(tail)


def _im(match: re.Match[str]) -> str:
    word, tail = match.group(2), match.group(3)
    if not _first(word) or (_ambiguous(word) and not tail.strip()):
        return match.group(0)  # "I'm worried", "I'm will..." stay
    return match.group(1) + NAME + _trailing_surnames(tail)


def _direct(match: re.Match[str]) -> str:
    word, tail = match.group(2), match.group(3)
    if word.lower() in word_list("not_names.txt") or word.lower() in _cue("not_after_relation"):
        return match.group(0)
    follower = tail.split()[0].lower() if tail.split() else ""
    named = _first(word) and (not _ambiguous(word) or follower in _cue("person_verbs"))
    if word[0].isupper() or named or (not _english(word) and follower in _cue("person_verbs")):
        return match.group(1) + NAME + _trailing_surnames(tail)
    return match.group(0)


def _capital_name(text: str, start: int, first: str, tail: str) -> int | None:
    """How many characters of `tail` belong to the name starting with `first`, or None when it is no name."""
    rest = _trailing_surnames(tail)
    if len(rest) < len(tail):
        return len(tail) - len(rest)  # "Sarah Jones", "Will Smith"
    follower = re.match(rf"\s+({_ANY_WORD})", tail)
    word = follower.group(1) if follower else ""
    ambiguous = _ambiguous(first)
    if word[:1].isupper() and word[1:2].islower():
        if ambiguous:
            return None  # "Hope House", "Grace Period": a place or a thing
        return 0  # "Oliver Academy": the first name goes, the place stays
    if _sentence_start(text, start) or ambiguous:
        # "Will my son...", "May I...": only a name when a verb of a person, a bracket or a possessive follows.
        if first.endswith(("'s", "’s")) or word.lower() in _cue("person_verbs") or tail.lstrip().startswith("("):
            return 0
        if ambiguous and not _sentence_start(text, start):
            before = text[max(0, start - 40) : start].split()[-1:]
            return None if before and before[0].lower() in _cue("not_after_article") else 0
        return None if ambiguous else 0
    return 0


def _unlisted_name(text: str, start: int, first: str, tail: str) -> bool:
    """A capitalised word in no list that acts as a person at a sentence start: "Kiyan has ADHD"."""
    if _english(first) or first.lower() in word_list("not_names.txt") or not _sentence_start(text, start):
        return False
    follower = re.match(r"\s+([\w'’]+)", tail)
    return bool(follower) and follower.group(1).lower() in _cue("person_verbs")


def _capitals(text: str) -> str:
    """Capitalised first names, with any surnames after them: "Sarah Jones", "Can Oliver come?"."""
    out, pos = [], 0
    for match in _CAPITAL_RE.finditer(text):
        token, start = match.group(0), match.start()
        first = re.sub(r"['’]s$", "", token)
        if start < pos or _SAINT_RE.search(text[max(0, start - 8) : start]):
            continue
        tail = text[match.end() : match.end() + 80]  # room for two surnames; keeps long texts linear
        if not _first(first) and not _unlisted_name(text, start, first, tail):
            continue
        taken = _capital_name(text, start, token, tail)
        if taken is None:
            continue
        out.append(text[pos:start] + NAME + token[len(first) :])
        pos = match.end() + taken
    return "".join(out) + text[pos:]


def redact_names(text: str) -> str:
    """Replace people's names in `text` with [name]."""
    text = _RELATION_CALLED_RE.sub(lambda m: m.group(1) + NAME + _trailing_surnames(m.group(3)), text)
    text = _TITLE_RE.sub(_title, text)
    text = _SELF_RE.sub(_self, text)
    text = _IM_RE.sub(_im, text)
    text = _DIRECT_RE.sub(_direct, text)
    return _capitals(text)
