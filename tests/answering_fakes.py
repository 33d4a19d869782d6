"""Small fakes for the answering tests: an index, a retriever and a glossary, no Chroma and no model."""

from __future__ import annotations

from dataclasses import dataclass, field

from doubles import HASH_PROFILE, HashEmbedder

from send_assistant.answering.answer import Answer, Passage
from send_assistant.answering.compose_scoring import Asked, Evidence
from send_assistant.answering.context import Context, PipelineAbort
from send_assistant.answering.next_step import NextStep
from send_assistant.answering.sentence_units import Unit
from send_assistant.answering.service import Assistant
from send_assistant.answering.stages.compose import Compose

BANES = "Bath and North East Somerset"
BUCKS = "Buckinghamshire"

# The composer's configuration with the hash embedder's thresholds (its model profile, tests/doubles.py).
HASH_CONFIG = HASH_PROFILE.compose_config()


def asked_of(terms: list[str], broad: list[str], intent: str | None, question: str = "") -> Asked:
    """A question as compose_scoring measures it: a local question in B&NES asking for no particular kind of fact.
    Tests change any other field with dataclasses.replace."""
    return Asked(
        area=BANES,
        terms=terms,
        broad=broad,
        kind=None,
        intent=intent,
        local_question=True,
        wants_local_fact=False,
        generic=set(),
        question=question,
    )


def evidence_of(source: Passage, own: set[str], similarity: float, text: str | None = None) -> Evidence:
    """One unit of `source` (its whole text, or `text`) measured against a question: rank 0, fully covered, of the
    kind and shape asked for. Tests change any other field with dataclasses.replace."""
    return Evidence(
        rank=0,
        passage=source,
        unit=Unit(source.text if text is None else text, (), 0, 0),
        own=own,
        heading=set(),
        similarity=similarity,
        coverage=1.0,
        fits_kind=True,
        fits_intent=True,
    )


@dataclass
class Chunk:
    """What the sentence cache reads from an indexed chunk."""

    chunk_id: str
    text: str


# Two chunks for the sentence-unit cache and store tests.
CHUNKS = [
    Chunk("doc:aaa", "The panel meets every month to agree placements. It is chaired by the head of SEND."),
    Chunk("doc:bbb", "Short breaks are booked through the short breaks team."),
]

ACRONYMS = {
    "EHCP": "Education, Health and Care plan",
    "SENDIASS": "SEND Information, Advice and Support Service",
    "LD": "learning disability",
    "SEND": "special educational needs and disabilities",
}


def passage(chunk_id: str, text: str, area: str = BANES, **extra) -> Passage:
    """A passage of a made-up document in `area`."""
    fields = {
        "doc_id": f"doc-{chunk_id}",
        "title": f"Local Offer of {area}" if area else "SEND guide for England",
        "doc_type": "local offer page",
        "location": "Section 1",
        "reviewed": "2024-01-01",
    }
    fields.update(extra)
    return Passage(chunk_id=chunk_id, text=text, area=area, **fields)


ADVICE = passage(
    "banes-advice",
    "The SEND Partnership Service provides free confidential and impartial information, advice and support to "
    "parents and young people.",
)
PANEL = passage(
    "banes-panel",
    "The Local Area has a joint agency panel between health, education and social care for children with complex "
    "needs. It commissions bespoke placements through a pooled budget.",
)
EHCP = passage(
    "national-ehcp",
    "An EHCP describes a child's special educational needs and the support they must get. "
    "The local authority must finish an EHCP needs assessment within 20 weeks.",
    area="",
)
YOUTH = passage(
    "bucks-youth",
    "We work closely with the SEND Youth Forum, a core mechanism to shape service development in Buckinghamshire.",
    area=BUCKS,
)
SERVICE = passage(
    "banes-sps-record",
    "SEND Partnership Service: free, impartial advice for parents of children with SEND in Bath.",
    doc_type="service",
    contact={"name": "SEND Partnership Service", "phone": "01225 394382", "email": "sps@example.org"},
)
DEFAULT_PASSAGES = [ADVICE, PANEL, EHCP, YOUTH]


@dataclass
class FakeResult:
    passages: list[Passage]
    confidence: float


class FakeIndex:
    """Just what the service asks an Index."""

    def __init__(self, areas: list[str], chunks: int = 10, version: int = 1) -> None:
        self._areas = areas
        self._chunks = chunks
        self.version = version

    live: list[Passage] = []  # what live_chunks returns (passages have chunk_id and text, as StoredChunk does)

    def areas(self) -> list[str]:
        return sorted(self._areas)

    def live_chunks(self) -> list[Passage]:
        return list(self.live)

    def chunk_count(self) -> int:
        return self._chunks

    def document_count(self) -> int:
        return 3


@dataclass
class FakeRetriever:
    """Ranks its passages by hash-embedding cosine, with the real area rule: [area, ""] or [""] only."""

    passages: list[Passage]
    embedder: HashEmbedder = field(default_factory=HashEmbedder)
    index: FakeIndex | None = None
    calls: list[tuple[str, str]] = field(default_factory=list)

    def search(self, query: str, area: str = "", k: int = 10) -> FakeResult:
        self.calls.append((query, area))
        allowed = {area, ""} if area else {""}
        qv = self.embedder.embed([query])[0]
        scored = []
        for p in self.passages:
            if p.area not in allowed:
                continue
            pv = self.embedder.embed([p.title + "\n" + p.text])[0]
            cos = sum(a * b for a, b in zip(qv, pv, strict=True))
            scored.append(Passage(**{**p.__dict__, "score": cos, "dense_score": cos}))
        scored.sort(key=lambda p: -p.score)
        top = scored[:k]
        return FakeResult(top, max((p.dense_score or 0.0 for p in top), default=0.0))


@dataclass(frozen=True)
class FakeTerm:
    term: str
    expansion: str
    aliases: tuple[str, ...] = ()


class FakeGlossary:
    terms = [FakeTerm("Local Offer", "the council's guide to SEND services"), FakeTerm("PCF", "parent carer forum")]

    def acronyms(self) -> dict[str, str]:
        return dict(ACRONYMS)

    def expand_query(self, query: str, area: str | None = None) -> str:
        return query


def make_assistant(
    passages=None,
    areas=(BANES, BUCKS),
    llm=None,
    on_answer=None,
    config=HASH_CONFIG,
    embedder=None,
    cache=None,
    profiles=None,
) -> Assistant:
    """An Assistant over fakes, with the real stages (cache: a SentenceCache, e.g. one backed by a file;
    profiles: AreaProfiles, by default the ones in knowledge/areas.yaml)."""
    embedder = embedder or HashEmbedder()
    index = FakeIndex(list(areas))
    index.live = list(DEFAULT_PASSAGES if passages is None else passages)
    retriever = FakeRetriever(list(index.live), embedder, index)
    return Assistant(
        index,
        embedder,
        FakeGlossary(),
        retriever,
        llm=llm,
        on_answer=on_answer,
        compose_config=config,
        sentence_cache=cache,
        profiles=profiles,
    )


def context(question: str, area: str = "", audience: str = "parent", history=None) -> Context:
    """A fresh context, as the service makes one."""
    return Context(
        answer=Answer(question=question, area=area, audience=audience), question=question, history=list(history or [])
    )


def compose_in_order(
    question: str,
    passages: list[Passage],
    area: str = BANES,
    glossary: FakeGlossary | None = None,
    search_query: str | None = None,
    asked: str = "",
    confidence: float = 0.9,
) -> Context:
    """Compose over passages in exactly this retrieval order (hash embedder, its thresholds); the context after.
    search_query and asked are what the rewrite stage sets for a follow-up (the question itself and "" else);
    confidence is the retrieval confidence the passages came with."""
    embedder = HashEmbedder()
    glossary = FakeGlossary() if glossary is None else glossary
    stage = Compose(embedder, glossary, NextStep(FakeRetriever(list(passages), embedder)), config=HASH_CONFIG)
    ctx = context(question, area=area)
    ctx.search_query = search_query or question
    ctx.asked = asked
    ctx.passages, ctx.confidence = list(passages), confidence
    try:
        stage.call(ctx)
    except PipelineAbort:
        pass
    return ctx
