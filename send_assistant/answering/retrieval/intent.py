"""What kind of question is it, as far as ranking cares: a definition of a SEND term, or something local?

A family that chose an area and asks "Is there SALT support in schools?" wants that council's own pages first;
England-wide glossary text saying what SALT stands for is background. "What does SALT stand for?" is the
opposite: the glossary is the answer wherever the family lives.
"""

from __future__ import annotations

import re

from send_assistant.answering.glossary import Glossary
from send_assistant.answering.retrieval.overlap import key_terms
from send_assistant.ingest.lexical import tokenize

# "what does X mean", "what's X short for", "define X", "meaning of X": asks for a meaning whatever X is.
_MEANING = re.compile(
    r"\b(?:mean|means|meaning|stand for|stands for|short for|abbreviation|acronym|define|definition)\b",
    re.IGNORECASE,
)
# "what is an EHCP?", "whats SEN support", "what are EHC plans": a meaning when X is a glossary term.
_WHAT_IS = re.compile(
    r"^\W*(?:what\s+(?:is|are)|what'?s|whats)\s+(?:an?\s+|the\s+)?(?P<subject>[\w/&' -]{1,60}?)[\s?.!]*$",
    re.IGNORECASE,
)


# "what does a DCO do?", "what do SENCOs do in schools": a role's description, which the glossary entry gives
# ("what does the council do if the school refuses" asks about a situation, not the council's role).
_WHAT_DOES = re.compile(
    r"^\W*what\s+(?:does|do)\s+(?:an?\s+|the\s+|your\s+|my\s+)?(?P<subject>[\w/&' -]{1,40}?)\s+(?:do|does)"
    r"(?:\s+[\w']+){0,3}[\s?.!]*$",
    re.IGNORECASE,
)


# "how many children have an ehcp", "what percentage are done in 20 weeks", "how much is the overspend": a count,
# share or sum, which only an area's own reports give (national guidance has time limits, not counts); so does one
# asking for the figures, stats or data ("bucks 20 week ehcp figures") or how common something is there ("are
# there lots of send tribunals here", "are a lot of send kids being excluded", "do many families round here get
# one"). "How many days can they suspend him" and "how many times" ask for a rule, not a figure.
_FIGURE = re.compile(
    r"\bhow many\b(?!\s+(?:days?|weeks?|months?|years?|hours?|times?|sessions?|school days)\b)"
    r"|\bwhat (?:percentage|proportion|share|number|%)\b|\b(?:percentage|proportion) of\b"
    r"|\bhow much (?:money|funding|budget|overspend|is the (?:\w+ ){0,2}(?:overspend|budget|deficit))\b"
    r"|\bnumbers? of (?:children|kids|pupils|young people|requests|plans|ehcps)\b"
    r"|\b(?:figures|stats|statistics)\b|\bdata (?:on|about|for)\b"
    r"|\b(?:are|is) there (?:\w+ )?(?:lots|loads|a lot|many|few)\b|\bhow common\b"
    r"|\b(?:lots|loads|a lot) of (?:\w+ )?(?:kids|children|families|pupils|young people|tribunals|appeals|complaints|"
    r"exclusions|requests|plans|ehcps)\b"
    r"|\b(?:do|does|are|have|did) (?:\w+ ){0,2}many (?:kids|children|families|pupils|young people|parents|people|"
    r"tribunals|appeals|complaints|exclusions|requests|plans|ehcps|schools|places|send)\b",
    re.IGNORECASE,
)


def asks_for_figure(question: str) -> bool:
    """True for a question asking how many, what share or how much money ("how many kids in bucks have an ehcp");
    False for one asking a rule's number of days, weeks or times ("how many days can they suspend him for")."""
    return bool(_FIGURE.search(question))


def _glossary_term(subject: str, glossary: Glossary | None) -> bool:
    """Whether the glossary knows the subject, as written or without a plural s."""
    if glossary is None:
        return False
    subject = subject.strip()
    candidates = {subject, subject[:-1] if subject.lower().endswith("s") else subject}
    return any(glossary.lookup(c) is not None for c in candidates)


def is_definition_question(question: str, glossary: Glossary | None) -> bool:
    """True for a question that asks what a term means ("what does X stand for?", "what is an EHCP?").

    "What is X?" counts only when X is a glossary term: "what is a child-not-known meeting?" or "what are the
    Bucks impact groups?" are about local arrangements that only the area's own documents describe.
    """
    if _MEANING.search(question):
        return True
    match = _WHAT_IS.match(question.strip())
    if not match or glossary is None:
        return False
    return _glossary_term(match.group("subject"), glossary)


def asks_about_term(question: str, glossary: Glossary | None) -> bool:
    """A definition question, or one asking what a role or body the glossary knows does ("what does a DCO do?"):
    the questions a glossary entry answers as well as any passage."""
    if is_definition_question(question, glossary):
        return True
    match = _WHAT_DOES.match(question.strip())
    return bool(match) and _glossary_term(match.group("subject"), glossary)


def prefers_local(question: str, area: str, glossary: Glossary | None) -> bool:
    """Whether the chosen area's own passages should rank above national ones of similar relevance."""
    return bool(area) and not is_definition_question(question, glossary)


def term_share(question: str, glossary: Glossary | None, area: str | None = None) -> float:
    """Share of the question's key words (overlap.key_terms) that belong to the glossary terms it names (any of
    their forms). "who is the designated medical officer" -> 1.0 and "notional sen budget how much is it" -> 1.0:
    the question is about the term; "can i pick which school goes in the ehcp" -> 1/3: the term is only named.
    1.0 for a question with no key words, 0.0 without a glossary.
    """
    keys = key_terms(question)
    if not keys:
        return 1.0
    if glossary is None:
        return 0.0
    named = set(tokenize(" ".join(form for term in glossary.matches(question, area) for form in term.forms)))
    return sum(k in named for k in keys) / len(keys)
