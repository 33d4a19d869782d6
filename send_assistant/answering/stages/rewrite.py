"""Rewrite: turn a follow-up ("who runs it?", "and in Bucks?") into a standalone search query.

ctx.question stays the user's own words; ctx.search_query is what retrieval searches for. Deterministic by
default: a follow-up borrows the key words of the previous user question. With a chat model configured, the
model rewrites it, and the deterministic query is used if the model fails or answers oddly.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from send_assistant.answering.context import Context, user_questions
from send_assistant.answering.grounding import (
    QUESTION_WORDS,
    STOPWORDS,
    expected_answer,
    key_terms,
    question_intent,
    words,
)
from send_assistant.answering.interfaces import ChatModel
from send_assistant.answering.llm import generate

log = logging.getLogger(__name__)

_FOLLOW_UP_START = re.compile(
    r"^\W*(and|but|also|plus|so|then|what about|how about|what if|same for|same question|is that|are they|"
    r"is it|does it|do they|can they|can it|can i get it)\b",
    re.IGNORECASE,
)
# "do many families round here actually get one": "one" stands for the thing the previous question was about.
_ANAPHORA = re.compile(r"\b(it|its|they|them|their|theirs|this|that|these|those|he|she|him|her|one)\b", re.IGNORECASE)
_MAX_DEPTH = 3  # how many earlier follow-ups a chain of follow-ups may reach back through
_SHORT = 5  # words: a question this short with one key term that names no topic is about the previous one


def topic_terms(names: Iterable[str]) -> frozenset[str]:
    """The key terms of topic names (the glossary's terms, expansions and aliases): words that say on their own
    what a question is about ("sendiass", "tribunal", "portage")."""
    return frozenset(t for name in names for t in key_terms(name))


def is_follow_up(question: str, topics: frozenset[str] = frozenset()) -> bool:
    """True for a question that only makes sense after the previous one.

    topics: key terms that name a subject on their own (see `topic_terms`); with them, a short question whose one
    key term names none ("how often for under 5s", "can i appeal", "who pays") is read as a follow-up too.
    """
    terms = key_terms(question)
    if _FOLLOW_UP_START.search(question):
        return True
    if len(terms) <= 2 and _ANAPHORA.search(question):
        return True
    if topics and len(terms) == 1 and terms[0] not in topics and len(words(question)) <= _SHORT:
        return True
    return not terms and len(words(question)) <= 4


def key_words(question: str) -> str:
    """The question without stop words and question words, in its own order and spelling."""
    kept = [w for w in re.findall(r"[\w&'’%.-]+", question) if w.lower() not in STOPWORDS | QUESTION_WORDS]
    return " ".join(w.strip(".") for w in kept if w.strip("."))


def named_topics(text: str, names: Iterable[str]) -> list[str]:
    """The subject names (glossary terms, expansions, aliases of three letters or more) a text uses, lower-cased,
    without one that is a word of a longer one it also uses ("sen" in "sen support"; not "send" in "sendiass")."""

    def within(name: str, other: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", other, re.IGNORECASE) is not None

    found = {n.lower() for n in names if len(n) >= 3 and within(n, text)}
    return sorted(n for n in found if not any(n != m and within(n, m) for m in found))


def standalone(
    question: str, history: list[dict[str, str]], topics: frozenset[str] = frozenset(), names: Iterable[str] = ()
) -> str:
    """The deterministic standalone query: the previous user question's key words, then this question.

    names: subject names (see `named_topics`). A follow-up that asks nothing of its own and names one subject in
    place of the one the earlier question named ("and on sen support?" after "how many kids in bucks have an
    ehcp") borrows the earlier question without its subject: it asks the same of another thing."""
    previous = user_questions(history)
    if not previous or not is_follow_up(question, topics):
        return question
    # Walk back through earlier follow-ups so "and in Bucks?" after "who runs it?" still knows what "it" is.
    context = [previous[-1]]
    for earlier in reversed(previous[:-1]):
        if len(context) >= _MAX_DEPTH or not is_follow_up(context[0], topics):
            break
        context.insert(0, earlier)
    names = list(names)
    own = named_topics(question, names) if asks_nothing(question) else []
    if len(own) == 1:
        for k, earlier in enumerate(context):
            theirs = named_topics(earlier, names)
            if len(theirs) == 1 and own[0] not in theirs[0] and theirs[0] not in own[0]:
                context[k] = re.sub(rf"(?<![\w-]){re.escape(theirs[0])}(?![\w-])", " ", earlier, flags=re.IGNORECASE)
    borrowed = " ".join(key_words(q) for q in context)
    return f"{borrowed} {question}".strip()


_ASKS = re.compile(
    r"^\W*(?:what about|how about)\b|\b(?:what|who|whom|whose|when|where|why|how|which)\b", re.IGNORECASE
)


def asks_nothing(question: str) -> bool:
    """True when a question says no kind of answer of its own: no question word ("and on sen support?", "and in
    bucks?") or only "what about" ("what about central beds"); "what did they find" asks something of its own."""
    if expected_answer(question) is not None or question_intent(question) is not None:
        return False
    match = _ASKS.search(question)
    return match is None or match.group(0).strip().lower() in ("what about", "how about")


def continued(question: str, history: list[dict[str, str]], topics: frozenset[str] = frozenset()) -> str:
    """For a follow-up that asks nothing of its own, the nearest earlier user question that does ("how many
    children have ehcps" for "and on sen support?"), whose kind of answer it wants; otherwise ""."""
    if not asks_nothing(question) or not is_follow_up(question, topics):
        return ""
    for earlier in list(reversed(user_questions(history)))[:_MAX_DEPTH]:
        if not asks_nothing(earlier):
            return earlier
    return ""


REWRITE_PROMPT = (
    "Rewrite the user's last message as one standalone question about special educational needs and "
    "disabilities, using the earlier messages only to resolve what it refers to. Reply with the question only."
)


class Rewrite:
    """Sets ctx.search_query from the question and the conversation history."""

    name = "rewrite"

    def __init__(self, llm: ChatModel | None = None, max_chars: int = 300, topics: Iterable[str] = ()) -> None:
        """topics: names of subjects (the glossary's terms, expansions and aliases), see `is_follow_up`."""
        self.llm = llm
        self.max_chars = max_chars
        self.names = tuple(topics)
        self.topics = topic_terms(self.names)

    def call(self, ctx: Context) -> None:
        """Fill ctx.search_query (the question itself when it is not a follow-up)."""
        ctx.search_query = standalone(ctx.question, ctx.history, self.topics, self.names)
        ctx.asked = continued(ctx.question, ctx.history, self.topics) if ctx.search_query != ctx.question else ""
        if self.llm is not None and ctx.search_query != ctx.question:
            ctx.search_query = self._with_model(ctx) or ctx.search_query

    def _with_model(self, ctx: Context) -> str | None:
        turns = [f"{m.get('role', 'user')}: {m.get('content', '')}" for m in ctx.history[-6:]]
        messages = [("system", REWRITE_PROMPT), ("human", "\n".join([*turns, f"user: {ctx.question}"]))]
        try:
            reply = generate(self.llm, messages)
        except Exception:  # noqa: BLE001 - a failing optional model must not cost the user the answer
            log.warning("chat model failed to rewrite a follow-up; using the deterministic rewrite")
            return None
        line = reply.splitlines()[0].strip() if reply else ""
        return line if 3 <= len(line) <= self.max_chars else None
