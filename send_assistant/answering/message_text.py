"""How a typed message is normalised before the safeguarding lexicon and the scope guard read it.

Lower case, no punctuation, "od'd" read as overdosed, leetspeak inside words ("k1ll"), stretched letters
("killlll"), the spelling fixes of send_assistant/data/lexicons/normalise.yaml, and near-misses of its risk words
("paracetemol") found by edit distance. Kept out of the stages so that both the safeguarding stage and the guard
use one routine.
"""

from __future__ import annotations

import re
import unicodedata

from send_assistant.answering import lexicons

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
# "od'd", "OD-ed", "oded": shorthand for overdosed, rewritten before punctuation goes so it can't become "odd".
_OD_SHORTHAND = re.compile(r"\bo\.?d\.?(?:['\-](?:d|ed|ing)|ed|ing)\b")
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
# Leetspeak only inside words ("k1ll", "s3lf h4rm", "su1c1d3"), never in numbers ("999", "14yo", "KS2").
_LEET_INSIDE = re.compile(r"(?<=[a-z])[013457@$!|](?=[a-z])")
_LEET_EDGE = re.compile(r"(?<=[a-z]{3})[0134573](?![a-z0-9])|\$(?=[a-z]{2})")
_INAPPROPRIATELY = re.compile(r"\bin+ap+r\w*ly\b")

_DATA = lexicons.read("normalise")
SPELLING: dict[str, str] = {str(k): str(v) for k, v in _DATA["spelling"].items()}
# A risk word and the edit distance within which a typed word is read as it.
RISK_WORDS: dict[str, int] = {str(k): int(v) for k, v in _DATA["risk_words"].items()}
NOT_MISSPELT = frozenset(str(w) for w in _DATA["not_misspelt"])
_RISK_BY_INITIAL: dict[str, tuple[str, ...]] = {}
for _word in RISK_WORDS:
    _RISK_BY_INITIAL[_word[0]] = (*_RISK_BY_INITIAL.get(_word[0], ()), _word)


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, with the spelling variants people type made regular."""
    t = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    t = _OD_SHORTHAND.sub(" overdosed ", t)
    t = _LEET_INSIDE.sub(lambda m: _LEET[m.group()], t)
    t = _LEET_EDGE.sub(lambda m: _LEET[m.group()], t)
    t = re.sub(r"n't\b", "nt", t)  # "doesn't" -> "doesnt", the way many people type it anyway
    t = re.sub(r"[^a-z0-9]+", " ", t)
    t = re.sub(r"([a-z])\1{2,}", r"\1\1", t)  # "killlll" -> "kill", "sooo" -> "soo"
    t = " ".join(SPELLING.get(word) or _correct(word) for word in t.split())
    return _INAPPROPRIATELY.sub("inappropriately", t)


def _correct(word: str) -> str:
    """The risk word this is a misspelling of, or the word unchanged."""
    if len(word) < 6 or word in NOT_MISSPELT or word in RISK_WORDS or not word.isalpha():
        return word
    for target in _RISK_BY_INITIAL.get(word[0], ()):
        limit = RISK_WORDS[target]
        if abs(len(word) - len(target)) <= limit and edit_distance(word, target, limit) <= limit:
            return target
    return word


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (a swap of neighbours counts 1), or limit + 1 when it is over limit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
