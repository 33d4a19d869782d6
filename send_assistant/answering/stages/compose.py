"""Compose: the grounded extractive answer (the default; no language model).

Picks the whole sentences of the top passages that answer the question: similar to it (same embedding model
as retrieval), mentioning its key terms, of the kind it asks for (a number, a date, a name, a phone number),
and not repeating each other (MMR). Each sentence carries its [n]. When nothing qualifies, or retrieval was not
confident, the answer is an honest not_found with a next step.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import NoReturn, Protocol

import numpy as np

from send_assistant.answering.answer import ANSWERED, SAFEGUARDING, Citation, Passage
from send_assistant.answering.answer_text import (
    citation_for,
    cite_each,
    contact_lines,
    expand_acronyms,
    has_contact,
    join_answer,
    lead_line,
)
from send_assistant.answering.area_profiles import AreaProfile
from send_assistant.answering.compose_scoring import (
    FINDING_BLIND_INTENTS,
    LOCAL_KINDS,
    NUMERIC_KINDS,
    Asked,
    ComposeConfig,
    Evidence,
    contrasts,
    contributions,
    explain,
    failed_gate,
    finding_terms,
    is_finding,
    rarity_weights,
    score,
    tone_words,
    weighted_coverage,
    with_families,
)
from send_assistant.answering.context import Context
from send_assistant.answering.grounding import (
    ANSWER_CUES,
    STOPWORDS,
    answers_kind,
    asking_sentences,
    asks_about_provision,
    asks_for_local_detail,
    content_terms,
    council_name,
    counted_thing,
    counts_the_thing,
    coverage,
    expected_answer,
    facts,
    fits_intent,
    has_term,
    is_definition_question,
    is_local_question,
    is_question,
    key_terms,
    names_council,
    question_intent,
    question_parts,
    split_sentences,
    stem,
    strip_label,
    term_set,
    words,
)
from send_assistant.answering.retrieval.areas import without_area_names
from send_assistant.answering.retrieval.faq import heading_question
from send_assistant.answering.retrieval.plain_words import plain_groups, reworded
from send_assistant.answering.sentence_units import SentenceCache, Unit
from send_assistant.ingest.embedding import Embedder
from send_assistant.privacy.names import is_person_name


class GlossaryTerm(Protocol):
    """A glossary entry as the composer reads it (an optional `area` marks a local name)."""

    term: str
    expansion: str
    aliases: tuple[str, ...]


class GlossaryLike(Protocol):
    """The glossary: its acronyms and terms (answering/glossary.py)."""

    terms: Sequence[GlossaryTerm]

    def acronyms(self) -> dict[str, str]:
        """Short form -> long form."""
        ...


class AreaProfileLookup(Protocol):
    """The area profiles (answering/area_profiles.py): an area's nicknames and place words."""

    def get(self, name: str) -> AreaProfile | None:
        """The profile of an area by name or nickname, or None."""
        ...


class HeadingVectors(Protocol):
    """The guidance question matcher (answering/retrieval/faq.py), which has embedded every heading question."""

    def vector(self, question: str) -> np.ndarray | None:
        """The heading question's vector, or None when it has not been embedded yet."""
        ...


class Refuser(Protocol):
    """Ends the pipeline with an honest not-found and a next step (answering/next_step.py)."""

    def refuse(self, ctx: Context, covered: bool = True, elsewhere: str | None = None) -> NoReturn:
        """Set not_found and the next step, then abort (`elsewhere`: the other council a local question named)."""
        ...


@dataclass
class Candidate:
    """One unit of a retrieved passage, with what is needed to score and render it."""

    rank: int  # the passage's rank among the top passages
    unit: Unit
    vector: np.ndarray
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)  # each scoring feature's contribution to `score`
    plain: float = 0.0  # `score` with every key term weighed alike (no rarity): how a guidance answer's opening weighs


# Words of a council's title that name no place: "the main council number" asks about the council itself, so
# "council" stays a term of the question even though a nickname ("Worcestershire County Council") contains it.
_COUNCIL_WORDS = frozenset({"council", "councils", "county"})


# Facts of a place that England-wide guidance never gives: its address, its funding bands, a school's term dates, an
# amount it pays, the name of one of its staff.
_PLACE_KINDS = frozenset({"address", "band", "ranking", "rating", "staff", "hours", "term_dates"})
# ...and of those, what no document here holds for any place unless its own pages are indexed: with no area chosen,
# England-wide text does not answer "what time does sendiass open" or "who is my son's caseworker".
# (text, the sentence it reads, the kind of answer it asks for) for each reading, and the question in the documents'
# words (or None)
_Readings = tuple[tuple[tuple[str, str, str | None], ...], str | None]
_READINGS_KEPT = 256  # questions whose heading readings (_question_readings) are kept
_OWN_PAGES_KINDS = frozenset({"address", "hours", "staff", "term_dates"})


# "what did ofsted say about X", "what do inspectors think of X", "what does the report say on X": the source named
# before the verb frames the question; X is what it asks about.
_SAID_ABOUT = re.compile(
    r"\b(?:what|how)\s+(?:do|does|did|have|has)\s+(?:the\s+)?(?:inspectors?|inspection|ofsted|cqc|report|letter"
    r"|inspection letter|they|it)\s+(?:say|said|think|thought|find|found|write|wrote|report|reported)\s+"
    r"(?:about|of|on|regarding)\s+(.+)",
    re.IGNORECASE,
)


def said_about(question: str) -> str:
    """What a question asks about once the source it names is taken away ("what did ofsted say about the local
    offer" -> "the local offer"); the question itself when it names none."""
    framed = _SAID_ABOUT.search(question)
    return framed.group(1) if framed else question


# What a step costs the family ("how much does it cost to go to tribunal", "do i have to pay for an assessment",
# "is it free"): England-wide rules say, unlike what a council spends.
_COST_TO_FAMILY = re.compile(
    r"\b(?:does|will|would|do|did)\s+(?:it|i|we|parents|families|you)\s+(?:have\s+to\s+|need\s+to\s+)?(?:cost|pay)\b"
    r"|\bis\s+(?:it|there)\s+(?:a\s+)?(?:free|fee|charge|cost)\b|\bcost\s+(?:me|us|anything|money)\b",
    re.IGNORECASE,
)


def _asks_local_fact(kind: str | None, intent: str | None, question: str = "") -> bool:
    """Whether the fact asked for only the area's own documents hold: a name, a contact, an address, a funding
    band, or a count, share or amount ("how many plans has Bedford issued?"; "how long?" asks for a period, which
    guidance gives, and what a step costs the family is an England-wide rule)."""
    if kind == "money" and _COST_TO_FAMILY.search(question):
        return False
    return kind in LOCAL_KINDS | _PLACE_KINDS or (kind in ("number", "percent", "money") and intent != "how_long")


# "Your local SENDIASS can help you...", "contact your local SEND information, advice and support service"
_LOCAL_SENDIASS = re.compile(
    r"\b(?:your|the|a) local (?:SENDIASS|SEND information,? advice and support service)", re.IGNORECASE
)
# "is chris wilford any good? apparently hes in charge of ehcps": an opinion of someone, asked by their name.
_OPINION_OF = re.compile(
    r"^\W*(?:so\s+|and\s+)?(?:is|was)\s+(?P<who>[a-z][\w'-]*\s+[a-z][\w'-]*)\s+(?:any good|good at|(?:a\s+)?good"
    r"|rubbish|useless|ok|okay|decent|helpful|competent|reliable|trustworthy|nice|the right person)\b",
    re.IGNORECASE,
)
# "can you guarantee my son a place", "can u promise she'll get the plan", "could you book him in": what only the
# council or a provider can decide or do.
_ASKS_A_PROMISE = re.compile(
    r"\b(?:can|could|will|would)\s+(?:you|u|ya|this|the assistant)\s+(?:please\s+)?(?:guarantee|promise|secure|reserve"
    r"|book|make sure (?:he|she|they|we|i|my \w+) (?:gets?|will get))\b",
    re.IGNORECASE,
)
# "whos the sendiass in bath", "what is the local sendiass called": the area's advice service itself is asked about.
_ASKS_SENDIASS = re.compile(
    r"\b(?:sendiass|sendias|iass|send information,? advice and support(?: service)?|information,? advice and support "
    r"service)\b",
    re.IGNORECASE,
)
# "will the government get rid of ehcps", "is the white paper going to change send": what government will do. The
# sources say what the law and the councils do now; only a passage about those plans could answer.
_FUTURE_POLICY = re.compile(
    r"\b(?:will|going to|gonna|planning to|plans? to|about to)\b[^.?!]{0,40}?\b(?:government|govt|ministers?|dfe"
    r"|department for education|parliament|white paper|green paper|new law)\b"
    r"|\b(?:government|govt|ministers?|dfe|parliament|white paper|green paper)(?:'s)?\b[^.?!]{0,40}?"
    r"\b(?:will|going to|gonna|planning to|plans? to|about to)\b"
    # "r bucks council going to cut ehcp top up funding next year": what a council will decide.
    r"|\b(?:council|la|local authority)\b[^.?!]{0,20}?\b(?:going to|gonna|planning to|plans? to|about to)\b",
    re.IGNORECASE,
)
# ...unless whether it may is asked: "the council is going to stop his transport, can they do that" is answered by
# the rules on transport today.
_ASKS_IF_ALLOWED = re.compile(
    r"\b(?:can|could|may) (?:they|it|the council|the la|the government|he|she)\b(?: (?:just|really|legally))? "
    r"(?:do|stop|cut|change|end|remove|take)\b|\b(?:allowed|legal|lawful|unlawful|illegal)\b|\bright to\b",
    re.IGNORECASE,
)
# ...a change to what there is ("will the government pay for transport" asks what is paid for, answered today)
_POLICY_CHANGE = re.compile(
    r"\b(?:scrap\w*|abolish\w*|get(?:ting)? rid|chang\w*|cut\w*|end|ending|replac\w*|reform\w*|remov\w*"
    r"|bring(?:ing)? in|introduc\w*|stop\w*|new)\b",
    re.IGNORECASE,
)
_POLICY_PLANS = re.compile(
    r"\b(?:government|white paper|green paper|consultation|reforms?|bill|propos\w*|will be (?:cut|reduced|changed"
    r"|replaced|introduced|reviewed))\b",
    re.IGNORECASE,
)
# "how long is the wait for camhs", "how many weeks is the waiting list": the length of a wait.
_WAIT_LENGTH = re.compile(
    r"\bhow (?:long|many (?:weeks|months|years))\b.*\bwait|\bwait(?:ing)? (?:lists?|times?)\b.*\bhow (?:long|many)\b"
    # "whats the wait for camhs", "what are the waiting times like for an autism assessment"
    r"|\bwhat(?:'s|s| is| are) the (?:wait|waiting times?|waiting list)\b(?! list\b)"
    r"(?!\s+(?:process|criteria|policy|rules)\b)",
    re.IGNORECASE,
)
_PERIOD_IN = re.compile(r"\b\d+\s*(?:days?|weeks?|months?|years?)\b", re.IGNORECASE)
_WAIT_WORD = re.compile(r"\b(?:wait\w*|delay\w*|takes?|taking|took)\b", re.IGNORECASE)
# A year the question asks about ("in 2024", "for 2023/24"), not one it gives as background ("born in 2015").
_ASKED_YEAR = re.compile(r"(?<!born )(?<!born in )\b((?:19|20)\d{2})\b")
# "whats the website called", "what is their site called": the thing whose name is asked for.
_NAMED_THING = re.compile(r"\b(?:the|their|its|this|that|your)\s+([\w-]+)\s+called\b", re.IGNORECASE)
# Words that cue an answer ("website": a web address) but, before "called", are the thing named.
ANSWER_CUES_NAMED = frozenset({"website", "site", "web"})
_STATISTIC_KINDS = frozenset({"number", "percent", "money", "date", "frequency"})


def _other_year(question: str, passages: Sequence[Passage], local_fact: bool) -> bool:
    """True when the question asks about a year that none of the answering passages mentions (in its text, title or
    heading), and asks for a figure or date, or is answered from a dated local report: England-wide guidance states
    the law as it stands, so "can he get free transport in 2025" still takes its answer."""
    years = set(_ASKED_YEAR.findall(question))
    if not years:
        return False
    kind = expected_answer(question)
    dated = kind in _STATISTIC_KINDS or local_fact or any(p.area for p in passages)
    said = " ".join(f"{p.title} {p.short_title or ''} {p.location} {p.text}" for p in passages)
    return dated and not any(re.search(rf"\b{y}\b", said) for y in years)


def _says(name: str, text: str) -> bool:
    """True when the text names the place ("Bedford Borough" in "...across both Central Bedfordshire and Bedford
    Borough")."""
    return re.search(rf"(?<![\w&]){re.escape(name)}(?![\w&])", text, re.IGNORECASE) is not None


def _asks_wait_length(question: str) -> bool:
    """True for a question asking how long a wait is."""
    return bool(_WAIT_LENGTH.search(question))


def _is_area(term: str, area_words: set[str]) -> bool:
    """True for a word of the area's name or its short form ("bucks" for Buckinghamshire), or a short word that is
    a whole word of one of its names ("ne" in "bath and ne somerset")."""
    if term in area_words and term not in _COUNCIL_WORDS:
        return True
    return len(term) >= 3 and any(w.startswith(term) for w in area_words if w not in _COUNCIL_WORDS)


def heading_of(passage: Passage) -> str:
    """The passage's heading path as words ("Local offer – lead officer Rebecca Claridge > Strengths")."""
    return re.sub(r",\s*(paragraphs?|page|pages)\b.*$", "", passage.location or "")


# A heading that names a person in a role: "Local offer – lead officer Rebecca Claridge".
_ROLES = r"\b(lead|leads|officer|chair|chaired by|manager|director|head|coordinator|co-ordinator)\b"
_ROLE_NAME = re.compile(_ROLES + r"\W+(?:\w+\W+){0,2}?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")
_ROLE = re.compile(_ROLES, re.IGNORECASE)
# "What does a DCO do?" asks about the term itself, as "what is a DCO?" does: the glossary may add to the answer.
_WHAT_DOES = re.compile(r"^\W*what\s+(?:does|do)\s+.{1,40}\bdo\b", re.IGNORECASE)
_SHAPED = {"how", "who", "how_long", "wait", "judgement"}  # question intents whose answer has a recognisable shape


class Compose:
    """Builds the cited extractive answer, or refuses honestly."""

    name = "compose"

    def __init__(
        self,
        embedder: Embedder,
        glossary: GlossaryLike | None,
        next_step: Refuser,
        config: ComposeConfig | None = None,
        cache: SentenceCache | None = None,
        profiles: AreaProfileLookup | None = None,
        heading_vectors: HeadingVectors | None = None,
        documents: Callable[[], tuple[object, Callable[[], Iterable[str]]]] | None = None,
    ) -> None:
        # () -> (index version, the indexed passages' texts): how rare each key term is weighs what a unit covers.
        self.documents = documents
        self._rarity: tuple[object, dict[str, float]] | None = None
        self._readings: dict[tuple[str, str, str | None], _Readings] = {}  # see _question_readings
        self.profiles = profiles  # area profiles: "beds" in "central beds" names the area, it is not a key term
        # The guidance question matcher already holds every heading question's vector: reuse, don't re-embed.
        self.heading_vectors = heading_vectors
        self.glossary = glossary
        self.next_step = next_step
        self.cfg = config or ComposeConfig()
        self.cache = cache if cache is not None else SentenceCache(embedder)
        acronyms = glossary.acronyms() if glossary is not None else {}
        self.acronyms: dict[str, str] = dict(acronyms)
        # Glossary words are not names: "What is the forum called?" is not answered by "Parent Carer Forum (PCF)".
        # A local name's short form is a name too ("SNAP PCF" answers "what is the forum called in central beds").
        local = {
            n.lower()
            for term in getattr(glossary, "terms", None) or []
            if getattr(term, "area", "")
            for n in (str(getattr(term, "term", "")), *map(str, getattr(term, "aliases", ())))
        }
        names = [f"{a} {e}" for a, e in self.acronyms.items() if a.lower() not in local]
        for term in getattr(glossary, "terms", None) or []:
            if getattr(term, "area", ""):
                continue  # a local name ("FACT Bucks") is exactly what a "what is it called?" question wants
            names += _names_of_term(term)
        self.generic = {stem(w) for name in names for w in words(name)}
        self.synonyms = _synonyms(glossary)

    def _with_synonyms(self, terms: set[str]) -> set[str]:
        """Terms plus the one-word names whose glossary entry the text names in other words: a sentence about the
        "short-break offer" covers "respite" (its glossary alias), as "EHC plan" covers "EHCP"."""
        return terms | {word for word, forms in self.synonyms.items() if any(form <= terms for form in forms)}

    def call(self, ctx: Context) -> None:
        """Set the answer text and citations, or end with not_found and a next step."""
        safeguarding = ctx.answer.status == SAFEGUARDING
        if safeguarding and (not is_question(ctx.question) or ctx.confidence < self.cfg.safeguarding_confidence):
            # The signposting is the answer; an unsure information part would only distract from it.
            ctx.notes.append("safeguarding: no confident information question, signposting only")
            self.next_step.refuse(ctx, covered=ctx.area_covered)
        query = ctx.search_query or ctx.question
        top = ctx.passages[: self.cfg.top_passages]
        if not ctx.passages or (ctx.confidence < self.cfg.min_confidence and not self._names_all(ctx, query, top)):
            ctx.notes.append(f"refused: retrieval confidence {ctx.confidence:.3f}")
            self._refuse(ctx)
        opinion = _OPINION_OF.search(ctx.question)
        if opinion and is_person_name(opinion.group("who")):
            # "is chris wilford any good": the documents say what a lead officer leads, never whether they are good
            # at it, and the assistant gives no opinion of a named person.
            ctx.notes.append("refused: an opinion of a named person was asked for")
            self._refuse(ctx)
        if _ASKS_A_PROMISE.search(ctx.question):
            # "can you guarantee my son a place at the new special school": no document, and no assistant, can.
            ctx.notes.append("refused: a promise of a place or an outcome was asked for")
            self._refuse(ctx)
        chosen = self._select(ctx, query, top)
        local_fact = _asks_local_fact(expected_answer(ctx.asking), question_intent(ctx.asking), ctx.asking)
        wants_local = bool(ctx.area) and (asks_for_local_detail(ctx.question) or local_fact)
        national = bool(chosen) and all(not top[c.rank].area for c in chosen)
        if not chosen or (national and wants_local):
            # Nothing in the top passages answers, or only England-wide text where a local detail is asked for: the
            # area's own passages ranked just below them may ("Who are the SEN Champions?": a local report, ranked
            # 8th under national definitions of SEN; "are many send kids excluded here?").
            deeper = top + [p for p in ctx.passages[len(top) : 2 * len(top)] if p.area and p.area == ctx.area]
            # The area's own units are sought here; a guidance answer was weighed already among the top passages.
            again = self._select(ctx, query, deeper, guidance=False) if len(deeper) > len(top) else []
            if national and wants_local and not any(deeper[c.rank].area for c in again):
                # Only the area's own passages can give the local detail; weighed beside England-wide ones they
                # lose to them again ("do schools in central beds use part time timetables": a finding on
                # part-time timetables ranked second, under the guidance on them).
                deeper = [p for p in deeper if p.area and p.area == ctx.area]
                again = self._select(ctx, query, deeper, guidance=False) if deeper else []
            # Ranked that low, a unit must be similar to the question as a whole, not only carry a fact of the kind
            # asked ("10% of our children need SEN support" is no count of trained independent supporters).
            qvec = self.cache.query(self._measured(query, ctx.area))  # measured as _select measures it
            # ...and name what the question is about: "what time does the helpline close?" is not answered by a
            # sentence about looked-after children that only resembles it.
            named = self.cfg.min_coverage * self.cfg.weights.coverage
            again = [
                c
                for c in again
                if float(c.vector @ qvec) >= self.cfg.min_similarity and c.parts.get("coverage", named) >= named
            ]
            if national:
                # The local detail asked for, not the guidance; and only for a question with key terms a unit can
                # name ("how many children are on SEN support?" has none: any count would pass as covered).
                named_terms = self._asked(ctx, query, deeper).terms
                again = [c for c in again if deeper[c.rank].area] if named_terms else []
            if again and any(deeper[c.rank].area for c in again):
                ctx.notes.append("answered from the area's own passages ranked below the top")
                top, chosen = deeper, again
        if chosen and chosen[0].parts.get("finding_for_how_or_who") and not wants_local:
            # A report's finding leads "how do I...?" or "who can help?" only when nothing else answers: England-wide
            # guidance ranked just below the top may say what to do or who helps (never when a local detail is
            # asked for, which England-wide text cannot give: the finding is the nearest local answer).
            deeper = top + [p for p in ctx.passages[len(top) : 2 * len(top)] if not p.area]
            again = self._select(ctx, query, deeper) if len(deeper) > len(top) else []
            if again and not again[0].parts.get("finding_for_how_or_who"):
                ctx.notes.append("a report's finding led; guidance ranked below the top answers")
                top, chosen = deeper, again
        if chosen and ctx.area and asks_about_provision(ctx.question):
            # Whether a service takes referrals, has places or is open, or when an event is, is answered by a unit
            # naming all of what was asked, itself or under its heading: "is the portage service taking referrals?"
            # is not answered by "pre-referral clinics take place", nor by what Portage is; "is there a space at the
            # special school?" not by "ensure sufficient capacity"; "when is the send fair?" not by inspection dates.
            terms = self._asked(ctx, query, top).terms
            whole = [c for c in chosen if coverage(terms, self._named_by(c, top)) >= 1.0]
            if not whole:
                ctx.notes.append("refused: a provider's places, opening or events were asked for; no unit names them")
                self._refuse(ctx)
            chosen = whole
        if chosen:
            ctx.notes.append(f"chose: {explain(chosen[0].parts)}")  # which features decided the leading unit
            chosen = chosen + self._second_part(ctx, top, chosen)
        contacts = self._contacts(ctx, top, chosen)
        national_only = chosen and all(not top[c.rank].area for c in chosen) and not contacts
        if national_only and not ctx.area and expected_answer(ctx.question) in _OWN_PAGES_KINDS:
            ctx.notes.append("refused: a place's own contact, hours or staff were asked for; guidance holds none")
            self._refuse(ctx)
        if chosen and _other_year(ctx.question, [top[c.rank] for c in chosen], local_fact):
            # "how many ehcps did bucks issue in 2024", "what did ofsted say about worcestershire in 2023": a report
            # of 2020 or 2018 does not say what happened in a year it never mentions.
            ctx.notes.append("refused: the year asked about is in none of the passages that would answer")
            self._refuse(ctx)
        if (
            chosen
            and _FUTURE_POLICY.search(ctx.question)
            and _POLICY_CHANGE.search(ctx.question)
            and not _ASKS_IF_ALLOWED.search(ctx.question)
            and not any(_POLICY_PLANS.search(c.unit.full) for c in chosen)
        ):
            ctx.notes.append(
                "refused: what government or the council will do was asked and no passage speaks of its plans"
            )
            self._refuse(ctx)
        if national_only and wants_local:
            # "Which clubs can my son go to here?" is not answered by how short breaks work in England, nor "what is
            # the forum called?" or "how many supporters were trained?" by England-wide text.
            ctx.notes.append("refused: a local detail was asked for and only national passages answer")
            self._refuse(ctx)
        if not chosen and not contacts:
            ctx.notes.append("refused: no sentence answers the question")
            self._refuse(ctx)
        elsewhere = names_council(ctx.question, self._names_of(ctx.area))
        if elsewhere and any(_says(elsewhere, top[c.rank].text) for c in chosen):
            elsewhere = None  # the passage speaks of that council too ("the DCO works across both ... and Bedford")
        if elsewhere and (any(top[c.rank].area for c in chosen) or self._asks_of_a_place(ctx, chosen, local_fact)):
            # "whats the oxfordshire sendiass number" (Buckinghamshire chosen), "camhs waiting list in leeds": another
            # council's services and contacts are in no document here, and the chosen area's are not theirs.
            ctx.notes.append(f"refused: a local question about another council ({elsewhere})")
            self._refuse(ctx)
        # The period must be said of a wait or of the time something takes: "within 6 weeks" of a decision to assess,
        # leading or not, is not how long the wait for an autism assessment is.
        stated = any(_PERIOD_IN.search(c.unit.full) and _WAIT_WORD.search(c.unit.full) for c in chosen)
        if national_only and _asks_wait_length(ctx.question) and not stated:
            # "how long is the wait for camhs": England-wide guidance says what to do while waiting, never how long
            # a service's wait is; only a local source stating it answers.
            ctx.notes.append("refused: the length of a wait was asked for and no passage states one")
            self._refuse(ctx)
        if (
            national_only
            and ctx.area
            and ctx.area_covered
            and (asked_intent(ctx.asking) == "who" or _ASKS_SENDIASS.search(ctx.asking))
        ):
            named = self._own_service(ctx, chosen)
            if named is not None:
                # "who can give me free advice in bath": England-wide text says "your local SENDIASS"; the area's own
                # passage says which one ("The SEND Partnership Service provides free confidential and impartial
                # information, advice...").
                ctx.notes.append("the area's own advice service named after the England-wide answer")
                top = [*top, named[0]]
                chosen = [*chosen, Candidate(len(top) - 1, named[1], named[2])]
        self._render(ctx, top, chosen, contacts)

    def _second_part(self, ctx: Context, top: list[Passage], chosen: list[Candidate]) -> list[Candidate]:
        """The units answering each question of a message asking two ("what is a personal budget and which bit of
        the plan does it go in"), from the same passages, that the units chosen for the whole do not include
        already; [] for a message asking one question, or when they include every part's answer."""
        parts = question_parts(ctx.asking) if not ctx.history else []
        added: list[Candidate] = []
        area_words = self._area_words(ctx) if parts else set()
        for n, part in enumerate(parts):
            # Each question's own answer, where it asks something of its own: "what is a personal budget" does,
            # "...preparing for adulthood. what is it" does not (its "it" is for the whole message to say).
            asking = (asking_sentences(part) or [part])[-1]
            if all(w in STOPWORDS for w in words(asking)):
                continue
            found = self._select(replace(ctx, question=part, asked="", search_query=part, notes=[]), part, top)
            shown = " ".join(c.unit.full for c in chosen + added)
            # ...about what the message is about: "can we appeal if they say no to assessing and is there a time
            # limit" is not answered by any time limit ("Sustain further compliance with statutory 20 week
            # timescale"), only by one in a passage chosen for the whole or naming what the other part asks about.
            other = [t for t in key_terms(parts[1 - n]) if not _is_area(t, area_words)]
            passage = top[found[0].rank] if found else None
            related = passage is not None and (
                any(c.rank == found[0].rank for c in chosen)
                or (
                    bool(other)
                    and coverage(other, term_set(f"{heading_of(passage)} {passage.text}", self.acronyms)) > 0
                )
            )
            if (
                found
                and related
                and not any(_overlaps(found[0], c) for c in chosen + added)
                and not _restates(found[0].unit.full, shown)
            ):
                ctx.notes.append(f"question {n + 1} of the message answered from the same passages")
                added.append(found[0])
        return added

    def _area_words(self, ctx: Context) -> set[str]:
        """The words of the chosen area's names: its own, its nicknames and place words."""
        found = set(words(ctx.area))
        profile = self.profiles.get(ctx.area) if self.profiles is not None and ctx.area else None
        if profile is not None:
            found |= {w for n in (*profile.nicknames, *profile.place_words, profile.short_name) for w in words(n)}
        return found

    def _own_service(self, ctx: Context, chosen: list[Candidate]) -> tuple[Passage, Unit, np.ndarray] | None:
        """The area's own passage naming its advice service and the unit that names it, for an England-wide answer
        that sends the family to their local SENDIASS; None when no chosen unit does, or the area's documents name
        no service its profile knows."""
        if not any(_LOCAL_SENDIASS.search(c.unit.full) for c in chosen):
            return None
        found = self.next_step.own_service(ctx.area)
        if found is None:
            return None
        name, passage = found
        for unit, vector in self.cache.units([passage], self.cfg)[0]:
            if name.casefold() in unit.full.casefold():
                return passage, unit, vector
        return None

    def _names_all(self, ctx: Context, query: str, top: list[Passage]) -> bool:
        """Whether one of the top passages (of the chosen area, when one is chosen) names what the question asks
        about, though retrieval confidence is under `min_confidence`: a local name the embedding model has never
        seen ("who is snap", "what is ourway") leaves the question unlike every passage as a whole, though a passage
        names it. Down to `2 * fact_slack` under the bar, a passage writing the name asked about as a name ("who are
        fact bucks"), or the area's passage counting what a "how many...?" counts, is enough; down to `fact_slack`
        under it, one naming every key term. The sentence gates still decide whether anything answers."""
        if ctx.confidence <= self.cfg.min_confidence - 2 * self.cfg.fact_slack:
            return False  # far below the bar: nothing found is near the question
        asked = self._asked(ctx, query, top)
        own = [p for p in top if p.area == ctx.area] if ctx.area else top
        if any(asked.names_the_named(p.text) for p in own):
            return True  # "who are fact bucks, keep seeing them mentioned": the name asked about, as a name
        if (
            ctx.area
            and counted_thing(ctx.asking) is not None
            and any(counts_the_thing(ctx.asking, p.text, self.acronyms) for p in own)
        ):
            # "how many weaknesses did worcs get": a short question, far from a long list as a whole (0.13), though
            # the area's passage counts what it asks ("the following 12 areas of significant weakness").
            return True
        if ctx.confidence < self.cfg.min_confidence - self.cfg.fact_slack:
            return False
        terms = asked.terms
        return bool(terms) and any(coverage(terms, term_set(p.text, self.acronyms)) >= 1.0 for p in own)

    def _refuse(self, ctx: Context) -> NoReturn:
        """Not found, with the next step: for a question naming another council than the chosen one ("how do i
        contact the luton send team", Central Bedfordshire chosen), a reply that names it and gives none of the
        chosen area's own signposts, which are not that council's."""
        other = names_council(ctx.question, self._names_of(ctx.area)) if ctx.area and ctx.area_covered else None
        self.next_step.refuse(ctx, covered=ctx.area_covered, elsewhere=council_name(other) if other else None)

    def _names_of(self, area: str) -> list[str]:
        """The chosen area's name and the names people use for it (its profile's short name, nicknames and place
        words)."""
        profile = self.profiles.get(area) if self.profiles is not None and area else None
        if profile is None:
            return [area]
        return [area, profile.short_name, *profile.nicknames, *profile.place_words]

    def _asks_of_a_place(self, ctx: Context, chosen: list[Candidate], local_fact: bool) -> bool:
        """Whether the question asks about a place's own services, people or contacts: a local detail or fact,
        or a local question that no guidance answer to this very question answers ("is there a special school in
        leeds" is; "how long does an EHC needs assessment take in leeds" is not, and guidance answers it)."""
        if asks_for_local_detail(ctx.question) or local_fact:
            return True
        return is_local_question(ctx.question, "") and not (chosen and chosen[0].parts.get("qa_match"))

    def _named_by(self, candidate: Candidate, top: list[Passage]) -> set[str]:
        """The terms a unit names, itself or under its passage's heading."""
        return term_set(candidate.unit.full, self.acronyms) | term_set(heading_of(top[candidate.rank]), self.acronyms)

    def _named_thing(
        self, question: str, query: str, terms: list[str], tone: frozenset[str], area_words: set[str]
    ) -> list[str]:
        """The key terms of a "what is X called?" question: X itself even where it is a word that cues an answer
        ("whats the website called": a name naming the website); and for a follow-up, the follow-up's own terms,
        not the earlier question's ("whats the website called" after "who is the lead officer for the local offer"
        asks the website's name, which need not name a lead officer)."""
        thing = _NAMED_THING.search(question)
        extra = [stem(thing.group(1).lower())] if thing and thing.group(1).lower() in ANSWER_CUES_NAMED else []
        own = [t for t in key_terms(question, tone) if not _is_area(t, area_words)]
        if query != question and (own or extra):
            return [*own, *(t for t in extra if t not in own)]
        return [*terms, *(t for t in extra if t not in terms)]

    def _asked(self, ctx: Context, query: str, top: list[Passage]) -> Asked:
        """What the question asks for, with the area's own name taken out of its key terms."""
        area_words = {w for p in top for w in words(p.area)} | self._area_words(ctx)
        kind = expected_answer(ctx.asking)
        intent = asked_intent(ctx.asking)
        # "what is the local offer, the school mentioned it": what is asked about is before the comma.
        asked_about = query.split(",")[0] if intent == "what_is" else query
        # "what do inspectors think of the ehcps here": what is asked about is the plans; who said it frames the
        # question and is no key term a sentence must name ("Team inspectors were an HMI..." names only that).
        asked_about = said_about(asked_about)
        terms = [t for t in key_terms(asked_about, tone_words(intent)) if not _is_area(t, area_words)]
        if kind == "name":
            terms = self._named_thing(ctx.question, query, terms, tone_words(intent), area_words)
        # An everyday phrase naming no key term stands for one, named by the documents' words for it: "how can
        # parents in bedford have their say about send services" asks about "views ... surveys", not "services".
        rarity = self._term_rarity()
        # Only for a question naming one key term at most: "who can help with speech therapy" is about speech
        # therapy, whoever gives it.
        phrased = [t for t in _phrase_terms(query, terms) if not _is_area(t, area_words)] if len(terms) <= 1 else []
        # ...and so for the sentences that ask, in a longer message: "Who can help me in Central Beds? feel like im
        # just getting bounced around services" asks who helps; its story's words are no part of that.
        asking = " ".join(asking_sentences(query, dashes=True)) or _asking_clause(query)
        asking_terms = [t for t in key_terms(asking, tone_words(intent)) if t in terms and not _is_area(t, area_words)]
        asking_phrased = (
            [t for t in _phrase_terms(asking, asking_terms) if not _is_area(t, area_words)]
            if asking and len(asking_terms) <= 1
            else []
        )
        alternatives = _alternatives(query, terms + phrased + asking_phrased, rarity)
        terms = terms + [t for t in phrased if t in alternatives]
        asking_terms = asking_terms + [t for t in asking_phrased if t in alternatives and t not in asking_terms]
        broad = [t for t in content_terms(query, drop=ANSWER_CUES) if t not in terms and not _is_area(t, area_words)]
        local_question = bool(ctx.area) and ctx.area_covered and not is_definition_question(query)
        # "What is the forum called here?", "how many plans has Bedford issued?": only the area's documents know.
        local_kind = _asks_local_fact(kind, intent, ctx.asking)
        return Asked(
            area=ctx.area,
            terms=terms,
            broad=terms + broad,
            kind=kind,
            intent=intent,
            local_question=local_question,
            wants_local_fact=bool(ctx.area) and ctx.area_covered and local_kind,
            generic=self.generic | {stem(w) for w in area_words},
            words=len(words(query)),
            question=ctx.question,
            alternatives=alternatives,
            asking_terms=asking_terms,
        )

    def _select(self, ctx: Context, query: str, top: list[Passage], guidance: bool = True) -> list[Candidate]:
        """The units that answer: a guidance answer to this very question (unless `guidance` is False), else the
        best-scoring candidates."""
        asked = self._asked(ctx, query, top)
        qvec = self.cache.query(self._measured(query, ctx.area))
        all_units = self.cache.units(top, self.cfg)
        # A follow-up asking what something is called ("whats the website called" after "who leads the local offer")
        # is measured against its own words as well as the rewritten search: the earlier question's "lead officer"
        # makes the rewrite unlike "...found what they were looking for on the Rainbow Resource website".
        own_vec = [self.cache.query(ctx.question)] if asked.kind == "name" and query != ctx.question else []
        # ...and a message of several sentences by each sentence that asks and names two things or more itself, the
        # nearest counting: "senco in banes - who does advocacy for young people with ehcps" is 0.32 like "Advocacy
        # for children and young people is provided by Off the Record", and 0.70 like the SENCO's job, for the
        # role it opens with. "can they do that" names nothing a unit could be near.
        own_vec += [
            self.cache.query(self._measured(sentence, ctx.area))
            for sentence in asking_sentences(ctx.question, dashes=True, named=2)
        ]
        # A unit naming the documents' word for one of the question's everyday phrases is measured against the
        # question in those words too: "i need someone on my side at my ehcp meeting" is unlike "Advocacy for
        # children and young people is provided by Off the Record" (0.18) until it reads "i need advocacy advocate
        # at my ehcp meeting". Only such a unit: "epilepsy" reads "medical condition", and a sentence naming no
        # medical condition is no nearer "is there a community epilepsy nurse" for that.
        groups = plain_groups(query)
        plain_vec = [self.cache.query(reworded(query, groups))] if groups else []
        # ...as is each sentence that asks, in a longer message: "Who can help me in Central Beds?" reads "who can
        # help me (where to start SENCO SENDIASS advice)", nearer "Your local SENDIASS gives free, impartial ...
        # advice" than the whole message with its story of being bounced around services.
        for sentence in asking_sentences(query, dashes=True):
            said = plain_groups(sentence)
            if said:
                plain_vec.append(self.cache.query(self._measured(reworded(sentence, said), ctx.area)))
        candidates = self._candidates(ctx.question, asked, top, all_units, qvec, own_vec, plain_vec)
        # Which of two near guidance headings answers is told by their openings' scores with every key term weighed
        # alike: a rare word of the question ("autism") does not turn "Does my child need a diagnosis to get SEN
        # support?" into "Does autism count as a special educational need?".
        openings = {c.rank: c.plain for c in sorted(candidates, key=lambda c: c.plain) if c.unit.start == 0}
        answer = self._qa_answer(top, all_units, qvec, asked, query, openings) if guidance else []
        if not candidates and not answer:
            # Nothing passes the gates as they stand: a wordy question may take a unit naming most of its terms.
            slack = replace(asked, wordy_slack=True)
            candidates = self._candidates(ctx.question, slack, top, all_units, qvec, own_vec, plain_vec)
        if not answer and guidance:
            # A long message whose story makes every sentence unlike it: a guidance answer ranked first or second
            # answers it when no unit passed; ranked first, also when its heading question is nearer the message
            # than any unit that passed.
            behind = self._answer_after_background(top, all_units, qvec, asked, query)
            if behind and (
                not candidates
                or (behind[0].rank == 0 and all(float(c.vector @ qvec) < behind[0].score for c in candidates))
            ):
                ctx.notes.append(f"a long message: the guidance answer ranked {behind[0].rank + 1} answers it")
                answer = behind
        if asked.intent in _SHAPED and any(fits_intent(c.unit.full, asked.intent) for c in candidates):
            # Sentences that carry what was asked (an action for "how", a helper for "who") answer it; the rest
            # only resemble the question.
            candidates = [c for c in candidates if fits_intent(c.unit.full, asked.intent)]
        candidates = _counts_under_their_sentence(candidates, asked.kind)
        if answer and candidates:
            # A sentence of another passage saying what was asked more nearly than the matched heading asks it
            # answers instead: "do ehcps end at 18" is "An EHC plan does not end at 18; it can continue up to 25",
            # not the answer to "Can an EHC plan continue after 19?" ("Yes: ...").
            best = max(candidates, key=lambda c: c.score)
            if best.rank != answer[0].rank and float(best.vector @ qvec) >= answer[0].score + self.cfg.qa_yield:
                ctx.notes.append("a sentence nearer the question than the guidance heading answers")
                answer = []
        defines = is_definition_question(query) or bool(_WHAT_DOES.search(query))  # "what is X?", "what does X do?"
        if not defines:
            candidates = _definitions_follow(candidates, top, self.cfg.keep_ratio)
        if answer:
            # A guidance answer to this very question leads; the user's own area's passages that answer it too
            # come first, as local detail: a local fact of the kind asked for (a name, a number, a contact) is what
            # a national answer lacks.
            local = self._mmr([c for c in candidates if top[c.rank].area and top[c.rank].area == ctx.area])
            local = [
                c
                for c in local
                if asked.kind is not None
                or c.parts.get("local_provider")
                or (c.score >= self.cfg.strong_similarity and fits_intent(c.unit.full, asked.intent))
            ][:2]
            # Local text leads only when it answers itself: the local fact asked for, or the action or helper a
            # "how" or "who" question wants that is not a report's finding. "Processing annual reviews in a
            # timely manner is an area for development" does not say what happens at a review: the guidance
            # answer leads, and the local passage follows it as context.
            # A fact of the kind asked that guidance gives too (a date, a frequency) leads only from a unit that is
            # no finding and as near the question as the answer: "Processing annual reviews ... is an area for
            # development ... in April 2020" does not say when a plan must be updated before secondary school.
            answer_similarity = max(float(c.vector @ qvec) for c in answer)
            leads = [
                c
                for c in local
                if asked.wants_local_fact
                or c.parts.get("local_provider")  # "are there any short breaks here?": who provides them, locally
                or (
                    not is_finding(top[c.rank], c.unit.full)
                    and (
                        asked.intent in FINDING_BLIND_INTENTS
                        or (asked.kind is not None and float(c.vector @ qvec) >= answer_similarity)
                    )
                )
            ]
            # Local text after the guidance answer is context only when it names what was asked itself, and is not
            # a report's verdict on something else: "can an ehcp carry on after 19" (Bedford) is not followed by
            # "There has been a lack of engagement ... in the preparation of EHCPs", nor "can the council stop his
            # ehcp" by "Leaders are not rectifying the issues caused by poor-quality EHC plans".
            context = [c for c in local if c not in leads and self._adds_context(asked, top, c)]
            return leads + answer + context[:1]
        chosen = self._mmr(candidates)
        chosen = _opening_first(chosen, top)
        providers = [c for c in candidates if c.parts.get("local_provider")]
        if chosen and asked.existence and providers and not chosen[0].parts.get("local_provider"):
            # "what respite is there" (Central Bedfordshire): the area's own provider of it answers ("the short breaks
            # available through Kingfishers and Maythorn"); England-wide text saying what short breaks are follows.
            ctx.notes.append("the area's own provider leads an 'is there...?' question")
            local = self._mmr(providers)[:2]
            chosen = local + [c for c in chosen if not any(_overlaps(c, s) for s in local)][:1]
        if chosen:
            # A sentence about the other half of a question is not its answer: for "sen transport appeal", when the
            # best sentence says what transport help there is, "You can appeal to the SEND Tribunal about an EHC
            # plan" (another passage, no word of transport) does not say how to appeal about transport.
            named = self._terms_named(chosen[0], top, asked.terms)
            if named and len(named) < len(asked.terms):
                chosen = [
                    chosen[0],
                    *(
                        c
                        for c in chosen[1:]
                        if c.rank == chosen[0].rank or self._terms_named(c, top, asked.terms) & named
                    ),
                ]
        if chosen and not defines:
            # A definition of a word the question used ("A learning disability (LD) is ...") is padding after
            # the answer to "is there an LD nurse at the hospital?"; it may only lead, when nothing else answers.
            chosen = [chosen[0], *(c for c in chosen[1:] if not _defines(top[c.rank]))]
        glossary_only = chosen and all(top[c.rank].doc_type == "glossary" for c in chosen)
        if glossary_only and asked.local_question and is_local_question(ctx.question, ctx.area):
            return []  # a definition of the words used does not answer "is there a nurse at the hospital?"
        if glossary_only and ctx.area and not ctx.area_covered and not is_definition_question(query):
            # "What are the top-up funding bands?" for an area we hold no documents for: the definition of "high
            # needs block" says nothing about that place; the honest answer is not-found and where to ask.
            ctx.notes.append("glossary definition only, for an area the index does not cover")
            return []
        return chosen

    def _terms_named(self, c: Candidate, top: list[Passage], terms: list[str]) -> set[str]:
        """The key terms a unit names, itself or under its passage's heading."""
        own = self._named_by(c, top)
        return {t for t in terms if has_term(t, own)}

    def _adds_context(self, asked: Asked, top: list[Passage], c: Candidate) -> bool:
        """Whether a local unit may follow a guidance answer: it names every key term itself (not only under its
        heading), or at least `min_coverage` of them and is not a report's finding, unless a judgement was asked
        for. "The SEND Partnership Service provides free confidential and impartial information" (a strength)
        follows the guidance answer to "where can I get impartial advice?"."""
        named = coverage(asked.terms, term_set(c.unit.full, self.acronyms))
        if named >= 1.0:
            return True
        return named >= self.cfg.min_coverage and (
            asked.intent == "judgement" or not is_finding(top[c.rank], c.unit.full)
        )

    def _term_rarity(self) -> dict[str, float]:
        """Each term's rarity weight over the indexed passages (compose_scoring.rarity_weights), read again only when
        the index changes; {} without documents."""
        if self.documents is None:
            return {}
        version, texts = self.documents()
        if self._rarity is None or self._rarity[0] != version:
            self._rarity = (version, rarity_weights(term_set(t, self.acronyms) for t in texts()))
        return self._rarity[1]

    def _measured(self, query: str, area: str) -> str:
        """The question as its meaning is compared with units and headings: without the chosen area's names, and
        with its abbreviations spelt out. Every passage read is the area's or England-wide, so the place tells the
        vectors nothing, and it pulls a short question away from what answers it: "is there anyone independent in
        B&NES who can advise me for free" is 0.35 like "Where can I get free, impartial advice about SEND?", 0.71
        without "in B&NES"."""
        return self._spelled_out(without_area_names(query, area), area)

    def _spelled_out(self, query: str, area: str) -> str:
        """The question with the long form of each abbreviation it uses added, for comparing meanings: "is the dco
        any good" is far from "the impact of the designated clinical officer is limited" until "DCO" is spelt out.
        """
        groups = getattr(self.glossary, "expansion_groups", None)
        if groups is None:
            return query
        longer = [f for found, added in groups(query, area) if " " not in found.strip() for f in added if " " in f]
        return f"{query} ({'; '.join(longer)})" if longer else query

    def _candidates(
        self,
        question: str,
        asked: Asked,
        top: list[Passage],
        all_units: list[list[tuple[Unit, np.ndarray]]],
        qvec: np.ndarray,
        own_vec: Sequence[np.ndarray] = (),
        plain_vec: Sequence[np.ndarray] = (),
    ) -> list[Candidate]:
        """Every unit that passes the gates, scored by the weighted features (compose_scoring.py); `own_vec`: other
        vectors of the question (a follow-up's own words), the nearest of which measures similarity; `plain_vec`:
        the question with its everyday phrases in the documents' words, which measures a unit naming those words."""
        candidates: list[Candidate] = []
        rarity = self._term_rarity()
        # "how many PROBLEMS did ofsted find" counts what the report calls weaknesses ("12 areas of significant
        # weakness"): the count may be of the thing in the documents' words for it (plain_words.py).
        thing = counted_thing(question) if asked.kind == "number" else None
        also = {
            stem(w)
            for said, means in (plain_groups(question) if thing else [])
            if thing in {stem(w) for w in words(said)}
            for w in words(" ".join(means))
        }
        for rank, units in enumerate(all_units):
            # The heading says what a passage is about: "Strengths" under "Local offer" is about the local offer.
            heading_text = heading_of(top[rank])
            judged = finding_terms(top[rank])  # "good" under "Strengths", "wrong" under "Areas for development"
            heading = self._with_synonyms(with_families(term_set(heading_text, self.acronyms))) | judged
            opening = self._heading_match(top[rank], qvec, asked)  # the answer's opening, to a near question
            if asked.kind == "person" or (asked.kind == "name" and _ROLE.search(question)):
                # A heading naming who leads a section answers "who leads it?", and "what is X called?" only
                # when X is a role ("what is the lead officer called?"), never "what is the website called?".
                units = units + self._heading_units(top[rank], asked.terms, asked.kind, question, asked.generic)
            if _front_matter(top[rank]):
                continue  # "A plain-English guide to the SEND system ... for GPs" answers nothing
            for unit, vector in units:
                if _contradicts(question, unit.full) or contrasts(question, unit.full):
                    # ...nor a sentence about the other kind of setting: "A child with an EHC plan must be educated
                    # in a mainstream school" says nothing of a plan at university.
                    continue
                stated = finding_terms(top[rank], unit.full)
                own = self._with_synonyms(with_families(term_set(unit.full, self.acronyms))) | stated
                reworded_terms = asked.in_other_words(own)
                own |= reworded_terms
                near = (qvec, *own_vec, *plain_vec) if reworded_terms else (qvec, *own_vec)
                evidence = Evidence(
                    rank=rank,
                    passage=top[rank],
                    unit=unit,
                    own=own,
                    heading=heading,
                    similarity=max(float(vector @ v) for v in near),
                    # ...or of the sentences that ask, in a longer message: its story is no part of what a unit
                    # must name.
                    coverage=max(
                        (coverage(terms, own) + coverage(terms, own | heading)) / 2
                        for terms in (asked.terms, asked.asking_terms or asked.terms)
                    ),
                    # ...a count of what was asked, too: "4879 children with EHCPs" counts no EHCP coordinators.
                    fits_kind=answers_kind(
                        _shown_fact(unit, asked.kind, question, also), asked.kind, question, asked.generic
                    )
                    and (
                        asked.kind != "number"
                        or counts_the_thing(question, unit.full, self.acronyms, heading=heading_text, also=also)
                    ),
                    fits_intent=fits_intent(unit.full, asked.intent) or _defines_the_thing(top[rank], asked, own),
                    heading_match=opening if unit.start == 0 else 0.0,
                    states_finding=asked.intent not in FINDING_BLIND_INTENTS
                    and any(has_term(t, stated | judged) for t in asked.terms),
                    rare_coverage=(
                        (
                            weighted_coverage(asked.terms, own, rarity)
                            + weighted_coverage(asked.terms, own | heading, rarity)
                        )
                        / 2
                        if rarity
                        else None
                    ),
                )
                if failed_gate(asked, evidence, self.cfg) is None:
                    parts = contributions(asked, evidence, self.cfg.weights)
                    plain = score(contributions(asked, replace(evidence, rare_coverage=None), self.cfg.weights))
                    candidates.append(Candidate(rank, unit, vector, score(parts), parts, plain))
        return candidates

    def _qa_answer(
        self,
        top: list[Passage],
        all_units: list[list[tuple[Unit, np.ndarray]]],
        qvec: np.ndarray,
        question: Asked,
        query: str,
        openings: dict[int, float] | None = None,
    ) -> list[Candidate]:
        """The opening units of a question-and-answer passage whose question is the user's, or [] when none is.
        `openings`: rank -> the score of the passage's opening unit as a candidate (none: it is not one).

        National guidance is written as questions with answer-first replies; when the heading question means
        the same as the user's (and asks for the same shape and kind of answer), the start of its answer is the
        answer.
        """
        near: list[tuple[float, int, float]] = []  # each near heading's similarity, its rank, its opening's
        for rank, passage in enumerate(top):
            asked = heading_question(passage.location or "")
            if not asked:
                continue
            sim = self._heading_similarity(asked, qvec, question)
            if _contradicts(query, asked) or contrasts(query, asked):
                continue  # "...with an EHC plan?" is no answer to "...without an EHC plan?", "university" to "college"
            if _misses_age_bound(query, f"{asked} {passage.text}"):
                continue  # "...stay at school till 19?" is not answered by "...before they start school?"
            if _misses_actor(query, f"{asked} {passage.text}"):
                continue  # "can a GP decide whether a kid gets an ehcp" is not "can a child doing well get one"
            if sim >= self.cfg.qa_match - self.cfg.qa_window:
                near.append((sim, rank, (openings or {}).get(rank, 0.0)))
        if not near or max(sim for sim, _, _ in near) < self.cfg.qa_match:
            return []
        # Of the headings near the question (one at least `qa_match`), the one whose answer also opens nearest it:
        # "got my mediation certificate, how long now to appeal" is answered by "You must appeal within 2 months ...
        # or within 1 month after the mediation certificate", not by how quickly a certificate comes.
        # The guidance matches the question as nearly as its nearest heading does, whichever answer is taken: a
        # sentence of another passage must be nearer than that to answer instead ("how long does the council have
        # to decide if they will assess my son for an EHCP" is 0.74 like "How long does the council have to decide
        # whether to assess?"; the answer taken, opening nearer, is that to "How long does an EHC needs assessment
        # take?", 0.66 like it, and "If, after assessing, the council decides not to issue an EHC plan, it must tell
        # you within 16 weeks", 0.72 like the question, is no answer to it).
        _, rank, _ = max(near, key=lambda n: n[0] + n[2])
        return self._opening(all_units[rank], rank, max(n[0] for n in near), query)

    def _answer_after_background(
        self,
        top: list[Passage],
        all_units: list[list[tuple[Unit, np.ndarray]]],
        qvec: np.ndarray,
        asked: Asked,
        query: str,
    ) -> list[Candidate]:
        """The opening of a guidance answer for a long message that tells its story before it asks, when no unit
        passes the gates: "TA here (yr4). one of my kids with send gets sent to the isolation room nearly every day
        and misses loads of lessons, is that ok" is like no sentence and no heading closely as a whole, yet search
        ranks "Can the school put my child in an isolation or removal room?" first. A heading ranked among the first
        `background_ranks` answers such a message (at least `background_words` words) when it is at least
        `background_match` similar to it, and, where a value was asked for ("how many days have i got"), its answer
        gives one. The checks after selection still apply: a local detail asked for is still refused from national
        text, a wait's length unstated."""
        if asked.words < self.cfg.background_words:
            return []
        near: list[tuple[float, int]] = []
        for rank, passage in enumerate(top[: self.cfg.background_ranks]):
            heading = heading_question(passage.location or "")
            if not heading or _contradicts(query, heading) or contrasts(query, heading):
                continue
            if _misses_age_bound(query, f"{heading} {passage.text}"):
                continue
            sim = self._heading_similarity(heading, qvec, asked)
            if sim >= self.cfg.background_match:
                near.append((sim, rank))
        if not near:
            return []
        sim, rank = max(near)
        out = self._opening(all_units[rank], rank, sim, query)
        if asked.kind is not None and not any(
            answers_kind(c.unit.full, asked.kind, asked.question, asked.generic) for c in out
        ):
            return []  # "how much carers allowance will i get a week, ...": who may get it gives no amount
        return out

    def _opening(self, units: list[tuple[Unit, np.ndarray]], rank: int, sim: float, query: str) -> list[Candidate]:
        """A guidance answer's opening units, up to about `qa_max_words` words, scored `sim` (feature "qa_match")."""
        out: list[Candidate] = []
        for unit, vector in units:
            if unit.data or unit.items:
                break
            if _contradicts(query, unit.full):
                continue  # "Without an EHC plan, ..." opens the answer, but the user's child has one
            # A unit that repeats sentences already shown (a sentence with its antecedent) replaces them.
            kept = [c for c in out if not (unit.start <= c.unit.start and c.unit.end <= unit.end)]
            if any(c.unit.start <= unit.start <= c.unit.end for c in kept):
                continue
            size = sum(len(c.unit.full.split()) for c in kept) + len(unit.full.split())
            if kept and size > self.cfg.qa_max_words:
                break
            out = [*kept, Candidate(rank, unit, vector, score=sim, parts={"qa_match": sim})]
        return out

    def _heading_similarity(self, heading: str, qvec: np.ndarray, question: Asked) -> float:
        """How near a guidance heading question is to the user's, less `intent_penalty` when it asks for another
        shape or kind of answer: "what is an EHC plan?" does not answer "how do I get one?", nor "how often is a
        plan reviewed?" "what happens at a review?".

        A message of several sentences is measured by each sentence that asks something too, and the nearest
        counts: "do we need the autism diagnosis before we can ask for an ehcp? been on the waiting list 18 months
        and school keep saying wait for the diagnosis" asks "Do I need a diagnosis to get an EHC needs assessment
        or an EHCP?" in its first sentence, and its story makes the whole less like it."""
        known = self.heading_vectors.vector(heading) if self.heading_vectors is not None else None
        vector = known if known is not None else self.cache.query(heading)
        shape = (_intent(heading), expected_answer(heading))

        def penalised(text_vector: np.ndarray, asking: str, kind: str | None) -> float:
            sim = float(vector @ text_vector)
            return sim - self.cfg.weights.intent_penalty if shape != (_intent(asking), kind) else sim

        readings, plain = self._question_readings(question)
        sims = [penalised(qvec, question.question, question.kind)]
        sims += [penalised(self.cache.query(text), asking, kind) for text, asking, kind in readings]
        # A heading in the documents' words for the question's everyday phrase is measured against the question in
        # those words too (as _select measures units): "does my daughter need an ehcp to get extra time in her
        # gcses" is 0.55 like "Can my child get extra time or other help in exams?", and 0.66 like "Does my child's
        # EHC plan carry on when they go to college?"; read with "exams" for "gcses", 0.90 like the first.
        if plain and question.in_other_words(self._with_synonyms(with_families(term_set(heading, self.acronyms)))):
            sims.append(penalised(self.cache.query(plain), question.question, question.kind))
        return max(sims)

    def _question_readings(self, question: Asked) -> _Readings:
        """The texts of the question, besides the measured query, that each guidance heading is measured against:
        ((text, the sentence it reads, the kind of answer it asks for), ...) and the question in the documents'
        words for its everyday phrases (None without one). The same for every heading: worked out once a question.

        - The question in its own words, abbreviations not spelt out: a heading asks as people do ("How long does
          the council have to decide whether to assess?" is 0.74 like "how long does the council have to decide if
          they will assess my son for an EHCP?" as typed, 0.69 with "(Education, Health and Care plan; local
          authority)").
        - Each sentence that asks, in a message of several (see _heading_similarity).
        Every text is without the chosen area's names (_measured)."""
        key = (question.question, question.area, question.kind)
        found = self._readings.get(key)
        if found is None:
            area = question.area
            placeless = without_area_names(question.question, area)
            own = (
                ((placeless, question.question, question.kind),)
                if self._spelled_out(placeless, area) != placeless
                else ()
            )
            asking = tuple(
                (without_area_names(sentence, area), sentence, expected_answer(sentence))
                for sentence in asking_sentences(question.question)
            )
            groups = plain_groups(question.question)
            plain = without_area_names(reworded(question.question, groups), area) if groups else None
            found = (own + asking, plain)
            if len(self._readings) >= _READINGS_KEPT:
                self._readings.clear()
            self._readings[key] = found
        return found

    def _heading_match(self, passage: Passage, qvec: np.ndarray, question: Asked) -> float:
        """0..1: how near the passage's heading question is to the user's, from `qa_match - heading_slack` (0) to
        `qa_match` (1); 0 for a passage under no question or one that contradicts the user's."""
        heading = heading_question(passage.location or "")
        if not heading or _contradicts(question.question, heading) or contrasts(question.question, heading):
            return 0.0
        if _defines(passage) and not is_definition_question(question.question):
            return 0.0  # what a parent carer forum is does not answer "is there one here?"
        floor = self.cfg.qa_match - self.cfg.heading_slack
        share = (self._heading_similarity(heading, qvec, question) - floor) / self.cfg.heading_slack
        return min(1.0, max(0.0, share))

    def _heading_units(
        self, passage: Passage, terms: list[str], kind: str, question: str, generic: set[str]
    ) -> list[tuple[Unit, np.ndarray]]:
        """A heading that names who leads a section ("Local offer – lead officer Rebecca Claridge") as a unit."""
        out: list[tuple[Unit, np.ndarray]] = []
        for segment in heading_of(passage).split(" > "):
            segment = segment.strip()
            if not _ROLE_NAME.search(segment) or not answers_kind(segment, kind, question, generic):
                continue
            if coverage(terms, term_set(segment, self.acronyms)) >= self.cfg.min_coverage:
                out.append((Unit(segment, (), -1, -1), self.cache.query(segment)))
        return out

    def _mmr(self, candidates: list[Candidate]) -> list[Candidate]:
        """Best first, then the most relevant units that add something new, while they score close to the best."""
        cfg = self.cfg
        if not candidates:
            return []
        best = max(candidates, key=lambda c: c.score)
        chosen = [best]
        pool = [c for c in candidates if c is not best and c.score >= cfg.keep_ratio * best.score]
        while pool and len(chosen) < cfg.max_sentences:

            def gain(c: Candidate) -> float:
                return cfg.mmr_lambda * c.score - (1 - cfg.mmr_lambda) * max(float(c.vector @ s.vector) for s in chosen)

            nxt = max(pool, key=gain)
            pool.remove(nxt)
            if len(chosen) >= 2 and nxt.score < cfg.close_ratio * best.score:
                continue  # the question is answered; a much weaker sentence would only dilute it
            if any(_overlaps(nxt, s) for s in chosen):
                continue  # the same sentence, shown already as part of another unit
            if any(_restates(nxt.unit.full, s.unit.full) for s in chosen):
                continue  # the glossary and the guide saying the same thing in nearly the same words
            if max(float(nxt.vector @ s.vector) for s in chosen) < cfg.duplicate_similarity:
                chosen.append(nxt)
        # The best unit leads; the rest read in document order.
        return [best, *sorted(chosen[1:], key=lambda c: (c.rank, c.unit.start))]

    def _contacts(self, ctx: Context, top: list[Passage], chosen: list[Candidate]) -> list[int]:
        """Ranks of service records whose contact card belongs in the answer."""
        cited = {c.rank for c in chosen}
        ranks = [r for r in sorted(cited) if has_contact(top[r])]
        kind = expected_answer(ctx.asking)
        wants_contact = kind in {"phone", "email", "url", "contact"} or "contact" in ctx.question.lower()
        if not ranks and wants_contact:
            ranks = [r for r, p in enumerate(top[:3]) if has_contact(p)][:1]
        return ranks

    def _render(self, ctx: Context, top: list[Passage], chosen: list[Candidate], contacts: list[int]) -> None:
        numbers: dict[int, int] = {}
        citations: list[Citation] = []

        def cite(rank: int) -> int:
            if rank not in numbers:
                numbers[rank] = len(numbers) + 1
                citations.append(citation_for(top[rank], numbers[rank]))
            return numbers[rank]

        intent = asked_intent(ctx.asking)
        sentences: list[Candidate] = []
        lists: dict[tuple[int, int], tuple[str, dict[int, str]]] = {}
        for c in chosen:
            if c.unit.items:
                # Items of one list are shown together under their introduction, in document order.
                _, items = lists.setdefault((c.rank, c.unit.lead), (c.unit.text, {}))
                items.update((c.unit.start + k, item) for k, item in enumerate(c.unit.items))
            else:
                sentences.append(c)
        # A unit of two sentences ("... the Board. It includes ...") carries its [n] after each of them.
        # A verdict ("Yes: ...", "No, ...") is the answer's only when it opens it: after another sentence it would
        # answer a question of its own heading ("...does not end at 18. Yes: an EHC plan can continue...").
        prose = " ".join(
            f"{s if s[-1:] in '.!?:' else s + '.'} [{{{c.rank}}}]"
            for k, c in enumerate(sentences)
            for j, (t, _) in enumerate(split_sentences(c.unit.text))
            for s in (strip_label(t, intent if k == j == 0 else None),)
            if s
        )
        listed = []
        for (rank, _), (intro, items) in lists.items():
            # Items under a line ending ":" share its [n]; under an ordinary sentence each carries its own.
            own = "" if intro.endswith((":", ";")) else f" [{{{rank}}}]"
            listed.append(
                "\n".join(
                    [cite_each(intro, f"[{{{rank}}}]"), *(f"- {strip_label(items[k])}{own}" for k in sorted(items))]
                )
            )
        # Whatever holds the best unit comes first; citations are numbered in the order they are shown.
        blocks = [*listed, prose] if chosen and chosen[0].unit.items else [prose, *listed]
        blocks = [_number(b, cite) for b in blocks if b]
        blocks += ["\n".join(contact_lines(top[r], cite(r))) for r in contacts]
        body = "\n\n".join(b for b in blocks if b)
        if ctx.answer.audience == "parent":
            body = expand_acronyms(body, self.acronyms)
        lead, ctx.answer.scope = lead_line([c.area for c in citations], ctx.area, ctx.area_covered, ctx.known_areas)
        if ctx.answer.status != SAFEGUARDING:
            ctx.answer.status = ANSWERED
        ctx.answer.answer = join_answer(ctx.prefix, lead, [body])
        ctx.answer.citations = citations


_RANK_MARK = re.compile(r"\[\{(\d+)\}\]")


def _number(block: str, cite: Callable[[int], int]) -> str:
    """Turn the rank placeholders "[{r}]" of a rendered block into citation numbers "[n]"."""
    return _RANK_MARK.sub(lambda m: f"[{cite(int(m.group(1)))}]", block)


# What a count counts: the few words after it ("12 areas of significant weakness" counts weaknesses too).
_COUNTED = re.compile(r"\b\d[\d,]*\s+((?:[A-Za-z-]+\s+){0,3}[A-Za-z-]+)")


def _shown_fact(unit: Unit, kind: str | None, question: str, also: Iterable[str] = ()) -> str:
    """Where a unit's count must be: one list item under "...the following 12 areas of weakness:" counts nothing
    itself; the 12 counts the list's areas, which answers "how many areas of weakness?", not "how many children are
    on SEN support?"."""
    if len(unit.items) != 1 or kind not in ("number", "percent"):
        return unit.full
    asked = set(content_terms(question)) | set(also)  # `also`: the documents' words for what is counted
    counted = {t for m in _COUNTED.finditer(unit.text) for t in content_terms(m.group(1))}
    return unit.full if counted & asked else unit.items[0]


def _opening_first(chosen: list[Candidate], top: list[Passage]) -> list[Candidate]:
    """The guide answers first: its answer's opening, when chosen too, leads the sentences after it ("You may get
    Carer's Allowance if..." before "You must not be in full-time education...")."""
    if not chosen or chosen[0].unit.start == 0 or top[chosen[0].rank].doc_type != "national guidance":
        return chosen
    opening = [c for c in chosen if c.rank == chosen[0].rank and c.unit.start == 0]
    return opening + [c for c in chosen if c not in opening]


# A word of the documents in more than about a tenth of the passages ("education", "support") says too little to
# stand for the everyday phrase ("taken off roll" -> "home education"): its rarity weight (log N / df) is below this.
_ALTERNATIVE_RARITY = math.log(10)


def _alternatives(question: str, terms: list[str], rarity: dict[str, float]) -> dict[str, frozenset[str]]:
    """key term -> stems of the documents' words for the everyday phrase it is in (retrieval/plain_words.py), the
    commonest left out: "can i get help paying for his TAXI to school" -> {"taxi": {"transport", "travel"}}."""
    out: dict[str, set[str]] = {}
    for said, means in plain_groups(question):
        stems = {
            stem(w)
            for m in means
            for w in words(m)
            if w not in STOPWORDS and rarity.get(stem(w), _ALTERNATIVE_RARITY) >= _ALTERNATIVE_RARITY
        }
        for word in words(said):
            if stem(word) in terms:
                out.setdefault(stem(word), set()).update(stems - {stem(word)})
    return {term: frozenset(alts) for term, alts in out.items() if alts}


def _phrase_terms(question: str, terms: list[str]) -> list[str]:
    """For each everyday phrase of the question (retrieval/plain_words.py) none of whose words is a key term, the
    stem of its last content word: "have there say" -> "say"."""
    out: list[str] = []
    for said, _ in plain_groups(question):
        stems = [stem(w) for w in words(said) if w not in STOPWORDS]
        if stems and not any(t in terms for t in stems) and stems[-1] not in out:
            out.append(stems[-1])
    return out


def _names_of_term(term: GlossaryTerm) -> list[str]:
    """A glossary entry's names: its term, its long form and its aliases."""
    return [
        str(getattr(term, "term", "")),
        str(getattr(term, "expansion", "")),
        *map(str, getattr(term, "aliases", ())),
    ]


def _synonyms(glossary: GlossaryLike | None) -> dict[str, list[frozenset[str]]]:
    """stem of a one-word lower-case glossary name -> the stems of each of its entry's names of two or more words
    ("respit" -> {short, break}, ...; "tribun" -> {send, tribun}...). England-wide entries only, and no name with a
    number in it ("Equality Act 2010" says what the law is, not that a sentence is about a disability)."""
    out: dict[str, list[frozenset[str]]] = {}
    for term in getattr(glossary, "terms", None) or []:
        if getattr(term, "area", ""):
            continue
        names = _names_of_term(term)
        longer = [
            frozenset(stem(w) for w in words(n) if w not in STOPWORDS)
            for n in names
            if len(words(n)) > 1 and not re.search(r"\d", n)
        ]
        for name in names:
            if len(words(name)) == 1 and name.islower() and longer:
                out.setdefault(stem(name), []).extend(f for f in longer if f and stem(name) not in f)
    return out


def _counts_under_their_sentence(candidates: list[Candidate], kind: str | None) -> list[Candidate]:
    """For "how many?" (a count, share, date or frequency), without a sentence that is also a candidate with the
    counts under it: "how many children have an EHC plan?" is answered by "...a steady increase since 2014/15" with
    "- 2018: 1,185 pupils" under it, never by the sentence alone, whose only number is a year; nor by one line of
    the series when the whole series is a candidate ("- 2016: 895 pupils" resembles the question a little more than
    the series does, but the latest year is in the series)."""
    if kind not in NUMERIC_KINDS:
        return candidates
    counted = [(c.rank, c.unit.text) for c in candidates if c.unit.data]
    series = {(c.rank, c.unit.lead) for c in candidates if c.unit.data and len(c.unit.items) > 1}
    return [
        c
        for c in candidates
        # ...the sentence is the counts' introduction, or a part of it ("Each year a national data return is
        # published... within 20 weeks." before "...return data has been as follows:" and its figures)
        if (c.unit.data or not any(rank == c.rank and c.unit.text in text for rank, text in counted))
        and not (c.unit.data and len(c.unit.items) == 1 and (c.rank, c.unit.lead) in series)
    ]


def _front_matter(passage: Passage) -> bool:
    """The guide's opening, under its title and no section: what the document is, not an answer."""
    location = (passage.location or "").strip()
    return passage.doc_type == "national guidance" and bool(location) and passage.title.startswith(location)


def _defines(passage: Passage) -> bool:
    """A glossary entry, or England-wide guidance answering "What is X?": what a word means, not an answer."""
    asked = heading_question(passage.location or "") if passage.doc_type != "glossary" else ""
    # "What is the GP's role in SEND?" says what someone does: that answers "who can help", it defines nothing.
    return passage.doc_type == "glossary" or bool(asked and is_definition_question(asked) and " role" not in asked)


def _defines_the_thing(passage: Passage, asked: Asked, own: set[str]) -> bool:
    """For "what is X?", a definition's sentence naming every key term has the shape asked for, worded as it may be:
    "The SEND Code of Practice: 0 to 25 years (2015) is statutory guidance..." answers "what is the sen code of
    practice" though it says "is statutory guidance", not "is a ..."."""
    return asked.intent == "what_is" and bool(asked.terms) and _defines(passage) and coverage(asked.terms, own) >= 1.0


def _definitions_follow(candidates: list[Candidate], top: list[Passage], keep_ratio: float) -> list[Candidate]:
    """Without glossary definitions when a question that is not "what is X?" has another answer nearly as good:
    "are they measuring anything, like KPIs?" is answered by the council's plan, not by what a KPI is."""
    defining = [c for c in candidates if top[c.rank].doc_type == "glossary"]
    others = [c for c in candidates if top[c.rank].doc_type != "glossary"]
    if not defining or not others:
        return candidates
    if max(c.score for c in others) >= keep_ratio * max(c.score for c in defining):
        return others
    return candidates


# "without an EHC plan", "with no diagnosis": the question is about not having something.
_WITHOUT = re.compile(
    r"(?:\b(?:without|with no|has no|have no|not having)|(?:,|\bbut|\band)\s+no)\s+(?:an?\s+|the\s+|any\s+)?(\w+)", re.I
)


# An age or time bound the question turns on ("till 19", "after 16", "when he turns 18"), unlike a child's age
# given as background ("my son is 7 and struggling"), which a general answer need not repeat.
_AGE_BOUND = re.compile(
    r"\b(?:till|until|til|after|past|beyond|over|up\s+to|turns?|turning)\s+(?:the\s+age\s+of\s+|age\s+)?(\d{1,2})\b",
    re.IGNORECASE,
)


# "What if I don't agree with the draft EHC plan?" asks what to do, as "what can I do if I disagree?" does.
_WHAT_IF = re.compile(r"^\W*(?:and |so |but )?what if\b", re.IGNORECASE)


def _intent(question: str) -> str | None:
    """The question's intent (asked_intent), with "what if...?" asking how to act."""
    return "how" if _WHAT_IF.match(question) else asked_intent(question)


# Where the question itself starts after what the asker tells first: "my 2 year old has delays CAN HE get support
# before school", "my son is 15, DOES HE have a say".
_LATE_QUESTION = re.compile(
    r"\b(?:can|could|will|would|does|do|is|are|should|must)\s+(?:i|he|she|they|we|you|it|my|our|his|her|their|the|"
    r"a|an|this|that|there|school|schools)\b",
    re.IGNORECASE,
)


def asked_intent(question: str) -> str | None:
    """grounding.question_intent, or, for a question it finds no shape in, that of the question after a statement
    ("my 2 year old has delays can he get support before school": "can")."""
    intent = question_intent(question)
    if intent is not None:
        return intent
    late = list(_LATE_QUESTION.finditer(question))
    if not late or _WH_WORD.search(question[: late[-1].start()]):
        return None  # "what can I appeal about?", "who is the contact officer": a question from its first words
    return question_intent(question[late[-1].start() :])


_WH_WORD = re.compile(r"\b(?:what|whats|what's|who|whos|who's|when|where|which|how|why)\b", re.IGNORECASE)


def _misses_age_bound(question: str, text: str) -> bool:
    """True when the question turns on an age ("can he stay at school till 19?") that the text never names."""
    ages = {m.group(1) for m in _AGE_BOUND.finditer(question)}
    return bool(ages) and not any(re.search(rf"\b{age}\b", text) for age in ages)


# "Without an EHC plan, a child with SEN is normally educated in a mainstream school": a sentence about not having it.
_WITHOUT_OPENING = re.compile(r"^\W*(?:without|with no)\s+(?:an?\s+|the\s+|any\s+)?([\w-]+)(?:\s+([\w-]+))?", re.I)


# Who a yes/no question asks about, as its subject: "can a GP decide...", "does the school have to...", "should the
# senco...". Its answer names them: a heading about another actor answers another question.
_ACTOR_ASKED = re.compile(
    r"^\W*(?:so\s+|and\s+|but\s+)?(?:can|could|does|do|should|will|would|is|are|must|may|has|have)\s+"
    r"(?:a|an|the|my|our|his|her|their|your)?\s*(?P<actor>gps?|doctors?|sencos?|schools?|teachers?|health visitors?"
    r"|nurser(?:y|ies)|colleges?|paediatricians?|social workers?|councils?|la|local authorit(?:y|ies)|tribunals?"
    r"|academ(?:y|ies)|head ?teachers?|heads?|ed(?:ucational)? psych(?:ologist)?s?|therapists?|camhs)\b",
    re.IGNORECASE,
)
# ...and the words a text may name each by.
_ACTOR_NAMES = {
    "gp": r"gps?|general practitioners?|doctors?",
    "doctor": r"gps?|general practitioners?|doctors?|paediatricians?|health",
    "senco": r"sencos?|special educational needs co-?ordinators?|schools?",
    "school": r"schools?|academ(?:y|ies)|head ?teachers?|sencos?",
    "teacher": r"teachers?|schools?|sencos?",
    "health visitor": r"health visitors?|health",
    "nursery": r"nurser(?:y|ies)|early years|settings?",
    "college": r"colleges?|further education|post-16",
    "paediatrician": r"paediatricians?|health|doctors?",
    "social worker": r"social workers?|social care",
    "council": r"councils?|local authorit(?:y|ies)|\bla\b",
    "la": r"councils?|local authorit(?:y|ies)|\bla\b",
    "local authority": r"councils?|local authorit(?:y|ies)|\bla\b",
    "tribunal": r"tribunals?",
    "academy": r"academ(?:y|ies)|schools?",
    "head teacher": r"head ?teachers?|heads?|schools?",
    "headteacher": r"head ?teachers?|heads?|schools?",
    "head": r"head ?teachers?|heads?|schools?",
    "therapist": r"therapists?|therap(?:y|ies)",
    "camhs": r"camhs|mental health",
}


# A clause that asks: "will son get a named person for his ehcp in bedford" of "..., keep getting passed round".
_ASKING_CLAUSE = re.compile(
    r"^\W*(?:what|whats|when|where|which|who|whos|why|how|is|are|can|could|do|does|did|should|would|will|has|have"
    r"|any)\b",
    re.IGNORECASE,
)


def _asking_clause(query: str) -> str:
    """For a one-sentence message of clauses, the clause that asks when the others tell the story around it ("will
    son get a named person for his ehcp in bedford, keep getting passed round different people"); "" when no clause
    asks, every clause does, or there is one clause."""
    clauses = [c.strip() for c in re.split(r",\s+", query) if c.strip()]
    asks = [c for c in clauses if _ASKING_CLAUSE.match(c) and len(c.split()) >= 3]
    return " ".join(asks) if asks and len(asks) < len(clauses) else ""


def _misses_actor(question: str, text: str) -> bool:
    """Whether a yes/no question asks about an actor ("can a GP decide...") that the text never names."""
    m = _ACTOR_ASKED.search(question)
    if m is None:
        return False
    actor = re.sub(r"\s+", " ", m.group("actor").lower())
    actor = actor[:-1] if actor.endswith("s") and actor[:-1] in _ACTOR_NAMES else actor
    actor = {"nurseries": "nursery", "academies": "academy", "local authorities": "local authority"}.get(actor, actor)
    if actor.startswith("ed"):
        names = r"educational psychologists?|ed psych\w*|eps?\b"
    else:
        names = _ACTOR_NAMES.get(actor, re.escape(actor))
    return not re.search(rf"\b(?:{names})", text, re.IGNORECASE)


def _contradicts(question: str, text: str) -> bool:
    """True when the question asks about not having something and the text is about having it: "...a child with
    an EHC plan..." does not answer "what support should the school give without an EHC plan?"; and the other way
    round, "Without an EHC plan, ..." does not answer "can i choose the special school in his ehcp"."""
    for match in _WITHOUT.finditer(question):
        word = re.escape(match.group(1))
        if re.fullmatch(r"[A-Za-z]{2,4}[Pp]", match.group(1)):
            word = f"(?:{word}|{re.escape(match.group(1)[:-1])} plan)"  # "no ehcp": "with an EHC plan"
        having = re.compile(rf"\bwith\s+(?:an?\s+|the\s+)?{word}\b", re.IGNORECASE)
        if having.search(text):
            return True
    opening = _WITHOUT_OPENING.match(text)
    if opening and not _WITHOUT.search(question):
        first, second = opening.group(1).lower(), (opening.group(2) or "").lower()
        named = {stem(first), first + second[:1]} if second else {stem(first)}
        return bool(named & {stem(w) for w in words(question)})
    return False


def _restates(text: str, shown: str, share: float = 0.7) -> bool:
    """True when nearly every content word of `text` is already in `shown` and it adds no fact (a number, a
    date, a contact): "Your local SENDIASS gives free, impartial and confidential advice and can help you prepare"
    after "Your local SENDIASS gives free, impartial and confidential advice to parents"."""
    terms = set(content_terms(text))
    if not terms or not facts(text) <= facts(shown) or not _names(text) <= _names(shown):
        return False  # a new fact or a new name ("The SEND Partnership Service provides ...") is not a restatement
    return len(terms & set(content_terms(shown))) >= share * len(terms)


def _names(text: str) -> set[str]:
    """Capitalised words after a sentence's first word: the names a sentence mentions."""
    return set(re.findall(r"(?<=\s)[A-Z][\w&'-]+", text))


def _overlaps(a: Candidate, b: Candidate) -> bool:
    """True when two units of the same passage show a sentence in common."""
    if a.rank != b.rank:
        return False
    if a.unit.items and b.unit.items and a.unit.lead == b.unit.lead:
        return bool(set(a.unit.items) & set(b.unit.items))  # items of one list are merged, not repeated
    if bool(a.unit.items) != bool(b.unit.items):
        # A list's introduction may bring the sentences before it ("...Inclusion Team. This capacity will include;")
        listed, prose = (a, b) if a.unit.items else (b, a)
        if all(strip_label(t) in listed.unit.text for t, _ in split_sentences(prose.unit.text)):
            return True
    return a.unit.start <= b.unit.end and b.unit.start <= a.unit.end
