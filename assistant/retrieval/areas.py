"""Which local areas a search may use, and recognising an area named in a question.

Area correctness is a product rule: a family in one council area must never be given another council's local
details. A search keeps the chosen area's documents plus national ones (area ""), nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.model import NATIONAL

# Everyday names for local areas beyond their official name: (pattern, exact area name). Patterns are matched with
# word boundaries; those written with a capital are case-sensitive because the word is ordinary English too
# ("a bath", "bucks"), the rest match in any case.
_NICKNAMES: list[tuple[str, str]] = [
    (r"B\s?&\s?NES|BaNES|BANES|Bath\s*(?:&|and)\s*N\.?\s?E\.?\s*Somerset", "Bath and North East Somerset"),
    (r"Bath", "Bath and North East Somerset"),
    # Lower-case "bath"/"bucks" only right after a place preposition ("in bath"; "in the bath" is not a place).
    (r"(?i:(?:in|near|around|from|across)\s+bath)", "Bath and North East Somerset"),
    (r"(?i:(?:in|near|around|from|across)\s+bucks)", "Buckinghamshire"),
    (r"(?i:north\s+east\s+somerset)", "Bath and North East Somerset"),
    (r"(?i:central\s+beds)", "Central Bedfordshire"),
    (r"(?i:bedford)(?!\s*shire)", "Bedford Borough"),
    (r"Bucks", "Buckinghamshire"),
    (r"(?i:bucks\s+(?:council|county|cc))", "Buckinghamshire"),
    (r"(?i:worcs|worcester)", "Worcestershire"),
]

_GENERIC_SUFFIX = re.compile(
    r"\s+(?:borough|city|county|district|metropolitan borough)(?:\s+council)?$|\s+council$", re.IGNORECASE
)


def allowed_areas(area: str) -> list[str]:
    """Areas a search may return: the chosen one plus national, or national only when none is chosen."""
    return [area, NATIONAL] if area else [NATIONAL]


def is_allowed(metadata_area: object, area: str) -> bool:
    """Whether a passage with this metadata area may be shown to someone who chose `area`."""
    return (metadata_area or NATIONAL) in allowed_areas(area)


def _bounded(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w&])(?:" + pattern + r")(?![\w&])")


def _patterns_for(known: list[str]) -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for name in known:
        # The official name, and the name without "Borough"/"County"/"Council" ("Bedford Borough" -> covered
        # above, "Leeds City Council" -> "Leeds"), in any case and any spacing.
        for form in {name, _GENERIC_SUFFIX.sub("", name)}:
            words = r"\s+".join(re.escape(w) for w in form.split())
            if words:
                patterns.append((_bounded("(?i:" + words + ")"), name))
    patterns += [(_bounded(p), area) for p, area in _NICKNAMES if area in known]
    return patterns


def detect_area(text: str, known_areas: Iterable[str]) -> str | None:
    """The one known local area the text names, or None (none named, several named, or only an ambiguous name).

    Examples: "in Bucks" -> Buckinghamshire; "B&NES" or "Bath" -> Bath and North East Somerset; "Bedford" ->
    Bedford Borough but "Central Beds" -> Central Bedfordshire; "Bedfordshire" alone -> None.
    """
    known = [a for a in known_areas if a]
    found: set[str] = set()
    covered: list[tuple[int, int]] = []
    # Longest names first so "Central Bedfordshire" claims its words before "Bedford..." could.
    for pattern, area in sorted(_patterns_for(known), key=lambda p: -len(p[0].pattern)):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e or s < m.end() <= e for s, e in covered):
                continue
            covered.append(m.span())
            found.add(area)
    # "Bedfordshire" alone matches nothing: it could mean Bedford Borough or Central Bedfordshire.
    return found.pop() if len(found) == 1 else None
