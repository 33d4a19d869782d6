"""The synthetic multi-council corpus of evals/bench.py: knowledge/ copied under generated area names.

Every local document of knowledge/ is copied once per generated area ("Bedford Borough" -> "Qodtwen Wiyzbgq",
same length and word shape), with a few words per copy given a typo (two letters swapped, a form absent from the
real corpus) so texts differ between copies; national documents are kept once. Both changes keep every text the
same length with the same spaces and line breaks, so any splitter cuts a copy exactly where it cuts the original.

Embedding 10^5 chunks with MiniLM would take hours on this machine, so vectors are reused per unique text:
`ReuseEmbedder` undoes the copy's changes and returns the original text's MiniLM vector (embedded once, then
remembered), plus a little deterministic noise so no two stored vectors are identical.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

NOISE = 0.02  # per-dimension noise added to a reused vector before re-normalising
TYPOS_PER_COPY = 4
_WORD = re.compile(r"[A-Za-z]{6,}")
_TOKEN = re.compile(r"[A-Za-z]+")
# Words the composer reads as leaning on the sentence before: a typo in one would change the units.
_KEEP = {"therefore", "however", "either", "neither", "further", "because", "following"}


@dataclass
class Copy:
    """One generated area: the original area it copies, its name and its typos (original word -> typo)."""

    area: str
    source: str
    typos: dict[str, str] = field(default_factory=dict)
    variant: int = 0  # several copies of one document in one area differ by their typos

    def apply(self, text: str) -> str:
        """The original text as this copy says it."""
        text = text.replace(self.source, self.area) if self.source else text
        for word, typo in self.typos.items():
            text = re.sub(rf"\b{word}\b", typo, text)
        return text


def shaped_name(name: str, rng: random.Random) -> str:
    """A made-up name with the same length, spaces and capitals as `name`."""
    out = []
    for ch in name:
        if ch.isalpha():
            letter = rng.choice("aeiou" if rng.random() < 0.35 else "bcdfghklmnprstvwz")
            out.append(letter.upper() if ch.isupper() else letter)
        else:
            out.append(ch)
    return "".join(out)


def typo_of(word: str) -> str:
    """Two letters in the middle swapped: the same length, a word the real corpus does not use."""
    i = len(word) // 2
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


class Corpus:
    """Plans copies of the local areas; `copies(n)` gives the generated areas in order, cycling the originals."""

    def __init__(self, local_areas: Sequence[str], texts: Sequence[str], seed: int = 10) -> None:
        self.local_areas = sorted(local_areas)
        vocabulary = {w for t in texts for w in _WORD.findall(t)}
        counts: dict[str, int] = {}
        for t in texts:
            for w in _WORD.findall(t):
                counts[w] = counts.get(w, 0) + 1
        # Typos only on common lower-case words whose typo is not itself a word of the corpus (so it can be undone).
        self.typo_words = sorted(
            w
            for w, c in counts.items()
            if c >= 5 and w.islower() and w not in _KEEP and typo_of(w) != w and typo_of(w) not in vocabulary
        )
        self.seed = seed

    def copies(self, n: int, areas: int) -> list[Copy]:
        """The first n copies (deterministic), spread over `areas` generated areas: copy i is a variant (its own
        typos) of the documents of local area i % len(local_areas), in generated area i % areas."""
        rng = random.Random(self.seed)
        names: list[tuple[str, str]] = []
        seen = set(self.local_areas)
        for i in range(areas):
            source = self.local_areas[i % len(self.local_areas)]
            name = shaped_name(source, rng)
            while name in seen:
                name = shaped_name(source, rng)
            seen.add(name)
            names.append((name, source))
        out: list[Copy] = []
        for i in range(n):
            name, source = names[i % areas]
            words = rng.sample(self.typo_words, min(TYPOS_PER_COPY, len(self.typo_words)))
            out.append(Copy(area=name, source=source, typos={w: typo_of(w) for w in words}, variant=i // areas))
        return out


class Undo:
    """Maps any text of any copy back to the original text (generated names and typos reversed).

    Generated names are found from their first word (a dict look-up per capitalised word), so undoing costs
    the same however many copies there are."""

    def __init__(self, copies: Sequence[Copy]) -> None:
        self._names: dict[str, list[tuple[str, str]]] = {}
        for c in copies:
            self._names.setdefault(c.area.split(" ")[0], []).append((c.area, c.source))
        self._typos = {typo: word for c in copies for word, typo in c.typos.items()}

    def __call__(self, text: str) -> str:
        """The original of a copied text (unchanged when it was not copied)."""
        out, pos = [], 0
        for m in _TOKEN.finditer(text):
            if m.start() < pos:
                continue
            word = m.group(0)
            replacement, end = self._typos.get(word), m.end()
            for name, source in self._names.get(word, ()):
                if text.startswith(name, m.start()):
                    replacement, end = source, m.start() + len(name)
                    break
            if replacement is not None:
                out.append(text[pos : m.start()])
                out.append(replacement)
                pos = end
        out.append(text[pos:])
        return "".join(out)


def noisy(vector: np.ndarray, key: str, scale: float = NOISE) -> np.ndarray:
    """The vector plus deterministic noise seeded by key, unit length again."""
    seed = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
    out = vector + np.random.default_rng(seed).normal(0.0, scale, vector.shape[-1]).astype(np.float32)
    return out / np.linalg.norm(out)


class ReuseEmbedder:
    """An Embedder that embeds each original text once with `inner` and reuses its vector for every copy.

    A copy's text is mapped back with `undo`; exact=False adds noise keyed by the copy's own text."""

    def __init__(self, inner, undo: Undo, known: dict[str, np.ndarray] | None = None, exact: bool = False) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.undo = undo
        self.known: dict[str, np.ndarray] = dict(known or {})
        self.exact = exact
        self.embedded = 0  # original texts that had to be embedded for real

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for texts, embedding only originals never seen before."""
        originals = [self.undo(t) for t in texts]
        missing = list(dict.fromkeys(o for o in originals if o not in self.known))
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self.known[text] = np.asarray(vector, dtype=np.float32)
            self.embedded += len(missing)
        out = []
        for text, original in zip(texts, originals, strict=True):
            vector = self.known[original]
            out.append((vector if self.exact or text == original else noisy(vector, text)).tolist())
        return out

    def count_tokens(self, text: str) -> int:
        """Delegated."""
        return self.inner.count_tokens(text)
