"""Retrieve: find the passages for the (standalone) question in the right area, and how confident we are.

The area is the one the user picked, else one named in the question. An area the index does not cover (e.g.
"Leeds") is searched nationally only, and a question about local services there is refused honestly: never
answered from another council's documents.
"""

from __future__ import annotations

from collections.abc import Callable

from send_assistant.answering.context import Context, user_questions
from send_assistant.answering.grounding import asking_sentences, asks_for_local_detail, is_local_question
from send_assistant.answering.interfaces import QuestionMatcher, Retriever
from send_assistant.answering.next_step import NextStep
from send_assistant.answering.retrieval.areas import without_area_names

TOP_RETRIEVED = 10


def _default_detect_area(text: str, known: list[str]) -> str | None:
    from send_assistant.answering.retrieval.areas import detect_area

    return detect_area(text, known)


class Retrieve:
    """Hybrid search through the injected retriever; fills ctx.passages, ctx.confidence, answer.retrieved."""

    name = "retrieve"

    def __init__(
        self,
        retriever: Retriever,
        known_areas: Callable[[], list[str]],
        next_step: NextStep,
        detect_area: Callable[[str, list[str]], str | None] | None = None,
        k: int = TOP_RETRIEVED,
        matcher: QuestionMatcher | None = None,
        *,
        match_similarity: float,
        answer_similarity: float,
    ) -> None:
        """match_similarity, answer_similarity: the embedding model's question_match and question_answers
        (send_assistant/data/model_profiles.yaml)."""
        self.retriever = retriever
        self.known_areas = known_areas
        self.next_step = next_step
        self.detect_area = detect_area or _default_detect_area
        self.k = k
        self.matcher = matcher  # a guidance Q&A whose question is the user's joins the passages
        self.match_similarity = match_similarity
        self.answer_similarity = answer_similarity  # a guidance question this close answers the user's

    def call(self, ctx: Context) -> None:
        """Pick the area, search, and refuse at once for a local question about an area we have no documents for."""
        known = list(self.known_areas())
        ctx.known_areas = known
        if not ctx.answer.area:
            ctx.area_detected = self.detect_area(ctx.question, known) or (
                self.detect_area(ctx.search_query, known) if ctx.search_query else None
            )
        if not ctx.answer.area and not ctx.area_detected and ctx.search_query not in ("", ctx.question):
            # A follow-up stays in the place its conversation was about: "and how many children on sen support
            # there" after "how many independent supporters are there in bath" (the borrowed key words alone,
            # "supporters bath and ...", no longer read as the place).
            asked = user_questions(ctx.history)
            ctx.area_detected = self.detect_area(asked[-1], known) if asked else None
        area = ctx.area
        ctx.area_covered = not area or area in known
        query = ctx.search_query or ctx.question
        result = self.retriever.search(query, area if ctx.area_covered else "", self.k)
        ctx.passages = list(result.passages)
        ctx.confidence = float(result.confidence)
        matched = self._add_matching_answer(ctx, query, area if ctx.area_covered else "")
        ctx.answer.retrieved = ctx.passages[: self.k]
        if not ctx.area_covered:
            ctx.notes.append("area not covered by the index: national documents only")
            # "Who runs the SEND team in Leeds?" is refused at once; "who can give me free advice?" asked for
            # Leeds is answered from national guidance when a guidance question matches it closely.
            national_answer = matched >= self.answer_similarity and not asks_for_local_detail(ctx.question)
            if is_local_question(ctx.question, area) and not national_answer:
                self.next_step.refuse(ctx, covered=False)

    def _add_matching_answer(self, ctx: Context, query: str, area: str) -> float:
        """Put a Q&A passage whose heading asks the same question among the top passages; its similarity."""
        if self.matcher is None:
            return 0.0
        # ...measured without the area's names, which tell a placeless heading nothing (compose.Compose._measured).
        match = self.matcher.best(without_area_names(query, area), area)
        # ...and by each sentence that asks, in a message of several: "ok so council assessed but said no ehcp. how
        # long have i got to contact mediation" asks "How long do I have to contact a mediation adviser?" in its
        # second sentence; its story makes the whole nearer "How long does the council have to arrange mediation?".
        for sentence in asking_sentences(query, named=1):
            found = self.matcher.best(without_area_names(sentence, area), area)
            if found is not None and (match is None or found[0] > match[0]):
                match = found
        if match is None or match[0] < self.match_similarity:
            return match[0] if match is not None else 0.0
        similarity, passage = match
        if all(p.chunk_id != passage.chunk_id for p in ctx.passages[:5]):
            ctx.passages.insert(min(2, len(ctx.passages)), passage)
            ctx.notes.append(f"question matched a guidance question ({similarity:.2f})")
        ctx.confidence = max(ctx.confidence, similarity)
        return similarity
