"""LLM compose (optional): a chat model writes the answer from the numbered top passages.

Runs after the extractive composer, whose answer is kept in ctx.fallback: check_citations restores it when the
generated answer cites badly, adds facts, or follows an instruction found inside a passage.
"""

from __future__ import annotations

import logging
import re

from send_assistant.answering.answer import ANSWERED, SAFEGUARDING, Citation, Passage
from send_assistant.answering.answer_text import MARKER, citation_for, expand_acronyms, join_answer, lead_line
from send_assistant.answering.context import Context
from send_assistant.answering.grounding import clean_sentence
from send_assistant.answering.interfaces import ChatModel, Glossary
from send_assistant.answering.llm import answer_messages, generate

log = logging.getLogger(__name__)

_GROUPED = re.compile(r"\[(\d+(?:\s*,\s*\d+)+)\]")
NOT_FOUND_REPLY = "NOT_FOUND"


def renumber(reply: str, top: list[Passage]) -> tuple[str, list[Citation]]:
    """Map the model's [k] (k-th passage shown) to citations numbered by first use.

    A marker for a passage that was not shown becomes [0], which no citation has, so the check rejects it.
    """
    reply = _GROUPED.sub(lambda m: " ".join(f"[{n.strip()}]" for n in m.group(1).split(",")), reply)
    numbers: dict[int, int] = {}
    citations: list[Citation] = []

    def swap(match: re.Match[str]) -> str:
        k = int(match.group(1))
        if not 1 <= k <= len(top):
            return "[0]"
        if k not in numbers:
            numbers[k] = len(numbers) + 1
            citations.append(citation_for(top[k - 1], numbers[k]))
        return f"[{numbers[k]}]"

    return MARKER.sub(swap, reply), citations


class LlmCompose:
    """Replaces the extractive answer with the model's, keeping the extractive one as the fallback."""

    name = "llm_compose"

    def __init__(self, model: ChatModel, glossary: Glossary | None, top_passages: int = 5) -> None:
        self.model = model
        self.acronyms: dict[str, str] = dict(glossary.acronyms()) if glossary is not None else {}
        self.top_passages = top_passages

    def call(self, ctx: Context) -> None:
        """Ask the model; on any failure or a NOT_FOUND reply, the extractive answer simply stays."""
        if ctx.answer.status not in (ANSWERED, SAFEGUARDING) or not ctx.passages:
            return
        top = ctx.passages[: self.top_passages]
        question = ctx.search_query or ctx.question
        try:
            reply = generate(self.model, answer_messages(question, [p.text for p in top], ctx.answer.audience))
        except Exception:  # noqa: BLE001 - a failing optional model must not cost the user the extractive answer
            log.warning("chat model failed; keeping the extractive answer")
            ctx.notes.append("chat model failed: extractive answer kept")
            return
        if not reply or NOT_FOUND_REPLY in reply:
            ctx.notes.append("chat model found no answer: extractive answer kept")
            return
        lines = [clean_sentence(line) for line in reply.splitlines()]
        body, citations = renumber("\n".join(line for line in lines if line), top)
        if ctx.answer.audience == "parent":
            body = expand_acronyms(body, self.acronyms)
        lead, ctx.answer.scope = lead_line([c.area for c in citations], ctx.area, ctx.area_covered, ctx.known_areas)
        ctx.fallback = (ctx.answer.answer, ctx.answer.citations)
        ctx.answer.answer = join_answer(ctx.prefix, lead, [body])
        ctx.answer.citations = citations
