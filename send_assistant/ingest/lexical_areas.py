"""Per-area BM25 indexes: a question's lexical search costs what its area holds, not what the country holds.

A search in area A may only return A's chunks and national ones, so the ingest builds one BM25 index per area
over exactly those (and one over the national chunks alone, for "no area chosen"), saved under
settings.lexical_dir/areas/. A serving process loads an area's index the first time a question is asked in it
and keeps the most recently used ones (`MAX_LOADED`), so its memory follows the areas in use, not the country.

Scores are per area: IDF is computed over the area's and the national chunks, the same set the search ranks.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from send_assistant.ingest.lexical import LexicalIndex, searchable, swap_in
from send_assistant.ingest.store import StoredChunk
from send_assistant.ingest.textkit import words

MANIFEST = "areas.json"  # written last: a half-written folder is never trusted
WORDS = "words.tsv"  # every word of the chunks and how often it occurs: the spelling corrector's vocabulary
# Bumped with lexical.FORMAT, or when what the saved vocabulary counts changes: saved area indexes of an older
# format are rebuilt, never searched.
FORMAT = 4
AREAS_DIR = "areas"
MAX_LOADED = 32  # area indexes kept in memory per process


def area_key(area: str) -> str:
    """A folder name for an area: readable, and unique whatever characters the name has."""
    slug = re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-")[:40] or "national"
    return f"{slug}-{hashlib.sha1(area.encode()).hexdigest()[:8]}"


def _by_area(chunks: Sequence[StoredChunk]) -> dict[str, list[StoredChunk]]:
    """Chunks grouped per area: "" (national) always present; every area's group starts with the national ones."""
    national = [c for c in chunks if not c.metadata.get("area")]
    groups: dict[str, list[StoredChunk]] = {"": list(national)}
    for c in chunks:
        area = str(c.metadata.get("area") or "")
        if area:
            groups.setdefault(area, list(national)).append(c)
    return groups


def vocabulary(chunks: Sequence[StoredChunk]) -> Counter[str]:
    """How often each alphabetic word occurs in what search reads of the chunks: their texts, titles and headings
    (a guidance answer's question is its heading: "My child with SEND is being bullied. What can I do?" holds the
    only "bullied", and without it "bulied" was corrected to "buried")."""
    return Counter(w for c in chunks for w in words(searchable(c)) if w.isalpha())


def build_area_indexes(chunks: Sequence[StoredChunk], directory: Path, version: int) -> None:
    """Build and save every area's BM25 index (atomically, beside and then in place of the old ones)."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".lexical-areas-", dir=directory.parent))
    try:
        areas = {}
        for area, group in _by_area(chunks).items():
            key = area_key(area)
            LexicalIndex(group, version=version).save(staging / AREAS_DIR / key)
            areas[area] = key
        counts = vocabulary(chunks)
        (staging / WORDS).write_text("".join(f"{w}\t{n}\n" for w, n in sorted(counts.items())), encoding="utf-8")
        manifest = {"version": version, "format": FORMAT, "areas": areas}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        swap_in(staging, directory)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


class AreaLexicon:
    """The area indexes of one Index version, loaded lazily; `for_area(area)` is what a search reads."""

    def __init__(self, version: int, directory: Path | None = None, indexes: dict[str, LexicalIndex] | None = None,
                 areas: dict[str, str] | None = None) -> None:  # fmt: skip
        self.version = version
        self.directory = Path(directory) if directory is not None else None
        self._areas = areas or {}
        self._loaded: OrderedDict[str, LexicalIndex] = OrderedDict(indexes or {})
        self._lock = threading.Lock()
        self._empty = LexicalIndex([], version=version)
        self._words: Counter[str] | None = None

    @classmethod
    def read(cls, directory: Path, version: int) -> AreaLexicon | None:
        """The saved indexes when they are complete and of this version, else None."""
        try:
            manifest = json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if manifest.get("format") != FORMAT or manifest.get("version") != version:
            return None
        return cls(version, directory, areas=dict(manifest.get("areas") or {}))

    @classmethod
    def in_memory(cls, chunks: Sequence[StoredChunk], version: int) -> AreaLexicon:
        """Every area's index built now and kept (for an index without a lexical folder, and tests)."""
        groups = _by_area(chunks)
        lexicon = cls(version, None, indexes={a: LexicalIndex(g, version=version) for a, g in groups.items()},
                      areas={a: area_key(a) for a in groups})  # fmt: skip
        lexicon._words = vocabulary(chunks)
        return lexicon

    def words(self) -> Counter[str]:
        """Every word of every live chunk with its count (read once from the saved list)."""
        if self._words is None:
            try:
                text = (self.directory / WORDS).read_text(encoding="utf-8") if self.directory else ""
            except OSError:
                text = ""
            pairs = (line.split("\t") for line in text.splitlines() if "\t" in line)
            self._words = Counter({w: int(n) for w, n in pairs})
        return self._words

    def for_area(self, area: str) -> LexicalIndex:
        """The index over `area`'s and the national chunks ("" = national only; an unknown area: national)."""
        area = area if area in self._areas else ""
        with self._lock:
            hit = self._loaded.get(area)
            if hit is not None:
                self._loaded.move_to_end(area)
                return hit
        loaded = None
        if self.directory is not None and area in self._areas:
            loaded = LexicalIndex.read(self.directory / AREAS_DIR / self._areas[area])
        loaded = loaded or self._empty
        with self._lock:
            self._loaded[area] = loaded
            if self.directory is not None:
                while len(self._loaded) > MAX_LOADED:
                    self._loaded.popitem(last=False)
        return loaded


def load_area_lexicon(directory: Path, version: int, chunks_loader: Callable[[], list[StoredChunk]]) -> AreaLexicon:
    """The saved area indexes when they match `version`; otherwise rebuilt from chunks_loader() and saved."""
    saved = AreaLexicon.read(directory, version)
    if saved is not None:
        return saved
    chunks = chunks_loader()
    try:
        current = _saved_version(directory)
        if current is None or current < version:  # never overwrite a newer ingest's indexes with older ones
            build_area_indexes(chunks, directory, version)
            saved = AreaLexicon.read(directory, version)
            if saved is not None:
                return saved
    except OSError:
        pass  # a read-only data dir still gets working in-memory indexes
    return AreaLexicon.in_memory(chunks, version)


def _saved_version(directory: Path) -> int | None:
    try:
        value = json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None
    return value if isinstance(value, int) else None
