"""How the composer chooses sentences: its thresholds, its named gates and its weighted scoring features.

Every unit (a sentence, a sentence with its antecedent, or a list) of the top passages is measured once against
the question (`Evidence`). A unit is a candidate only if it passes every gate in `GATES`; a candidate's score is
the sum of the contributions of the features in `FEATURES`, each a named function weighted by `SelectionWeights`.
`explain` lists the contributions, so a trace note can say which feature decided.

Two configuration objects, kept apart on purpose:
- `ComposeConfig`: thresholds. Its cosine cut-offs depend on the embedding model and are filled per model from
  send_assistant/data/model_profiles.yaml (see send_assistant/model_profiles.py); its lengths and ratios do not.
- `SelectionWeights`: the scoring features' weights. They do not depend on the model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from send_assistant.answering.answer import Passage
from send_assistant.answering.grounding import EMAIL, PHONE, STOPWORDS, coverage, has_term, stem, words
from send_assistant.answering.loose_questions import (
    asks_amount,
    asks_change,
    asks_existence,
    existence_subject,
    states_amount,
    states_change,
    subject_phrase,
)
from send_assistant.answering.sentence_units import Unit

_DIRECT_CONTACT = re.compile(PHONE.pattern + "|" + EMAIL.pattern)
# Words that colour a question without naming what it is about: "what EVEN is the local offer", "is the DCO any
# GOOD", "the site is RUBBISH, are they FIXING it". No answering sentence needs to contain them.
FILLER_WORDS = frozenset({"even", "exactly", "basically", "literally", "honestly", "please", "pls", "plz"})
JUDGEMENT_WORDS = frozenset(
    """good bad rubbish useless terrible awful joke fix fixing fixed sort sorting sorted improve improving improved
    better worse working work well doing done effective""".split()
)


def tone_words(intent: str | None) -> frozenset[str]:
    """The question's words that are not key terms for this intent (fillers always; judging words for a
    judgement question)."""
    return FILLER_WORDS | JUDGEMENT_WORDS if intent == "judgement" else FILLER_WORDS


# A council report's finding: what inspectors or the council judged ("Processing annual reviews in a timely manner
# is an area for development", "leaders have not ensured..."), told by the heading it sits under ("Areas for
# improvement", "Strengths", "Main findings", "Progress to date and key challenges") or by its own wording. A finding
# says how well something works locally; it is not the answer to how to do something or who helps.
_FINDING_HEADING = re.compile(
    r"\b(?:strengths?|weakness(?:es)?|areas? (?:for|of) (?:development|improvement|concern|weakness)|"
    r"(?:main|key) (?:findings|challenges|issues)|findings|concerns|barriers|what (?:needs|is needed) to improve)\b",
    re.IGNORECASE,
)
_FINDING_TEXT = re.compile(
    r"\ban? areas? (?:for|of) (?:development|improvement|concern)\b|\bleaders (?:have|had|do|did|are|were)\b"
    r"|\binspectors\b|\bno systematic\b|\b(?:has|have|is|are) yet to\b",
    re.IGNORECASE,
)
# Questions a finding does not answer: an action ("how do I...?") or a helper ("who can help?", "where can I
# signpost...?"). A finding may still answer "is it working?", "why?" or "what did the inspectors say?".
FINDING_BLIND_INTENTS = frozenset({"how", "who"})


def is_finding(passage: Passage, text: str) -> bool:
    """True for a sentence of a council's report that states a finding (England-wide guidance and the glossary
    state none)."""
    if not passage.area or passage.doc_type in ("national guidance", "glossary"):
        return False
    # The nearest heading says what a section holds: the "Response" under "5. There are weaknesses in the provision
    # ..." is what the council will do ("Engagement methods will include a minimum of two surveys per year"), not
    # what the inspectors found.
    nearest = (passage.location or "").split(" > ")[-1]
    return bool(_FINDING_HEADING.search(nearest) or _FINDING_TEXT.search(text))


# Kinds of school or setting that exclude each other: a guidance heading asking about one does not answer a question
# about the other ("Does an EHC plan continue at university?" is no answer to "does an ehcp help with college
# transport"; "Can my child with an EHC plan go to a mainstream school?" none to "does he need an ehcp to go to a
# special school"). A heading naming both ("...school, college or university?") is about both.
_CONTRASTS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(a, re.IGNORECASE), re.compile(b, re.IGNORECASE))
    for a, b in (
        (r"\bmainstream\b", r"\bspecial(?:ist)? (?:schools?|provision|units?|places?)\b"),
        (r"\bprimary\b", r"\bsecondary\b"),
        (r"\b(?:colleges?|sixth forms?|further education|fe)\b", r"\b(?:universit(?:y|ies)|uni|higher education)\b"),
        # "does an ehcp carry on if my daughter goes to university" is not answered by "Can my child with an EHC
        # plan go to a mainstream school?"
        (
            r"\b(?:mainstream|special(?:ist)?|primary|secondary|infant|junior) schools?\b",
            r"\b(?:universit(?:y|ies)|uni|higher education)\b",
        ),
    )
)


def contrasts(question: str, heading: str) -> bool:
    """True when the heading question is about one of two kinds of setting that exclude each other and the user's
    question about the other, naming neither the heading's nor both."""
    for a, b in _CONTRASTS:
        for mine, theirs in ((a, b), (b, a)):
            if mine.search(question) and not theirs.search(question) and theirs.search(heading):
                if not mine.search(heading):
                    return True
    return False


# What a report's finding heading stands for in a family's words: "whats good about health services here" asks for
# what sits under "Strengths"; "what went wrong with the ehcps", "is anything bad about..." for what sits under
# "Areas for development" or is called a weakness or concern. The heading and the finding's own wording never say
# "good" or "wrong".
_STRENGTH_HEADING = re.compile(r"\bstrengths?\b|\bwhat (?:is )?work(?:s|ing) well\b|\bpositives\b", re.IGNORECASE)
_WEAKNESS_HEADING = re.compile(
    r"\bweakness(?:es)?\b|\bareas? (?:for|of) (?:development|improvement|concern)\b|\bconcerns\b", re.IGNORECASE
)
_WEAKNESS_TEXT = re.compile(
    r"\b(?:significant )?weakness(?:es)?\b|\ban? areas? (?:for|of) (?:development|improvement|concern)\b"
    r"|\b(?:significant|serious) concerns?\b",
    re.IGNORECASE,
)
# Only words that ask for a verdict: "poor" or "concern" describe a child as often ("poor handwriting", "i have
# concerns about his speech").
PRAISE_TERMS = frozenset(stem(w) for w in "good strength strengths positive positives best great".split())
CRITICISM_TERMS = frozenset(stem(w) for w in "bad problem problems wrong weakness weaknesses failing".split())


def finding_terms(passage: Passage, text: str = "") -> set[str]:
    """The words a council report's finding answers for: praise under a strengths heading, criticism under a
    heading of weaknesses or areas for development, or in a sentence that calls something a weakness or an area
    for development (`text`). Empty for England-wide guidance and the glossary, which judge nothing."""
    if not passage.area or passage.doc_type in ("national guidance", "glossary"):
        return set()
    if text:
        return set(CRITICISM_TERMS) if _WEAKNESS_TEXT.search(text) else set()
    location = passage.location or ""
    if _STRENGTH_HEADING.search(location):
        return set(PRAISE_TERMS)
    if _WEAKNESS_HEADING.search(location):
        return set(CRITICISM_TERMS)
    return set()


# Stems of one word family that the Snowball stemmer splits, the noun from its verb: "how long can a suspension be"
# is answered by "A pupil can be suspended for up to 45 days", "when will i get a decision" by "...must decide
# within 6 weeks". A unit naming one form names the family (only where the composer measures coverage; the search
# index keeps its own stems).
WORD_FAMILIES: tuple[frozenset[str], ...] = tuple(
    frozenset(stem(w) for w in family.split())
    for family in (
        "suspension suspend",
        "exclusion exclude",
        "decision decide",
        "referral refer",
        "application apply",
        "admission admit",
        "diagnosis diagnose",
        "complaint complain",
        "permission permit",
        "absence absent",
        "intervention intervene",
        "inspection inspect inspector inspectors",
    )
)
_FAMILY_OF = {t: family for family in WORD_FAMILIES for t in family}


def with_families(terms: set[str]) -> set[str]:
    """The terms with the other stems of each one's word family (`WORD_FAMILIES`)."""
    return terms.union(*(_FAMILY_OF[t] for t in terms if t in _FAMILY_OF))


NUMERIC_KINDS = frozenset({"number", "percent", "date", "frequency"})
LOCAL_KINDS = frozenset({"name", "person", "contact", "phone", "email", "url"})  # only the area's own documents hold


@dataclass(frozen=True)
class SelectionWeights:
    """What counts in a candidate's score and by how much (model-independent).

    score = similarity * cosine(unit, question) + coverage * share of key terms mentioned
            + passage_rank / (1 + the passage's rank)
            + direct_contact (a phone number or e-mail, when a contact is asked for)
            + own_area (a passage of the user's own area, for a local question)
            - intent_penalty (no action for "how", no helper for "who"...)
            - local_fact_penalty (England-wide text, when the area's own name, contact or count is asked for, or
              what is changing there or how many there are: "direct payments, is anything changing" in Bedford,
              "are a lot of send kids being excluded here")
            - glossary_penalty (a definition, for a local question)
            - finding_penalty (a report's finding, for a question asking how to do something or who helps)
            + loose_shape (says how many, for "do many families get one?"; what changes, for "is it changing?"; a
              finding of the kind asked, for "what is good / wrong here?")
            + local_provider (the area's own text naming who provides it, for "is there a...?" or "who...?" asked
              of a place)
            + heading_answer * how near the passage's guidance heading question is to the user's (its opening only)
            + verdict_first (opens with "Yes" or "No", for a yes/no question)
    """

    similarity: float = 0.6
    coverage: float = 0.4
    passage_rank: float = 0.05
    direct_contact: float = 0.1
    own_area: float = 0.05
    intent_penalty: float = 0.12  # also lowers a guidance heading's match when it asks another kind of question
    local_fact_penalty: float = 0.25
    glossary_penalty: float = 0.08
    finding_penalty: float = 0.15  # a council report's finding, for "how do I...?" or "who can help?"
    loose_shape: float = 0.1  # says how many for "do many...?", or what changes for "is anything changing?"
    local_provider: float = 0.1  # "are there any short breaks here?": the area's text naming a provider
    heading_answer: float = 0.1  # the opening of a guidance answer whose heading question is nearly the user's
    verdict_first: float = 0.05  # "Yes, but only lawfully: ...", for a yes/no question ("can the school...?")
    # Of the coverage score, the share counted with each key term weighted by its rarity in the documents ("gp" and
    # "refer" count for more than "ehcp" and "assessment" in "as a gp can i refer a child for an ehcp assessment").
    rarity_share: float = 0.5


@dataclass(frozen=True)
class ComposeConfig:
    """The composer's thresholds. Model-dependent (cosines; one value per model in the model profiles):
    min_confidence, safeguarding_confidence, min_similarity, strong_similarity, duplicate_similarity, qa_match.
    The rest are shares, counts and lengths that hold for any model."""

    min_confidence: float = 0.25  # best passage cosine below this: refuse without looking at sentences
    safeguarding_confidence: float = 0.45  # ...and below this after safeguarding signposting: signposting only
    min_similarity: float = 0.35  # a sentence's cosine to the question
    min_coverage: float = 0.5  # share of the question's key terms a sentence must mention
    strong_similarity: float = 0.55  # ...or this similar with at least `weak_coverage` of the terms
    weak_coverage: float = 0.3
    fact_slack: float = 0.1  # a sentence with exactly the fact asked for may be this much less similar
    high_coverage: float = 0.65  # ...as may one naming this share of the key terms (two or more) itself,
    wordy_share: float = 0.34  # for a question whose key terms are at most this share of its words
    top_passages: int = 5
    max_sentences: int = 4
    keep_ratio: float = 0.8  # a second sentence must score at least this share of the best one
    close_ratio: float = 0.9  # ...and any further one this share: stop once the rest is much weaker
    mmr_lambda: float = 0.75
    duplicate_similarity: float = 0.92
    max_list_items: int = 8
    max_intro_words: int = 20  # a sentence ending ":" this short is shown with the list it introduces
    max_item_words: int = 25
    min_words: int = 4
    max_words: int = 90
    qa_match: float = 0.72  # a guidance question heading this similar to the user's question: its answer answers
    qa_max_words: int = 75  # ...shown from its start up to about this many words
    qa_window: float = 0.1  # headings this close below the nearest are weighed with it, by how their answers open
    qa_yield: float = 0.05  # ...and a sentence of another passage this much nearer the question than it answers
    # A long message ("TA here (yr4). one of my kids ... is that ok"): when nothing passes the gates, a guidance
    # heading ranked among the first `background_ranks` and at least `background_match` similar answers it.
    background_match: float = 0.53
    background_words: int = 15
    background_ranks: int = 2
    # A heading question this much less similar than `qa_match` still marks its answer's opening as likely the
    # answer (feature "heading_answer", in proportion); further off, it is only another passage.
    heading_slack: float = 0.15
    heading_pass: float = 0.5  # a heading match this high lets the answer's opening through on similarity alone
    weights: SelectionWeights = field(default_factory=SelectionWeights)


@dataclass(frozen=True)
class Asked:
    """What the question asks for, worked out once per question."""

    area: str  # the area the answer is for ("" for England)
    terms: list[str]  # key terms, the area's own name left out
    broad: list[str]  # the key terms and the question's other content words
    kind: str | None  # the fact asked for: "number", "phone", "person", ... (grounding.expected_answer)
    intent: str | None  # who / how / how_long / ... (grounding.question_intent)
    local_question: bool  # an area is chosen, has documents, and this is not "what is X?"
    wants_local_fact: bool  # ...and the fact asked for is one only the area's own documents hold
    generic: set[str]  # stems that are not names: glossary words and the area's own name
    words: int = 0  # how many words the question has (its key terms are a small share of a wordy one)
    wordy_slack: bool = False  # nothing answers as the gates stand: a wordy question's well-covered units may
    question: str = ""  # the user's own words
    # key term -> the documents' words for it (plain_words.py): "taxi" is named by a sentence saying "transport"
    alternatives: dict[str, frozenset[str]] = field(default_factory=dict)
    # The key terms of the sentences that ask, in a message of several ("health visitor in banes. 2yo on my
    # caseload... do i have a duty to tell the council and do i need to tell mum first"): [] for one sentence.
    asking_terms: list[str] = field(default_factory=list)

    def in_other_words(self, own: set[str]) -> set[str]:
        """The key terms a text names in the documents' words for them ("taxi" where it says "free transport")."""
        return {term for term, alternatives in self.alternatives.items() if alternatives & own}

    @property
    def amount(self) -> bool:
        """ "How many?" asked loosely ("do many families get one?"), with no kind of fact asked for."""
        return self.kind is None and asks_amount(self.question)

    @property
    def change(self) -> bool:
        """What is changing or planned is asked for ("is anything changing?", "still doing it or has it moved?")."""
        return asks_change(self.question)

    @property
    def existence(self) -> bool:
        """Whether something exists in the chosen area is asked ("is there a parent carer forum here?")."""
        return self.local_question and asks_existence(self.question)

    @cached_property
    def asked_after(self) -> str | None:
        """The thing whose existence "is there...?" asks about (None for another question), once per question."""
        return existence_subject(self.question) if self.existence else None

    @cached_property
    def counted_subject(self) -> re.Pattern[str] | None:
        """That thing after a count ("11 Independent Supporters"), compiled once per question, not per unit."""
        return subject_phrase(self.asked_after, counted=True) if self.asked_after else None

    @cached_property
    def provided_terms(self) -> list[str]:
        """The terms a provider's unit must name (worked out once per question, not per unit): for "is there...?",
        every word of the thing asked about, not the background ("my daughter is 9 and severely disabled, what
        respite is there": the respite; "is there a PARENTS GROUP": not only "group", which "Clinical Commissioning
        Group" names). A subject that is no key term ("what HELP is there for dyslexia") leaves the key terms."""
        named = [stem(w) for w in words(self.asked_after or "") if w not in STOPWORDS]
        if not self.existence and self.helper_does:
            return self.helper_does
        return named if any(t in self.terms for t in named) else self.terms

    @cached_property
    def helper_does(self) -> list[str]:
        """For "who can give me FREE ADVICE about my sons ehcp": the key terms of what the helper asked for does,
        before what it is about ([] for another question, or one that names no such thing: "who runs short breaks
        round here"). A provider of free advice answers, whatever the advice is about."""
        does = _WHO_DOES.search(self.question) if self.intent == "who" else None
        named = [stem(w) for w in words(does.group("does")) if w not in STOPWORDS] if does else []
        return [t for t in named if t in self.terms]

    def names_provider(self, e: Evidence) -> bool:
        """The area's own unit naming every key term and a provider of it ("...the short breaks available through
        Kingfishers and Maythorn is highly regarded"): what answers "are there any short breaks here?", and "where
        can I get impartial advice?" better than England-wide text ("The SEND Partnership Service provides free
        confidential and impartial information...")."""
        terms = self.provided_terms
        return (
            (self.existence or (self.local_question and self.intent == "who"))
            and e.passage.area == self.area
            and bool(terms)
            and coverage(terms, e.own) >= 1.0
            # ...or a count of the helpers asked about ("11 Independent Supporters (IS) have been trained to support
            # families across Bath and North East Somerset" answers "is there an independent supporter in b&nes").
            and (
                _names_service(e.text, self)
                or (self.counted_subject is not None and self.counted_subject.search(e.text) is not None)
            )
            # A report's critical finding ("No systematic oversight of ... SEN Support") is no provider's offer; a
            # finding that a named provider's offer is well regarded (Kingfishers and Maythorn) still is one.
            and not _FINDING_TEXT.search(e.text)
        )

    @cached_property
    def named(self) -> re.Pattern[str] | None:
        """For "who are fact bucks?", "what is rainbow resource": the thing asked about as typed, to be found as a
        name the documents write in capitals ("Families and Carers Together (FACT) Bucks"); None for another
        question, or one about glossary words only ("what is an ehcp" is answered by its definition)."""
        return named_pattern(self.question, self.generic)

    def names_the_named(self, text: str) -> bool:
        """Whether a text writes the name asked about ("who are fact bucks") as a name, each word capitalised."""
        return self.named is not None and names_as_name(self.named, text)

    def loose_fit(self, text: str) -> bool:
        """Whether a text carries what a loosely asked question wants: how many, or what changes."""
        return (self.amount and states_amount(text)) or (self.change and states_change(text))


# What a helper asked for by "who...?" does, before what it is about: "who can give me FREE ADVICE about my sons ehcp".
_WHO_DOES = re.compile(r"\bwho\b(?P<does>.*?)\b(?:about|with|on|for|regarding|over|re)\b", re.IGNORECASE)
# "who are fact bucks", "what's snap pcf", "who is chris wilford, keep seeing the name": what is asked about ends at
# the first comma or stop, or at a tail that adds nothing to it.
_WHO_OR_WHAT_IS = re.compile(
    r"^\W*(?:(?:so|and|but|ok)\W+)?(?:who|what)(?:'s|s|\s+(?:is|are|r|were|was))\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<thing>[\w&'-]+(?:\s+[\w&'-]+){0,4}?)\s*(?:$|[,.;:?!]|\s+(?:exactly|then|anyway|again|please)\b)",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"[A-Za-z][\w'&-]*")


def named_pattern(question: str, generic: set[str]) -> re.Pattern[str] | None:
    """The pattern of the thing a "who/what is X?" question names, its words in order with punctuation between
    allowed ("FACT) Bucks"), when X has a word that is neither a stopword nor generic (glossary words, area names)."""
    m = _WHO_OR_WHAT_IS.search(question)
    if m is None:
        return None
    typed = words(m.group("thing"))
    if not typed or not any(w not in STOPWORDS and stem(w) not in generic for w in typed):
        return None
    return re.compile(r"(?<![\w&])" + r"\W{1,3}".join(map(re.escape, typed)) + r"(?![\w&])", re.IGNORECASE)


def names_as_name(pattern: re.Pattern[str], text: str) -> bool:
    """Whether the text has the pattern's words as a name: every word of the match capitalised."""
    return any(all(w[0].isupper() for w in _NAME_WORD.findall(m.group(0))) for m in pattern.finditer(text))


# A name of two or more capitalised words ("SEND Partnership Service", "Kingfishers and Maythorn"), which may be made of
# glossary words ("Partnership", "Service") that alone name nothing.
_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w'&-]+")
_NAME_PHRASE = re.compile(r"\b[A-Z][\w'&-]*(?:\s+(?:and\s+|of\s+|&\s+)?[A-Z][\w'&-]*)+")


# Capitalised words of a report that name the area or its council, not a provider ("The Local Area has...").
_NOT_A_NAME = frozenset(
    "the and of & local area areas authority authorities offer council councils county borough".split()
)


def _names_service(text: str, q: Asked) -> bool:
    """True when the text names a service or provider in capitalised words, other than the area, its council and
    the question's own words: one word that is not a glossary word ("Kingfishers"), or several that may be
    ("SEND Partnership Service")."""
    own = {w.lower() for w in re.findall(r"[\w'&-]+", f"{q.area} {q.question}")} | _NOT_A_NAME

    def opens(start: int) -> bool:  # a sentence's first word is capitalised whatever it is
        return not text[:start].strip() or text[:start].rstrip()[-1] in ".!?:;"

    for match in _NAME_PHRASE.finditer(text):
        words = re.findall(r"[\w'&-]+", match.group(0))
        named = [w for w in words[1:] if w.lower() not in own] if opens(match.start()) else words
        named = [w for w in named if w.lower() not in own]
        # ...or a name of three words or more of which the question used some ("is there a team that helps early
        # with speech": "The Early Communications Team works with health visitors").
        if len(named) >= 2 or (named and (stem(named[0].lower()) not in q.generic or len(words) >= 3)):
            return True
    for match in _CAPITALISED_WORD.finditer(text):
        word = match.group(0)
        if not opens(match.start()) and word.lower() not in own and stem(word.lower()) not in q.generic:
            return True
    return False


@dataclass(frozen=True)
class Evidence:
    """One unit measured against the question."""

    rank: int  # the passage's rank among the top passages
    passage: Passage
    unit: Unit
    own: set[str]  # the unit's terms
    heading: set[str]  # the terms of the passage's heading path
    similarity: float  # cosine to the question
    coverage: float  # share of key terms, half in the unit alone and half with its heading
    fits_kind: bool  # carries the kind of fact asked for (grounding.answers_kind)
    fits_intent: bool  # has the shape asked for (grounding.fits_intent)
    # For the opening unit of a guidance answer: how near its heading question is to the user's, from 0 (at
    # `qa_match - heading_slack` or below, or not an opening) to 1 (at `qa_match`, where the answer is taken whole).
    heading_match: float = 0.0
    # `coverage` with each key term weighted by how rare it is in the indexed documents (`rarity_weights`): naming
    # "transport" counts for more than naming "college" in "does an ehcp help with college transport". The gates
    # keep the plain share; only the score uses this one. None: no document counts were given, the plain share.
    rare_coverage: float | None = None
    # A council report's finding of the kind the question's own word asks for: "good" answered from under
    # "Strengths", "wrong" by a sentence calling something a weakness (`finding_terms`).
    states_finding: bool = False

    @property
    def text(self) -> str:
        """The unit's whole text."""
        return self.unit.full


# --- Gates: a unit that fails one is never a candidate. Each returns True to keep the unit. -----------------


def _data_only_for_numbers(q: Asked, e: Evidence, cfg: ComposeConfig) -> bool:
    """A table row ("2018: 1,185 pupils") answers "how many?", nothing else."""
    return not e.unit.data or q.kind in NUMERIC_KINDS


def _names_the_thing(q: Asked, e: Evidence, cfg: ComposeConfig) -> bool:
    """ "What is X called?" is only answered by a sentence that names X itself."""
    return q.kind != "name" or coverage(q.terms, e.own) >= 1.0


def _relevant(q: Asked, e: Evidence, cfg: ComposeConfig) -> bool:
    """Similar enough and mentioning enough of the key terms; a unit with exactly the fact asked for (a phone
    number, a date) may name the rest loosely, and with every key term plus that fact ("The SIB is chaired by the
    Portfolio Holder") may be a little less similar as a whole. So may a judgement about the thing asked about
    ("is the local offer any good?": "The Local Offer ... is not fit for purpose"): the question's wording ("any
    good", "rubbish") is never the report's."""
    sim, cov = e.similarity, e.coverage
    in_context = coverage(q.terms, e.own | e.heading)
    loose = e.fits_kind and q.kind is not None and coverage(q.broad, e.own | e.heading) >= 0.5
    counted = e.fits_kind and q.kind in NUMERIC_KINDS
    exact = e.fits_kind and q.kind is not None and (loose or (len(q.terms) >= 2 and in_context >= cfg.min_coverage))
    similar = sim >= cfg.min_similarity and (
        cov >= cfg.min_coverage
        or (sim >= cfg.strong_similarity and cov >= cfg.weak_coverage)
        or (loose and sim >= cfg.strong_similarity)
        # Between those two corners, similarity makes up for coverage, on the line joining them ("are ed psych
        # reports coming back on time": 0.44 similar, 0.42 covered).
        or (cov >= cfg.weak_coverage and sim + cov >= cfg.min_similarity + cfg.min_coverage)
        # ...a line `fact_slack` lower for a unit with the count, date or frequency asked for: "how often will the
        # council ask parents for their views" is answered by "a minimum of two surveys per year with parents"
        # (0.52, 0.33). Not for a contact: the council's main number does not answer "who do I ring about transport".
        or (
            counted and cov >= cfg.weak_coverage and sim + cov >= cfg.min_similarity + cfg.min_coverage - cfg.fact_slack
        )
    )
    judged = q.intent == "judgement" and e.fits_intent and bool(q.terms) and in_context >= cfg.min_coverage
    # "do many families get a personal budget": "very few children and young people have personal budgets" says how
    # many without the question's words; "is anything changing with direct payments": "...direct payments from
    # April 2019" says what changes. Either may be a little less similar, when it names the thing asked about.
    judged = judged or (bool(q.terms) and in_context >= cfg.min_coverage and q.loose_fit(e.text))
    # "whats good about health services here": a finding under "Strengths" naming health services is the answer,
    # though nothing in it resembles "good".
    judged = judged or (e.states_finding and in_context >= cfg.min_coverage)
    # "are there any short breaks in central beds": "For the few that access it, the short breaks available through
    # Kingfishers and Maythorn is highly regarded" names them and who provides them, in other words than the question's.
    # ...and so may the area's named provider of what "who can give me free advice about...?" asks for.
    provider = (q.existence or bool(q.helper_does)) and q.names_provider(e)
    judged = judged or provider
    # "who are fact bucks": a unit writing the name asked about ("...the parent / carer forum (FACT Bucks)") is about
    # it, however little the rest of it resembles "who are".
    judged = judged or q.names_the_named(e.text)
    # A wordy question ("direct payments for my disabled son, is anything changing": key terms a third of its
    # words) is less similar as a whole to any sentence: when nothing else answers (`wordy_slack`), a unit that
    # itself names most of its key terms, two or more, may be less similar too. A terse question ("is there a
    # community epilepsy nurse") gets no such slack.
    named = sum(has_term(t, e.own) for t in q.terms)
    wordy = q.wordy_slack and 0 < len(q.terms) <= cfg.wordy_share * q.words
    well_covered = wordy and named >= 2 and cov >= cfg.high_coverage and sim >= cfg.min_similarity - cfg.fact_slack
    # Every key term (two or more) and the fact asked for, in the unit itself: "The LA ... published its LO in
    # September 2014" answers "when was the local offer published" though its abbreviations make it look unlike it.
    complete = exact and len(q.terms) >= 2 and coverage(q.terms, e.own) >= 1.0
    return (
        similar
        or well_covered
        or ((exact or judged) and sim >= cfg.min_similarity - cfg.fact_slack)
        or (complete and sim >= cfg.min_similarity - 2 * cfg.fact_slack)
        # ...as may the area's own provider of the thing asked about, under a question whose background makes it
        # unlike any answer ("my daughter is 9 and severely disabled, what respite is there": 0.25 similar to "the
        # short breaks available through Kingfishers and Maythorn").
        or (provider and sim >= cfg.min_similarity - 2 * cfg.fact_slack)
        # ...and the opening of a guidance answer whose heading question is near the user's, under a question whose
        # background words dilute what a sentence can name ("had to give up work to look after my autistic son full
        # time, can i get paid anything for caring": "Can I get Carer's Allowance?" is near it; its opening names
        # one of seven key terms).
        or (e.heading_match >= cfg.heading_pass and sim >= cfg.min_similarity)
    )


def _answers_kind(q: Asked, e: Evidence, cfg: ComposeConfig) -> bool:
    """Carries the kind of fact asked for (a number for "how many?", a name for "who?")."""
    return e.fits_kind


def _period_for_how_long(q: Asked, e: Evidence, cfg: ComposeConfig) -> bool:
    """ "How long?" is answered by a period, nothing else ("how long is the wait?" also by what is said of waits)."""
    return q.intent not in ("how_long", "wait") or e.fits_intent


Gate = Callable[[Asked, Evidence, ComposeConfig], bool]
GATES: tuple[tuple[str, Gate], ...] = (
    ("data_only_for_numbers", _data_only_for_numbers),
    ("names_the_thing", _names_the_thing),
    ("relevant", _relevant),
    ("answers_kind", _answers_kind),
    ("period_for_how_long", _period_for_how_long),
)


def rarity_weights(document_terms: Iterable[set[str]]) -> dict[str, float]:
    """Each term's weight for `weighted_coverage`: its inverse document frequency over the documents' passages,
    log(N / (1 + df)), at least `MIN_RARITY` (a word in most passages, such as "support", still counts a little)
    and at most the weight of a word in two passages (a word no passage has, often a misspelling, does not
    outweigh the rest)."""
    df: Counter[str] = Counter()
    n = 0
    for terms in document_terms:
        df.update(terms)
        n += 1
    if not n:
        return {}
    top = max(MIN_RARITY, math.log(n / 3))  # a handful of passages tells no word's rarity: all weigh alike
    return {t: min(top, max(MIN_RARITY, math.log(n / (1 + c)))) for t, c in df.items()}


MIN_RARITY = 0.5


def weighted_coverage(terms: list[str], text_terms: set[str], weights: dict[str, float]) -> float:
    """Share of the key terms' total weight that `text_terms` names (1.0 when there are no terms); a term no
    passage holds weighs as much as one in two passages."""
    if not terms:
        return 1.0
    top = max(weights.values(), default=1.0)
    weight = {t: weights.get(t, top) for t in terms}
    return sum(weight[t] for t in terms if has_term(t, text_terms)) / sum(weight.values())


def _blended_coverage(e: Evidence, w: SelectionWeights) -> float:
    """The plain share of key terms named, with `rarity_share` of it taken by the rarity-weighted share."""
    if e.rare_coverage is None:
        return e.coverage
    return (1 - w.rarity_share) * e.coverage + w.rarity_share * e.rare_coverage


def failed_gate(q: Asked, e: Evidence, cfg: ComposeConfig) -> str | None:
    """The name of the first gate the unit fails, or None when it is a candidate."""
    for name, gate in GATES:
        if not gate(q, e, cfg):
            return name
    return None


# A sentence that opens with its verdict: "Yes, but only lawfully: ...", "No: a school must not...", "Not if it is
# linked to a disability: ...", "Only if the plan says so: ...". For "can the school...?" it answers first.
_VERDICT = re.compile(
    r"^\W*(?:(?:yes|no)\s*[:,;.]|(?:not (?:if|unless|automatically|always|necessarily|usually)|only (?:if|when)|"
    r"it depends)\b)",
    re.IGNORECASE,
)


# --- Features: each returns its contribution to the score (0.0 when it does not apply). ---------------------

Feature = Callable[[Asked, Evidence, SelectionWeights], float]
FEATURES: tuple[tuple[str, Feature], ...] = (
    ("similarity", lambda q, e, w: w.similarity * e.similarity),
    ("coverage", lambda q, e, w: w.coverage * _blended_coverage(e, w)),
    ("passage_rank", lambda q, e, w: w.passage_rank / (1 + e.rank)),
    ("intent_shape", lambda q, e, w: 0.0 if e.fits_intent else -w.intent_penalty),
    (
        "direct_contact",
        lambda q, e, w: w.direct_contact if q.kind == "contact" and _DIRECT_CONTACT.search(e.text) else 0.0,
    ),
    (
        "national_for_local_fact",
        lambda q, e, w: (
            -w.local_fact_penalty
            if (q.wants_local_fact or ((q.change or q.amount) and q.local_question)) and e.passage.area != q.area
            else 0.0
        ),
    ),
    ("own_area", lambda q, e, w: w.own_area if q.local_question and e.passage.area == q.area else 0.0),
    (
        "glossary",
        lambda q, e, w: (
            -w.glossary_penalty
            if q.local_question and e.passage.area != q.area and e.passage.doc_type == "glossary"
            else 0.0
        ),
    ),
    (
        "finding_for_how_or_who",
        lambda q, e, w: (
            -w.finding_penalty if q.intent in FINDING_BLIND_INTENTS and is_finding(e.passage, e.text) else 0.0
        ),
    ),
    ("loose_shape", lambda q, e, w: w.loose_shape if q.loose_fit(e.text) or e.states_finding else 0.0),
    ("heading_answer", lambda q, e, w: w.heading_answer * e.heading_match),
    ("verdict_first", lambda q, e, w: w.verdict_first if q.intent == "can" and _VERDICT.match(e.text) else 0.0),
    ("local_provider", lambda q, e, w: w.local_provider if q.names_provider(e) else 0.0),
)


def contributions(q: Asked, e: Evidence, weights: SelectionWeights) -> dict[str, float]:
    """Each feature's contribution to the unit's score, in FEATURES order."""
    return {name: feature(q, e, weights) for name, feature in FEATURES}


def score(parts: dict[str, float]) -> float:
    """The score: the contributions added in FEATURES order."""
    total = 0.0
    for value in parts.values():
        total += value
    return total


def explain(parts: dict[str, float]) -> str:
    """The non-zero contributions, largest first ("similarity +0.41, coverage +0.40, own_area +0.05")."""
    shown = sorted(((n, v) for n, v in parts.items() if v), key=lambda nv: -abs(nv[1]))
    return ", ".join(f"{n} {v:+.3f}" for n, v in shown)
