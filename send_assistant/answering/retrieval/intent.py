"""What kind of question is it, as far as ranking cares: a definition of a SEND term, or something local?

A family that chose an area and asks "Is there SALT support in schools?" wants that council's own pages first;
England-wide glossary text saying what SALT stands for is background. "What does SALT stand for?" is the
opposite: the glossary is the answer wherever the family lives.
"""

from __future__ import annotations

import re

from send_assistant.answering.glossary import Glossary

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
    subject = match.group("subject").strip()
    candidates = {subject, subject[:-1] if subject.lower().endswith("s") else subject}
    return any(glossary.lookup(c) is not None for c in candidates)


def prefers_local(question: str, area: str, glossary: Glossary | None) -> bool:
    """Whether the chosen area's own passages should rank above national ones of similar relevance."""
    return bool(area) and not is_definition_question(question, glossary)
