"""The answerable units of a passage, and their embeddings, cached in memory and on disk by chunk_id.

A unit is what the composer may show: one whole sentence; a sentence that opens with a pronoun ("It is a
stakeholder Board...") together with the sentence before it, so it is never shown out of context; a list
item under the sentence that introduces it ("...the following 12 areas of weakness:" + "- the use of
part-time timetables"); a short list with its introduction; a contact block ("Nick Wilson / Interim Assistant
Director / Tel ..."); or a data line ("2018: 1,185 pupils"), offered only to questions asking for a number.

Chunk ids are content hashes, so a unit's embedding stays valid for as long as its chunk exists: the store is
filled for every live chunk once, saved under the data directory, and loaded on later starts.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from send_assistant.answering.answer import Passage
from send_assistant.answering.grounding import (
    EMAIL,
    NUMBER,
    PHONE,
    clean_sentence,
    looks_like_instruction,
    split_sentences,
    strip_label,
)
from send_assistant.answering.interfaces import Embedder, UnitLimits, UnitVectors

log = logging.getLogger(__name__)

# Bump when `units_of` changes what it returns, so stored embeddings of old units are not reused.
UNITS_VERSION = 14

_CONTACT_FACT = re.compile(PHONE.pattern + "|" + EMAIL.pattern)
_LABEL_LINE = re.compile(r"^(also called|also known as|see also)\b", re.IGNORECASE)
# A sentence that leans on the one before it: shown only together with that sentence.
ANAPHOR = re.compile(
    r"^\W*(it|its|it's|this|that|these|those|they|their|them|he|she|his|her|such|the above|as a result|"
    r"as such|therefore|thus|however|in addition|also|this means|both|either|neither|"
    # "Within that, the council decides whether to assess within 6 weeks": within what is the sentence before.
    r"(?:within|after|before|during|until|by) (?:that|this|then)(?! (?:year|month|week|term|date|time)s?\b)"
    # "If that does not work, use the council's complaints procedure": what did not work is said before.
    r"|if (?:that|this|it|they|these|those)|if so|if not|otherwise|in that case|even so)\b",
    re.IGNORECASE,
)
# ...or that points back at a thing by "that" or "this" after a preposition ("...can help you prepare for that
# conversation"): which conversation is said only before.
_DEMONSTRATIVE_OBJECT = re.compile(
    r"\b(?:for|at|in|to|after|before|from|about|during|with)\s+(?:that|this|those|these)\s+(?:conversation|meeting|"
    r"discussion|appointment|request|decision|letter|stage|point)s?\b",
    re.IGNORECASE,
)
# ...as does a short sentence with a bare "it" ("The council issues it after ..."); a possessive ("their families")
# usually points inside its own sentence, so it does not count.
_PRONOUN = re.compile(r"\bit\b", re.IGNORECASE)
# ...or with "this" or "these" as the subject of a verb inside it ("Professionals feel that this has had a negative
# impact"): what "this" is, is in the sentence before.
_DEMONSTRATIVE_SUBJECT = re.compile(
    r"^(?:\S+\s+){0,8}?(?:this|these)\s+(?:has|have|had|is|was|were|will|would|means|meant|led|leads|resulted|"
    r"results|caused|causes)\b",
    re.IGNORECASE,
)
# ...or that opens with "The service" (team, board...) right after a sentence naming one ("The Youth Support Service
# is highly valued. The service, which provides support ..."): which service is said only before.
_GENERIC_SUBJECT = re.compile(
    r"^\W*the\s+(service|team|board|panel|group|forum|programme|scheme|project|pathway|partnership|strategy|"
    r"clinic|charity|website|site|platform|post|role|officer|hub|centre)\b",
    re.IGNORECASE,
)
# "In addition very few children have personal budgets": an additive opening adds to what came before without
# needing it; when that is not in the passage, the sentence is shown without its opening words.
_ADDITIVE = re.compile(r"^\W*(?:in addition|additionally|also|furthermore|moreover)\b,?\s+(?=\w)", re.IGNORECASE)
# An item ending ";" that introduces the items after it: "2. This additional capacity will include;".
_INTRO_END = re.compile(
    r"\b(?:include|includes|including|following|follows|namely|such as|comprise|comprises|consist of|are|is)\s*;$",
    re.IGNORECASE,
)
_SHORT_WORDS = 15
# Words: an introduction this short ("Buckinghamshire return data has been as follows:") says what was counted only
# with the sentence before it.
_SHORT_INTRO = 10
# A list line that is a count under a label: "2018: 1,185 pupils", "2017 (January): 9,590 children".
_DATA_LINE = re.compile(r"^[\w ()/-]{1,25}:\s*[£$]?\d")
_MAX_CONTACT_LINES = 6
_LABEL = re.compile(r"^\(?[a-z0-9]{1,3}[.)]\s+")
# A report's field line naming someone: "Relevant councillor(s): Cllr Anita Cranmer, Cabinet Member Education".
_NAMED_FIELD = re.compile(
    r"^[A-Z][\w()/&' -]{0,30}\b(?i:councillor|officer|author|contact|chair|lead|director|manager|member|sponsor)"
    r"[\w()/ -]{0,20}:\s+(?:\w+\.?\s+)?[A-Z][a-z]+\s+[A-Z][a-z]+"
)


@dataclass(frozen=True)
class Unit:
    """A showable piece of a passage. start..end are the indices of the passage sentences it covers."""

    text: str  # the sentence (or introduction) shown, with its [n]
    items: tuple[str, ...] = ()  # list items shown under `text`
    start: int = 0
    end: int = 0
    lead: int = -1  # index of the introducing sentence for list units (units sharing it are shown as one list)
    data: bool = False  # a data line: only for questions that ask for a number, date or share

    @property
    def full(self) -> str:
        """Everything the unit shows, as one string (what is embedded and scored)."""
        return " ".join([self.text, *self.items])


# "This Statement of Action (SoA) response has been co-produced...": "this" before a name of two or more capitalised
# words says which thing itself; "This Board is chaired by..." does not (which board is said before).
_NAMED_DEMONSTRATIVE = re.compile(
    r"^\W*(?i:this|these)\s+[A-Z][\w'-]*(?:\s+(?:of\s+|and\s+|for\s+|&\s+)?[A-Z][\w'-]*)+"
)


def _leans_back(sentence: str, before: str = "") -> bool:
    """True for a sentence that cannot be understood without the one before it (`before`, when known)."""
    if _NAMED_DEMONSTRATIVE.match(sentence) and not _DEMONSTRATIVE_OBJECT.search(sentence):
        return False
    if ANAPHOR.match(sentence) or _DEMONSTRATIVE_SUBJECT.match(sentence) or _DEMONSTRATIVE_OBJECT.search(sentence):
        return True
    if len(sentence.split()) <= _SHORT_WORDS and _PRONOUN.search(sentence):
        return True
    generic = _GENERIC_SUBJECT.match(sentence)
    # "the service" after "... Youth Support Service ...": the name of what the sentence is about
    return bool(generic and re.search(r"\b[A-Z][\w'-]*\s+(?i:" + generic.group(1) + r")\b", before))


def _introduces(sentence: str, is_item: bool) -> bool:
    """True for a line that introduces a list: it ends ":", or ";" outside a list ("...will include;" inside one)."""
    return sentence.endswith(":") or (sentence.endswith(";") and (not is_item or bool(_INTRO_END.search(sentence))))


def _label_kind(sentence: str) -> str:
    """ "digit" for "3. ...", "letter" for "b) ..." or "ii. ...", "" for an item without a label."""
    match = _LABEL.match(sentence)
    return "" if match is None else "digit" if match.group(0).lstrip("(")[0].isdigit() else "letter"


def _intro(parts: list[tuple[str, bool]], usable: list[bool], i: int, min_words: int) -> tuple[str, int]:
    """A list's introduction and the index of its first sentence: "This additional capacity will include;" brings
    the sentences before it that say what "this" is, up to two back, as a prose sentence does."""
    first = i
    while first > 0 and first > i - 2 and _leans_back(strip_label(parts[first][0]), parts[first - 1][0]):
        before = parts[first - 1][0]
        if not usable[first - 1] or before[-1:] not in ".!?" or _is_fragment(before, min_words):
            break
        first -= 1
    if first == i:
        return parts[i][0], i
    return " ".join(strip_label(parts[j][0]) for j in range(first, i + 1)), first


def _is_fragment(sentence: str, min_words: int) -> bool:
    n = len(sentence.split())
    return n < min_words or (n < 12 and sentence[-1:] not in ".!?")


def units_of(text: str, cfg: UnitLimits) -> list[Unit]:
    """The units of a passage, in document order (cfg: the composer's ComposeConfig)."""
    parts = [(clean_sentence(s), item) for s, item in split_sentences(text)]
    usable = [
        bool(s) and len(s.split()) <= cfg.max_words and not looks_like_instruction(s) and not _LABEL_LINE.match(s)
        for s, _ in parts
    ]
    units: list[Unit] = []
    lead = -1  # the latest sentence ending ":" whose list we are in
    prose = -1  # the latest sentence that is not a list item, when a list follows it directly
    contact_done = -1
    for i, (sentence, is_item) in enumerate(parts):
        if _introduces(sentence, is_item):
            lead = i if usable[i] else -1
        elif not is_item or (lead >= 0 and i > lead + 1 and _label_kind(sentence) != _label_kind(parts[lead + 1][0])):
            lead = -1  # "3. ..." after "a. ...", "c. ..." under "2. ... will include;" is the outer list again
        if not is_item:
            prose = i if usable[i] and sentence[-1:] in ".:" else -1
        if not usable[i] or i <= contact_done:
            continue
        n_words = len(sentence.split())
        if _introduces(sentence, is_item):
            if n_words <= cfg.max_intro_words:
                items = _list_items(parts, usable, i, cfg)
                if items:
                    intro, first = _intro(parts, usable, i, cfg.min_words)
                    units.append(Unit(intro, tuple(items), first, i + len(items), lead=i))
            continue
        if is_item and lead >= 0 and n_words >= 2 and not sentence.endswith(":"):
            # "b) the use of long-term part-time timetables;" is whole under "...12 areas of weakness:".
            units.append(Unit(_intro(parts, usable, lead, cfg.min_words)[0], (sentence,), i, i, lead=lead))
            continue
        if is_item and prose >= 0 and _DATA_LINE.match(sentence):
            # "2018: 1,185 pupils (this is a prevalence rate of 27 per 1000 ...)": a count under a label, however
            # long its note, means something only under the sentence that says what is counted.
            units.append(Unit(parts[prose][0], (sentence,), i, i, lead=prose, data=True))
            continue
        if (
            not is_item
            and i > 0
            and usable[i - 1]
            and parts[i - 1][0].endswith(":")
            and _DATA_LINE.match(sentence)
            and not _CONTACT_FACT.search(sentence)  # "Helpline: 0800 123 4567" is a contact, no figure
        ):
            # "...return data has been as follows:" over "2017: 18.9%; 2018: 32.7%; 2019: 40%" (a table read as one
            # line): the figures mean something only under the sentence that says what they are, and a short
            # introduction ("...data has been as follows:") under the sentence before it, which says what was measured.
            intro, first = _intro(parts, usable, i - 1, cfg.min_words)
            before = first - 1
            if len(intro.split()) <= _SHORT_INTRO and before >= 0 and usable[before] and not parts[before][1]:
                intro, first = f"{parts[before][0]} {intro}", before
            units.append(Unit(intro, (sentence,), first, i, lead=i - 1, data=True))
            continue
        if _is_fragment(sentence, cfg.min_words):
            if _CONTACT_FACT.search(sentence):
                first, last = _contact_block(parts, i, cfg.min_words)
                contact_done = last
                block = "; ".join(parts[j][0].rstrip(".;") for j in range(first, last + 1))
                units.append(Unit(block, (), first, last))
            elif NUMBER.search(sentence) and is_item and prose >= 0:
                # "2017: 1062 pupils" means something only under the sentence that says what is counted.
                units.append(Unit(parts[prose][0], (sentence,), i, i, lead=prose, data=True))
            elif NUMBER.search(sentence):
                units.append(Unit(sentence, (), i, i, data=True))
            elif _NAMED_FIELD.match(sentence) and not is_item:
                units.append(Unit(sentence, (), i, i))  # who holds a role is a whole answer without a verb
            continue
        if is_item and _LABEL.sub("", sentence)[:1].islower():
            continue  # "b) the use of part-time timetables;" whose introduction is in another passage
        first = i
        while first > 0 and first > i - 2 and _leans_back(parts[first][0], parts[first - 1][0]):
            before, _ = parts[first - 1]
            if not usable[first - 1] or before[-1:] not in ".!?" or _is_fragment(before, cfg.min_words):
                break
            first -= 1
        if _leans_back(parts[first][0], parts[first - 1][0] if first > 0 else ""):
            alone = _ADDITIVE.sub("", sentence, count=1)
            if first == i and alone != sentence and not _leans_back(alone):
                units.append(Unit(alone[:1].upper() + alone[1:], (), i, i))  # "In addition few..." -> "Few..."
            continue  # what "it" or "this" refers to is not in this passage: never shown on its own
        shown = " ".join(parts[j][0] for j in range(first, i + 1))
        units.append(Unit(shown, (), first, i))
    return units + _series(units, cfg)


def _series(units: list[Unit], cfg: UnitLimits) -> list[Unit]:
    """The data lines under one sentence, as one more unit when there are two to `max_list_items` of them: "how many
    children have an EHC plan?" is answered by the whole series under "...a steady increase since 2014/15", its
    latest year included, not by whichever year resembles the question most."""
    by_lead: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.data and unit.lead >= 0 and len(unit.items) == 1:
            by_lead.setdefault(unit.lead, []).append(unit)
    return [
        Unit(lines[0].text, tuple(u.items[0] for u in lines), lines[0].start, lines[-1].end, lead=lead, data=True)
        for lead, lines in by_lead.items()
        if 2 <= len(lines) <= cfg.max_list_items
    ]


def _list_items(parts: list[tuple[str, bool]], usable: list[bool], i: int, cfg: UnitLimits) -> list[str]:
    """The items under the sentence at i when the whole list is short enough to show; else []."""
    items: list[str] = []
    for j in range(i + 1, len(parts)):
        follower, is_item = parts[j]
        if not is_item or follower.endswith(":"):
            break
        if items and _label_kind(follower) != _label_kind(items[0]):
            break  # "a. ..., b. ..." under "2. ... will include;" end where "3. ..." goes on with the outer list
        if len(items) >= cfg.max_list_items or not usable[j] or len(follower.split()) > cfg.max_item_words:
            return []  # too long to show whole: its items are shown one by one under the introduction
        items.append(follower)
    return items


def _contact_block(parts: list[tuple[str, bool]], i: int, min_words: int) -> tuple[int, int]:
    """The run of short lines around a contact line: a name, a role, an e-mail, a phone number."""
    first = i
    while first > 0 and i - first < _MAX_CONTACT_LINES - 1 and _is_fragment(parts[first - 1][0], min_words):
        if parts[first - 1][0].endswith(":"):
            break
        first -= 1
    last = i
    while last + 1 < len(parts) and last - first < _MAX_CONTACT_LINES - 1:
        nxt = parts[last + 1][0]
        if not _is_fragment(nxt, min_words) or nxt.endswith(":"):
            break
        last += 1
    return first, last


class SentenceCache:
    """Units of chunks and their embeddings by chunk_id, so a passage is never embedded twice.

    `warm(chunks)` fills it for a whole index in one batch, reusing what `path` (an .npz file) already holds,
    and saves it back; later passages not yet seen are embedded on demand.
    """

    def __init__(
        self, embedder: Embedder, max_chunks: int = 20000, path: Path | None = None, store: UnitVectors | None = None
    ) -> None:
        self.embedder = embedder
        self.max_chunks = max_chunks
        self.path = path
        # issue 10: unit vectors stored at ingest (answering/unit_store.py, UnitStore), fetched with the passages;
        # units it lacks are embedded here and written back.
        self.store = store
        self._chunks: OrderedDict[str, list[tuple[Unit, np.ndarray]]] = OrderedDict()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        return len(self._chunks)

    def units(self, passages: Iterable[Passage], cfg: UnitLimits) -> list[list[tuple[Unit, np.ndarray]]]:
        """(unit, vector) per passage (objects with chunk_id and text); uncached ones embedded in one batch."""
        passages = list(passages)
        missing = list(dict.fromkeys((p.chunk_id, p.text) for p in passages if p.chunk_id not in self._chunks))
        if missing and self.store is not None:
            found = self.store.get([cid for cid, _ in missing])
            stored = {text: vec for units in found.values() for text, vec in units.items()}
            if self._fill(missing, cfg, stored):
                rows = [(cid, [u.full for u, _ in self._chunks[cid]], _stack(self._chunks[cid])) for cid, _ in missing]
                self.store.put(rows)
        elif missing:
            self._fill(missing, cfg)
        for p in passages:
            self._chunks.move_to_end(p.chunk_id)
        while len(self._chunks) > self.max_chunks:
            self._chunks.popitem(last=False)
        return [self._chunks[p.chunk_id] for p in passages]

    def _fill(self, chunks: list[tuple[str, str]], cfg: UnitLimits, stored: dict[str, np.ndarray] | None = None) -> int:
        """Add chunks; embed the units `stored` has no vector for. Returns how many texts were embedded."""
        stored = stored or {}
        pending = {chunk_id: units_of(text, cfg) for chunk_id, text in chunks}
        texts = [u.full for units in pending.values() for u in units if u.full not in stored]
        vectors = np.asarray(self.embedder.embed(texts), dtype=np.float32) if texts else np.zeros((0, 1))
        fresh = dict(zip(texts, vectors, strict=True))
        for chunk_id, units in pending.items():
            self._chunks[chunk_id] = [(u, stored[u.full] if u.full in stored else fresh[u.full]) for u in units]
        return len(texts)

    def warm(self, chunks: Iterable[tuple[str, str]], cfg: UnitLimits) -> int:
        """Fill the cache for (chunk_id, text) pairs from the file at `path` plus one batch; save the file.

        Returns the number of texts that had to be embedded (0 when the file already covered every chunk).
        """
        chunks = [c for c in chunks if c[0] not in self._chunks]
        stored = self._load()
        embedded = self._fill(chunks, cfg, stored)
        if embedded or (self.path is not None and not self.path.exists()):
            self._save()
        return embedded

    def _load(self) -> dict[str, np.ndarray]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            with np.load(self.path, allow_pickle=False) as data:
                return dict(zip((str(t) for t in data["texts"]), data["vectors"], strict=True))
        except (OSError, ValueError, KeyError) as exc:
            log.warning("sentence cache %s unreadable (%s); rebuilding it", self.path, exc)
            return {}

    def _save(self) -> None:
        if self.path is None:
            return
        seen: dict[str, np.ndarray] = {}
        for units in self._chunks.values():
            for unit, vector in units:
                seen.setdefault(unit.full, vector)
        if not seen:
            return
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a crash or a second process never leaves a half-written file behind.
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.stem, suffix=".tmp.npz")
            os.close(fd)
            np.savez(tmp, texts=np.array(list(seen), dtype=str), vectors=np.stack(list(seen.values())))
            os.replace(tmp, self.path)
        except OSError as exc:  # a read-only data dir: answers still work, the next start embeds again
            log.warning("could not save the sentence cache to %s: %s", self.path, exc)
            if tmp:
                Path(tmp).unlink(missing_ok=True)

    def query(self, text: str) -> np.ndarray:
        """The embedding of a question (kept for the next few hundred questions)."""
        if text not in self._queries:
            self._queries[text] = np.asarray(self.embedder.embed([text])[0], dtype=np.float32)
            if len(self._queries) > 512:
                self._queries.popitem(last=False)
        return self._queries[text]


def _stack(units: list[tuple[Unit, np.ndarray]]) -> np.ndarray:
    return np.stack([v for _, v in units]) if units else np.zeros((0, 1), dtype=np.float32)


def cache_path(data_dir: Path, embedder: Embedder) -> Path:
    """Where the sentence embeddings of one embedding model are kept."""
    name = re.sub(r"[^\w.-]+", "-", str(getattr(embedder, "name", type(embedder).__name__)))
    return Path(data_dir) / f"sentences-{name}-v{UNITS_VERSION}.npz"
