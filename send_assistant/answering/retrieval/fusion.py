"""Reciprocal rank fusion: merge ranked lists without comparing their (incomparable) raw scores."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

RRF_K = 60  # the constant from Cormack et al. (2009); damps the advantage of the very top ranks


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Hashable]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[Hashable, float]]:
    """Fuse ranked id lists: score(id) = sum over lists of weight / (k + rank), rank starting at 1.

    Returns (id, score) best first. Ties keep the order in which ids were first seen (earlier lists first),
    so results are reproducible.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking is needed")
    scores: dict[Hashable, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        # A list naming an id twice counts it once, at its best rank, and the ids after it move up.
        for rank, item in enumerate(dict.fromkeys(ranking), start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    first_seen = {item: i for i, item in enumerate(scores)}
    # Rounded so that sums equal but for float addition order (1/61 + 1/62 vs 1/62 + 1/61) count as ties.
    return sorted(scores.items(), key=lambda pair: (-round(pair[1], 12), first_seen[pair[0]]))
