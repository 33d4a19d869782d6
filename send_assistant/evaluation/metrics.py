"""Pure metric functions: normalisation, gold ranks, recall@k, MRR, facts, forbidden strings, percentiles.

Normalisation follows evals/README (shared): collapse white space, drop HTML tags and `**`, compare
case-insensitively. Everything here works on plain strings and lists so it can be tested by hand.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence

_TAG = re.compile(r"<[^>]{0,400}>")
_SPACE = re.compile(r"\s+")
_MARKER = re.compile(r"\[\d+\]")
_WORD = re.compile(r"[^\W_]+(?:['’.,:/-][^\W_]+)*")


def normalise(text: str | None) -> str:
    """Lower-case text with HTML tags and `**` removed and white space collapsed to single spaces."""
    if not text:
        return ""
    # A tag becomes a space so that "</li><li>" never glues two words together.
    text = _TAG.sub(" ", text).replace("**", "")
    return _SPACE.sub(" ", text).strip().lower()


def contains_any(text: str | None, needles: Iterable[str]) -> bool:
    """True when any needle occurs in the text, both normalised."""
    haystack = normalise(text)
    return any(n and normalise(n) in haystack for n in needles)


def gold_rank(passage_texts: Sequence[str], gold: Sequence[str]) -> int | None:
    """1-based rank of the first passage containing a gold string, or None when none does."""
    if not gold:
        return None
    for rank, text in enumerate(passage_texts, start=1):
        if contains_any(text, gold):
            return rank
    return None


def recall_at_k(ranks: Sequence[int | None], k: int) -> float | None:
    """Share of questions whose gold passage ranks within the top k; None when there are no questions."""
    if not ranks:
        return None
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float | None:
    """Mean of 1/rank (0 when the gold was not retrieved); None when there are no questions."""
    if not ranks:
        return None
    return sum(1.0 / r for r in ranks if r) / len(ranks)


def missing_fact_groups(answer_text: str | None, facts: Sequence[Sequence[str]]) -> list[list[str]]:
    """The fact groups none of whose members appears in the answer text (empty list: all present)."""
    return [list(group) for group in facts if not contains_any(answer_text, group)]


def forbidden_found(answer_text: str | None, forbid: Sequence[str]) -> list[str]:
    """The forbidden strings (another area's details) that appear in the answer text."""
    haystack = normalise(answer_text)
    return [f for f in forbid if f and normalise(f) in haystack]


def leaked_areas(areas: Iterable[str], allowed: set[str]) -> list[str]:
    """Areas of citations or passages that are neither national ("") nor allowed for the question."""
    return [a for a in areas if a and a not in allowed]


def ratio(hits: int, total: int) -> float | None:
    """hits/total, or None when there is nothing to count (so a report can say n/a, not 0 or 1)."""
    return hits / total if total else None


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (pct in 0..100) of the values; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def word_count(text: str | None) -> int:
    """Words a reader sees: citation markers ([1]), HTML tags and markdown symbols are not words.

    "01905 765765", "£3.4million", "co-produced" and "don't" count as written (two, one, one, one).
    """
    if not text:
        return 0
    plain = _MARKER.sub(" ", _TAG.sub(" ", text))
    return len(_WORD.findall(plain))


def median(values: Sequence[float]) -> float | None:
    """The median (mean of the middle two for an even count); None when empty."""
    return float(statistics.median(values)) if values else None
