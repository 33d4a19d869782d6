"""The safeguarding lexicon, read from send_assistant/data/lexicons/safeguarding.yaml (see its header).

NEUTRAL rules are blanked out first; a SPECIFIC rule flags a message on its own; the TOPIC word flags it only
with a reference to a particular person (PERSON_REF), so a professional asking about services in general is not
treated as a child at risk. Every rule has a name and a category, which traces report instead of the message.
"""

from __future__ import annotations

import re

from send_assistant.answering import lexicons
from send_assistant.answering.lexicons import Rule

_DATA = lexicons.read("safeguarding")
VOCABULARY = lexicons.vocabulary(_DATA["vocabulary"])
CATEGORIES: dict[str, str] = dict(_DATA["categories"])
NEUTRAL_RULES: tuple[Rule, ...] = lexicons.rules(_DATA["neutral"], VOCABULARY)
SPECIFIC_RULES: tuple[Rule, ...] = lexicons.rules(_DATA["specific"], VOCABULARY)
# The compiled patterns alone, in order.
NEUTRAL = [rule.pattern for rule in NEUTRAL_RULES]
SPECIFIC = [rule.pattern for rule in SPECIFIC_RULES]
TOPIC_RE = re.compile(rf"\b{VOCABULARY['TOPIC']}\b")
# Who the message is about: a particular child or young person, or the writer themselves.
PERSON_REF = lexicons.pattern(_DATA["person_ref"], VOCABULARY)
BLANK = " _ "

_unknown = {rule.category for rule in SPECIFIC_RULES} - set(CATEGORIES)
if _unknown:
    raise ValueError(f"safeguarding.yaml: specific rules in undeclared categories {sorted(_unknown)}")
