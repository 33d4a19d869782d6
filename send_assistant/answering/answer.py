"""The Answer passed through the pipeline, and the retrieved passages it is built from."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

# Statuses as the README documents them (`POST /api/ask`); callers route on them.
ANSWERED = "answered"
NOT_FOUND = "not_found"
OUT_OF_SCOPE = "out_of_scope"
SAFEGUARDING = "safeguarding"
INVALID_INPUT = "invalid_input"
ERROR = "error"
STATUSES = (ANSWERED, NOT_FOUND, OUT_OF_SCOPE, SAFEGUARDING, INVALID_INPUT, ERROR)


@dataclass
class Passage:
    """A chunk returned by retrieval, with its document metadata and fused score."""

    chunk_id: str
    doc_id: str
    text: str
    title: str
    area: str
    doc_type: str
    location: str = ""
    url: str | None = None
    reviewed: str | None = None
    score: float = 0.0
    dense_score: float | None = None  # cosine similarity to the query, when dense search found it
    contact: dict[str, str] | None = None  # service-directory contact details
    short_title: str | None = None  # the manifest's short title for citation cards


@dataclass
class Citation:
    """A numbered source shown under the answer; n matches the [n] markers in the answer text."""

    n: int
    doc_id: str
    title: str
    area: str
    doc_type: str
    location: str
    url: str | None
    reviewed: str | None
    text: str
    contact: dict[str, str] | None = None
    short_title: str | None = None  # a short display title (sources.yaml short_title), when the manifest has one


@dataclass
class Answer:
    """One answer; serialised to the contract's JSON only at the edges (`to_dict`)."""

    question: str
    area: str = ""
    audience: str = "parent"
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    status: str = ANSWERED
    answer: str = ""
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Passage] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    scope: str = ""  # "local" | "national" | "mixed" for an answered question: whose documents it comes from
    corrected_question: str = ""  # the question as searched when misspellings were corrected

    def to_dict(self) -> dict[str, Any]:
        """The Answer JSON the README documents under `POST /api/ask`."""
        citations = []
        for c in self.citations:
            item = asdict(c)
            for optional in ("contact", "short_title"):
                if item.get(optional) is None:
                    item.pop(optional, None)
            citations.append(item)
        return {
            "id": self.id,
            "question": self.question,
            "area": self.area,
            "audience": self.audience,
            "status": self.status,
            "answer": self.answer,
            "citations": citations,
            "retrieved": [
                {"doc_id": p.doc_id, "area": p.area, "score": round(float(p.score), 6), "text": p.text}
                for p in self.retrieved[:10]
            ],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            **({"scope": self.scope} if self.scope else {}),
            **({"corrected_question": self.corrected_question} if self.corrected_question else {}),
        }
