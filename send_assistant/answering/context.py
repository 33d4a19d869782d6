"""The one context object that travels through the answer pipeline's stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NoReturn

from send_assistant.answering.answer import SAFEGUARDING, Answer, Citation, Passage


class PipelineAbort(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised by `Context.abort` to stop the pipeline with a final status."""


@dataclass
class Context:
    """Question, conversation history, working state and the Answer being built.

    `question` is the cleaned user text; `search_query` is the standalone question used for retrieval
    (the rewrite stage fills it from the history). Stages read and write these fields; the runner times
    each stage into answer.timings_ms.
    """

    answer: Answer
    history: list[dict[str, str]] = field(default_factory=list)  # [{"role": "user"|"assistant", "content"}]
    question: str = ""
    search_query: str = ""
    # The question whose kind of answer is wanted when it is not `question`: for a follow-up that asks nothing of its
    # own ("and on sen support?" after "how many children have ehcps"), the earlier question it continues.
    asked: str = ""
    area_detected: str | None = None  # an area recognised in the question when none was picked
    passages: list[Passage] = field(default_factory=list)
    confidence: float = 0.0  # best dense similarity of the retrieved passages, for refusals
    prefix: str = ""  # text that must lead the final answer (safeguarding signposting)
    notes: list[str] = field(default_factory=list)  # trace of decisions, never shown raw to users
    other_language: bool = False  # the message is not in English (set by the spelling stage)
    known_areas: list[str] = field(default_factory=list)  # the areas the index has local documents for
    area_covered: bool = True  # False when the chosen area has no documents in the index (answer nationally only)
    fallback: tuple[str, list[Citation]] | None = None  # extractive answer to use if a generated one fails checks

    @property
    def asking(self) -> str:
        """The question whose kind of answer is wanted: `asked` for a follow-up asking nothing of its own, else the
        question itself."""
        return self.asked or self.question

    @property
    def area(self) -> str:
        """The area retrieval should use: the picked one, else one recognised in the question."""
        return self.answer.area or (self.area_detected or "")

    def abort(self, status: str, message: str) -> NoReturn:
        """Finish now with this status and user-facing message (raises PipelineAbort: never returns)."""
        # A message that triggered safeguarding keeps that status whatever ends the pipeline: the contract
        # promises the urgent signposting comes first, and callers route on the status.
        if self.answer.status != SAFEGUARDING:
            self.answer.status = status
        self.answer.answer = (self.prefix + "\n\n" + message).strip() if self.prefix else message
        raise PipelineAbort(status)


def user_questions(history: list[dict[str, str]]) -> list[str]:
    """The user's earlier messages in a conversation's history, oldest first."""
    return [m.get("content", "") for m in history if m.get("role") == "user" and m.get("content")]
