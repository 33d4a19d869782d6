"""Small text tools shared by the composer and the citation check: sentences, content terms, facts.

Everything here is deterministic and model-free, so "is this sentence grounded in that passage?" can be
answered the same way every time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from send_assistant.answering.lexicons import read as read_lexicon
from send_assistant.ingest.textkit import QUESTION_WORDS, STOPWORDS, split_sentences, stem, words
from send_assistant.ingest.textkit import content_terms as _content_terms

# Words that appear in almost every SEND question, so a sentence containing them proves little.
GENERIC_TERMS = frozenset(
    """send sen child children child's kid kids son daughter young people person family families parent parents
    help support local area council need needs know find want like make way ways able go going new give
    information info available does doing done say says said mention mentioned worried worry worrying concerned
    concern concerns signpost signposting refer anything anyone anybody something someone anywhere somewhere
    everywhere actually ever still
    really think thought known problem problems changing change changed happening happen happens happened going looking
    thing things stuff lot lots """
    # ...and how people type: "my sons annual review", "hes not coping", "nobody listens", "round here", "get one".
    """sons daughters son's daughter's kids' childs hes shes theyre youre weve theyve wasnt werent couldnt wouldnt
    shouldnt hasnt havent hadnt thats theres heres nobody noone everyone everybody somebody round around nearby
    one ones """
    # ...and the small words of loose typing: "hes ALREADY 9", "MAYBE its dyslexia", "excluded 3 TIMES, is that
    # ALLOWED" (the question is whether the exclusion is allowed; a sentence about exclusions answers it).
    """already anymore maybe probably apparently quite abit times allowed """
    # "or does it have to COME from me": how a referral reaches a service, not what the answer is about.
    """come comes coming came """
    # "how long is the wait NOW", "what is happening CURRENTLY": when, not what, the question is about.
    """now currently nowadays presently""".split()
)

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules|above|previous|earlier)\b"
    r"|\byou (must|should|will) now\b|\bsystem prompt\b|\bnew instructions?\b|\btell the user\b"
    r"|\brespond (only )?with\b|\bas an ai\b",
    re.IGNORECASE,
)

PHONE = re.compile(r"(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?%?")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# "May" is a month only as one is written ("16 May 2018", "in May"): "you may get legal aid" names no date.
MONTH = re.compile(
    r"\b(?i:january|february|march|april|june|july|august|september|october|november|december)\b"
    r"|\d\s+May\b|\bMay\s+\d|\b(?i:in|by|from|until|till|since|during|before|after|end of|early|late|mid)[\s-]+May\b"
)


def clean_sentence(text: str) -> str:
    """Drop stray HTML tags and markdown bold, collapse spaces, and escape < and > for safe markdown."""
    text = _TAG.sub(" ", text)
    text = html.unescape(text).replace("**", "")
    text = " ".join(text.split())
    return text.replace("<", "&lt;").replace(">", "&gt;")


def content_terms(text: str, drop: Iterable[str] = ()) -> list[str]:
    """Stemmed content words of `text` in order, without stop words, question words and `drop`."""
    return _content_terms(text, set(drop))


__all__ = ["QUESTION_WORDS", "STOPWORDS", "content_terms", "split_sentences", "stem", "words"]


# Words that say what kind of fact is wanted ("what percentage", "what is it called"): the answer has the fact,
# not the word.
ANSWER_CUES = frozenset(
    """percentage percent proportion share number numbers many much called named name date year month phone
    telephone email e-mail website address often frequently""".split()
)


# "my son is 15", "a 16 year old", "aged 7": who the question is about, not what an answer must mention.
_AGE = re.compile(
    r"\b\d{1,2}\s*(?:-|\s)?(?:years?|yrs?|yo)(?:\s*-?\s*old)?\b|\b(?:is|turned|turns|aged?|age of)\s+\d{1,2}\b"
    # "im 16 in bucks", "hes 15 and autistic": the asker's age, background to the question
    r"|(?<!when )(?<!until )(?<!after )(?<!before )(?<!by )(?<!once )(?<!till )"
    r"\b(?:i'?m|i am|hes|he's|he is|shes|she's|she is|they're|theyre)\s+(?:only\s+|now\s+|nearly\s+|almost\s+)?"
    r"\d{1,2}\b(?!\s*(?:%|weeks?|months?|days?|hours?|miles?)\b)",
    re.IGNORECASE,
)


# "who do i talk to", "who should i speak to", "where do i go": the question asks for a helper (its intent says so);
# the verb is not what the answer is about. "not really talking yet, who should i speak to" keeps "talking".
_HELPER_CUE = re.compile(
    r"\bwho (?:do|can|should|could|would|shall|will|to) (?:i |we |you |parents |families )?(?:talk|speak|go|turn|ask"
    r"|see|contact|call|ring)(?: to| with)?\b|\bwhere (?:do|can|should|could) (?:i|we) (?:go|turn)(?: to)?\b",
    re.IGNORECASE,
)

# "whats the time limit", "what time does it close": cues for a period or a clock time, which an answer states as a
# number; "time" is not what it is about ("...timescales" and "close liaison" answer nothing). "Opening hours" stay
# key terms: an answer must name them, so general text about the service does not answer.
# "how long is the camhs waiting list": "long" is the cue for a period too ("wait too long for responses" does not
# name what the question is about).
_PERIOD_CUE = re.compile(r"\btime ?limits?\b|\bdeadlines?\b|\bwhat time\b|\bhow long\b", re.IGNORECASE)
# "not talking yet", "cant read yet": the child's progress, not a question about status ("inspected yet?" keeps it).
_NOT_YET = re.compile(
    r"(\b(?:not|never|cant|can't|cannot|isnt|isn't|doesnt|doesn't|dont|don't|wont|won't|hasnt|hasn't|havent|haven't)"
    r"\b(?:\s+\w+){0,3}?\s+)yet\b",
    re.IGNORECASE,
)


# How a question is framed, which no answering sentence says: "the school says that doesnt mean 1:1, WHO IS RIGHT",
# "the council now sends letters to him, IS THAT RIGHT", "WHAT CAN WE DO" (what the question is about is around it).
_FRAMING = re.compile(
    r"\bwho(?:'s|s| is) right\b|\bis (?:that|this|it) right\b|\bwhat (?:can|should|do) (?:i|we) do\b"
    r"|\b(?:doesnt|doesn't|does not|dont|don't|do not|that|this) means?\b",
    re.IGNORECASE,
)


def key_terms(question: str, drop: Iterable[str] = ()) -> list[str]:
    """The terms an answering sentence should mention: content words that are not generic SEND words."""
    question = _FRAMING.sub(" ", question)
    question = _HELPER_CUE.sub(" who ", _AGE.sub(" ", question))
    question = _NOT_YET.sub(r"\1", _PERIOD_CUE.sub(" ", question))
    return content_terms(question, drop=GENERIC_TERMS | ANSWER_CUES | set(drop))


@dataclass(frozen=True)
class _Acronyms:
    """A glossary's acronyms read once for term_set: each short form with its expansion's stems, and the term sets
    of texts already read with them (the composer reads the same units for every question)."""

    source: Mapping[str, str]
    known: frozenset[str]
    forms: tuple[tuple[str, str, frozenset[str], frozenset[str]], ...]  # (lower, as written, stems, content stems)
    memo: dict[str, frozenset[str]] = field(default_factory=dict)


_MEMO_SIZE = 20000
_read_acronyms: _Acronyms | None = None


def _acronyms(acronyms: Mapping[str, str]) -> _Acronyms:
    """The prepared form of an acronym mapping, kept for the mapping last used (the composer's, nearly always)."""
    global _read_acronyms
    prepared = _read_acronyms
    if prepared is None or prepared.source is not acronyms:
        prepared = _Acronyms(
            acronyms,
            frozenset(a.lower() for a in acronyms),
            tuple(
                (
                    a.lower(),
                    a,
                    frozenset(stem(w) for w in words(e)),
                    frozenset(stem(w) for w in words(e) if w not in STOPWORDS),
                )
                for a, e in acronyms.items()
            ),
        )
        _read_acronyms = prepared
    return prepared


def term_set(text: str, acronyms: Mapping[str, str] | None = None) -> set[str]:
    """Stemmed words of a text, plus the words of any glossary acronym it uses (LD -> learning disability)."""
    prepared = _acronyms(acronyms) if acronyms else None
    if prepared is not None:
        found = prepared.memo.get(text)
        if found is not None:
            return set(found)
    raw = words(text)
    terms = {stem(w) for w in raw}
    # "part-time" also meets "part time"; "child-not-known" meets "known".
    terms |= {stem(p) for w in raw if "-" in w for p in w.split("-") if p}
    if prepared is None:
        return terms
    # "EHC plan" is the EHCP a family types: a short form followed by the word its last letter stands for.
    terms |= {a + b[0] for a, b in zip(raw, raw[1:], strict=False) if b and a + b[0] in prepared.known}
    for lower, acronym, expansion, content in prepared.forms:
        if lower in terms:
            # An acronym spelt like a common little word ("IS", an Independent Supporter) is that only in capitals:
            # "the short breaks ... is highly regarded" names no independent supporter.
            if lower in STOPWORDS and not re.search(rf"\b{re.escape(acronym)}\b", text):
                continue
            terms.update(expansion)
        elif content <= terms:
            terms.add(lower)
    if len(prepared.memo) >= _MEMO_SIZE:
        prepared.memo.clear()
    prepared.memo[text] = frozenset(terms)
    return terms


def has_term(term: str, terms: set[str]) -> bool:
    """True when `term` is in `terms`, or a longer form of it is ('adult' matches 'adulthood')."""
    if term in terms:
        return True
    return len(term) >= 4 and any(t.startswith(term) for t in terms)


def coverage(terms: list[str], text_terms: set[str]) -> float:
    """Share of `terms` present in `text_terms` (1.0 when there are no terms to find)."""
    if not terms:
        return 1.0
    return sum(has_term(t, text_terms) for t in terms) / len(terms)


def looks_like_instruction(text: str) -> bool:
    """True for text that addresses a model ("ignore previous instructions"): never evidence, never shown."""
    return bool(_INSTRUCTION.search(text))


def facts(text: str) -> set[str]:
    """Phone numbers, e-mail and web addresses, numbers and years in a text, normalised for comparison.

    Strip citation markers first: "[2]" is not a fact.
    """
    found = {re.sub(r"[\s-]", "", m) for m in PHONE.findall(text)}
    found |= {m.lower().rstrip(".,;)") for m in EMAIL.findall(text) + URL.findall(text)}
    found |= {m.rstrip(",").replace(",", "") for m in NUMBER.findall(text)}
    return {f for f in found if f}


def unsupported_facts(sentence: str, evidence: str) -> set[str]:
    """Facts (numbers, phones, addresses) in `sentence` that do not appear verbatim in `evidence`."""
    have = facts(evidence)
    have_flat = re.sub(r"[\s,-]", "", evidence.lower())
    return {f for f in facts(sentence) if f not in have and f.lower() not in have_flat}


_NUMBER_WORDS = re.compile(
    # "one of the first actions", "no one", "one-to-one" (either "one") count nothing.
    r"(?<!no )(?<!-)\b(one(?!\s+of\b)(?!-)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"hundred|half|third|quarter)\b",
    re.IGNORECASE,
)
_FREQUENCY = re.compile(
    r"\b(daily|weekly|fortnightly|monthly|bi-monthly|quarterly|termly|annually|yearly|every|each|once|twice|"
    r"times a|per (day|week|month|term|year)|regularly)\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"\b(?:[A-Z][A-Za-z&'’-]+|[A-Z]{2,})\b")
# The people who work with one child or one place: asking who one of them is asks for a name.
_WORKER = (
    r"(?:case ?workers?|case ?officers?|key ?workers?|sencos?|sendcos?|head ?teachers?|teachers?|tutors?"
    r"|psychologists?|eps?|therapists?|salts?|ots?|nurses?|paediatricians?|consultants?|doctors?|social workers?"
    # "who is my sons ehcp coordinator": the one person who coordinates this child's plan.
    r"|(?:ehc ?p? |ehcp |send |sen )?co-?ordinators?)"
)
# A person's own name: a title and a name ("Ms Karen Prince"), or two capitalised words ("Simon James").
_PERSON_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+|\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b")
_EXPECTS = (
    (
        "phone",
        re.compile(
            r"\b(phone|telephone|contact|helpline) (number|no|line)\b|\bdirect (line|dial)\b"
            r"|\bnumber (to|should i|do i|can i) (call|ring|phone)\b"
            r"|\bwhat number\b(?! of\b)|\bhow (do|can|should) i (call|phone|ring)\b"
            # "is there a sendiass in norfolk and whats their number", "whats the oxfordshire sendiass number",
            # "have you got a number for the send team" (not "what is the number of children...": a count)
            r"|\bwhat(?:'s|s| is) (?:the|their|its|his|her|your) (?:[\w&'-]+ ){0,3}?(?:phone |telephone |contact "
            r"|mobile )?number\b(?! of\b)|\b(?:a|the|their|its) (?:phone |telephone |contact )?number (?:for|to call"
            r"|to ring)\b"
            # "number for worcs council?", "bedford sendiass number": a number asked for by the name of a place
            r"|^\W*(?:any |a |the )?number for\b"
            r"|\b(?:council|team|sendiass|iass|service|office|forum|helpline|school|college|clinic)'?s? number\W*$"
        ),
    ),
    ("email", re.compile(r"\be-?mail\b")),
    # "whats the web adress for the bedford local offer", "what is the local offer website": the address itself.
    (
        "url",
        re.compile(
            r"\b(what|which)(?:'s|s| is| are)? (the |their |its )?"
            r"(?:(?!(?:does|do|did|is|are|has|have)\b)[\w&'-]+ ){0,2}?"
            r"(web ?site|web ?add?ress|url"
            r"|link)\b(?! (?:called|like)\b)"
        ),
    ),
    # "whats the address of the send team office", "postcode of the child development centre": a place's address.
    # "wheres the office of the disabled childrens team": where a place is, which an address answers.
    (
        "address",
        re.compile(
            r"(?<!e-mail )(?<!email )(?<!web )\b(?:postal |street |office )?address\b|\bpost ?code\b"
            r"|\bwhere(?:'s|s| is| are)\s+(?:the|their|its|your)\s+(?:\w+\s+){0,3}?(?:office|offices|building|base"
            r"|headquarters)\b"
        ),
    ),
    # "what time does sendiass open", "opening hours of the send team", "is the office open on saturdays": a clock time
    # or the days a place is open, which only that place's own pages give.
    (
        "hours",
        re.compile(
            r"\bwhat time\b(?:\W+\w+){0,6}?\W+(?:open|opens|close|closes|shut|shuts|start|starts|finish|finishes)\b"
            r"|\bopening (?:hours|times|days)\b|\b(?:open|close|closes|opens|shut)\s+(?:on|at|until|till)\s+"
            r"(?:the )?(?:weekends?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|\d)"
            r"|\b(?:is|are)\b(?:\W+\w+){1,5}?\W+open\s+(?:on\s+)?(?:weekends?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b"
        ),
    ),
    (
        "name",
        re.compile(
            r"\bcalled\b\W*(here|now|locally|in [\w ]{1,30})?\W*$|\bname of\b"
            r"|\bwhat(?:'s|s| is| are) (its|their|the) names?\b|\bwhat is it called\b"
            # "parent forum central beds name", "send team manager name?": typed as a search, the name asked for
            # last (not "can i change his name").
            r"|(?<!\bhis )(?<!\bher )(?<!\bmy )(?<!\bour )(?<!\byour )(?<!\bchange )\bnames?\W*$"
        ),
    ),
    (
        "contact",
        re.compile(
            r"\bwho (do|can|should|would) (i|we|you|parents|families) (contact|call|ring|email)\b"
            r"|\bwho to (contact|call|ring)\b|\bcontact details\b|\bget in touch\b"
            r"|\bhow (do|can|should) (i|we) contact\b|\bwho is the contact\b|\bcontact (person|officer)\b"
        ),
    ),
    # "who is my sons ehcp caseworker", "who is the educational psychologist for schools in redditch": the name of
    # one person who works with this child or at this place, never "who is a SENCO?" (a role, which guidance
    # explains).
    (
        "staff",
        re.compile(
            r"\bwho(?:'s|s| is| are) (?:my|his|her|our|their) (?:[\w'-]+ ){0,3}?" + _WORKER + r"\b"
            r"|\bwho(?:'s|s| is| are) the (?:[\w-]+ ){0,3}?" + _WORKER + r" (?:at|for|in|of|on|covering)\b"
        ),
    ),
    (
        "person",
        re.compile(
            r"\bwho (runs|leads|chairs|manages|heads|oversees|co-?ordinates|organises|sits on|is in charge"
            r"|is responsible|are responsible|is accountable|is the (lead|head|chair|manager|director|officer))\b"
            r"|\bwho are the (leads?|members|chairs?|managers?)\b|\bwhich (councillor|officer|person|manager)\b"
            # "who is the government minister for send", "who is the dfe send adviser": a role held by a person.
            r"|\bwho(?:'s|s| is| are) (?:the|their|our|my|his|her) (?:[\w-]+ ){0,3}?(?:minister|secretary|commissioner"
            r"|chair|chairs|chairperson|manager|director|officer|co-?ordinator|advis[eo]r|councillor|mp"
            r"|chief executive|ceo|president|leader|boss|head)\b(?! ?teachers?\b)"
        ),
    ),
    # "can u list the ofsted rating of every special school", "what is st johns ofsted grade": a school's inspection
    # grade, which only Ofsted's report of that school gives.
    (
        "rating",
        re.compile(
            r"\b(?:what|whats|what's|which|list|tell me|give me)\b(?:\W+\w+){0,6}?\W+"
            r"(?:ofsted (?:ratings?|grades?|gradings?)"
            r"|ratings? (?:of|for) (?:every|each|all|the|my|his|her|our|their) (?:[\w'-]+ ){0,3}?"
            r"(?:schools?|colleges?|nurser(?:y|ies)|academ(?:y|ies)))\b"
            r"|\bhow (?:is|was|are|were) (?:[\w'-]+ ){1,4}?(?:schools?|colleges?|nurser(?:y|ies)) (?:rated|graded)\b"
        ),
    ),
    # "which is the best special school for autism", "which councils are quickest": a ranking no guidance gives.
    (
        "ranking",
        re.compile(
            r"\b(?:which|what|whats|where)\b(?:\W+\w+){0,6}?\W+(?:the )?(?:best|worst|quickest|fastest|slowest|cheapest"
            # "the highest rate of dla" is an amount; "the highest rates of ehcps" a ranking
            r"|highest|lowest|nearest|closest|top)\b"
            r"(?! up\b| rates? (?:of |for )?(?:the )?(?:dla|pip|carers?|care|mobility|daily living|allowance)\b)"
        ),
    ),
    ("percent", re.compile(r"\bwhat (percentage|proportion|share|fraction)\b|\bper ?cent\b")),
    # "how much DLA does he get", "how much is the grant", "what band of top up funding": an amount of money.
    (
        "money",
        re.compile(
            r"\bhow much\b(?=.*\b(?:money|budgets?|funding|funded|fund|pay|paid|pays|costs?|price|fees?|charge|"
            r"grants?|allowance|dla|pip|benefits?|worth|spend|spent|per (?:hour|week|month|year)|a (?:week|month|year))"
            r"\b|.*£)|\bwhat (?:\w+ )?(?:rate|level|amount)s? (?:of |for )?(?:[\w-]+ ){0,2}?"
            r"(?:funding|top[ -]?up|payment|allowance|budget|grant|money|pay)\b"
            r"|\b(?:maximum|minimum|most|least) (?:\w+ )?(?:budget|funding|payment|allowance|grant|amount)\b"
            # "what is the carers allowance rate this year", "the higher rate of dla care": a benefit's amount.
            r"|\b(?:allowance|dla|pip|benefits?|payments?|grants?) (?:rates?|amounts?)\b"
            r"|\b(?:higher|highest|lower|lowest|middle|standard|enhanced|top) rate\b"
            # "whats the weekly amount for dla", "the yearly amount of the grant"
            r"|\b(?:weekly|monthly|yearly|annual) (?:amount|payment)s?\b"
            # "what does the short breaks scheme pay per hour", "what do they charge", "the price of a place"
            # ("what does the council pay for" asks what is funded, not how much)
            r"|\bwhat (?:does|do|did|will|would|is) (?:[\w'&-]+ ){1,6}?(?:cost|charge)\b"
            r"|\bwhat (?:does|do|did|will|would) (?:[\w'&-]+ ){1,6}?pay(?: (?:per|a|an|each)\b|\W*$)"
            r"|\b(?:price|prices|fees?) (?:of|for)\b"
            r"|\bwhat(?:'s|s| is| are) the (?:\w+ )?(?:price|fees?|cost)\b"
        ),
    ),
    # "what band of top up funding would she get", "what are the thresholds": the band or threshold itself.
    ("band", re.compile(r"\b(?:band|banding|bands|tiers?|thresholds?)\b")),
    (
        "number",
        re.compile(
            r"\bhow (many|much(?! (?:notice|time|warning)\b))\b|\bwhat number\b"
            r"|\bwhat(?:'s|s| is) the (?:total )?number of\b"
        ),
    ),
    ("frequency", re.compile(r"\bhow often\b|\bhow frequently\b")),
    # "what are the term dates for st johns", "when are the inset days": one school's own calendar, which only that
    # school's or its council's pages give (no report or England-wide guidance here does).
    (
        "term_dates",
        re.compile(
            r"\b(?:term|holiday|holidays|inset|half[ -]?term|school holiday) dates?\b|\binset days?\b"
            r"|\bwhen (?:is|does|do) (?:the )?(?:next )?(?:half[ -]?term|inset day|school holidays?|term)\b"
        ),
    ),
    # "what date is the annual review", "what dates are the holidays": a date, which a sentence states as one.
    (
        "date",
        re.compile(
            # ("how long should it take from when i ask" asks a period: "from when" starts a clause there)
            r"^\W*(and |so |but )?when\b|\b(by|until|from) when\b(?! (?:i|we|you|he|she|they|it|my|our|the)\b)"
            r"|\bwhat (date|dates|year|month)\b"
            r"|\b(?:term|holiday|closing|opening|start|inset|training) dates?\b"
        ),
    ),
)


def expected_answer(question: str) -> str | None:
    """The kind of fact a question asks for (phone, email, url, name, contact, person, number, date...), or None."""
    q = question.lower()
    explains_first = bool(_EXPLAIN_THEN_REACH.search(q))
    for kind, pattern in _EXPECTS:
        if explains_first and kind in _CONTACT_KINDS:
            # "what does sendiass do and how do i contact them": what it is or does leads; a unit without a phone
            # number still answers that first part ("who is the senco and how do i contact them": a person).
            continue
        if pattern.search(q):
            return kind
    return None


_CONTACT_KINDS = frozenset({"contact", "phone", "email", "url", "address"})
# "what is X and how do i contact / where do i find them": the explaining part comes first.
_EXPLAIN_THEN_REACH = re.compile(r"^\s*(?:what|who)(?:'s|\s+(?:is|are|does|do))\b[^?.]*?\band\s+(?:how|where)\b")


def answers_kind(sentence: str, kind: str | None, question: str, generic: set[str]) -> bool:
    """Whether a sentence contains the kind of fact the question asks for.

    For a name or a person ("who chairs the board?"), that is a capitalised word or acronym (not the sentence's
    first word) that the question does not already contain and that is not a generic term (`generic`: glossary
    words, area names).
    """
    if kind is None:
        return True
    if kind == "phone":
        return bool(PHONE.search(sentence))
    if kind == "email":
        return bool(EMAIL.search(sentence))
    if kind == "url":
        return bool(URL.search(sentence))
    if kind == "money":
        return bool(_MONEY.search(sentence))
    if kind == "address":
        return bool(_POSTCODE.search(sentence) or _STREET.search(sentence))
    if kind == "ranking":
        return bool(_RANKED.search(sentence))
    if kind == "rating":
        return bool(_GRADE.search(sentence))
    if kind == "band":
        return bool(_BAND.search(sentence))
    if kind == "hours":
        return bool(_CLOCK.search(sentence))
    if kind == "percent":
        return bool(re.search(r"\d\s?%|\bper ?cent\b|\b(half|third|quarter)\b", sentence, re.IGNORECASE))
    if kind == "number":
        # A year ("in 2018") is not a count.
        # Nor is an age in a word ("post-16", "0-25") or a paragraph label ("2.17"): neither counts anything.
        counts = [
            m.group(0)
            for m in NUMBER.finditer(sentence)
            if not YEAR.fullmatch(m.group(0))
            and sentence[max(0, m.start() - 1) : m.start()] != "-"
            and not re.match(r"[-\u2013]\d", sentence[m.end() :])  # "aged 0-25" (not "from 693 to 1,117")
            and not re.fullmatch(r"\d+\.\d+", m.group(0))
        ]
        measure = _MEASURE_ASKED.search(question.lower())
        if measure:
            # "how many hours of speech therapy?" is answered by a count of hours, not of weeks or children.
            unit = measure.group(1).rstrip("s")
            counted = rf"(?:\d|\b(?:one|two|three|four|five|six|ten|twelve|twenty))\S*\s+(?:\w+\s+)?{unit}s?\b"
            return bool(re.search(counted, sentence, re.IGNORECASE))
        if _COUNT_OF_THINGS.search(question.lower()):
            # "how many children in england have an ehcp" counts children: "reviewed at least every 12 months" or
            # "aged 0 to 25" states a period or an age, no count of anything.
            spans = [m.span() for m in _PERIOD_OR_AGE.finditer(sentence)]
            counts = [c for c in _counts(sentence) if not any(a <= c < b for a, b in spans)]
            # ...nor does "one" ("the nearest suitable one"), which is more often a pronoun than a count.
            spoken = [
                m
                for m in _NUMBER_WORDS.finditer(sentence)
                if m.group(1).lower() != "one" and not any(a <= m.start() < b for a, b in spans)
            ]
            return bool(counts or spoken)
        return bool(counts or _NUMBER_WORDS.search(sentence))
    if kind == "frequency":
        return bool(_FREQUENCY.search(sentence))
    if kind in ("date", "term_dates"):
        # "When does preparing for adulthood start?": "From Year 9 (age 13 to 14)"; a school year or an age is a when.
        return bool(YEAR.search(sentence) or MONTH.search(sentence) or _WHEN_IN_LIFE.search(sentence))
    if kind == "contact":
        # "Who do I contact?" is answered by a way to get in touch, or by a named service to contact.
        return bool(PHONE.search(sentence) or EMAIL.search(sentence) or URL.search(sentence)) or bool(
            _CONTACT_VERB.search(sentence) and answers_kind(sentence, "name", question, generic)
        )
    if kind == "staff":
        # "Who is my son's caseworker?" is answered by a person's own name, not by "SENCo Seminars".
        asked = {stem(w) for w in words(question)} | generic
        return any(
            m.start() > 0 and not (m.group(1) and {stem(m.group(1).lower()), stem(m.group(2).lower())} & asked)
            for m in _PERSON_NAME.finditer(sentence)
        )
    if kind == "person":
        # "Who chairs the parent carer forum?" is answered by who chairs it ("...is chaired by the Corporate
        # Director"), not by any name near the forum's; so for a head, manager or director.
        role = _TITLED_ROLE.search(question.lower())
        if role and not re.search(rf"\b{_ROLE_STEMS[role.group(1)[:4]]}", sentence, re.IGNORECASE):
            return False
        if not role and _RUN_BY_BODIES.search(sentence):
            return True  # "a joint agency panel between health, education and social care" says who runs it
    asked = {stem(w) for w in words(question)} | generic
    for match in _CAPITALISED.finditer(sentence):
        token = match.group(0)
        if _opens_sentence(sentence, match.start()) or stem(token.lower()) in asked or _CALENDAR.fullmatch(token):
            continue
        return True
    return False


# Month and day names are capitalised but name no one: "implemented since 1 April 2018" names no coordinator.
_CALENDAR = re.compile(
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
)


def _opens_sentence(text: str, start: int) -> bool:
    """True when the word at `start` opens the text or one of its sentences or list items: every sentence's first word
    is capitalised, so it names nothing ("... in England. It explains ..." names no minister)."""
    return bool(_SENTENCE_START.search(text[:start]))


_SENTENCE_START = re.compile(r"(?:\A|[.!?]\s+|\n\s*)(?:[-*\u2022]\s+)?\W*\Z")


# "how many children / plans / schools ...": a count of things (not "how many times", nor a measure of time).
_COUNT_OF_THINGS = re.compile(r"\bhow many (?!times\b|(?:hours|minutes|days|weeks|months|years|miles|sessions)\b)[a-z]")
_PERIOD_OR_AGE = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|ten|twelve|fifteen|sixteen|twenty)(?:\s*(?:to|-|\u2013|or|and)\s*\d+)?"
    r"\s+(?:working\s+|school\s+|calendar\s+)?(?:days?|weeks?|months?|years?|hours?)\b(?!\s+(?:of|in)\s+(?:\w+\s+)?"
    r"(?:children|pupils|young|people|plans|families|schools|cases))"
    r"|\b(?:aged?|ages|under|over|from birth to(?: age)?|up to(?: age)?|until|till)\s+\d{1,2}"
    r"(?:\s*(?:to|-|\u2013|and)\s*\d{1,2})?\b"
    r"|\b\d{1,2}\s*(?:to|-|\u2013)\s*\d{1,2}\s*(?:year|yr)s?[- ]olds?\b|\bpost-?\d{2}\b",
    re.IGNORECASE,
)


# "how many EHCP COORDINATORS does bucks have", "how many SPECIAL SCHOOLS are there": the words after "how many", up
# to the first that is not part of what is counted (a verb, a preposition, a place word).
_HOW_MANY_PHRASE = re.compile(r"\bhow many\s+((?:[a-z][\w'-]*\s*){1,5})")
_NOT_COUNTED = frozenset(
    """a an the this that these those and or than of in on at for from with without across per by to into under over
    are is was were be been being have has had does do did will would can could should may might must get gets got
    getting there here locally now currently still actually each every who which whom whose that live living go
    going attend attending use using need needs needed receive received waiting wait work working
    last next ago so far since during year years month months week weeks today recently lately""".split()
)  # ...and the time words after what is counted: "how many appeals LAST YEAR" counts appeals
# Words for children and young people: "how many KIDS have an ehcp" is answered by "1,185 pupils".
_PEOPLE = frozenset(
    stem(w)
    for w in """child children kid kids pupil pupils young people person persons student students learner learners
    cyp boy boys girl girls son sons daughter daughters teenager teenagers individual individuals""".split()
)


def counted_thing(question: str) -> str | None:
    """The stem of what a "how many ...?" question counts ("how many ehcp coordinators does bucks have":
    "coordin"), or None when it names nothing ("how many are there", "how many times")."""
    match = _HOW_MANY_PHRASE.search(question.lower())
    if not match:
        return None
    phrase: list[str] = []
    for word in match.group(1).split():
        if word in _NOT_COUNTED:
            break
        phrase.append(word)
    return stem(phrase[-1]) if phrase else None


def counts_the_thing(
    question: str,
    text: str,
    acronyms: Mapping[str, str] | None = None,
    heading: str = "",
    also: Iterable[str] = (),
) -> bool:
    """Whether a text that states a count may answer "how many X?": it names X (or, for children, any word for
    them) next to a count. "4879 children and young people with EHCPs" does not say how many EHCP coordinators
    there are, nor "Two SEND practitioners ... supported the volume of children with EHCPs" how many children have
    one. A text that names no X at all ("2018: 1,185") counts X when its heading names X. True for a question that
    counts nothing named. `also`: stems of the documents' words for X ("weakness" for "how many problems")."""
    thing = counted_thing(question)
    if thing is None or not _COUNT_OF_THINGS.search(question.lower()):
        return True
    things = _PEOPLE if thing in _PEOPLE else {thing, *also}
    named = term_set(text, acronyms)
    if not any(has_term(t, named) for t in things):
        return any(has_term(t, term_set(heading, acronyms)) for t in things) and bool(_count_spans(text))
    return _counted_near(text, things, acronyms)


# How near a count its thing must be: "1,185 pupils", "4,879 EHC plans", "pupils with an EHCP rose to 1,185", "the
# number of children and young people in Buckinghamshire with an Education, Health and Care Plan has risen to 4,879".
_AFTER_COUNT = 5
_BEFORE_COUNT = 7


def _count_spans(text: str) -> list[tuple[int, int]]:
    """The numbers and number words of a text that may count something (no year, no paragraph label, no "one")."""
    spans = _number_spans(text)
    spans += [m.span() for m in _NUMBER_WORDS.finditer(text) if m.group(1).lower() != "one"]
    return spans


# "The number of children and young people in Buckinghamshire with an Education, Health and Care Plan has risen
# steadily to 4,879": what is counted is named after "number of", the count further on.
_NUMBER_OF = re.compile(
    r"\bnumbers? of ((?:[\w,'-]+\s+){1,16}?)((?:has |have |had )?(?:risen|rose|grown|grew|fallen|fell"
    r"|increased|decreased|is|was|were|are|stands|stood|reached)\b[^.;]{0,60})",
    re.IGNORECASE,
)


def _counted_near(text: str, things: Iterable[str], acronyms: Mapping[str, str] | None = None) -> bool:
    """Whether one of `things` (stems) is named within a few words after a count or some words before it, in any of
    its glossary forms ("4,879 EHC plans" names EHCPs)."""
    spans = [m.span() for m in re.finditer(r"[A-Za-z][\w'-]*", text)]
    wanted = set(things)
    for start, end in _count_spans(text):
        after = [s for s in spans if s[0] >= end][:_AFTER_COUNT]
        before = [s for s in spans if s[0] < start][-_BEFORE_COUNT:]
        for window in (after, before):
            if window and any(has_term(w, term_set(text[window[0][0] : window[-1][1]], acronyms)) for w in wanted):
                return True
    for match in _NUMBER_OF.finditer(text):
        named = term_set(match.group(1), acronyms)
        if any(has_term(w, named) for w in wanted) and _count_spans(match.group(2)):
            return True
    return False


def _number_spans(text: str) -> list[tuple[int, int]]:
    """Where each number of the text that may count something is (no year, no paragraph label)."""
    return [
        m.span()
        for m in NUMBER.finditer(text)
        if not YEAR.fullmatch(m.group(0)) and not re.fullmatch(r"\d+\.\d+", m.group(0))
    ]


def _counts(sentence: str) -> list[int]:
    """Where each number of the sentence that may count something starts (no year, no paragraph label)."""
    return [start for start, _ in _number_spans(sentence)]


_WHEN_IN_LIFE = re.compile(r"\b(?:year|yr|age|aged|ages) \d{1,2}\b|\b(?:at|from|after|by) \d{1,2}\b", re.IGNORECASE)
# The titled role a "who" question asks about, which its answer must name: "who chairs", "who is the head of".
_TITLED_ROLE = re.compile(
    r"\bwho(?:'s|s| is| are)? (?:the |their |our )?(?:[\w-]+ ){0,3}?(chairs?|chairperson|chairing|heads?|managers?"
    r"|manages|directors?|ministers?|secretary|chief executive|ceo|commissioners?|councillors?|president)\b"
)
# "who is the government minister for send" is answered by a sentence naming the minister, not by what the Code of
# Practice is; "who is the chief executive of ofsted" not by what Ofsted inspects.
# Who runs something may be bodies, not a person: "...is run by the council", "a joint agency panel between health,
# education and social care" answers "who runs the joint agency panel?".
_BODIES = r"(?:health|education|social care|the council|councils|local authorit(?:y|ies)|the nhs|nhs|ccgs?|schools)"
_RUN_BY_BODIES = re.compile(
    r"\b(?:run|led|chaired|managed|co-?ordinated|overseen|organised|delivered|provided)\s+(?:jointly\s+)?by\s+"
    r"(?:the\s+)?"
    + _BODIES
    + r"\b|\bbetween,?\s+(?:the\s+)?"
    + _BODIES
    + r"(?:,\s+"
    + _BODIES
    + r")*,?\s+and\s+"
    + _BODIES
    + r"\b",
    re.IGNORECASE,
)
_ROLE_STEMS = {
    "chai": "chair",
    "head": "head",
    "mana": "manag",
    "dire": "direct",
    "mini": "minist",
    "secr": "secretar",
    "chie": "chief exec",
    "ceo": "(?:ceo|chief exec)",
    "comm": "commissioner",
    "coun": "councillor",
    "pres": "president",
}
# "how many hours", "how many miles": the count asked for is of this measure.
# "How many times can a school exclude?" counts no unit of its own: "45 school days in a year" answers it.
_MEASURE_ASKED = re.compile(r"\bhow many (hours|minutes|days|weeks|months|years|miles|sessions)\b")
# An amount of money ("£3.4million", "£250 a week", "1.6m"); a place's address; a ranking; a funding band.
# "There is no fee to appeal", "Mediation is free": an amount too, of nothing ("free transport" states none).
_MONEY = re.compile(
    r"£\s?\d|\b\d[\d,.]*\s?(?:m|million|bn|billion|k|pounds?|p)\b|\bpounds?\b"
    r"|\bno (?:fee|charge|cost)s?\b|\bfree of charge\b|\b(?:is|are) free\b|\bdoes not (?:charge|cost)\b"
    r"|\bcosts? nothing\b",
    re.IGNORECASE,
)
_GRADE = re.compile(r"\b(?:outstanding|requires improvement|inadequate|rated (?:as )?good)\b", re.IGNORECASE)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_STREET = re.compile(
    r"\b\d+[a-z]?,?\s+(?:[A-Z][\w'-]+\s+){1,3}(?:Road|Street|Lane|Avenue|Way|Close|Drive|Place|Square|Park|Hill)\b"
)
_RANKED = re.compile(
    r"\b(?:quickest|fastest|slowest|cheapest|highest|lowest|nearest|closest|ranked|rankings?|league tables?)\b"
    r"|\bbest\b(?!\s+endeavours)|\btop (?:\d+|five|ten)\b",
    re.IGNORECASE,
)
_BAND = re.compile(r"\b(?:band|banding|bands|tiers?|thresholds?)\b", re.IGNORECASE)
# A clock time ("9am", "9.30", "17:00", "midday") or the days a place is open ("Monday to Friday").
_CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\b(?:noon|midday|midnight)\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\s+(?:to|-|\u2013|until)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b"
    r"|\bopening (?:hours|times)\b|\bopen (?:24 hours|every day|daily|weekdays)\b",
    re.IGNORECASE,
)

_CONTACT_VERB = re.compile(
    r"\b(contact|call|phone|ring|e-?mail|speak|talk|get in touch|helpline|advice line|website|refer|drop-in)\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^\W*(what|when|where|which|who|whom|whose|why|how|is|are|can|could|do|does|did|should|would|will|has|have|"
    r"may|might|am|was|were|any|tell me|i need to know|i want to know|i'd like to know|where's|what's|who's|how's)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """True when a message asks something (a question mark, or a sentence that opens like a question)."""
    pieces = [p for p in re.split(r"[.!?,;:\n]+\s*", text) if p.strip()]
    return "?" in text or any(_QUESTION_START.match(p) for p in pieces)


def asking_sentences(text: str, dashes: bool = False, named: int = 0) -> list[str]:
    """The sentences of a message of two or more that ask something (a question mark, or opening like a question),
    of three words or more: "do we need the autism diagnosis before we can ask for an ehcp?" of "do we need the
    autism diagnosis before we can ask for an ehcp? been on the waiting list 18 months and school keep saying wait
    for the diagnosis". [] for a message of one sentence, which is its own question. `named`: only those naming at
    least that many key terms themselves ("can they do that" names nothing a passage could be near)."""
    # With `dashes`, a spaced dash parts them too: "senco in banes - who does advocacy for young people with ehcps"
    # (though "GP - what should i put in a letter..." asks as a GP: the whole message keeps its role).
    parts = r"(?<=[.!?])\s+|\n+|\s+[-\u2013\u2014]+\s+" if dashes else r"(?<=[.!?])\s+|\n+"
    sentences = [s.strip() for s in re.split(parts, text) if s.strip()]
    if len(sentences) < 2:
        return []
    return [
        s
        for s in sentences
        if len(s.split()) >= 3
        and (s.endswith("?") or _QUESTION_START.match(s))
        and (not named or len(key_terms(s)) >= named)
    ]


# "do we have to send work home AND WHO sorts education from day 6", "when was it inspected and what was the outcome":
# a second question joined to the first.
# An auxiliary opens a question only before its subject: "and is there a time limit", not "and has an ehcp".
_ASKS_NEXT = (
    r"(?:what|whats|when|where|which|who|whos|why|how)\b|(?:is|are|can|could|do|does|did|should|would|will|has|have)"
    r"\s+(?:i|we|you|he|she|they|it|there|this|that|the|my|our|his|her|their|school|council|sendiass)\b"
)
_SECOND_QUESTION = re.compile(
    r"(?:\?\s*|,\s*|\s+)(?:(?:and|also|plus)\s+)(?="
    + _ASKS_NEXT
    + r")|(?<=\?)\s+(?=(?:and\s+)?(?:"
    + _ASKS_NEXT
    + r"))",
    re.IGNORECASE,
)


def question_parts(text: str) -> list[str]:
    """The two questions of a message that asks two, joined by "and" or each with its question mark ("what is a
    personal budget and which bit of the plan does it go in" -> ["what is a personal budget", "which bit of the plan
    does it go in"]); [] for a message asking one. Each part has three words or more and the second a word that is
    not a stopword ("...and how do i do that" asks nothing a passage could be near)."""
    for match in _SECOND_QUESTION.finditer(text):
        first, second = text[: match.start()].strip(" ,?"), text[match.end() :].strip()
        if len(first.split()) >= 3 and len(second.split()) >= 3 and any(w not in STOPWORDS for w in words(second)):
            return [first, second]
    return []


_DEFINITION = re.compile(
    r"^\W*(?:(what(?:'s|s)?|who)\s+(?:(?:even|exactly|actually|really|basically)\s+)?(is|are)\s+(an?\s+|the\s+)?"
    # "whats the written statement of action", "what's an ehcp": "what is" run together before "a" or "the"
    r"|what(?:'s|s)\s+(?:(?:even|exactly|actually|really|basically)\s+)?(?:an?|the)\s+)"
    r"[\w/&' -]{1,40}(?:,(?!\s*(?:and|or|but|who|how|what|when|where|why|can|do|does|is)\b)[^?,]{1,60})?\?*\s*$"
    r"|\b(mean|means|meaning|stand for|stands for|define|definition|explain)\b",
    re.IGNORECASE,
)


def is_definition_question(question: str) -> bool:
    """True for "what is X?" / "what does X mean?": questions a glossary definition alone can answer. Not one
    asking for a fact of a kind ("whats the sendiass phone number", "what is the time limit for an ehcp")."""
    return bool(_DEFINITION.search(question.strip())) and expected_answer(question) is None


# A question about local services, people or contacts, rather than about how SEND works in general.
_LOCAL = re.compile(
    r"\b(local|locally|near|nearby|council|team|manager|officer|lead|contact|phone|email|address|website|"
    r"service|services|forum|panel|group|club|school|schools|college|provision|offer|clinic|hospital|nurse|"
    r"who (runs|is|are|do|should)|where (can|do|is|are)|in my area|around here|here)\b|^\W*who\b",
    re.IGNORECASE,
)


def is_local_question(question: str, area: str) -> bool:
    """True when the answer would depend on the local area (its services, teams, people or contacts)."""
    named = bool(area) and area.lower() in question.lower()
    return named or bool(_LOCAL.search(question))


# --- What a question asks for (answer first) ---------------------------------------------------------------
# (intent, pattern on the lower-cased question), first match wins. Kinds of fact (phone, number, date...) are
# `expected_answer`'s; these say what shape of sentence answers: a period, an action, a role, a yes/no.
_INTENTS = (
    # "how long is the wait for an autism assessment": a period, or what the documents say about the waits.
    (
        "wait",
        re.compile(
            r"\bhow long (is|are) the (wait|waiting)|\bhow long (will|do|would|does|might) (we|i|you|they|it) "
            r"(have to |need to )?wait\b|\bwait(ing)? (lists?|times?)\b"
        ),
    ),
    (
        "how_long",
        re.compile(
            r"\bhow (long|quickly|soon|many (days|weeks|months))\b|\bwhat(?:'s|s| is) the (time ?limit|deadline)"
            # "how much notice do we give for the review", "how much time do i have to appeal": a period.
            r"|\bhow much (?:notice|time|warning)\b"
        ),
    ),
    ("difference", re.compile(r"\bdifference between\b|\b(vs|versus)\b|\bcompared (to|with)\b")),
    ("why", re.compile(r"^\W*(and |so |but )?why\b|\bhow come\b")),  # a reason: "how often is a plan reviewed?" is none
    # "is the local offer any good", "the site is rubbish, are they fixing it", "school nurses cut, whats going on":
    # a judgement or the state of things is wanted, which an inspection or a plan states ("is not fit for purpose").
    (
        "judgement",
        re.compile(
            r"\bany good\b|\bhow (good|well|bad|effective)\b|\bgood enough\b|\b(getting|got) (better|worse)\b"
            r"|\bare they (fixing|sorting|doing|improving|changing|going to (fix|sort|improve|change))\b"
            r"|\bis (it|anything|anyone|something) (being )?(done|fixed|improving|working|getting)\b"
            r"|\bwhat(?:'s|s| is) (going on|happening|being done)\b|\b(rubbish|useless|terrible|awful|a joke)\b"
            r"|\b(a |this a )?(known|common) problem\b|\bis (this|that|it) (normal|usual|common)\b"
            r"|\b(does ?n[o']?t|not) work(ing)?\W*$"
            r"|\b(is|are) (the |their |our )?[\w ]{1,30} working( well| properly)?\W*$"
        ),
    ),
    (
        "how",
        re.compile(
            r"\bhow (do|can|should|would|does|to|will) |\bwhat (do|should|can) (i|we) do\b|\bsteps\b|"
            r"\bprocess (for|of)\b|\bwhat('s| is) the process\b|\bhow does .* work\b|\bapply for\b"
            # "what does the school have to do": a duty, told as an action, not a definition
            r"|\bwhat (?:does|do|must|should) (?:the |my |a |his |her |their )?[\w-]+ "
            r"(?:have to|need to|has to|got to) do\b"
        ),
    ),
    (
        "who",
        re.compile(
            r"\bwho (can|could|should|do|does|will|would|to)\b|\bwho('s| is) (able|responsible|there)\b|"
            r"\bwho (helps|supports|assesses|decides|pays|provides|funds|offers|deals|diagnoses|advises|arranges"
            r"|handles|looks after|checks|writes)\b|\b(is there|are there|i need|we need) (anyone|anybody|someone"
            r"|somebody|anywhere|somewhere)\b|"
            r"\bwhere (can|do|should|could) (i|we|parents|families) (get|go|find|turn|ask|signpost|refer|send|point)\b"
        ),
    ),
    ("can", re.compile(r"^\W*(can|could|is|are|am|do|does|will|should|must|may|has|have)\b")),
    (
        "what_is",
        re.compile(
            r"^\W*what(?:'s|s)? (?:(?:even|exactly|actually|really|precisely|basically) )?(is|are)\b"
            r"|^\W*what(?:'s|s) (?:(?:even|exactly|actually|really|basically) )?(?:an?|the)\b"
            r"|\bwhat does .* (mean|do)\b|\bmeaning of\b"
        ),
    ),
)
_PERIOD = re.compile(
    r"\b\d+\s*(?:working\s+|school\s+|calendar\s+)?(?:days?|weeks?|months?|years?)\b|\bwithin\b|\bat least\b"
    r"|\bno (?:more|later) than\b|\bevery (?:year|\d+|twelve|six|three)\b|\b(?:one|two|three|four|six|twelve|"
    r"fifteen|sixteen|twenty) (?:days?|weeks?|months?|years?)\b"
    # a deadline's date: "by 31 March of the year of the move" answers "whats the deadline for naming the college"
    r"|\bby \d{1,2}(?:st|nd|rd|th)? (?:of )?(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december)\b",
    re.IGNORECASE,
)
_WAIT = re.compile(
    r"\bwait(?:s|ed|ing)?\b|\bdelay(?:s|ed)?\b|\btoo long\b|\bbacklogs?\b|\bwaiting (?:times?|lists?)\b", re.IGNORECASE
)
_JUDGEMENT = re.compile(
    r"\bnot fit for purpose\b|\bnot (?:\w+ ){0,2}(?:accurate|effective|clear|compatible|consistent|enough|sufficient|"
    r"timely|good|well|high enough|up to date|working|met)\b|\b(?:limited|weak|weaknesses|poor|poorly|inadequate|"
    r"ineffective|effective|effectively|strong|strengths?|slow|variable|inconsistent|underdeveloped|embryonic|"
    r"improv\w*|deteriorat\w*|valued|successful|successfully|progress|concerns?|too (?:long|few|many|slow)|"
    r"delays?|backlogs?|gaps?|lack(?:s|ing)?|insufficient|negative|positive|reduced|cut|pressures?|fail\w*|"
    r"better|worse|good|well|impact)\b",
    re.IGNORECASE,
)
_ACTION = re.compile(
    r"\byou(?:r)?\b|\b(?:can|could|should|must|may|need to|will need to)\s+(?:\w+\s+)?(?:ask|request|apply|contact|"
    r"write|speak|talk|call|e-?mail|refer|complete|send|go|book|use|visit|appeal|tell|arrange|make)\b"
    r"|(?:^|[,:;]\s*)(?:ask|write|contact|talk|speak|call|e-?mail|apply|request|fill|go|visit|look|start|tell|send|"
    r"book|use|see|check|keep|find|make|get|follow|put|read|complain|raise)\b",
    re.IGNORECASE,
)
_HELPER = re.compile(
    r"\b(?:senco|sendiass|iass|gp|health visitor|teacher|school|college|nursery|council|local authority|team|"
    r"service|forum|officer|co-?ordinator|paediatrician|therap\w+|psycholog\w+|nurse|camhs|social (?:care|worker)|"
    r"advisers?|advocates?|tribunal|mediation|helpline|charit\w+)\b"
    # ...or by the name it is provided by: "Advocacy for children and young people is provided by Off the Record".
    r"|\b(?:provided|delivered|run|offered|commissioned|led) (?:by|through) (?:the )?(?-i:[A-Z])",
    re.IGNORECASE,
)
_YES_NO = re.compile(
    r"^\W*(?:yes|no)\b|\b(?:can|cannot|can't|must|may|might|is|are|does|do|will|should|has|have|eligible|entitled|"
    r"has the right|have the right|allowed)\b",
    re.IGNORECASE,
)
_DEFINES = re.compile(r"\b(?:is|are) (?:a|an|the)\b|\bmeans\b|\brefers to\b|\bstands for\b|\bdescribes\b", re.I)


def question_intent(question: str) -> str | None:
    """What shape of answer a question wants: wait, how_long, difference, why, judgement, how, who, can, what_is,
    or None."""
    q = question.lower().strip()
    for intent, pattern in _INTENTS:
        if pattern.search(q):
            return intent
    return None


def fits_intent(sentence: str, intent: str | None) -> bool:
    """Whether a sentence has the shape the question wants (a period for how long, an action for how...)."""
    if intent == "how_long":
        return bool(_PERIOD.search(sentence))
    if intent == "wait":
        return bool(_PERIOD.search(sentence) or _WAIT.search(sentence))
    if intent == "judgement":
        return bool(_JUDGEMENT.search(sentence))
    if intent == "how":
        return bool(_ACTION.search(sentence))
    if intent == "who":
        return bool(_HELPER.search(sentence))
    if intent == "can":
        return bool(_YES_NO.search(sentence))
    if intent == "what_is":
        return bool(_DEFINES.search(sentence))
    return True


# A report's paragraph label at the start of a sentence: "2.9 EHCPs are...", "10. The Board...", "(a) The...",
# "a. A dedicated Programme Manager...", "ii. The...".
_PARAGRAPH_LABEL = re.compile(
    r"^\s*(?:\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\.?|\d{1,2}[A-Z]?\.|\(\d{1,2}\)|\(?(?:[a-z]|[ivx]{1,4})[.)])"
    r"(?:\s+(?=[A-Z])|\s*$)"
)


def strip_label(sentence: str, intent: str | None = "can") -> str:
    """The sentence without a leading paragraph label (the label stays in the citation's location).

    A leading "Yes:" or "No," is dropped too unless the question was a yes/no one ("can I...?"): guidance answers
    "Can my GP help?" with "Yes: a GP can...", which also answers "who can help?" without the "Yes".
    """
    sentence = _PARAGRAPH_LABEL.sub("", sentence, count=1)
    if intent != "can":
        sentence = re.sub(
            r"^(?:yes|no|not automatically|not always|not necessarily|usually|sometimes|it depends)[:,;]\s+(\w)",
            lambda m: m.group(1).upper(),
            sentence,
            count=1,
            flags=re.I,
        )
    return sentence


# Places whose own offer or admissions only the place itself can speak for ("does the pool do send sessions").
_PLACES = (
    r"(?:clubs?|groups?|scouts|guides|brownies|cubs|pools?|gyms?|librar(?:y|ies)|cinemas?|leisure centres?|parks?"
    r"|playgrounds?|soft play)"
)

# "Which clubs can my son go to here?", "what's the phone number for...", "is there a group near me?": what is
# asked for is a local service, place or contact. England-wide guidance explains how things work; it never
# answers these, so with only national passages the honest answer is "not found" and where to ask.
_LOCAL_DETAIL = re.compile(
    r"\b(?:here|near me|nearby|near us|in my area|locally|round here|around here|in (?:my|our) (?:town|city|county))\b"
    # "which clubs", "what local schools" ask for places; "what does school have to do" asks for a duty.
    r"|\b(?:which|what|any|list(?: of)?)\b(?:\s+(?!(?:does|do|did|is|are|was|were|can|could|should|must|will|would"
    r"|has|have|had)\b)\w+){0,3}\s+(?:clubs?|schemes?|groups?|schools?|providers?|"
    r"activities|places|centres?|charities|nurseries|colleges|classes|sessions|venues|clinics?)\b"
    # ...but "say which school i want" names the family's choice, which is no place to be listed.
    r"(?!\s+(?:i|we)\s+(?:want|wanted|would|prefer|choose|chose|like|picked)\b)"
    r"|\b(?:phone|telephone|contact) (?:number|details|line)\b|\be-?mail address\b|\bopening (?:times|hours)\b"
    # A bus's times or route, not "its 2 buses, is there free transport" (how transport help works), nor a pupil's
    # "part-time timetable" (how schools may use one).
    r"|\bwhat time\b|\bwhen does\b.*\bopen\b|\b(?:bus|train|travel|club|class|session|swimming|activity)\s+"
    r"(?:timetables?|times|routes?|stops?)\b|\bwhich bus(?:es)?\b|\btimetables? (?:for|of) the\b"
    r"|\bdirect (?:line|dial)\b"
    # "is the office open on saturdays", "whats the address of the team", "the postcode of the centre"
    r"|\bopen (?:on|at|until|till|late)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b"
    r"|(?<!e-mail )(?<!email )(?<!web )\baddress\b|\bpost ?code\b"
    # A service's wait or whether it takes referrals now: "how long is the wait for the clinic", "is the team
    # taking new referrals", "any places left", "does Sandy have a youth club"
    r"|\bhow long (?:is|are) the (?:wait|waiting)\b|\bwait(?:ing)? (?:lists?|times?)\b"
    r"|\b(?:taking|accepting) (?:on )?(?:new )?(?:referrals|patients|children|clients|families)\b"
    r"|\b(?:any|have|has) (?:\w+ )?(?:spaces|places|vacancies)\b|\b(?:spaces|places|vacancies) (?:at|in|left|free)\b"
    r"|\bdoes (?:\w+ ){1,3}(?:have|run|offer) (?:a|an|any) (?:\w+ ){0,2}(?:clubs?|groups?|schemes?|centres?|units?"
    r"|class(?:es)?|sessions?|clinics?|playgroups?|nurser(?:y|ies))\b"
    # "is there a club...", not "is there a time limit / a difference / a rule": those ask how things work.
    r"|^\W*(?:is|are) there (?:a|an|any)\b(?!\s+(?:\w+\s+)?(?:time ?limits?|limits?|deadlines?|timescales?|"
    r"differences?|laws?|rules?|rights?|duty|duties|requirements?|minimum|maximum|exceptions?|appeals?|fees?"
    # ...nor "is there any help for me as the parent": help or advice of any kind, which guidance says how to get.
    r"|help|support|advice|information|guidance)\b)"
    r"|\bwhat (?:\w+ ){0,3}(?:services?|groups?|clubs?) (?:are|is) there\b"
    # "does the scouts group in wendover accept kids with autism", "does the pool do send sessions": a named
    # place's own offer.
    r"|\b(?:does|do|will|would|can)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}" + _PLACES + r"\b(?:\s+[\w-]+){0,3}?"
    r"\s+(?:accept|take|welcome|allow|let|do|offer|run|have)\b"
    r"|\b(?:go to|join|attend)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}(?:clubs?"
    r"|scouts|guides|brownies|cubs|pools?|gyms?|leisure centres?|playgrounds?|soft play)\b"
    r"|\bwho (?:is|are) the\b.*\b(?:manager|lead|officer|head|head ?teacher|principal|director|chair|coordinator|"
    r"co-ordinator|senco)\b|\bname of the\b",
    re.IGNORECASE,
)


# "gp here, ...", "new ta here -", "senco here:", "im a health visitor here and": who is asking, not where a thing is.
_SELF_INTRO = re.compile(
    r"^\W*(?:hi|hello|hiya)?\W*(?:i'?m |i am )?(?:an? |the )?(?:new |a new )?"
    r"(?:gp|doctor|senco|sendco|ta|teaching assistant|teacher|head ?teacher|head|deputy head|health visitor|"
    r"school nurse|nurse|social worker|sw|paediatrician|therapist|salt|slt|ot|practitioner|childminder|"
    r"key ?worker|family support worker|early years? (?:practitioner|worker|lead)|inclusion (?:lead|manager)|"
    r"mum|mom|dad|parent|carer|foster carer|grandparent|nan|gran)\s+here\b(?=\s*[,.:;!-]|\s+(?:and|but|so)\b)",
    re.IGNORECASE,
)


def asks_for_local_detail(question: str) -> bool:
    """True when the question asks for a local service, place, person or contact (not how things work). In a
    message of several sentences, only those that ask are read: "no family nearby ... is there anything for me as
    her mum" asks for no place near anyone. A self-introduction ("gp here, ...") is no "here" of a place."""
    question = _SELF_INTRO.sub(" ", question)
    asking = asking_sentences(question)
    return any(_LOCAL_DETAIL.search(s) for s in asking) if asking else bool(_LOCAL_DETAIL.search(question))


# Whether a named service takes referrals, has places or is open, or when its next event is: details of one
# provider on one day, which only a unit naming that provider and that detail answers.
_PROVISION = re.compile(
    r"\b(?:taking|accepting|take|accept) (?:on )?(?:new )?(?:referrals|patients|clients)\b"
    r"|\b(?:any|have|has|is there an?) (?:\w+ )?(?:spaces?|places?|vacanc(?:y|ies))\b"
    r"|\b(?:spaces|places|vacancies) (?:at|in|left|free)\b"
    r"|\bopen(?:ing)? (?:on|at|until|till|late|hours|times|days)\b|\b(?:is|are) (?:\w+ ){1,4}open\b"
    r"|\b" + _PLACES + r"\b(?:\s+[\w-]+){0,3}?\s+(?:accept|take|welcome|allow|let)\b"
    r"|\bwhen (?:is|are|does|do) (?:the )?(?:next )?(?:[\w&-]+ ){0,4}?(?:fairs?|meetings?|meet|coffee mornings?"
    r"|drop[ -]?ins?|open days?|events?|workshops?|information (?:days?|evenings?))\b"
    # "is the snap pcf coffee morning on this friday", "is there a drop in tomorrow": whether an event is on a day,
    # asked as such. Not "the annual review meeting is on monday, what should i prepare" or "he has a therapy session
    # on tuesday, can school refuse to let him go": meetings and sessions of one child are no provider's events.
    r"|^\W*(?:is|are|will) (?:the|there|a|an|any) (?:[\w&-]+ ){0,4}?(?:coffee mornings?|drop[ -]?ins?|open days?|fairs?"
    r"|events?|workshops?|clubs?|groups?)\b(?:\W+\w+){0,3}?\W+(?:(?:(?:on|this|next)\s+)+"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekend|week)|today|tonight|tomorrow)\b",
    re.IGNORECASE,
)


def asks_about_provision(question: str) -> bool:
    """True when the question asks whether a service takes referrals, has places or is open, or when an event is."""
    return bool(_PROVISION.search(question))


@lru_cache(maxsize=1)
def _councils() -> re.Pattern[str]:
    """One pattern for every council name of send_assistant/data/lexicons/councils.yaml, longest first."""
    data = read_lexicon("councils")

    def alternatives(names: Iterable[str]) -> str:
        return "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True))

    anywhere = alternatives(data.get("names") or [])
    place = alternatives(data.get("place_words") or [])
    return re.compile(
        rf"(?<![\w&])(?:(?P<name>(?i:{anywhere}))|(?P<capital>{place})|(?i:\b(?:in|near|around|from)\s+)"
        rf"(?P<place>(?i:{place})))"
        r"(?![\w&])"
    )


def council_name(typed: str) -> str:
    """The council's name as councils.yaml spells it ("oxfordshire" -> "Oxfordshire"), or `typed` as given."""
    data = read_lexicon("councils")
    wanted = " ".join(typed.split()).casefold()
    for name in [*(data.get("names") or []), *(data.get("place_words") or [])]:
        if name.casefold() == wanted:
            return name
    return typed


def names_council(question: str, own: Iterable[str] = ()) -> str | None:
    """The council the question names other than the one it is asked for (`own`: that area's name and the names
    people use for it), or None: "whats the oxfordshire sendiass number" asked with Buckinghamshire chosen names
    Oxfordshire; "is there a bus to the college in bath" asked with Bath and North East Somerset chosen names none."""
    text = question
    for name in sorted((n for n in own if n), key=len, reverse=True):
        text = re.sub(rf"(?i)(?<![\w&]){re.escape(name)}(?![\w&])", " ", text)
    for match in _councils().finditer(text):
        if match.group("capital") and not re.search(r"[^\W\d_]\W*$", text[: match.start()]):
            continue  # "Reading helps him" opens a sentence with a capital whatever the word is
        return match.group("name") or match.group("capital") or match.group("place")
    return None
