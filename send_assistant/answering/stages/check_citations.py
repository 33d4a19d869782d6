"""Check citations: every answer sentence is marked, every marker points at a citation, every citation is used.

For a generated (LLM) answer it also checks support: each sentence must share most of its content words with
(or be very similar to) a sentence of a passage it cites, and its numbers, phone numbers, dates and addresses
must appear there verbatim. A generated answer that fails is replaced by the extractive one (ctx.fallback).
"""

from __future__ import annotations

import re

import numpy as np

from send_assistant.answering.answer import ANSWERED, SAFEGUARDING, Citation
from send_assistant.answering.answer_text import MARKER
from send_assistant.answering.context import Context
from send_assistant.answering.grounding import (
    content_terms,
    coverage,
    looks_like_instruction,
    split_sentences,
    term_set,
    unsupported_facts,
)
from send_assistant.answering.interfaces import Embedder, Glossary

_MARKER_BEFORE_STOP = re.compile(r"([.!?])((?:\s*\[\d+\])+)")
_HEADING = re.compile(r"^(#{1,6}\s|\*\*[^*]+\*\*:?$)")
_ITEM = re.compile(r"^\s*[-*•]\s+")


def answer_units(body: str) -> list[tuple[str, bool]]:
    """(sentence, covered by the line above) for each sentence of an answer body, lead line excluded.

    The lead line is the first line when it ends with ":" and carries no marker; headings need no marker; list
    items directly under a cited line ending with ":" (a list or a contact card) share that line's citation.
    """
    units: list[tuple[str, bool]] = []
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    if lines and lines[0].endswith(":") and not MARKER.search(lines[0]):
        lines = lines[1:]
    introduces_list = False
    for line in lines:
        if _HEADING.match(line):
            continue
        if _ITEM.match(line):
            units.append((_ITEM.sub("", line), introduces_list))
            continue
        introduces_list = MARKER.sub("", line).rstrip().endswith((":", ";")) and bool(MARKER.search(line))
        # "... adulthood. [1] Ready ..." -> "... adulthood [1]. Ready ..." so sentences split after the marker.
        normalised = _MARKER_BEFORE_STOP.sub(lambda m: m.group(2) + m.group(1), line)
        units.extend((s, False) for s, _ in split_sentences(normalised))
    return units


def structure_problems(body: str, citations: list[Citation]) -> list[str]:
    """Why the markers and citations do not line up (empty when they do)."""
    problems: list[str] = [] if citations else ["no citations"]
    known = {c.n for c in citations}
    used = {int(n) for n in MARKER.findall(body)}
    if used - known:
        problems.append(f"markers without a citation: {sorted(used - known)}")
    if known - used:
        problems.append(f"citations never used: {sorted(known - used)}")
    for sentence, covered in answer_units(body):
        if not covered and not MARKER.search(sentence):
            problems.append(f"sentence without a citation: {sentence[:60]!r}")
    return problems


class CheckCitations:
    """Final gate: an answer whose sentences are not all traceable to cited passages is never shown."""

    name = "check_citations"

    def __init__(
        self, embedder: Embedder, glossary: Glossary | None, *, min_similarity: float, min_overlap: float = 0.6
    ) -> None:
        """min_similarity: the embedding model's citation_support (send_assistant/data/model_profiles.yaml);
        min_overlap: the share of a sentence's key words a cited passage must hold (no model involved)."""
        self.embedder = embedder
        self.acronyms: dict[str, str] = dict(glossary.acronyms()) if glossary is not None else {}
        self.min_overlap = min_overlap
        self.min_similarity = min_similarity

    def call(self, ctx: Context) -> None:
        """Validate the answer; fall back to the extractive answer, or refuse, when it fails."""
        if ctx.answer.status not in (ANSWERED, SAFEGUARDING):
            return
        body = ctx.answer.answer
        if ctx.prefix and body.startswith(ctx.prefix):
            body = body[len(ctx.prefix) :]
        problems = structure_problems(body, ctx.answer.citations)
        if not problems and ctx.fallback is not None:
            problems = self.support_problems(body, ctx.answer.citations)
        if not problems:
            return
        ctx.notes.extend(problems)
        if ctx.fallback is not None:
            ctx.notes.append("generated answer failed the citation check: using the extractive answer")
            ctx.answer.answer, ctx.answer.citations = ctx.fallback
            ctx.fallback = None
            self.call(ctx)
            return
        raise AssertionError("extractive answer failed its citation check: " + "; ".join(problems))

    def support_problems(self, body: str, citations: list[Citation]) -> list[str]:
        """Sentences not supported by the passages they cite (generated answers only)."""
        by_n = {c.n: c for c in citations}
        problems: list[str] = []
        for sentence, covered in answer_units(body):
            cited = [by_n[int(n)] for n in MARKER.findall(sentence) if int(n) in by_n]
            if covered or not cited:
                continue
            claim = self._strip_expansions(MARKER.sub(" ", sentence))
            evidence = [s for c in cited for s, _ in split_sentences(c.text) if not looks_like_instruction(s)]
            evidence += [str(v) for c in cited for v in (c.contact or {}).values()]
            if not evidence or unsupported_facts(claim, " ".join(evidence)):
                problems.append(f"unsupported fact in: {claim[:60]!r}")
            elif not self._supported(claim, evidence):
                problems.append(f"not supported by its passage: {claim[:60]!r}")
        return problems

    def _supported(self, claim: str, evidence: list[str]) -> bool:
        terms = content_terms(claim)
        best_overlap = max(coverage(terms, term_set(e, self.acronyms)) for e in evidence)
        if best_overlap >= self.min_overlap:
            return True
        vectors = np.asarray(self.embedder.embed([claim, *evidence]), dtype=np.float32)
        best_similarity = float(np.max(vectors[1:] @ vectors[0]))
        return best_similarity >= self.min_similarity and best_overlap >= self.min_overlap / 2

    def _strip_expansions(self, text: str) -> str:
        for expansion in self.acronyms.values():
            text = text.replace(f" ({expansion})", "")
        return text
