"""Unmet need: unanswered and thumbs-down questions grouped into topics a commissioner can act on.

Questions come from the feedback store (already redacted there): those the sources could not answer, "I didn't
find what I needed", and thumbs-down ratings; one answer rated down is counted once. Their embeddings are
clustered (agglomerative, average linkage on cosine distance, with the embedding model's distance threshold
from its profile in send_assistant/data/model_profiles.yaml), and each topic is labelled by the words that set it
apart from the other topics. Each topic keeps its counts by area and by month and a few example questions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from send_assistant.feedback.db import read_rows
from send_assistant.ingest.textkit import QUESTION_WORDS, STOPWORDS, stem, words
from send_assistant.model_profiles import profile_for

NOT_STORED = "(question text not stored)"
MAX_EXAMPLES = 3


class Embedder(Protocol):
    """What clustering needs from the embedding model."""

    name: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors."""
        ...


@dataclass(frozen=True)
class GapQuestion:
    """One question the sources did not serve: its area, redacted text, why, and when (ISO time)."""

    area: str
    question: str
    reason: str  # not_found, out_of_scope, didn't find, thumbs down
    created_at: str


@dataclass
class Topic:
    """A group of similar questions."""

    key: str  # a slug of the label, for linking responses to it
    label: str
    count: int = 0
    areas: Counter = field(default_factory=Counter)
    months: Counter = field(default_factory=Counter)
    area_months: Counter = field(default_factory=Counter)  # (area, "YYYY-MM") -> count
    reasons: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


def distance_threshold(embedder_name: str) -> float:
    """The cosine distance under which two questions share a topic, for this embedding model (its profile's
    gap_topic_distance; ModelProfileError when the model has no profile)."""
    return profile_for(embedder_name).gap_topic_distance


def gap_questions(feedback_db: Path | str) -> list[GapQuestion]:
    """Unanswered, "didn't find" and thumbs-down questions from the feedback database (read only): a SQLite
    file, or a database URL. Raises FeedbackUnavailable when it cannot be read."""
    query = """
        SELECT answer_id, area, question, status, created_at FROM unanswered
        UNION ALL
        SELECT answer_id, area, question, CASE WHEN didnt_find = 1 THEN 'didn''t find' ELSE 'thumbs down' END,
               created_at FROM feedback WHERE didnt_find = 1 OR rating = 'down'
        ORDER BY created_at
    """
    rows = read_rows(feedback_db, query)
    out: list[GapQuestion] = []
    seen: dict[str, int] = {}  # answer_id -> index in out: one answer counts once, whatever was said about it
    for answer_id, area, question, reason, created in rows:
        if answer_id and answer_id in seen:
            continue
        if answer_id:
            seen[answer_id] = len(out)
        out.append(GapQuestion(area or "", (question or "").strip(), reason, created or ""))
    return out


def cluster_topics(questions: list[GapQuestion], embedder: Embedder, threshold: float | None = None) -> list[Topic]:
    """Group questions into topics, most asked first; questions stored without text form one topic."""
    threshold = distance_threshold(embedder.name) if threshold is None else threshold
    texts = list(dict.fromkeys(_norm(q.question) for q in questions if q.question))
    groups = _cluster(texts, embedder, threshold)
    group_of = {text: g for g, members in enumerate(groups) for text in members}
    labels = _labels(groups)
    topics = [Topic(key=_slug(label), label=label) for label in labels]
    hidden = Topic(key="not-stored", label=NOT_STORED)
    originals: dict[int, Counter] = {}
    for q in questions:
        if q.question:
            g = group_of[_norm(q.question)]
            topic = topics[g]
            originals.setdefault(g, Counter())[q.question] += 1
        else:
            topic = hidden
        month = q.created_at[:7] or "unknown"
        topic.count += 1
        topic.areas[q.area] += 1
        topic.months[month] += 1
        topic.area_months[(q.area, month)] += 1
        topic.reasons[q.reason] += 1
    for g, counts in originals.items():
        topics[g].examples = [text for text, _ in counts.most_common(MAX_EXAMPLES)]
    found = [t for t in topics if t.count] + ([hidden] if hidden.count else [])
    return sorted(found, key=lambda t: (-t.count, t.label))


def _cluster(texts: list[str], embedder: Embedder, threshold: float) -> list[list[str]]:
    if len(texts) < 2:
        return [texts] if texts else []
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering

    vectors = np.asarray(embedder.embed(texts), dtype=float)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
    model = AgglomerativeClustering(n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average")
    assignment = model.fit_predict(vectors)
    groups: dict[int, list[str]] = {}
    for text, g in zip(texts, assignment, strict=True):
        groups.setdefault(int(g), []).append(text)
    return list(groups.values())


def _labels(groups: list[list[str]], top: int = 3) -> list[str]:
    """Each group's most distinctive words (frequent in it, rare in the others), in their commonest spelling."""
    counts, surface = [], Counter()
    for members in groups:
        c = Counter()
        for text in members:
            for w in set(_content_words(text)):
                c[stem(w)] += 1
                surface[(stem(w), w)] += 1
        counts.append(c)
    spread = Counter(s for c in counts for s in c)
    labels = []
    for members, c in zip(groups, counts, strict=True):
        shared = [s for s in c if c[s] > 1] if len(members) > 1 else []  # a word one question used is no theme
        pool = shared if shared else list(c)
        scored = sorted(pool, key=lambda s: (-c[s] * math.log(1 + len(groups) / spread[s]), s))[:top]
        names = [max((w for (st, w) in surface if st == s), key=lambda w: (surface[(s, w)], -len(w))) for s in scored]
        order = " ".join(members).split()
        names.sort(key=lambda w: next((i for i, t in enumerate(order) if t.strip("?.,!").startswith(w)), len(order)))
        labels.append(", ".join(names) or members[0][:60])
    return _unique(labels)


_PLACEHOLDER = re.compile(r"\[[a-z ]+\]")  # what redaction left: [email], [postcode], [name]


def _content_words(text: str) -> list[str]:
    text = _PLACEHOLDER.sub(" ", text)
    return [w for w in words(text) if len(w) > 2 and w not in STOPWORDS and w not in QUESTION_WORDS and w.isalpha()]


def _unique(labels: list[str]) -> list[str]:
    seen: Counter = Counter()
    out = []
    for label in labels:
        seen[label] += 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "topic"
