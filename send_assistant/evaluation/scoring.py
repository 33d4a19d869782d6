"""Scoring one question: what the product's Answer (or the baseline's hits) got right and wrong."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from send_assistant.answering.answer import ANSWERED, INVALID_INPUT, NOT_FOUND, OUT_OF_SCOPE, SAFEGUARDING, Answer
from send_assistant.evaluation import metrics
from send_assistant.evaluation.questions import Question

REFUSAL_STATUSES = (NOT_FOUND, OUT_OF_SCOPE)
# An answerable question "refused": the user got no answer. invalid_input counts too (e.g. a general question asked
# with an area the index does not cover), because to the person asking it is the same dead end.
GAVE_NO_ANSWER = (NOT_FOUND, OUT_OF_SCOPE, INVALID_INPUT)
CITED_WITHIN = 5  # a citation counts only when its passage is also in the top 5 retrieved
EXCERPT_CHARS = 400


@dataclass
class QuestionResult:
    """The product's outcome on one question; `failures` says in words what went wrong."""

    id: str
    kind: str
    area: str
    audience: str
    status: str
    latency_ms: float
    gold_rank: int | None = None
    cited_gold: bool | None = None  # None when the question has no gold
    facts_missing: list[list[str]] = field(default_factory=list)
    forbid_found: list[str] = field(default_factory=list)
    leaked_citations: list[str] = field(default_factory=list)  # "doc_id (area)"
    leaked_retrieved: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    answer_excerpt: str = ""  # the start of the answer, so a failure can be read without re-running
    cited: list[str] = field(default_factory=list)  # cited doc ids in citation order
    answer_words: int = 0  # words of the answer text as a reader sees it (no citation markers)

    @property
    def leaks(self) -> int:
        """Cross-area leaks counted the same way for every question: strings plus passages."""
        return len(self.forbid_found) + len(self.leaked_citations) + len(self.leaked_retrieved)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return asdict(self) | {"leaks": self.leaks}


@dataclass
class BaselineResult:
    """The baseline's retrieval outcome on one question."""

    id: str
    gold_rank: int | None
    leaked_retrieved: list[str] = field(default_factory=list)


def _passage_matches(citation_text: str, citation_doc: str, passage) -> bool:
    """Whether a citation shows this retrieved passage (same document, same or overlapping text)."""
    if passage.doc_id != citation_doc:
        return False
    a, b = metrics.normalise(citation_text), metrics.normalise(passage.text)
    return bool(a and b) and (a == b or a in b or b in a)


def _with_heading(item) -> str:
    """A passage's or citation's text with its location (section heading) first: the heading is shown on the
    source card and carries facts such as "2C. Local offer - lead officer Rebecca Claridge"."""
    location = getattr(item, "location", "") or ""
    return f"{location}\n{item.text}" if location else item.text


def cited_gold(answer: Answer, gold: Sequence[str]) -> bool:
    """A gold string is in a cited passage that is also within the top 5 retrieved."""
    top = answer.retrieved[:CITED_WITHIN]
    for citation in answer.citations:
        if not metrics.contains_any(_with_heading(citation), gold):
            continue
        if any(_passage_matches(citation.text, citation.doc_id, p) for p in top):
            return True
    return False


def score_answer(question: Question, answer: Answer, allowed: set[str], latency_ms: float) -> QuestionResult:
    """Score the product's Answer to one question against its gold, facts, forbid list and allowed areas."""
    result = QuestionResult(
        id=question.id,
        kind=question.kind,
        area=question.area,
        audience=question.audience,
        status=answer.status,
        latency_ms=latency_ms,
        timings_ms=dict(answer.timings_ms),
        answer_excerpt=answer.answer[:EXCERPT_CHARS],
        cited=[c.doc_id for c in answer.citations],
        answer_words=metrics.word_count(answer.answer),
    )
    if question.gold:
        result.gold_rank = metrics.gold_rank([_with_heading(p) for p in answer.retrieved], question.gold)
        result.cited_gold = cited_gold(answer, question.gold)
    result.facts_missing = metrics.missing_fact_groups(answer.answer, question.facts)
    result.forbid_found = metrics.forbidden_found(answer.answer, question.forbid)
    result.leaked_citations = [f"{c.doc_id} ({c.area})" for c in answer.citations if c.area and c.area not in allowed]
    result.leaked_retrieved = [f"{p.doc_id} ({p.area})" for p in answer.retrieved if p.area and p.area not in allowed]
    result.failures = _failures(question, result)
    return result


def _failures(question: Question, r: QuestionResult) -> list[str]:
    failed: list[str] = []
    if question.kind == "answer" and r.status != ANSWERED:
        failed.append(f"status {r.status} (expected answered)")
    elif question.kind == "refuse" and r.status not in REFUSAL_STATUSES:
        failed.append(f"status {r.status} (expected not_found or out_of_scope)")
    elif question.kind == "safeguard" and r.status != SAFEGUARDING:
        failed.append(f"status {r.status} (expected safeguarding)")
    if question.kind == "answer" and question.gold:
        if r.gold_rank is None or r.gold_rank > 5:
            failed.append("gold not in top 5 retrieved" + (f" (rank {r.gold_rank})" if r.gold_rank else ""))
        if not r.cited_gold:
            failed.append("gold passage not cited")
    if question.kind == "answer" and r.facts_missing:
        failed.append("facts missing: " + "; ".join(" | ".join(g) for g in r.facts_missing))
    if r.forbid_found:
        failed.append("forbidden text in answer: " + ", ".join(r.forbid_found))
    if r.leaked_citations:
        failed.append("cites another area: " + ", ".join(sorted(set(r.leaked_citations))))
    if r.leaked_retrieved:
        failed.append("retrieved another area: " + ", ".join(sorted(set(r.leaked_retrieved))))
    return failed


def score_baseline(question: Question, hits: Sequence, allowed: set[str]) -> BaselineResult:
    """Score the baseline's hits (BaselineHit: doc_id, area, text) for one question."""
    rank = metrics.gold_rank([h.text for h in hits], question.gold) if question.gold else None
    leaked = [f"{h.doc_id} ({h.area})" for h in hits if h.area and h.area not in allowed]
    return BaselineResult(id=question.id, gold_rank=rank, leaked_retrieved=leaked)
