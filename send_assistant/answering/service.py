"""The assistant service: the one composition root that loads the models and index once and answers questions.

The CLI, the web app and the evaluation all build it with `Assistant.from_settings(settings)`; tests build it
with fakes through the constructor.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from send_assistant.answering import texts
from send_assistant.answering.answer import Answer
from send_assistant.answering.answer_cache import AnswerCache
from send_assistant.answering.context import Context
from send_assistant.answering.interfaces import ChatModel, Embedder, Glossary, LiveIndex, Retriever
from send_assistant.answering.pipeline import build_stages, run
from send_assistant.errors import IndexUnavailableError, ManifestError
from send_assistant.settings import Settings

if TYPE_CHECKING:  # built where they are needed, so importing the service stays cheap
    from send_assistant.answering.area_profiles import AreaProfiles
    from send_assistant.answering.sentence_units import SentenceCache
    from send_assistant.answering.stages.compose import Compose, ComposeConfig
    from send_assistant.model_profiles import ModelProfile

log = logging.getLogger(__name__)

GLOSSARY_FILE = "glossary.yaml"


class Assistant:
    """Answers SEND questions from the index, with citations, through the staged pipeline."""

    def __init__(
        self,
        index: LiveIndex,
        embedder: Embedder,
        glossary: Glossary | None,
        retriever: Retriever,
        llm: ChatModel | None = None,
        on_answer: Callable[[Answer], None] | None = None,
        max_chars: int = 1000,
        compose_config: ComposeConfig | None = None,
        sentence_cache: SentenceCache | None = None,
        profiles: AreaProfiles | None = None,
        model_profile: ModelProfile | None = None,
        safeguarding_cache_dir: Path | None = None,
    ) -> None:
        """model_profile: the embedding model's thresholds (default: the profile of `embedder.name`, which must
        have one); compose_config: a full ComposeConfig instead of the profile's (tests); safeguarding_cache_dir:
        where the safeguarding classifier keeps its embedded training phrasings."""
        self.index = index
        self.embedder = embedder
        self.glossary = glossary
        self.retriever = retriever
        self.llm = llm
        self.on_answer = on_answer
        self.answers: AnswerCache | None = None  # from_settings keeps recent answers (answer_cache.py)
        self.warming: threading.Thread | None = None  # from_settings builds the English spelling index beside serving
        self._areas: tuple[object, list[str]] | None = None
        if profiles is None:
            from send_assistant.answering.retrieval.areas import default_profiles

            profiles = default_profiles()
        self.profiles = profiles
        self.stages = build_stages(
            retriever=retriever,
            embedder=embedder,
            glossary=glossary,
            known_areas=self.areas,
            llm=llm,
            max_chars=max_chars,
            compose_config=compose_config,
            sentence_cache=sentence_cache,
            profiles=profiles,
            model_profile=model_profile,
            safeguarding_cache_dir=safeguarding_cache_dir,
        )

    @property
    def composer(self) -> Compose:
        """The extractive compose stage."""
        return next(s for s in self.stages if getattr(s, "name", "") == "compose")

    def warm_sentences(self) -> int:
        """Embed the answerable sentences of every live chunk now (from the on-disk cache where it has them).

        Returns how many sentences had to be embedded; answers then never wait for first-time embedding.
        """
        composer = self.composer
        started = time.perf_counter()
        chunks = [(c.chunk_id, c.text) for c in self.index.live_chunks()]
        embedded = composer.cache.warm(chunks, composer.cfg)
        log.info(
            "sentence cache ready: %d chunks, %d sentences embedded in %.1f s",
            len(chunks),
            embedded,
            time.perf_counter() - started,
        )
        return embedded

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        embedder: Embedder | None = None,
        llm: ChatModel | None = None,
        on_answer: Callable[[Answer], None] | None = None,
    ) -> Assistant:
        """Load the embedder, index, glossary, retriever and optional chat model once.

        The embedder is the one settings.embedder names, unless one is given (tests); either way its thresholds
        come from its model profile. Raises IndexUnavailableError when the index is missing or empty,
        ModelUnavailableError when a configured model cannot be loaded, ModelProfileError when the embedder
        has no profile.
        """
        from send_assistant.answering.glossary import Glossary
        from send_assistant.answering.retrieval import HybridRetriever
        from send_assistant.answering.sentence_units import SentenceCache, cache_path
        from send_assistant.ingest.index import Index, embedder_key
        from send_assistant.ingest.snapshot import index_settings
        from send_assistant.model_profiles import load_embedder, profile_for

        embedder = embedder if embedder is not None else load_embedder(settings.embedder)
        model_profile = profile_for(str(embedder.name))  # before anything is read: a missing one fails at once
        settings = index_settings(settings)  # a read-only data dir is served from a private copy
        embedder = QuestionMemo(embedder)
        index = Index.open(settings, embedder)
        index.per_question = True  # ask() checks for a newly published index once per question
        if index.chunk_count() == 0:
            raise IndexUnavailableError(texts.INDEX_EMPTY)
        built = index.ledger.get_state("embedder")  # vectors of another model would be searched as if they matched
        if built is not None and built != embedder_key(embedder):
            raise IndexUnavailableError(texts.INDEX_OTHER_MODEL.format(built=built, configured=embedder_key(embedder)))
        try:
            glossary = Glossary.load(settings.knowledge_dir / GLOSSARY_FILE)
        except ManifestError as exc:
            log.warning("glossary not loaded (%s); answering without acronym expansion", exc)
            glossary = Glossary([])
        retriever = HybridRetriever(index, embedder, glossary, lexical_dir=settings.lexical_dir)
        if llm is None and settings.llm:
            from send_assistant.answering.llm import load_chat_model

            llm = load_chat_model(settings.llm)
        from send_assistant.answering.unit_store import UnitStore

        # issue 10: unit vectors come from the store the ingest filled, with the passages; nothing is warmed here.
        units = UnitStore.open(settings.data_dir, embedder)
        cache = SentenceCache(embedder, path=cache_path(settings.data_dir, embedder), store=units)
        from send_assistant.answering.area_profiles import AreaProfiles

        profiles = AreaProfiles.from_knowledge(settings.knowledge_dir)
        assistant = cls(
            index,
            embedder,
            glossary,
            retriever,
            llm=llm,
            on_answer=on_answer,
            sentence_cache=cache,
            profiles=profiles,
            model_profile=model_profile,
            safeguarding_cache_dir=settings.safeguarding_cache_dir,
        )
        if llm is None:  # a chat model's answers are its own each time: only the extractive ones are kept
            assistant.answers = AnswerCache()
        assistant.warm_up()
        single_threaded_blas()  # after warming up: every BLAS library an answer uses (numpy's, scipy's) is loaded
        # issue 10: the English spelling index takes seconds to build; build it beside serving, not before it.
        from send_assistant.answering.spelling import _english_symspell

        assistant.warming = threading.Thread(target=_english_symspell, name="spelling-english", daemon=True)
        assistant.warming.start()
        return assistant

    def settled(self, timeout: float | None = None) -> bool:
        """Wait until the work started beside serving (the English spelling index) is done; False on timeout.

        Until then answers are correct but slower (that build holds the interpreter for a few seconds); the scale
        benchmark reports the time to settle and times its questions after it."""
        if self.warming is not None:
            self.warming.join(timeout)
            return not self.warming.is_alive()
        return True

    def warm_up(self, question: str = "What is an EHC plan?") -> None:
        """Answer one question now, unrecorded, so the first user does not wait for what loads on first use
        (word lists, the lexical index, the model's first call)."""
        try:
            run(Context(answer=Answer(question=question), history=[], question=question), self.stages)
        except Exception as exc:  # noqa: BLE001 - a failed warm-up only costs the first user some time
            log.warning("warm-up answer failed: %s", type(exc).__name__)

    def areas(self) -> list[str]:
        """The local areas the index has documents for (re-read only when the index changes)."""
        version = getattr(self.index, "version", None)
        if self._areas is None or self._areas[0] != version:
            self._areas = (version, list(self.index.areas()))
        return list(self._areas[1])

    def resolve_area(self, area: str) -> str:
        """The canonical name of the area a user chose ("bucks" -> "Buckinghamshire"); unknown names unchanged."""
        area = " ".join((area or "").split())
        if not area:
            return ""
        return self.profiles.resolve(area, known=self.areas()) or area

    def health(self) -> dict[str, Any]:
        """For /healthz: {"status": "ok", "documents": N, "chunks": N} when the index can answer, else
        {"status": "unavailable", "reason": "..."}.

        A quick probe, no model call: the ledger has passages, the store holds them and reads one back, and
        the lexical index for the current version is loaded (loading it here, after an ingest, spares the next
        question that wait). Blocking: the web app calls it from a background thread (assistant.web.health).
        """
        try:
            probe = getattr(self.index, "probe", None)
            reason = probe() if probe is not None else None
            refresh = getattr(self.retriever, "refresh", None)
            if reason is None and refresh is not None and not refresh():
                reason = "the lexical index is not loaded"
        except IndexUnavailableError as exc:
            log.warning("health probe: %s", exc)
            reason = "the index store cannot be reached"
        if reason:
            return {"status": "unavailable", "reason": reason}
        return {"status": "ok", "documents": self.index.document_count(), "chunks": self.index.chunk_count()}

    def ask(
        self,
        question: str,
        area: str = "",
        audience: str = "parent",
        history: list[dict[str, str]] | None = None,
        id: str | None = None,  # noqa: A002 - the contract's field name
    ) -> Answer:
        """Answer one question (history: earlier turns [{"role", "content"}] for follow-ups)."""
        refresh = getattr(self.index, "refresh", None)
        if refresh is not None:
            refresh()  # once per question: switch to an index an ingest has published since the last one
        area, audience = self.resolve_area(area), audience or "parent"
        key = None
        if self.answers is not None and not history:
            key = self.answers.key(getattr(self.index, "version", None), question or "", area, audience)
        answer = self.answers.get(key, id) if key is not None else None
        if answer is None:
            answer = Answer(question=question or "", area=area, audience=audience)
            if id:
                answer.id = str(id)
            run(Context(answer=answer, history=list(history or []), question=question or ""), self.stages)
            if key is not None:
                self.answers.put(key, answer)
        if self.on_answer is not None:
            try:
                self.on_answer(answer)
            except Exception:  # noqa: BLE001 - logging an answer must never cost the user the answer
                log.exception("on_answer callback failed")
        return answer

    def ask_stream(
        self,
        question: str,
        area: str = "",
        audience: str = "parent",
        history: list[dict[str, str]] | None = None,
        id: str | None = None,  # noqa: A002 - the contract's field name
    ) -> Iterator[str | Answer]:
        """Yield the answer markdown growing sentence by sentence, then the final Answer.

        The whole answer is composed and checked before anything is shown: an unchecked sentence is never
        streamed to the user.
        """
        answer = self.ask(question, area=area, audience=audience, history=history, id=id)
        yield from progressive(answer.answer)
        yield answer


def single_threaded_blas() -> None:
    """Cap the BLAS library's threads at one for this process. An answer's numpy products are small (a question
    against a few hundred unit vectors, one row against the safeguarding classifier's training rows) and gain
    nothing from a second thread, while a BLAS pool left spinning after each product takes the cores from MiniLM's
    torch threads: on 2 cores a question's vector took 33 ms after numpy work against 16 ms without it, and answers
    over the 330 questions of evals/questions.jsonl and realistic_questions.jsonl took p50 71 ms / p95 169-189 ms
    with two BLAS threads against 42 ms / 77 ms with one (issue 7). torch keeps its own threads. Only the libraries
    loaded by then are capped."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class QuestionMemo:
    """Wraps an embedder so one text embedded alone (a question) is embedded once: the safeguarding check,
    retrieval, composing and citation checks each ask for the question's vector. Batches pass straight through;
    the last `size` single texts are kept."""

    def __init__(self, inner: Embedder, size: int = 256) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.size = size
        self._memo: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors for texts; a single text's vector is remembered."""
        if len(texts) != 1:
            return self.inner.embed(texts)
        text = texts[0]
        with self._lock:
            if text in self._memo:
                self._memo.move_to_end(text)
                return [list(self._memo[text])]
        vector = list(self.inner.embed([text])[0])
        with self._lock:
            self._memo[text] = vector
            while len(self._memo) > self.size:
                self._memo.popitem(last=False)
        return [list(vector)]

    def count_tokens(self, text: str) -> int:
        """Delegated to the wrapped embedder."""
        return self.inner.count_tokens(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


_PIECE = re.compile(r".+?(?:[.!?:](?:\s*\[\d+\])*(?=\s)|\n|$)", re.DOTALL)


def progressive(markdown: str) -> Iterator[str]:
    """Growing prefixes of the markdown, ending at sentence or line boundaries, the last one complete."""
    shown = 0
    for match in _PIECE.finditer(markdown):
        end = match.end()
        if end > shown and markdown[shown:end].strip():
            shown = end
            yield markdown[:end].rstrip()
    if markdown and (shown < len(markdown) or not markdown.strip()):
        yield markdown
