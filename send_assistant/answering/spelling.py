"""Correcting misspelt words in a question against the words the index and glossary actually use.

Text-speak the edit-distance search would get wrong ("shud" is "should", not "shut") is read from a short table, and
words families type that no list holds ("gcses", "tourettes") are left alone (normalise.yaml: question_spelling,
known_words).

"how do i get an ehcp asessment for my dauhgter, she has autsim" is searched as "... assessment ... daughter ...
autism". A word is corrected only when it is in neither the index vocabulary, the glossary nor an English word
list, and a close known word exists (SymSpell, edit distance 1 for short words, 2 for longer ones). Words from
the index and glossary win ties, so SEND terms are preferred over rare English words. Names of areas and
services typed in capitals, numbers and short words are never touched.
"""

from __future__ import annotations

import importlib.resources
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from send_assistant.answering import lexicons
from send_assistant.ingest.textkit import words

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_MIN_LENGTH = 4
# Contractions typed without the apostrophe ("isnt", "wouldnt", "theyre", "hes") are words, not misspellings:
# "isnt" must never become "int".
_CONTRACTION = re.compile(
    r"^(?:(?:is|are|was|were|has|have|had|do|does|did|ca|can|wo|could|should|would|must|need|might|ai)nt"
    r"|(?:i|you|he|she|it|we|they|that|there|what|who|where|here|how|when)(?:s|re|ve|ll|d|m))$"
)
_COMMON = 8000
# The English list holds many misspellings as words of their own at the bottom of its 82,765 ("manged" is the
# 76,485th, "managed" the 2,450th). A word past this rank that is not the index's own is corrected when a word of
# the index is one edit away ("manged move do i have to say yes" -> "managed"); "fining" (52,259th) is a word.
_RARE_RANK = 60000
# An English word one edit away beats the index's word two edits away only when it is among the list's commonest
# ("rubish" -> "rubbish", the 13,491st; "advocat" -> "advocate"), not a rare one ("portidge" stays "portage", not
# "porridge"; "medaton" is "mediation", not "megaton").
_NEAR_ENGLISH_RANK = 20000
# ...and not over a word the index uses this often, a SEND term a family most likely meant ("tribanl" is "tribunal",
# used 44 times in the knowledge folder, not "tribal"; "prision" is "provision"); "publish" (10) gives way to "rubbish".
_STRONG_INDEX_COUNT = 25


@lru_cache(maxsize=1)
def typed_words() -> tuple[dict[str, str], frozenset[str]]:
    """(typed word -> the word meant, words to leave alone) from the `question_spelling` and `known_words` of
    send_assistant/data/lexicons/normalise.yaml: what the edit-distance search gets wrong ("shud" is "should", not
    "shut"; "gcses" is not "gases")."""
    data = lexicons.read("normalise")
    meant = {str(k).lower(): str(v) for k, v in (data.get("question_spelling") or {}).items()}
    known = frozenset(str(w).lower() for w in data.get("known_words") or [])
    return meant, known


@lru_cache(maxsize=1)
def _family_shorthand() -> tuple[dict[str, str], re.Pattern[str]]:
    """(shorthand -> word, its pattern) from normalise.yaml's `family_shorthand`: "ds" for a son, "dd" a daughter."""
    words = {str(k): str(v) for k, v in (lexicons.read("normalise").get("family_shorthand") or {}).items()}
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True)) or "(?!)"
    return words, re.compile(r"(?<![\w'])(" + alternatives + r")\d?(?![\w'])")


# "he has DS", "a child with ds", "ds and adhd": a condition named, not a son.
_CONDITION_BEFORE = re.compile(r"\b(?:has|have|had|with|of|and|or|called|diagnosed|dx)\W*$", re.IGNORECASE)


def family_words(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text with parents' shorthand for their children written out ("ds struggling" -> "son struggling"), and
    the (typed, meant) pairs; shorthand typed in capitals or after "has"/"with" is left as typed."""
    words, pattern = _family_shorthand()
    changes: list[tuple[str, str]] = []

    def fix(match: re.Match[str]) -> str:
        if _CONDITION_BEFORE.search(text[: match.start()]):
            return match.group(0)
        changes.append((match.group(0), words[match.group(1)]))
        return words[match.group(1)]

    return pattern.sub(fix, text), tuple(changes)


@dataclass(frozen=True)
class Correction:
    """The corrected question and the (wrong, right) pairs, empty when nothing changed."""

    text: str
    changes: tuple[tuple[str, str], ...] = ()


_ENGLISH_LIST = "frequency_dictionary_en_82_765.txt"


@lru_cache(maxsize=1)
def _english() -> tuple[object, frozenset[str], frozenset[str]]:
    """SymSpell over symspellpy's English frequency list, the list's words, and its commonest words (once a process)."""
    return _english_symspell(), *_english_words()


@lru_cache(maxsize=1)
def _english_words() -> tuple[frozenset[str], frozenset[str]]:
    """The English list's words and its commonest words: read in a moment, unlike the SymSpell index over them
    (issue 10: start-up no longer waits for that index; it is built when a word first needs the English list)."""
    ranked = _english_ranked()
    # The commonest words tell an English question from one in another language (the full list also holds
    # many French, Spanish and Polish words).
    return frozenset(ranked), frozenset(ranked[:_COMMON])


@lru_cache(maxsize=1)
def _english_ranked() -> tuple[str, ...]:
    """The English list's words, commonest first."""
    counts: dict[str, int] = {}
    for line in (importlib.resources.files("symspellpy") / _ENGLISH_LIST).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            counts.setdefault(parts[0], int(parts[1]))
    return tuple(w for w, _ in sorted(counts.items(), key=lambda item: -item[1]))


@lru_cache(maxsize=1)
def _rare_english() -> frozenset[str]:
    """The English list's words past _RARE_RANK: its rarest, many of them misspellings."""
    return frozenset(_english_ranked()[_RARE_RANK:])


@lru_cache(maxsize=1)
def _common_english() -> frozenset[str]:
    """The English list's first _NEAR_ENGLISH_RANK words."""
    return frozenset(_english_ranked()[:_NEAR_ENGLISH_RANK])


@lru_cache(maxsize=1)
def _english_symspell() -> object:
    """SymSpell over the English list (seconds to build; once a process, when first needed)."""
    from symspellpy import SymSpell

    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    path = importlib.resources.files("symspellpy") / _ENGLISH_LIST
    with importlib.resources.as_file(path) as file:
        sym.load_dictionary(str(file), term_index=0, count_index=1)
    return sym


class SpellingCorrector:
    """SymSpell over the index's and glossary's own words first, then an English word list."""

    def __init__(self, domain_words: Iterable[str] = (), english: bool = True) -> None:
        from symspellpy import SymSpell

        self._domain = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        # A Counter is word counts already (issue 10: saved at ingest); else a stream of words.
        if isinstance(domain_words, Counter):
            counts = domain_words
        else:
            counts = Counter(w.lower().strip("'") for w in domain_words)
        self.domain = {w for w in counts if len(w) >= 2 and w.isalpha()}
        for w in self.domain:
            self._domain.create_dictionary_entry(w, counts[w])  # the commoner SEND word wins a tie
        self.use_english = english

    @property
    def _english(self):  # noqa: ANN202 - symspellpy's SymSpell
        return _english_symspell() if self.use_english else None

    @property
    def common(self) -> frozenset[str]:
        """The commonest English words (empty without the English list)."""
        return _english_words()[1] if self.use_english else frozenset()

    @classmethod
    def from_texts(cls, texts: Iterable[str], english: bool = True) -> SpellingCorrector:
        """A corrector whose domain vocabulary is every word of `texts` (chunk texts, glossary terms)."""
        if isinstance(texts, Counter):
            return cls(texts, english=english)
        return cls((w for text in texts for w in words(text) if w.isalpha()), english=english)

    def is_known(self, word: str) -> bool:
        """True for a word of the index, the glossary or English."""
        w = word.lower().replace("’", "'")
        if _CONTRACTION.match(w) or w in typed_words()[1]:
            return True
        return w in self.domain or (self.use_english and w in _english_words()[0])

    def looks_english(self, text: str) -> bool:
        """False for a message written in another language (another script, or few common English words).

        Domain words count as English ("EHCP", "SENCO"), so a short English question full of acronyms passes.
        """
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            return True
        if sum(ch.isascii() for ch in letters) / len(letters) < 0.6:
            return False  # Arabic, Urdu, Bengali, Chinese, Polish with many accents...
        found = [w.lower().strip("'’") for w in _WORD.findall(text)]
        found = [w for w in found if len(w) >= 2]
        if len(found) < 4 or not self.common:
            return True  # too short to tell; answer as usual
        english = sum(w in self.common or w in self.domain for w in found)
        return english / len(found) >= 0.6

    def _meant(self, word: str, inside: bool) -> str | None:
        """The word meant by a typed word (`inside`: not the message's first word), or None to leave it as typed."""
        from symspellpy import Verbosity

        lower = word.lower().replace("’", "'")
        meant = typed_words()[0].get(lower)
        if meant is not None:
            return meant
        if len(lower) < _MIN_LENGTH:
            return None
        if self.is_known(lower) or self.is_known(lower.split("'")[0]):
            if word[0].isupper() and inside:
                return None  # a name ("Mutism Clinic"), not a misspelling
            return self._rare_misspelling(lower)
        if word.isupper() or (word[0].isupper() and inside):
            return None  # an acronym or a name ("SNAP", "Rebecca"), not a misspelling
        distance = 1 if len(lower) <= 5 else 2
        found = self._domain.lookup(lower, Verbosity.CLOSEST, max_edit_distance=distance)
        nearer = found[0].distance - 1 if found else distance
        if nearer >= 1 and self._english is not None:
            # An English word nearer than the index's nearest is meant: "rubish" is "rubbish" (one edit), not
            # "publish" (two); "advocat" is "advocate", not "advocacy". At equal distance the index's word wins,
            # and a rare English word never does (_NEAR_ENGLISH_RANK).
            english = self._english.lookup(lower, Verbosity.TOP, max_edit_distance=nearer)
            if english and (
                not found or (english[0].term in _common_english() and found[0].count < _STRONG_INDEX_COUNT)
            ):
                found = english
        if not found or found[0].term == lower:
            return None
        return found[0].term

    def _rare_misspelling(self, word: str) -> str | None:
        """The index's word one edit from a word known only as one of the English list's rarest ("manged" ->
        "managed"), or None."""
        from symspellpy import Verbosity

        if not self.use_english or word in self.domain or word in typed_words()[1] or word not in _rare_english():
            return None
        found = self._domain.lookup(word, Verbosity.CLOSEST, max_edit_distance=1)
        if not found or found[0].term == word or found[0].count < 2 or found[0].term[0] != word[0]:
            return None  # "rotas" is not "eotas": a misspelling keeps its first letter
        return found[0].term

    def correct(self, text: str) -> Correction:
        """The text with unknown words replaced by their closest known word, where one is close enough."""
        text, shorthand = family_words(text)
        changes: list[tuple[str, str]] = list(shorthand)

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            meant = self._meant(word, inside=match.start() > 0)
            if meant is None:
                return word
            changes.append((word, meant))
            return meant.capitalize() if word[0].isupper() else meant

        corrected = _WORD.sub(fix, text)
        return Correction(corrected, tuple(changes)) if changes else Correction(text)
