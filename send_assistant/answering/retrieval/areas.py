"""Which local areas a search may use, and recognising an area named in a question.

Area correctness is a product rule: a family in one council area must never be given another council's local
details. A search keeps the chosen area's documents plus national ones (area ""), nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from send_assistant.answering.area_profiles import AreaProfiles
from send_assistant.ingest.model import NATIONAL
from send_assistant.ingest.textkit import tokens
from send_assistant.settings import PROJECT_ROOT

_PLACE_PREPOSITION = r"(?:in|near|around|from|across)\s+"
# ...or, in lower case, right before a word only a council's services are named with ("bucks local offer",
# "bath send team", "bucks schools", "bucks ofsted inspection", "bath sencos", "bucks autism assessments"), or
# the council's record on them ("bucks 20 week figures", "bath ehcp timescales", "bucks waiting list"): "bucks"
# is money and "bath" a tub only before other words.
_LOCAL_SERVICE_AFTER = (
    r"(?=\s+(?:local\s+offer|council|county|send|sen|sendiass|ehcps?|ehc|schools?|nurser(?:y|ies)|colleges?|"
    r"parent\s+carer\s+forum|pcf|family\s+information\s+service|fis|short\s+breaks|transport|camhs|nhs|"
    r"ccg|area|team|ofsted|inspections?|inspectors|improvement|sencos?|special\s+schools?|autism|asd|semh|"
    r"educational\s+psycholog\w*|ed\s+psychs?|annual\s+reviews?|tribunals?|"
    r"(?:20|twenty)\s*-?\s*weeks?|timescales?|deadlines?|figures|stats|statistics|data|performance|"
    r"waiting\s+(?:lists?|times?)|wait\s+times?)\b)"
)
# ...or with a plural verb, the way British English speaks of a council ("bucks are taking ages with the ehcp",
# "bath have said no", "does bucks have a parent forum", "how long are bucks taking", "why did bath say no"): money
# and a tub are singular ("the bath is cold"), and a determiner or number before the word ("the bucks are", "20
# bucks are", "his bath was") keeps its ordinary meaning. The verb goes first only in a question: at the start or
# right after a question word ("how long are bucks"), and not before "and", "or", "time" ("do bath and bed").
_PLURAL_VERBS = ("are", "arent", "have", "havent", "were", "werent", "do", "dont", "did", "didnt")
_COUNCIL_VERB_AFTER = r"(?=\s+(?:" + "|".join(_PLURAL_VERBS + ("said", "say", "keep", "kept")) + r")\b)"
_COUNCIL_VERB_BEFORE = (
    "(?:^|"
    + "|".join(r"(?<=\b" + w + " )" for w in ("why", "how", "when", "what", "where", "who", "long", "much", "often"))
    + ")(?:"
    + "|".join(_PLURAL_VERBS)
    + r")\s+"
)
# ...or after a singular verb and before how it is doing ("how good is bucks at getting ehcps out", "is bath doing
# anything about waits", "is bucks meeting the 20 weeks"): "is 20 bucks enough", "is the bath hot" have a number or a
# determiner between, and "is bath still a battle", "is bath good for calming him" are about bath time.
_COUNCIL_SINGULAR_BEFORE = "|".join(r"(?<=\b" + w + " )" for w in ("is", "does", "has", "was"))
_COUNCIL_SINGULAR_AFTER = (
    r"(?=\s+(?:at|doing|getting|taking|improving|meeting|keeping|failing|listening|supposed|legally|allowed)\b)"
)
# ...or as the label the message starts with ("bucks: who runs the local offer", "bath - is there a parent forum").
_LABEL_BEFORE = r"^\W*"
_LABEL_AFTER = r"(?=\s*(?::|\s[-\u2013\u2014])\s)"
_ORDINARY_BEFORE = "a an the his her my our their your its of few some many more".split()
_NOT_AFTER = "".join(r"(?<!\b" + word + " )" for word in _ORDINARY_BEFORE) + r"(?<!\d )(?<!\d)"


def _nickname_patterns(profiles: AreaProfiles | None) -> list[tuple[str, str]]:
    """(pattern, exact area name) for the everyday names in the area profiles (knowledge/areas.yaml).

    Nicknames match in any case. A place word that is ordinary English too ("Bath", "Bucks") matches as written
    with its capital, or in lower case only right after a place preposition ("in bath"; "in the bath" is not a
    place), right before a local service's name ("bucks local offer", "bath send team"), or with a plural verb
    ("bucks are taking ages", "how long are bucks taking"; "20 bucks are" is money, see _COUNCIL_VERB_AFTER), or
    after a singular verb and before how it is doing ("how good is bucks at...").
    """
    out: list[tuple[str, str]] = []
    for nickname, area, place_only in (profiles or default_profiles()).nickname_patterns():
        words = r"\s*".join(re.escape(w) for w in nickname.split())
        if place_only:
            out.append((words, area))
            out.append((r"(?i:" + _PLACE_PREPOSITION + words + ")", area))
            out.append((r"(?i:" + words + _LOCAL_SERVICE_AFTER + ")", area))
            out.append((r"(?i:" + _NOT_AFTER + words + _COUNCIL_VERB_AFTER + ")", area))
            out.append((r"(?i:" + _COUNCIL_VERB_BEFORE + words + r"(?!\s+(?:and|or|time|then)\b))", area))
            out.append((r"(?i:" + _LABEL_BEFORE + words + _LABEL_AFTER + ")", area))
            out.append((r"(?i:(?:" + _COUNCIL_SINGULAR_BEFORE + ")" + words + _COUNCIL_SINGULAR_AFTER + ")", area))
        else:
            out.append((r"(?i:" + words + ")", area))
    return out


@lru_cache(maxsize=1)
def default_profiles() -> AreaProfiles:
    """The area profiles shipped in the project's knowledge/ folder."""
    return AreaProfiles.from_knowledge(PROJECT_ROOT / "knowledge")


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


def _patterns_for(known: list[str], profiles: AreaProfiles | None = None) -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for name in known:
        # The official name, and the name without "Borough"/"County"/"Council" ("Bedford Borough" -> covered
        # above, "Leeds City Council" -> "Leeds"), in any case and any spacing.
        for form in {name, _GENERIC_SUFFIX.sub("", name)}:
            words = r"\s+".join(re.escape(w) for w in form.split())
            if words:
                patterns.append((_bounded("(?i:" + words + ")"), name))
    patterns += [(_bounded(p), area) for p, area in _nickname_patterns(profiles) if area in known]
    return patterns


# The end of a council's name, kept when the name goes ("worcestershire county council" -> "county council").
_COUNCIL_TAIL = re.compile(r"\b((?:county\s+|borough\s+|district\s+|city\s+)?council)\s*$", re.IGNORECASE)
# A place preposition left dangling once the place is taken out ("... in bucks" -> "...").
_DANGLING_PREPOSITION = re.compile(r"(?i)\b(?:in|near|around|from|across|for|at)\s*$")


def without_area_names(text: str, area: str, profiles: AreaProfiles | None = None) -> str:
    """The text with the names of `area` taken out (its official name, its short forms, its everyday names as
    detect_area reads them), and a place preposition right before one: "who is checking bedford does what it
    promised" -> "who is checking does what it promised". A search within an area ranks only that area's and
    national passages, so the place name picks out nothing but the passages that happen to spell it (a report's
    context paragraph, its title block); the text as given when it has no such name or is nothing else.
    """
    if not area or not text:
        return text
    spans: list[tuple[int, int]] = []
    for pattern, _ in sorted(_patterns_for([area], profiles), key=lambda p: -len(p[0].pattern)):
        for m in pattern.finditer(text):
            if m.end() > m.start() and not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append(m.span())
    if not spans:
        return text
    out, last = [], 0
    for start, end in sorted(spans):
        # "the number for worcestershire county council" asks about the council itself: its name goes, "county
        # council" stays (and so does the preposition before it).
        council = _COUNCIL_TAIL.search(text[start:end])
        before = text[last:start]
        out.append(before if council else _DANGLING_PREPOSITION.sub("", before))
        if council:
            out.append(council.group(1))
        last = end
    out.append(text[last:])
    stripped = " ".join(" ".join(out).split())
    return stripped if tokens(stripped) else text  # "what about central beds" has nothing else to search for


def detect_area(text: str, known_areas: Iterable[str], profiles: AreaProfiles | None = None) -> str | None:
    """The one known local area the text names, or None (none named, several named, or only an ambiguous name).

    Examples: "in Bucks" -> Buckinghamshire; "B&NES" or "Bath" -> Bath and North East Somerset; "Bedford" ->
    Bedford Borough but "Central Beds" -> Central Bedfordshire; "Bedfordshire" alone -> None.
    """
    known = [a for a in known_areas if a]
    found: set[str] = set()
    covered: list[tuple[int, int]] = []
    # Longest names first so "Central Bedfordshire" claims its words before "Bedford..." could.
    for pattern, area in sorted(_patterns_for(known, profiles), key=lambda p: -len(p[0].pattern)):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e or s < m.end() <= e for s, e in covered):
                continue
            covered.append(m.span())
            found.add(area)
    # "Bedfordshire" alone matches nothing: it could mean Bedford Borough or Central Bedfordshire.
    return found.pop() if len(found) == 1 else None
