"""Hybrid, area-aware retrieval: dense (Chroma) plus lexical (BM25) search fused by reciprocal rank fusion.

A third ranking reads the passages' sentence units (the composer's units, stored at ingest): a long passage whose
one sentence answers the question ("...short breaks available through Kingfishers and Maythorn") is diluted in the
whole-passage vector, and MiniLM does not even read past its first 256 word pieces; its best unit is not.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from send_assistant.answering.answer import Passage
from send_assistant.answering.glossary import Glossary
from send_assistant.answering.grounding import (
    EMAIL,
    PHONE,
    URL,
    asking_sentences,
    counted_thing,
    counts_the_thing,
    expected_answer,
)
from send_assistant.answering.loose_questions import existence_subject, subject_phrase
from send_assistant.answering.retrieval.areas import allowed_areas, is_allowed, without_area_names
from send_assistant.answering.retrieval.fusion import RRF_K, reciprocal_rank_fusion
from send_assistant.answering.retrieval.intent import asks_about_term, asks_for_figure, prefers_local, term_share
from send_assistant.answering.retrieval.plain_words import plain_groups, reworded
from send_assistant.ingest.embedding import Embedder
from send_assistant.ingest.lexical_areas import AreaLexicon
from send_assistant.ingest.lexical_sync import open_lexicon
from send_assistant.ingest.store import StoredChunk

# When an area is chosen and the question is not a definition question, a national passage's fused score counts
# this much: a national passage ranked first by both searches then still beats an area passage ranked about 8th
# by both (2 * 0.9 / 61 = 2 / 67.8), so clearly better national text still wins.
NATIONAL_WEIGHT = 0.9
# ...and at least AREA_SHARE of the first AREA_WINDOW passages are the area's own when the search found that many.
# National guidance and the glossary are written in the plain words families use, so on fused rank alone they can
# fill every place the composer reads and push out the council's own page on a local question ("are there lots of
# send tribunals here", "what short breaks are there for disabled kids" with the council chosen).
# Three rather than two since the national guide grew to 97 questions (measured on dev / realistic-tune only:
# recall@5 0.971 -> 0.981 / 0.951 -> 0.963, fact recall 0.942 -> 0.942 / 0.877 -> 0.889, no refusal lost).
AREA_SHARE = 3
AREA_WINDOW = 5
# A question asking for a figure ("how many kids in banes get extra help", "what percentage get SEN support without
# a plan": intent.asks_for_figure) with an area chosen or named is answered by the area's own reports, never by
# national guidance, whose passages share its words ("ehcp", "sen support") but hold no counts: a national passage's
# fused score counts FIGURE_NATIONAL_WEIGHT more (on top of NATIONAL_WEIGHT), and a local passage that holds a
# figure (_FIGURE: a percentage, a count, a number word; not a year or a paragraph number) counts FIGURE_WEIGHT.
# Measured on dev / realistic-tune / the 55 new probes (recall@1, @5): 0.786/0.981 -> 0.796/0.981, 0.815/0.975
# unchanged, 0.727/0.909 -> 0.745/0.927; gold ranks moved 3->1, 4->2, 6->5, 3->1, none down.
FIGURE_NATIONAL_WEIGHT = 0.85
FIGURE_WEIGHT = 1.1
# ...and a local passage that counts what a "how many X" question counts, next to the count ("2018: 1,185 pupils"
# for "how many kids have ehcps", grounding.counts_the_thing) counts COUNTED_WEIGHT more: the area's other passages
# hold figures too (a 20-week rate, a number of coordinators), and with the area chosen rather than named the
# question shares no word with the passage that answers it ("kids" / "pupils").
COUNTED_WEIGHT = 1.25
# A question asking for a phone number, an e-mail or a web address (grounding.expected_answer) with an area chosen:
# the area's passages that hold one count CONTACT_WEIGHT. They are a report's few contact blocks ("County Council:
# 01905 763763"), which share no word with "whats the main council phone number" but the council.
CONTACT_WEIGHT = 1.5
_CONTACT_VALUE = {"phone": PHONE, "email": EMAIL, "url": URL}
# "is there an independent supporter in b&nes", "any short breaks in central beds": whether the area has something.
# The area's passages naming that thing, its words in order ("11 Independent Supporters (IS) have been trained"),
# count EXISTENCE_WEIGHT: such a report passage covers many things, so its vector is unlike the question (dense rank
# 107 of that one) though BM25 ranks it first.
EXISTENCE_WEIGHT = 2.0
_FIGURE = re.compile(
    r"\d\s*%|\b\d{1,3}(?:,\d{3})+\b|(?<![\d.])\b(?!(?:19|20)\d\d\b)\d{2,}\b(?![.\d])"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand)\b",
    re.IGNORECASE,
)

# How many passages each dense search hands to fusion. National guidance and the glossary are 260 of the ~430
# passages of the default index and most questions share their words ("ehcp", "20 weeks", "annual review"), so with
# 40 (as BM25 gives) an area's passage that answers was often not among the dense hits at all: "will my son have a
# named person coordinating his EHCP?" (Bedford Borough) is BM25's and the units' first but no dense hit, and came
# 6th; at dense rank 75 it would still have had a vote. 100 gives every area's passage of a chosen area its dense
# rank in practice (an area has 30-41 passages). Measured (recall@1 / @5): dev 0.835/0.981 -> 0.854/0.990,
# realistic-tune 0.815/0.975 -> 0.815/0.975, 90 new probes about unasked parts of the five seeds 0.811/0.944 ->
# 0.800/0.956, older probe sets p3 0.745/0.964 -> 0.745/0.945, p1 0.685/0.963 -> 0.685/0.981.
DENSE_CANDIDATES = 100

# Fusion weights, chosen on the development set and the realistic set's tune split (evals/): BM25 a little above
# the whole-passage vector, and the best sentence unit half as much again as a separate vote.
DENSE_WEIGHT = 0.75
LEXICAL_WEIGHT = 1.25
UNIT_WEIGHT = 0.5
# When the question uses everyday words for a SEND idea (plain_words.py: "said no to assessing", "kicked out"), the
# question reworded in the documents' words ("respite for my son" -> "short breaks for my son") is embedded too and
# its dense ranking is a vote of this weight. Chosen on the development set, the realistic tune split and a separate
# set of loosely typed probes: probes recall@5 0.894 -> 0.924 with dev and tune recall@5 unchanged. Reworded rather
# than the words appended in brackets (#7): the everyday phrase no longer pulls the vector its own way (probes
# recall@1 0.667 -> 0.697, dev and realistic-tune unchanged).
PLAIN_DENSE_WEIGHT = 0.5
# A message of several sentences that tells its story before it asks ("my daughter is on sen support at a school in
# keynsham and we are getting nowhere. who in b&nes gives free impartial advice to parents") has its vector pulled
# towards the story; the sentences that ask and name two things or more are embedded together too, and their dense
# ranking is a vote of this weight.
ASKING_DENSE_WEIGHT = 0.75
ASKING_STORY_SHARE = 0.4  # the least share of the message's words outside the sentences that ask
# A glossary entry is short and repeats its term in heading, long form and aliases, so BM25 and the vectors rank it
# first for any question that merely names the term ("can i pick which school goes in the ehcp" -> the EHCP entry).
# For a question that does not ask what a term is or what a role does (intent.asks_about_term), and whose key words
# are not mostly the glossary terms it names (intent.term_share below TERM_SHARE; "who is the designated medical
# officer" is about the term), a glossary entry's fused score counts GLOSSARY_WEIGHT, so a guidance answer or local
# passage of about equal rank comes first; the entry stays near the top. Measured (recall@1 / @5) with the #7
# search-word changes of the same commit: dev 0.757/0.961 -> 0.777/0.961, realistic-tune 0.802/0.975 ->
# 0.827/0.975, loose probes 0.621/0.924 -> 0.697/0.955, a second probe set of 54 (glossary questions included)
# 0.667/0.889 -> 0.722/0.981. Cost: dev questions whose gold is a glossary sentence the guide also answers move
# down (2 -> 4 and 2 -> 5); 0.85 pushes them out of the first five, and demoting whatever the term share costs
# glossary questions ("who is the designated medical officer") their first place.
GLOSSARY_WEIGHT = 0.9
TERM_SHARE = 0.67  # more than two thirds

# Within an area, every passage searched is that area's or England-wide, so the area's name in the question ("who
# is checking bedford does what it promised after the ofsted inspection", "banes how many pupils get sen help
# without a plan", "whos the councillor in charge of send in bucks") tells the vectors nothing about which passage
# answers; it pulls the question's vector towards the few passages that spell the place: a report's context
# paragraph ("The local area of Bedford Borough was inspected...") or title block. So the dense searches (and the
# sentence units' ranking) embed the question without the searched area's names (areas.without_area_names). BM25
# still reads them: every passage of the area's report carries its title, so there the name is a mild vote for the
# area's own passages over national ones (taking it out of BM25 too lost "what is the main council phone number in
# Worcestershire?" and moved national text above local on figure questions). Measured (recall@5 / MRR, same
# index): dev 0.990/0.901 -> 0.990/0.899, realistic-tune 0.975/0.867 -> 1.000/0.873, 30 new typed probes over the
# five areas and national guidance 0.833/0.683 -> 0.900/0.734.
PLACE_BLIND = True

# chunks -> for each, its units' vectors as rows (an empty array when it has none); e.g. the composer's cache.
UnitVectors = Callable[[Sequence[StoredChunk]], Sequence[np.ndarray]]


@dataclass
class RetrievalResult:
    """Passages best first; confidence is the best dense cosine among them (0.0 when none has one)."""

    passages: list[Passage] = field(default_factory=list)
    confidence: float = 0.0
    expanded_query: str = ""  # the question after glossary expansion, as BM25 read it


class HybridRetriever:
    """Searches the index for one question within one area (plus national documents).

    The BM25 index and chunk metadata are loaded once and reloaded only when the Index version changes, so a
    warm search costs one Chroma query and one BM25 scoring pass.
    """

    def __init__(
        self,
        index,
        embedder: Embedder,
        glossary: Glossary | None = None,
        lexical_dir: Path | None = None,
        *,
        candidates: int = 40,
        dense_candidates: int = DENSE_CANDIDATES,
        rrf_k: int = RRF_K,
        dense_weight: float = DENSE_WEIGHT,
        lexical_weight: float = LEXICAL_WEIGHT,
        unit_weight: float = UNIT_WEIGHT,
        unit_vectors: UnitVectors | None = None,
        expand_dense: bool = False,
        expansion_weight: float = 0.5,
        coordination: float = 1.0,
        national_weight: float = NATIONAL_WEIGHT,
        area_share: int = AREA_SHARE,
        plain_words: bool = True,
        plain_dense_weight: float = PLAIN_DENSE_WEIGHT,
        asking_dense_weight: float = ASKING_DENSE_WEIGHT,
        glossary_weight: float = GLOSSARY_WEIGHT,
        term_share: float = TERM_SHARE,
        figure_weights: tuple[float, float] = (FIGURE_NATIONAL_WEIGHT, FIGURE_WEIGHT),
        place_blind: bool = PLACE_BLIND,
    ) -> None:
        """index: ingest.index.Index (or anything with version, live_chunks and dense_search).

        lexical_dir: where the saved BM25 index lives (settings.lexical_dir); None keeps it in memory only.
        candidates: how many hits BM25 contributes before fusion...
        dense_candidates: ...and each dense search (more: see DENSE_CANDIDATES).
        expand_dense: also embed the glossary-expanded question (BM25 always reads the expanded one).
        expansion_weight: how much glossary expansions count in BM25 relative to the user's own words.
        coordination: how strongly BM25 rewards passages that cover the question's rare words (0: plain BM25).
        national_weight: the factor on a national passage's fused score when an area is chosen and the question
            is not a definition question (1.0: no preference for the area's own documents).
        unit_vectors: the sentence units' vectors of candidate passages (see UnitVectors); with it, passages are
            also ranked by their best unit's cosine, a vote of unit_weight (use_units sets it later).
        area_share: with an area chosen and a question that is not a definition question, at least this many of
            the first AREA_WINDOW passages are the area's own when there are that many candidates (0: off).
        glossary_weight: the factor on a glossary entry's fused score when the question does not ask what a term
            means or what a role does (intent.asks_about_term; 1.0: no preference)...
        term_share: ...and the share of its key words that are the glossary terms it names is below this.
        figure_weights: for a question asking for a figure with an area chosen (intent.asks_for_figure), the
            factors on a national passage's fused score and on a local passage's that holds a figure ((1.0, 1.0):
            off).
        plain_words: add the documents' words for everyday phrasings (plain_words.py) to BM25's query, at
            expansion_weight, counting a passage that uses them as covering the phrase.
        plain_dense_weight: the vote of a second dense search for the question reworded in those words (0: off).
        asking_dense_weight: the vote of a dense search for the sentences that ask, in a longer message (0: off).
        place_blind: search for the question without the names of the area searched (see PLACE_BLIND).
        """
        self.index = index
        self.embedder = embedder
        self.glossary = glossary
        self.lexical_dir = Path(lexical_dir) if lexical_dir is not None else None
        self.candidates = candidates
        self.dense_candidates = dense_candidates
        self.rrf_k = rrf_k
        self.weights = (dense_weight, lexical_weight)
        self.expand_dense = expand_dense
        self.expansion_weight = expansion_weight
        self.coordination = coordination
        self.national_weight = national_weight
        self.unit_weight = unit_weight
        self.unit_vectors = unit_vectors
        self.area_share = area_share
        self.plain_words = plain_words
        self.plain_dense_weight = plain_dense_weight
        self.asking_dense_weight = asking_dense_weight
        self.glossary_weight = glossary_weight
        self.term_share = term_share
        self.figure_weights = figure_weights
        self.place_blind = place_blind
        self._lexical: AreaLexicon | None = None
        self._lexical_index()

    def _lexical_index(self) -> AreaLexicon:
        """The per-area BM25 indexes matching the Index's current version (issue 10: an area's index is loaded
        when first searched; all are reloaded or rebuilt after an ingest)."""
        version = self.index.version
        if self._lexical is None or self._lexical.version != version:
            # A replica that did not run the ingest builds each area's index when first searched (lexical_sync).
            self._lexical = open_lexicon(self.lexical_dir, self.index)
        return self._lexical

    def use_units(self, unit_vectors: UnitVectors | None) -> None:
        """Rank candidates by their best sentence unit too (the pipeline passes the composer's unit cache)."""
        self.unit_vectors = unit_vectors

    def vocabulary_counts(self) -> Counter[str]:
        """Every word of the live chunks with its count (issue 10: saved at ingest, so no process reads every
        chunk)."""
        return self._lexical_index().words()

    def area_chunks(self, area: str) -> list[StoredChunk]:
        """The live chunks a search in `area` may return: the area's and the national ones."""
        return self._lexical_index().for_area(area).chunks

    def refresh(self) -> bool:
        """Load the BM25 index for the Index's current version now (health probes call it, so the first question
        after an ingest does not wait for it); True when one is loaded."""
        return self._lexical_index() is not None

    def expand(self, query: str, area: str = "") -> str:
        """The question with glossary abbreviations and long forms added both ways."""
        return self.glossary.expand_query(query, area=area) if self.glossary is not None else query

    def search(
        self, query: str, area: str = "", k: int = 10, embedding: Sequence[float] | None = None
    ) -> RetrievalResult:
        """The k best passages for the question from `area` and national documents, never another area's.

        embedding: the question's vector when the caller already has it (it must be of the plain question, or
        of the expanded one when expand_dense is set); not used when the question names the searched area, whose
        names the vectors leave out (PLACE_BLIND).
        """
        if not query.strip() or k <= 0:
            return RetrievalResult(expanded_query=query)
        areas = allowed_areas(area)
        # The vectors read the question without the searched area's names (PLACE_BLIND); BM25 reads all of it.
        dense_query = without_area_names(query, area) if self.place_blind else query
        groups = self.glossary.expansion_groups(query, area) if self.glossary is not None else []
        plain = plain_groups(query) if self.plain_words else []
        groups = groups + plain
        additions = [form for _, added in groups for form in added]
        expanded = query if not additions else query + " (" + "; ".join(additions) + ")"
        if embedding is None or dense_query != query:
            dense_text = (
                dense_query + " (" + "; ".join(additions) + ")" if self.expand_dense and additions else dense_query
            )
            embedding = self.embedder.embed([dense_text])[0]
        dense = self.index.dense_search(embedding, self.dense_candidates, areas=areas)
        lexical = (
            self._lexical_index()
            .for_area(area)
            .search(
                query,
                self.candidates,
                allowed=lambda meta: is_allowed(meta.get("area"), area),
                extra=" ".join(additions),
                extra_weight=self.expansion_weight,
                alternatives=groups,
                coordination=self.coordination,
            )
        )
        chunks: dict[str, StoredChunk] = {}
        cosine: dict[str, float] = {}
        for chunk, score in dense:
            chunks[chunk.chunk_id] = chunk
            cosine[chunk.chunk_id] = score
        for chunk, _ in lexical:
            chunks.setdefault(chunk.chunk_id, chunk)
        rankings = [[c.chunk_id for c, _ in dense], [c.chunk_id for c, _ in lexical]]
        weights = list(self.weights)
        if plain and self.plain_dense_weight > 0:
            rewording = reworded(dense_query, plain if dense_query == query else plain_groups(dense_query))
            second = self.index.dense_search(self.embedder.embed([rewording])[0], self.dense_candidates, areas=areas)
            for chunk, _ in second:
                chunks.setdefault(chunk.chunk_id, chunk)
            rankings.append([c.chunk_id for c, _ in second])
            weights.append(self.plain_dense_weight)
        asking = asking_sentences(dense_query, named=2) if self.asking_dense_weight > 0 else []
        # ...only after a story at least as long as itself: "how often will the council ask parents for their views?
        # surveys?" is nearly all question, and its last word counts.
        length = len(dense_query.split())
        if asking and length - sum(len(a.split()) for a in asking) >= ASKING_STORY_SHARE * length:
            vector = self.embedder.embed([" ".join(asking)])[0]
            third = self.index.dense_search(vector, self.dense_candidates, areas=areas)
            for chunk, score in third:
                chunks.setdefault(chunk.chunk_id, chunk)
                cosine.setdefault(chunk.chunk_id, score)
            rankings.append([c.chunk_id for c, _ in third])
            weights.append(self.asking_dense_weight)
        if self.unit_vectors is not None and self.unit_weight > 0 and chunks:
            rankings.append(self._unit_ranking(list(chunks.values()), embedding, cosine))
            weights.append(self.unit_weight)
        fused = reciprocal_rank_fusion(rankings, k=self.rrf_k, weights=weights)
        if (
            self.glossary_weight != 1.0
            and not asks_about_term(query, self.glossary)
            and term_share(query, self.glossary, area) < self.term_share
        ):
            fused = _scale(fused, chunks, _is_glossary, self.glossary_weight)
        if prefers_local(query, area, self.glossary):
            kind = expected_answer(query)
            if self.figure_weights != (1.0, 1.0) and asks_for_figure(query):
                national, figure = self.figure_weights
                fused = _scale(fused, chunks, lambda chunk: not chunk.metadata.get("area"), national)
                fused = _scale(fused, chunks, _local_figure, figure)
                if counted_thing(query) is not None:
                    acronyms = self.glossary.acronyms() if self.glossary is not None else {}
                    fused = _scale(fused, chunks, lambda chunk: _counts_asked(query, chunk, acronyms), COUNTED_WEIGHT)
                elif kind == "percent":
                    fused = _scale(fused, chunks, lambda chunk: _local_holding(chunk, _PERCENTAGE), COUNTED_WEIGHT)
            subject = existence_subject(query)
            named = subject_phrase(subject) if subject else None
            if named is not None:
                fused = _scale(fused, chunks, lambda chunk: _local_holding(chunk, named), EXISTENCE_WEIGHT)
            value = _CONTACT_VALUE.get(kind or "")
            if value is not None:
                fused = _scale(fused, chunks, lambda chunk: _local_holding(chunk, value), CONTACT_WEIGHT)
            if self.national_weight != 1.0:
                fused = _prefer_area(fused, chunks, self.national_weight)
            if self.area_share > 0:
                fused = _make_room_for_area(fused, chunks, self.area_share, AREA_WINDOW)
        passages: list[Passage] = []
        for chunk_id, score in fused:
            chunk = chunks[chunk_id]
            # Last line of defence for area correctness, whatever the stores did with their filters.
            if not is_allowed(chunk.metadata.get("area"), area):
                continue
            passages.append(to_passage(chunk, score, cosine.get(chunk_id)))
            if len(passages) == k:
                break
        confidence = max((p.dense_score for p in passages if p.dense_score is not None), default=0.0)
        return RetrievalResult(passages=passages, confidence=confidence, expanded_query=expanded)

    def _unit_ranking(
        self, candidates: list[StoredChunk], embedding: Sequence[float], cosine: dict[str, float]
    ) -> list[str]:
        """Candidate ids by their best unit's cosine to the question, best first; a passage with no units (a list
        continued from the previous chunk) counts with its whole-passage cosine, or is left out without one."""
        query = np.asarray(embedding, dtype=np.float32)
        best: dict[str, float] = {}
        for chunk, vectors in zip(candidates, self.unit_vectors(candidates), strict=True):
            rows = np.asarray(vectors, dtype=np.float32)
            if rows.ndim == 2 and rows.shape[0] and rows.shape[1] == query.shape[0]:
                best[chunk.chunk_id] = float((rows @ query).max())
            elif chunk.chunk_id in cosine:
                best[chunk.chunk_id] = cosine[chunk.chunk_id]
        # Stable: equal cosines keep the candidates' order (dense hits first), so results are reproducible.
        return sorted(best, key=lambda chunk_id: -best[chunk_id])


def _make_room_for_area(
    fused: list[tuple[str, float]], chunks: dict[str, StoredChunk], share: int, window: int
) -> list[tuple[str, float]]:
    """The fused list with the area's best passages moved up until `share` of the first `window` are local.

    The national passages they displace are the lowest-ranked ones in the window and move down just past it; the
    incoming local passages take the last places of the window, so everything else keeps its fused order. Nothing
    changes when the window already has `share` local passages or the search found no more.
    """
    head = fused[:window]
    local_in_head = [p for p in head if chunks[p[0]].metadata.get("area")]
    needed = min(share, window) - len(local_in_head)
    if needed <= 0:
        return fused
    incoming = [p for p in fused[window:] if chunks[p[0]].metadata.get("area")][:needed]
    if not incoming:
        return fused
    national_in_head = [p for p in head if not chunks[p[0]].metadata.get("area")]
    kept = national_in_head[: len(national_in_head) - len(incoming)]
    dropped = national_in_head[len(kept) :]
    ordered = {p[0]: i for i, p in enumerate(fused)}
    new_head = sorted(local_in_head + kept, key=lambda p: ordered[p[0]]) + incoming
    moved = {p[0] for p in incoming}
    rest = [p for p in fused[window:] if p[0] not in moved]
    return new_head + dropped + rest


def _local_figure(chunk: StoredChunk) -> bool:
    """An area's passage holding a figure: a percentage, a count ("1,185", "4879", "five workstreams")."""
    return bool(chunk.metadata.get("area")) and _FIGURE.search(chunk.text) is not None


_PERCENTAGE = re.compile(r"\d\s?%|\bper ?cent\b", re.IGNORECASE)


def _local_holding(chunk: StoredChunk, value: re.Pattern[str]) -> bool:
    """An area's passage holding a value of a kind: a percentage ("65%"), a phone number, an e-mail, a web address."""
    return bool(chunk.metadata.get("area")) and value.search(chunk.text) is not None


def _counts_asked(question: str, chunk: StoredChunk, acronyms: dict[str, str] | None = None) -> bool:
    """An area's passage with a count of what the question counts next to it (grounding.counts_the_thing)."""
    return (
        bool(chunk.metadata.get("area"))
        and _FIGURE.search(chunk.text) is not None
        and counts_the_thing(question, chunk.text, acronyms)
    )


def _is_glossary(chunk: StoredChunk) -> bool:
    return chunk.metadata.get("doc_type") == "glossary"


def _scale(
    fused: list[tuple[str, float]], chunks: dict[str, StoredChunk], which: Callable[[StoredChunk], bool], factor: float
) -> list[tuple[str, float]]:
    """Fused scores with those of the chunks `which` picks multiplied by factor, re-sorted (ties keep their order)."""
    weighted = [(chunk_id, score * (factor if which(chunks[chunk_id]) else 1.0)) for chunk_id, score in fused]
    return sorted(weighted, key=lambda pair: -round(pair[1], 12))


def _prefer_area(
    fused: list[tuple[str, float]], chunks: dict[str, StoredChunk], national_weight: float
) -> list[tuple[str, float]]:
    """Fused scores with national passages' scaled by national_weight, re-sorted (ties keep their order)."""
    weighted = [
        (chunk_id, score * (national_weight if not chunks[chunk_id].metadata.get("area") else 1.0))
        for chunk_id, score in fused
    ]
    return sorted(weighted, key=lambda pair: -round(pair[1], 12))


def to_passage(chunk: StoredChunk, score: float, dense_score: float | None) -> Passage:
    """A Passage with its document details taken from the chunk's metadata."""
    meta = chunk.metadata
    return Passage(
        chunk_id=chunk.chunk_id,
        doc_id=chunk.doc_id or str(meta.get("doc_id", "")),
        text=chunk.text,
        title=str(meta.get("title") or chunk.doc_id),
        area=str(meta.get("area") or ""),
        doc_type=str(meta.get("doc_type") or ""),
        location=str(meta.get("location") or ""),
        url=meta.get("url") or None,
        reviewed=meta.get("reviewed") or None,
        score=score,
        dense_score=dense_score,
        contact=parse_contact(meta.get("contact")),
        short_title=meta.get("short_title") or None,
    )


def parse_contact(raw: object) -> dict[str, str] | None:
    """The contact dict from its JSON string in chunk metadata; None when absent or unreadable."""
    if isinstance(raw, dict):
        data = raw
    elif isinstance(raw, str) and raw.strip():
        try:
            data = json.loads(raw)
        except ValueError:
            return None
    else:
        return None
    if not isinstance(data, dict):
        return None
    contact = {str(k): str(v) for k, v in data.items() if v not in (None, "")}
    return contact or None
