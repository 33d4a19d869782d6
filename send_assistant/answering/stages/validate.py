"""Input hygiene: the first stage. Cleans the question, rejects empty or over-long ones, settles the audience.

Questions arrive from a browser, an API client or a batch file, so they can carry pasted HTML, invisible
characters (zero-width, bidi overrides, Unicode tag characters) that hide text from a reader but not from a
model or a search index, and odd compatibility forms (full-width letters, ligatures). Everything later in the
pipeline, and everything echoed back to the user, sees only the cleaned text.
"""

from __future__ import annotations

import re
import unicodedata

from send_assistant.answering import texts
from send_assistant.answering.answer import INVALID_INPUT
from send_assistant.answering.context import Context
from send_assistant.ingest.model import AUDIENCES

DEFAULT_MAX_CHARS = 1000

# Invisible or direction-changing characters, stripped outright (not turned into spaces, because they sit
# inside words: "EH\u200bCP" is "EHCP").
_INVISIBLE = re.compile(
    "["
    "\u00ad"  # soft hyphen
    "\u180e"  # Mongolian vowel separator
    "\u200b-\u200f"  # zero-width space/joiners, LRM/RLM
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\ufeff"  # byte-order mark / zero-width no-break space
    "\ufff9-\ufffb"  # interlinear annotation controls
    "\U000e0000-\U000e007f"  # Unicode tag characters (used to smuggle hidden instructions)
    "]"
)
# Script and style blocks are dropped whole; their contents are never part of a question.
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)
# Only things that look like real tags: "age < 16" or "<5 hours" are left alone.
_HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9:-]*)(\s[^<>]*)?/?>")
# Inline tags sit inside words or next to punctuation ("<b>EHCP</b>?"), so they vanish; block tags break words.
_INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "font", "i", "mark", "q", "s", "small", "span"}
_INLINE_TAGS |= {"strong", "sub", "sup", "u"}
_WHITESPACE = re.compile(r"\s+")

# What people (or API clients) put in the audience field, mapped to the three audiences the product knows.
_AUDIENCE_ALIASES = {
    "parent": "parent",
    "parents": "parent",
    "carer": "parent",
    "parent carer": "parent",
    "family": "parent",
    "young person": "parent",
    "child": "parent",
    "professional": "professional",
    "school": "professional",
    "senco": "professional",
    "teacher": "professional",
    "education": "professional",
    "practitioner": "professional",
    "gp": "gp",
    "health": "gp",
    "doctor": "gp",
    "nurse": "gp",
    "frontline": "gp",
}


def _is_unwanted_control(ch: str) -> bool:
    """Control, format, surrogate and private-use characters (categories Cc, Cf, Cs, Co)."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co")


def clean_text(text: str) -> str:
    """The question as the pipeline should see it.

    Drops HTML script/style blocks, comments and tags (keeping the words between tags), strips invisible,
    bidi-override, tag and other control characters, applies NFKC normalisation (full-width letters,
    ligatures, non-breaking spaces) and collapses runs of white space to single spaces.
    """
    if not text:
        return ""
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    # NFKC can turn compatibility forms into tag-like text ("﹤b﹥" -> "<b>"), so tags go after it.
    text = _SCRIPT_OR_STYLE.sub(" ", text)
    text = _HTML_COMMENT.sub(" ", text)
    text = _HTML_TAG.sub(lambda m: "" if m.group(1).lower() in _INLINE_TAGS else " ", text)
    # Line breaks and tabs are kept as white space; every other control or format character goes.
    text = "".join(" " if ch in "\t\n\r\v\f" else ch for ch in text if ch.isspace() or not _is_unwanted_control(ch))
    return _WHITESPACE.sub(" ", text).strip()


def normalise_audience(audience: str | None) -> str:
    """One of AUDIENCES; anything unknown or missing is treated as "parent", the broadest, plainest voice."""
    key = _WHITESPACE.sub(" ", (audience or "").strip().lower().replace("_", " ").replace("-", " "))
    if key in AUDIENCES:
        return key
    return _AUDIENCE_ALIASES.get(key, "parent")


def _clean_history(history: list[dict[str, str]], max_chars: int) -> list[dict[str, str]]:
    """Earlier turns get the same hygiene; malformed or empty turns are dropped, long ones cut to the limit."""
    cleaned = []
    for turn in history or []:
        if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant"):
            continue
        content = clean_text(str(turn.get("content") or ""))
        if content:
            cleaned.append({"role": turn["role"], "content": content[:max_chars]})
    return cleaned


class Validate:
    """Stage 1: clean the question; abort with invalid_input when it is empty or too long."""

    name = "validate"

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.max_chars = max_chars

    def call(self, ctx: Context) -> None:
        """Put the cleaned text in ctx.question and ctx.answer.question; settle the audience."""
        raw = ctx.question or ctx.answer.question or ""
        question = clean_text(raw)
        ctx.question = question
        ctx.answer.question = question
        audience = normalise_audience(ctx.answer.audience)
        if audience != ctx.answer.audience:
            ctx.notes.append(f"validate: audience {ctx.answer.audience!r} treated as {audience!r}")
            ctx.answer.audience = audience
        ctx.history = _clean_history(ctx.history, self.max_chars)
        if not any(ch.isalnum() for ch in question):
            ctx.abort(INVALID_INPUT, texts.INVALID_EMPTY)
        if len(question) > self.max_chars:
            ctx.abort(
                INVALID_INPUT, texts.INVALID_TOO_LONG.format(length=f"{len(question):,}", limit=f"{self.max_chars:,}")
            )
