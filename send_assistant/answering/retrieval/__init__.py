"""Hybrid, area-aware retrieval over the index (dense + BM25, fused by reciprocal rank fusion)."""

from send_assistant.answering.retrieval.areas import allowed_areas, detect_area, is_allowed
from send_assistant.answering.retrieval.hybrid import HybridRetriever, RetrievalResult, to_passage
from send_assistant.answering.retrieval.overlap import key_terms, term_coverage

__all__ = [
    "HybridRetriever",
    "RetrievalResult",
    "allowed_areas",
    "detect_area",
    "is_allowed",
    "key_terms",
    "term_coverage",
    "to_passage",
]
