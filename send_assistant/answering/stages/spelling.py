"""Spelling: answer the question the user meant ("ehcp asessment" -> "ehcp assessment"), and notice another language.

Words that are in neither the index, the glossary, the area names nor an English word list are corrected to the
closest known word (send_assistant/answering/spelling.py); the corrected question is what later stages read, and the
Answer carries it as `corrected_question` so the page can say "Showing results for: ...". It runs before the
safeguarding check, which reads both the typed and the corrected message. A message in another language is marked
(ctx.other_language); the guard gives it a short reply, in English, with where to get help."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from send_assistant.answering.context import Context
from send_assistant.answering.spelling import SpellingCorrector

# (a version that changes when the index does, the texts whose words are the known vocabulary)
Vocabulary = Callable[[], tuple[Any, Iterable[str]]]


class CorrectSpelling:
    """Corrects misspellings against the index's vocabulary; replies briefly to a message in another language."""

    name = "spelling"

    def __init__(self, vocabulary: Vocabulary, english: bool = True) -> None:
        self.vocabulary = vocabulary
        self.english = english
        self._corrector: tuple[Any, SpellingCorrector] | None = None

    def corrector(self) -> SpellingCorrector:
        """The corrector for the current index version (rebuilt only when the index changes)."""
        version, source = self.vocabulary()
        if self._corrector is None or self._corrector[0] != version:
            self._corrector = (version, SpellingCorrector.from_texts(source, english=self.english))
        return self._corrector[1]

    def call(self, ctx: Context) -> None:
        """Replace ctx.question by its corrected form; mark a message in another language for the guard."""
        corrector = self.corrector()
        if not corrector.looks_english(ctx.question):
            ctx.notes.append("spelling: the message is not in English")
            ctx.other_language = True
            return
        correction = corrector.correct(ctx.question)
        if correction.changes:
            ctx.notes.append("spelling: " + ", ".join(f"{a} -> {b}" for a, b in correction.changes))
            ctx.question = correction.text
            ctx.answer.corrected_question = correction.text
