"""The one text toolkit: normalise, split into words and sentences, drop stop words, stem.

BM25 (send_assistant/ingest/lexical.py), the composer, the citation check and the question rewriter all use these
functions, so "does this sentence mention the question's words?" gets the same answer in search, in composing and in
checking. Stemming is Snowball English (PyStemmer, the stemmer bm25s itself accepts) with a short exceptions list
for SEND word families Snowball leaves apart ("advocacy"/"advocate").

It lives under ingest/ because ingestion builds the lexical index with it, and ingest/ never imports answering/.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

# One stop-word list for matching: function words, pronouns, question words and politeness carry no meaning.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
    each few for from further had hadn't has hasn't have haven't having he her here hers herself him himself his
    how i i'm if in into is isn't it it's its itself just let's me more most much must my myself no nor not of off
    on once only or other ought our ours ourselves out over own same she should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they're this those through to too under
    until up upon very was wasn't we were weren't what what's when where which while who whom whose why will with
    won't would wouldn't you your yours yourself yourselves get got tell please thanks thank anything something
    shall may might mine us know
    s t d ll re ve m whats wheres whos hows whens whys im ive id dont cant wont doesnt isnt arent didnt""".split()
)

QUESTION_WORDS = frozenset("what when where which who whom whose why how is are can could do does should".split())

# Snowball keeps these families apart; SEND questions need them to meet. Keys are stems Snowball produces.
STEM_EXCEPTIONS = {
    "advocaci": "advoc",  # advocacy ~ advocate
    "advis": "advic",  # advise, adviser ~ advice
    "advisori": "advic",  # advisory ~ advice
    "children": "child",
    "peopl": "person",  # people ~ person
    "autist": "autism",  # autistic ~ autism
    "literaci": "liter",  # literacy ~ literate
}

# Typed forms of ages and school years: "14yrs+" and "14 yrs" meet "14 years", "y11" and "yr 6" meet "Year 11" and
# "Year 6", "under 5s" meets "under 5". A number glued to a year word splits into the number and "year".
_YEAR_WORDS = {"y": "year", "yr": "year", "yrs": "year", "yo": "year"}
_NUMBER_THEN_WORD = re.compile(r"^(\d+)(yrs?|years?|yo|s)$")
_YEAR_THEN_NUMBER = re.compile(r"^(y|yr|yrs|year)(\d+)$")

_WORD = re.compile(r"[a-z0-9][a-z0-9%&'.-]*[a-z0-9%]|[a-z0-9]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\(?[a-z0-9]{1,3}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(‘]?[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "approx.", "no.", "nos.", "dr.", "mr.", "mrs.", "ms.", "st.", "etc.", "vs.", "cf.")

_STEMMER = Stemmer.Stemmer("english")


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, no thousands commas ("9,590" meets "9590")."""
    return _THOUSANDS.sub("", text.lower().replace("’", "'").replace("‘", "'"))


def words(text: str) -> list[str]:
    """Lower-case word tokens; keeps %, '&' names, inner hyphens and apostrophes ('10.9%', 'b&nes', 'post-16')."""
    return [t.strip(".'") for t in _WORD.findall(normalise(text))]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word, with the project's exceptions; numbers and codes unchanged."""
    if len(word) <= 2 or not word.isalpha():
        return word
    base = _STEMMER.stemWord(word)
    return STEM_EXCEPTIONS.get(base, base)


def is_stopword(word: str) -> bool:
    """True for a word that carries no meaning for matching."""
    return word in STOPWORDS


def _year_parts(word: str) -> list[str]:
    """A typed age or school year as separate words: "14yrs" -> 14, year; "y11" -> year, 11; "5s" -> 5."""
    if match := _NUMBER_THEN_WORD.match(word):
        return [match.group(1)] + ([] if match.group(2) == "s" else ["year"])
    if match := _YEAR_THEN_NUMBER.match(word):
        return ["year", match.group(2)]
    return [_YEAR_WORDS.get(word, word)]


def tokens(text: str) -> list[str]:
    """Stemmed, stop-word-free tokens for search, in order; hyphenated words also give their parts.

    "child-not-known" -> child-not-known's parts "child", "known"; "SENCOs" -> "senco"; "14yrs+" -> "14", "year";
    "yr 6" and "y6" -> "year", "6".
    """
    out: list[str] = []
    for w in words(text):
        parts = [w] if "-" not in w else [p for p in w.split("-") if p]
        for p in parts:
            p = p.strip("'")
            if p.endswith("'s"):
                p = p[:-2]
            for q in _year_parts(p) if p else ():
                if q not in STOPWORDS:
                    out.append(stem(q))
    return out


def content_terms(text: str, drop: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Stemmed content words of `text` in order, once each, without stop words, question words and `drop`."""
    seen: dict[str, None] = {}
    for w in words(text):
        if w in STOPWORDS or w in QUESTION_WORDS or w in drop or len(w) < 2:
            continue
        seen.setdefault(stem(w), None)
    return list(seen)


def split_sentences(text: str) -> list[tuple[str, bool]]:
    """Split a passage into whole sentences, in order, as (sentence, is_list_item).

    Lines are kept apart (list items and headings are lines); inside a line we split after . ! ? when the
    next word starts a sentence, but not after common abbreviations such as "e.g.".
    """
    out: list[tuple[str, bool]] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        is_item = bool(_BULLET.match(line))
        line = _BULLET.sub("", line, count=1) if is_item else line
        start = 0
        for match in _SENTENCE_END.finditer(line):
            piece = line[start : match.start()].strip()
            if piece.lower().rsplit(None, 1)[-1] in _ABBREVIATIONS or len(piece) < 3:
                continue
            out.append((piece, is_item))
            start = match.end()
        tail = line[start:].strip()
        if tail:
            out.append((tail, is_item))
    return out
