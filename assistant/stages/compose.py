"""Compose: the grounded extractive answer (the default; no language model).

Picks the whole sentences of the top passages that answer the question: similar to it (same embedding model
as retrieval), mentioning its key terms, of the kind it asks for (a number, a date, a name, a phone number),
and not repeating each other (MMR). Each sentence carries its [n]. When nothing qualifies, or retrieval was not
confident, the answer is an honest not_found with a next step.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.answer import ANSWERED, SAFEGUARDING, Citation, Passage
from assistant.answer_text import citation_for, contact_lines, expand_acronyms, has_contact, join_answer, lead_line
from assistant.context import Context
from assistant.grounding import (
    ANSWER_CUES,
    EMAIL,
    PHONE,
    answers_kind,
    clean_sentence,
    content_terms,
    coverage,
    expected_answer,
    is_definition_question,
    is_local_question,
    key_terms,
    looks_like_instruction,
    split_sentences,
    stem,
    term_set,
    words,
)
from assistant.next_step import NextStep

_CONTACT_FACT = re.compile(PHONE.pattern + "|" + EMAIL.pattern)
_LABEL_LINE = re.compile(r"^(also called|also known as|see also)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ComposeConfig:
    """Thresholds, calibrated on MiniLM over the seed corpus (see evals/calibrate_refusals.py)."""

    min_confidence: float = 0.25  # best passage cosine below this: refuse without looking at sentences
    min_similarity: float = 0.35  # a sentence's cosine to the question
    min_coverage: float = 0.5  # share of the question's key terms a sentence must mention
    strong_similarity: float = 0.55  # ...or this similar with at least `weak_coverage` of the terms
    weak_coverage: float = 0.3
    top_passages: int = 5
    max_sentences: int = 4
    keep_ratio: float = 0.75  # later sentences must score at least this share of the best one
    mmr_lambda: float = 0.75
    duplicate_similarity: float = 0.92
    max_list_items: int = 8
    max_intro_words: int = 20  # a sentence ending ":" this short is shown with the list it introduces
    max_item_words: int = 25
    min_words: int = 4
    max_words: int = 90


@dataclass
class Candidate:
    """One sentence of a retrieved passage, with what is needed to score and render it."""

    rank: int  # the passage's rank among the top passages
    position: int  # the sentence's order inside the passage
    text: str
    vector: np.ndarray
    items: list[str]  # list items that follow a sentence ending with ":" ("themed as follows:")
    score: float = 0.0


class SentenceCache:
    """Sentences of chunks and their embeddings, by chunk_id, so repeated passages are not re-embedded."""

    def __init__(self, embedder: Any, max_chunks: int = 5000) -> None:
        self.embedder = embedder
        self.max_chunks = max_chunks
        self._chunks: OrderedDict[str, list[tuple[str, list[str], np.ndarray]]] = OrderedDict()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def sentences(self, passages: list[Passage], cfg: ComposeConfig) -> list[list[tuple[str, list[str], np.ndarray]]]:
        """(sentence, following list items, vector) per passage; uncached ones embedded in one batch."""
        missing = [p for p in passages if p.chunk_id not in self._chunks]
        pending = {p.chunk_id: _sentences_of(p.text, cfg) for p in missing}
        texts = [s for parts in pending.values() for s, _ in parts]
        vectors = np.asarray(self.embedder.embed(texts), dtype=np.float32) if texts else np.zeros((0, 1))
        i = 0
        for chunk_id, parts in pending.items():
            self._chunks[chunk_id] = [(s, items, vectors[i + j]) for j, (s, items) in enumerate(parts)]
            i += len(parts)
        for p in passages:
            self._chunks.move_to_end(p.chunk_id)
        while len(self._chunks) > self.max_chunks:
            self._chunks.popitem(last=False)
        return [self._chunks[p.chunk_id] for p in passages]

    def query(self, text: str) -> np.ndarray:
        """The embedding of a question (kept for the next few hundred questions)."""
        if text not in self._queries:
            self._queries[text] = np.asarray(self.embedder.embed([text])[0], dtype=np.float32)
            if len(self._queries) > 512:
                self._queries.popitem(last=False)
        return self._queries[text]


def _sentences_of(text: str, cfg: ComposeConfig) -> list[tuple[str, list[str]]]:
    """Candidate sentences of a passage: whole, readable, not instructions; with any list they introduce."""
    parts = [(clean_sentence(s), item) for s, item in split_sentences(text)]
    out: list[tuple[str, list[str]]] = []
    for i, (sentence, _) in enumerate(parts):
        n_words = len(sentence.split())
        if n_words > cfg.max_words or looks_like_instruction(sentence) or _LABEL_LINE.match(sentence):
            continue
        items: list[str] = []
        if sentence[-1:] in ":;" and n_words <= cfg.max_intro_words:
            # "The Impact Groups are themed as follows:" is only an answer together with its list.
            for follower, follower_is_item in parts[i + 1 :]:
                if not follower_is_item or len(items) >= cfg.max_list_items or follower[-1:] in ":;":
                    break
                if len(follower.split()) <= cfg.max_item_words and not looks_like_instruction(follower):
                    items.append(follower)
            if not items:
                continue
        elif sentence[-1:] in ":;":
            continue  # introduces something too long to show: its items stand as sentences of their own
        elif n_words < cfg.min_words or (n_words < 12 and sentence[-1:] not in ".!?"):
            if not _CONTACT_FACT.search(sentence):
                continue  # a heading or a fragment, unless it is a contact line ("County Council: 01905 763763")
        out.append((sentence, items))
    return out


def _is_area(term: str, area_words: set[str]) -> bool:
    """True for a word of the area's name or its short form ("bucks" for Buckinghamshire)."""
    return len(term) >= 3 and any(w.startswith(term) for w in area_words)


class Compose:
    """Builds the cited extractive answer, or refuses honestly."""

    name = "compose"

    def __init__(self, embedder: Any, glossary: Any, next_step: NextStep, config: ComposeConfig | None = None) -> None:
        self.glossary = glossary
        self.next_step = next_step
        self.cfg = config or ComposeConfig()
        self.cache = SentenceCache(embedder)
        acronyms = glossary.acronyms() if glossary is not None else {}
        self.acronyms: dict[str, str] = dict(acronyms)
        # Glossary words are not names: "What is the forum called?" is not answered by "Parent Carer Forum (PCF)".
        names = [f"{a} {e}" for a, e in self.acronyms.items()]
        for term in getattr(glossary, "terms", None) or []:
            if getattr(term, "area", ""):
                continue  # a local name ("FACT Bucks") is exactly what a "what is it called?" question wants
            names += [str(getattr(term, "term", "")), str(getattr(term, "expansion", ""))]
            names += [str(a) for a in getattr(term, "aliases", ())]
        self.generic = {stem(w) for name in names for w in words(name)}

    def call(self, ctx: Context) -> None:
        """Set the answer text and citations, or end with not_found and a next step."""
        if not ctx.passages or ctx.confidence < self.cfg.min_confidence:
            ctx.notes.append(f"refused: retrieval confidence {ctx.confidence:.3f}")
            self.next_step.refuse(ctx, covered=ctx.area_covered)
        query = ctx.search_query or ctx.question
        top = ctx.passages[: self.cfg.top_passages]
        chosen = self._select(ctx, query, top)
        contacts = self._contacts(ctx, top, chosen)
        if not chosen and not contacts:
            ctx.notes.append("refused: no sentence answers the question")
            self.next_step.refuse(ctx, covered=ctx.area_covered)
        self._render(ctx, top, chosen, contacts)

    def _select(self, ctx: Context, query: str, top: list[Passage]) -> list[Candidate]:
        cfg = self.cfg
        area_words = {w for p in top for w in words(p.area)} | set(words(ctx.area))
        terms = [t for t in key_terms(query) if not _is_area(t, area_words)]
        broad = [t for t in content_terms(query, drop=ANSWER_CUES) if t not in terms and not _is_area(t, area_words)]
        broad = terms + broad
        kind = expected_answer(ctx.question)
        generic = self.generic | {stem(w) for w in area_words}
        qvec = self.cache.query(query)
        candidates: list[Candidate] = []
        for rank, parts in enumerate(self.cache.sentences(top, cfg)):
            for position, (sentence, items, vector) in enumerate(parts):
                full = " ".join([sentence, *items])
                sim = float(vector @ qvec)
                cov = coverage(terms, term_set(full, self.acronyms))
                fits = answers_kind(full, kind, ctx.question, generic)
                # A sentence with exactly the fact asked for (a phone number, a date) may name the rest loosely.
                loose = fits and kind is not None and coverage(broad, term_set(full, self.acronyms)) >= 0.5
                if kind == "name" and cov < 1.0:
                    continue  # "What is X called?" is only answered by a sentence that names X itself
                qualifies = sim >= cfg.min_similarity and (
                    cov >= cfg.min_coverage
                    or (sim >= cfg.strong_similarity and cov >= cfg.weak_coverage)
                    or (loose and sim >= cfg.strong_similarity)
                )
                if qualifies and fits:
                    # The user's own area's documents come before England-wide definitions.
                    local = 0.05 if ctx.area and top[rank].area == ctx.area else 0.0
                    score = 0.6 * sim + 0.4 * cov + 0.05 / (1 + rank) + local
                    candidates.append(Candidate(rank, position, sentence, vector, items, score))
        chosen = self._mmr(candidates)
        glossary_only = chosen and all(top[c.rank].doc_type == "glossary" for c in chosen)
        if glossary_only and ctx.area and ctx.area_covered and is_local_question(ctx.question, ctx.area):
            if not is_definition_question(query):
                return []  # a definition of the words used does not answer "is there a nurse at the hospital?"
        return chosen

    def _mmr(self, candidates: list[Candidate]) -> list[Candidate]:
        """Best first, then the most relevant sentences that add something new."""
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
            if max(float(nxt.vector @ s.vector) for s in chosen) < cfg.duplicate_similarity:
                chosen.append(nxt)
        # The best sentence leads; the rest read in document order.
        return [best, *sorted(chosen[1:], key=lambda c: (c.rank, c.position))]

    def _contacts(self, ctx: Context, top: list[Passage], chosen: list[Candidate]) -> list[int]:
        """Ranks of service records whose contact card belongs in the answer."""
        cited = {c.rank for c in chosen}
        ranks = [r for r in sorted(cited) if has_contact(top[r])]
        wants_contact = expected_answer(ctx.question) in {"phone", "email", "url"} or "contact" in ctx.question.lower()
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

        sentences: list[str] = []
        lists: list[str] = []
        listed = {(c.rank, item) for c in chosen for item in c.items}
        for c in chosen:
            if (c.rank, c.text) in listed:
                continue  # already shown in the list it belongs to
            text = c.text if c.text[-1:] in ".!?:" else c.text + "."
            line = f"{text} [{cite(c.rank)}]"
            if c.items:
                lists.append("\n".join([line, *(f"- {item}" for item in c.items)]))
            else:
                sentences.append(line)
        blocks = [" ".join(sentences), *lists]
        blocks += ["\n".join(contact_lines(top[r], cite(r))) for r in contacts]
        body = "\n\n".join(b for b in blocks if b)
        if ctx.answer.audience == "parent":
            body = expand_acronyms(body, self.acronyms)
        uncovered = "" if ctx.area_covered else ctx.area
        lead = lead_line(ctx.answer.audience, [c.title for c in citations], uncovered)
        if ctx.answer.status != SAFEGUARDING:
            ctx.answer.status = ANSWERED
        ctx.answer.answer = join_answer(ctx.prefix, lead, [body])
        ctx.answer.citations = citations
