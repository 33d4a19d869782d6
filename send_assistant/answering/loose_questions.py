"""Questions asked loosely, and the sentences that answer them (#7.5 answer first).

"do many families get one?", "are there lots of tribunals here?" ask how many without saying "how many"; "is anything
changing?", "are they still doing it or has it moved?" ask what changes. The composer prefers a sentence that says
how many, or what changes, for them (compose_scoring.py, feature "loose_shape").
"""

from __future__ import annotations

import re

from send_assistant.answering.grounding import MONTH, YEAR, answers_kind
from send_assistant.ingest.textkit import STOPWORDS, words

# "do many families get one", "are a lot of kids excluded here", "are there lots of tribunals", "how common is it":
# how many, asked loosely. A count answers, and so does a sentence saying how many in words ("very few children have
# personal budgets", "complaints and tribunals remain low", "disproportionate numbers ... are excluded").
_ASKS_AMOUNT = re.compile(
    r"\b(?:do|does|did|are|is|were|was|have|has|get|gets|got)\b(?:\s+\w+){0,2}?\s+(?:many|much|lots|loads|a lot|few)\b"
    r"|\b(?:lots|loads|a lot|plenty|a load) of\b"
    r"|\bhow (?:common|widespread|rare|usual|big a problem|much of a problem)\b",
    re.IGNORECASE,
)
_STATES_AMOUNT = re.compile(
    r"\b(?:few|fewer|many|most|majority|minority|low|lower|high|higher|increas\w*|ris(?:e|es|ing|en)|rose|"
    r"decreas\w*|reduc\w*|fall(?:s|ing|en)?|fell|declin\w*|grow(?:s|ing|n|th)|doubled|disproportionate\w*|"
    r"numbers? of|proportion|rare|rarely|common|limited|average)\b",
    re.IGNORECASE,
)
# "is anything changing", "still doing the check or has it moved", "any news on the new centre": what changes, or is
# planned, is asked for. A sentence saying what will change or has changed answers ("we will implement direct
# payments from April 2019", "However, this year, checks are at three and a quarter").
_ASKS_CHANGE = re.compile(
    r"\b(?:is|are|has|have|was|were|will)\b(?:\s+\w+){0,4}?\s+(?:chang\w*|moved|moving|stopp\w*|ended|ending|"
    r"scrapped|replaced|closing|closed)\b|\b(?:anything|what(?:'s|s| is)) (?:new|changing|planned)\b|\bany changes\b"
    r"|\bstill (?:doing|do|does|run\w*|offer\w*|provid\w*|available|open|going|happening|"
    r"exist\w*|there)\b|\bany (?:news|updates?|plans)\b|\bin (?:the )?future\b|\bgoing to change\b"
    # "what is bedford doing about the website", "whats being done about the waits": what is being done, or planned.
    r"|\bwhat(?:'s|s| is| are) (?:\w+ ){1,3}doing (?:about|to|for)\b|\bwhat(?:'s|s| is) being done\b"
    # "are they sorting it out yet", "are they actually doing anything about it", "is it being fixed", "is anyone
    # improving it": what is being done about a problem.
    r"|\b(?:is|are)\b(?:\s+\w+){1,3}?\s+(?:sorting|fixing|improving|tackling|addressing"
    r"|doing (?:anything|something|much))\b"
    r"|\b(?:is|are) (?:it|that|this|they|things) (?:\w+ )?being (?:fixed|sorted|improved|addressed|looked at|done)\b"
    r"|\b(?:will|going to) (?:it|they|that|things) (?:\w+ )?(?:be )?(?:fix\w*|sort\w*|improv\w*|get better)\b",
    re.IGNORECASE,
)
_STATES_CHANGE = re.compile(
    r"\b(?:since|now|no longer|new|newly|this year|moved|changed?|changes|replac\w+|instead|introduc\w+|"
    r"launch\w+|plann\w+|plans? to|from (?:\w+ )?(?:19|20)\d\d|recently|starting|started|(?:is|are) being \w+ed)\b",
    re.IGNORECASE,
)


# "is there a parent carer forum in central beds", "are there (any) short breaks here", "what clubs are there for him",
# "does bedford have a portage service": whether something exists, asked of a place. Where the area's own documents
# name a provider ("the short breaks available through Kingfishers and Maythorn"), that sentence answers; a definition
# of the thing from England-wide guidance does not.
_ANY_OPENING = (
    r"(?:^|[.?!]\s+)\W*any (?!(?:idea|ideas|advice|tips|news|update|updates|chance|way|reason|point|luck|thoughts"
    r"|suggestions|one|body|thing|where|how|good|use|better|more|other)\b)"
)
_ASKS_EXISTENCE = re.compile(
    r"\b(?:is|are) there (?:a|an|any|some)\b|\bwhat (?:\w+ ){1,3}(?:are|is) there\b"
    # "is there anyone impartial", "is there someone who...": a helper; "is there advocacy for young people", "is
    # there help for me": a thing with no article, before whom or where it is for (not "is there still...", "is
    # there enough...", "is there time for...").
    r"|\bis there (?:anyone|anybody|someone|somebody|something|somewhere|anything)\b"
    r"|\bis there (?!(?:still|going|enough|much|more|less|no|not|too|really|time|ever|even|just|also)\b)[a-z-]+ "
    r"(?:for|in|near|round|around)\b"
    # "are there short breaks in central beds": a plural without "any" (not "are there lots of...", an amount)
    r"|\bare there (?!(?:lots|loads|many|much|more|fewer|less|few|a lot|plenty|enough|too)\b)"
    r"(?:[a-z]+\s+){0,2}?[a-z]+s\b"
    r"|\b(?:does|do) (?:\w+ ){1,3}(?:have|run|offer|provide) (?:a|an|any)\b"
    # "any short breaks in central beds for my son", a message that opens with what it asks after (not "any idea
    # how...", "any advice on...", which ask how or what)
    r"|" + _ANY_OPENING,
    re.IGNORECASE,
)


def asks_existence(question: str) -> bool:
    """True for "is there a...?", "are there any...?", "what ... are there?": whether something exists. "are there
    lots of tribunals?" asks how many instead (`asks_amount`)."""
    return bool(_ASKS_EXISTENCE.search(question)) and not asks_amount(question)


# What "is there...?" asks about: "what RESPITE is there", "is there a PARENT CARER FORUM in central beds", "does
# bedford have a PORTAGE SERVICE", up to a word that says where, for whom or which ("for him", "in bath", "that
# takes...").
_EXISTENCE_SUBJECT = re.compile(
    r"\bwhat ((?:[\w'-]+ ){1,3})(?:are|is) there\b"
    r"|\b(?:is|are) there (?:a |an |any |some )?((?:[\w'-]+ ?){1,5})"
    r"|\b(?:does|do) (?:\w+ ){1,3}(?:have|run|offer|provide) (?:a |an |any )((?:[\w'-]+ ?){1,5})"
    r"|" + _ANY_OPENING + r"((?:[\w'-]+ ?){1,5})",
    re.IGNORECASE,
)
_SUBJECT_ENDS = frozenset(
    """for in near round around at locally here nearby that which who where when to of with like about or
    available""".split()
)


_SOMEONE = frozenset("anyone anybody someone somebody something somewhere anything".split())


def existence_subject(question: str) -> str | None:
    """The thing whose existence "is there...?" asks about ("my daughter is severely disabled, what respite is there"
    -> "respite"), or None for another question. The question's other words are its background."""
    if not asks_existence(question):
        return None
    match = _EXISTENCE_SUBJECT.search(question)
    if not match:
        return None
    subject: list[str] = []
    for word in next(g for g in match.groups() if g).split():
        if word.lower() in _SUBJECT_ENDS:
            break
        if word.lower() not in _SOMEONE:  # "is there anyone IMPARTIAL": what the helper must be
            subject.append(word)
    return " ".join(subject) or None


def subject_phrase(subject: str, counted: bool = False) -> re.Pattern[str] | None:
    """The words of `subject` in order, each with any ending ("independent supporter" finds "Independent
    Supporters"); with `counted`, only after a count ("11 Independent Supporters"). None for stop words only."""
    named = [w for w in words(subject) if w not in STOPWORDS]
    if not named:
        return None
    stems = [re.escape(w[:-1] if len(w) > 3 and w.endswith("s") else w) for w in named]
    count = r"\d[\d,]*\s+(?:[a-z]+\s+)?" if counted else ""
    return re.compile(r"\b" + count + r"\w*\W+".join(stems) + r"\w*", re.IGNORECASE)


def asks_amount(question: str) -> bool:
    """True for "how many?" asked loosely: "do many families get one", "are there lots of tribunals here"."""
    return bool(_ASKS_AMOUNT.search(question))


def states_amount(text: str) -> bool:
    """True for a sentence that says how many: a count, or words such as "very few", "low", "rising"."""
    return bool(_STATES_AMOUNT.search(text)) or answers_kind(text, "number", "", set())


def asks_change(question: str) -> bool:
    """True for a question about what is changing or planned: "is anything changing", "has it moved"."""
    return bool(_ASKS_CHANGE.search(question))


def states_change(text: str) -> bool:
    """True for a sentence saying what will change, has changed or is new ("from April 2019", "no longer")."""
    return bool(_STATES_CHANGE.search(text) or (MONTH.search(text) and YEAR.search(text)))
