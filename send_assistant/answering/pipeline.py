"""The answer pipeline: an explicit, ordered list of small stages run over one Context.

validate -> spelling -> safeguarding -> guard -> rewrite -> retrieve -> compose [-> llm_compose] -> check_citations.
A stage ends the pipeline with `ctx.abort(status, message)`. Unexpected exceptions are caught here (and at the
top level of the CLI or web app) only, and become status "error" with the canned apology.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from send_assistant.answering import texts
from send_assistant.answering.answer import ERROR, Answer
from send_assistant.answering.context import Context, PipelineAbort
from send_assistant.answering.interfaces import ChatModel, Embedder, Glossary, Retriever
from send_assistant.errors import IndexUnavailableError

if TYPE_CHECKING:  # imported where they are built, inside build_stages, so importing this module stays cheap
    from send_assistant.answering.area_profiles import AreaProfiles
    from send_assistant.answering.retrieval.faq import QuestionMatcher as GuidanceMatcher
    from send_assistant.answering.sentence_units import SentenceCache
    from send_assistant.answering.stages.compose import ComposeConfig
    from send_assistant.answering.stages.safeguarding_classifier import RiskClassifier
    from send_assistant.model_profiles import ModelProfile

# () -> (index version, the texts or word counts spelling correction learns its vocabulary from)
Vocabulary = Callable[[], tuple[object, "list[str] | Counter[str]"]]

log = logging.getLogger(__name__)

# The stage names, in order; `build_stages` returns stage objects in exactly this order.
STAGES = (
    "validate",
    "spelling",
    "safeguarding",
    "guard",
    "rewrite",
    "retrieve",
    "compose",
    "llm_compose",
    "check_citations",
)


class Stage(Protocol):
    """One step of the pipeline."""

    def call(self, ctx: Context) -> None:
        """Read and update the context; `ctx.abort(...)` to finish early."""
        ...


def build_stages(
    *,
    retriever: Retriever,
    embedder: Embedder,
    glossary: Glossary | None,
    known_areas: Callable[[], list[str]],
    llm: ChatModel | None = None,
    max_chars: int = 1000,
    compose_config: ComposeConfig | None = None,
    sentence_cache: SentenceCache | None = None,
    profiles: AreaProfiles | None = None,
    vocabulary: Vocabulary | None = None,
    model_profile: ModelProfile | None = None,
    safeguarding_cache_dir: Path | None = None,
) -> list[Stage]:
    """The pipeline's stages, built once with their injected models (the LLM stage only when a model is given).

    model_profile: the embedding model's thresholds (send_assistant/model_profiles.py), for the composer, the
    guidance question matcher, the citation check and the safeguarding classifier; by default the profile of
    `embedder.name`, and ModelProfileError when it has none.
    compose_config: the composer's ComposeConfig in full, instead of the one the model profile gives (tests).
    safeguarding_cache_dir: where the safeguarding classifier keeps its embedded training phrasings (None: the
    classifier's own default).
    sentence_cache: the composer's SentenceCache (e.g. one backed by a file); a fresh in-memory one by default.
    profiles: the area profiles (knowledge/areas.yaml): nicknames, each area's own signposts, and its children's
    social care contact for the urgent safeguarding reply.
    vocabulary: () -> (index version, texts) for spelling correction; by default the retriever's live chunks.
    """
    from send_assistant.answering.area_profiles import AreaProfiles
    from send_assistant.answering.next_step import NextStep
    from send_assistant.answering.retrieval.areas import detect_area
    from send_assistant.answering.stages.check_citations import CheckCitations
    from send_assistant.answering.stages.compose import Compose
    from send_assistant.answering.stages.guard import ScopeGuard
    from send_assistant.answering.stages.llm_compose import LlmCompose
    from send_assistant.answering.stages.retrieve import Retrieve
    from send_assistant.answering.stages.rewrite import Rewrite
    from send_assistant.answering.stages.safeguarding import SafeguardingCheck
    from send_assistant.answering.stages.spelling import CorrectSpelling
    from send_assistant.answering.stages.validate import Validate
    from send_assistant.model_profiles import profile_for

    model_profile = model_profile if model_profile is not None else profile_for(str(embedder.name))
    profiles = profiles if profiles is not None else AreaProfiles([])
    next_step = NextStep(retriever, profiles=profiles)
    vocabulary = vocabulary or _chunk_vocabulary(retriever, glossary, profiles)
    matcher = _matcher(retriever, embedder)
    stages: list[Stage] = [
        Validate(max_chars=max_chars),
        CorrectSpelling(vocabulary),
        SafeguardingCheck(
            local_contact=profiles.safeguarding_contact,
            classifier=_risk_classifier(model_profile, embedder, safeguarding_cache_dir),
        ),
        ScopeGuard(glossary_terms=[t.term for t in getattr(glossary, "terms", [])] or None),
        Rewrite(llm=llm, topics=_topic_names(glossary)),
        Retrieve(
            retriever,
            known_areas=known_areas,
            next_step=next_step,
            detect_area=lambda text, known: detect_area(text, known, profiles if profiles.profiles else None),
            matcher=matcher,
            match_similarity=model_profile.question_match,
            answer_similarity=model_profile.question_answers,
        ),
        Compose(
            embedder,
            glossary,
            next_step=next_step,
            config=compose_config if compose_config is not None else model_profile.compose_config(),
            cache=sentence_cache,
            profiles=profiles,
            heading_vectors=matcher,
            documents=_chunk_texts(retriever),
        ),
    ]
    if hasattr(retriever, "use_units"):  # search ranks passages by their best sentence unit too: the composer's
        retriever.use_units(_unit_vectors(stages[-1]))
    if llm is not None:
        stages.append(LlmCompose(llm, glossary))
    stages.append(CheckCitations(embedder, glossary, min_similarity=model_profile.citation_support))
    return stages


def _unit_vectors(compose: object) -> Callable[[list], list]:
    """chunks -> their sentence units' vectors (one array of rows each), from the composer's unit cache, so
    retrieval and composing read the same units and each passage's are fetched or embedded once."""
    import numpy as np

    def vectors(chunks: list) -> list:
        return [
            np.stack([v for _, v in units]) if units else np.zeros((0, 0), dtype=np.float32)
            for units in compose.cache.units(chunks, compose.cfg)
        ]

    return vectors


def _risk_classifier(model_profile: ModelProfile, embedder: Embedder, cache_dir: Path | None) -> RiskClassifier | None:
    """The learned safeguarding layer the model profile calls for (None where it declares the lexicon alone)."""
    from send_assistant.answering.stages.safeguarding_classifier import EmbeddingRiskClassifier

    calibration = model_profile.safeguarding_profile()
    if calibration is None:
        log.info("model profile %r declares no safeguarding classifier: the lexicon decides alone", model_profile.name)
        return None
    where = {} if cache_dir is None else {"cache_dir": cache_dir}
    return EmbeddingRiskClassifier(embedder, calibration, **where)


def _matcher(retriever: Retriever, embedder: Embedder) -> GuidanceMatcher | None:
    """The guidance question matcher over the retriever's index (None when there is no index to read)."""
    from send_assistant.answering.retrieval.faq import QuestionMatcher

    index = getattr(retriever, "index", None)
    if index is None or not hasattr(index, "live_chunks"):
        return None
    return QuestionMatcher(index, embedder, chunks_for=getattr(retriever, "area_chunks", None))


def _chunk_texts(retriever: Retriever) -> Callable[[], tuple[object, Callable[[], Iterator[str]]]] | None:
    """() -> (index version, a reader of the live chunks' texts); the composer reads them again only when the version
    changes. None without an index (the composer then weighs every key term alike)."""
    index = getattr(retriever, "index", None)
    if index is None or not hasattr(index, "live_chunks"):
        return None
    return lambda: (getattr(index, "version", None), lambda: (c.text for c in index.live_chunks()))


def _chunk_vocabulary(retriever: Retriever, glossary: Glossary | None, profiles: AreaProfiles) -> Vocabulary:
    """() -> (index version, texts): the live chunks' texts, the glossary's terms and the areas' names."""
    index = getattr(retriever, "index", None)
    extra = [f"{t.term} {t.expansion} {' '.join(getattr(t, 'aliases', ()))}" for t in getattr(glossary, "terms", [])]
    for p in getattr(profiles, "profiles", []):
        extra.append(" ".join([p.name, p.short_name, *p.nicknames, *p.place_words]))

    read: list[tuple[object, list[str] | Counter[str]]] = []  # read again only when the index version changes

    def vocabulary() -> tuple[object, list[str] | Counter[str]]:
        version = getattr(index, "version", None)
        if not read or version is None or read[0][0] != version:
            if hasattr(retriever, "vocabulary_counts"):  # issue 10: the word counts saved at ingest
                from send_assistant.ingest.textkit import words

                counts = Counter(retriever.vocabulary_counts())
                counts.update(w for text in extra for w in words(text) if w.isalpha())
                read[:] = [(version, counts)]
                return read[0]
            chunks = index.live_chunks() if index is not None and hasattr(index, "live_chunks") else []
            read[:] = [(version, [c.text for c in chunks] + extra)]
        return read[0]

    return vocabulary


def stage_name(stage: Stage) -> str:
    """The name a stage is timed under: its `name` attribute, else its class name in snake_case."""
    name = getattr(stage, "name", None)
    if isinstance(name, str) and name:
        return name
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(stage).__name__).lower()


def run(ctx: Context, stages: list[Stage]) -> Answer:
    """Run the stages in order, timing each into answer.timings_ms (plus "total"); never raises."""
    timings = ctx.answer.timings_ms
    started = time.perf_counter()
    try:
        for stage in stages:
            t0 = time.perf_counter()
            try:
                stage.call(ctx)
            finally:
                timings[stage_name(stage)] = (time.perf_counter() - t0) * 1000.0
    except PipelineAbort:
        pass
    except IndexUnavailableError:
        raise  # the store is down: the edge says so (HTTP 503 with Retry-After; one clear line in the CLI)
    except Exception:  # noqa: BLE001 - the runner is one of the two places errors are caught
        log.exception("answer pipeline failed in a stage")
        ctx.answer.status = ERROR
        ctx.answer.answer = texts.ERROR
        ctx.answer.citations = []
    timings["total"] = (time.perf_counter() - started) * 1000.0
    return ctx.answer


def _topic_names(glossary: Glossary | None) -> list[str]:
    """Every name the glossary gives a subject: its terms, their expansions and aliases."""
    terms = getattr(glossary, "terms", [])
    return [n for t in terms for n in (t.term, t.expansion, *getattr(t, "aliases", ())) if n]
