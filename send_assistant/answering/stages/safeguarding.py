"""Safeguarding first: spot a message suggesting a child or young person is at risk, and lead with urgent help.

The lexicon comes first and is deterministic (phrase patterns in safeguarding_patterns.py, no model), so it
is never skipped, slowed or made flaky by a model. The text is normalised first (lower case, no punctuation,
"od'd", leetspeak, stretched letters, common misspellings, and near-misses of key risk words such as
"paracetemol" found by edit distance), then:

1. ordinary idioms and policy phrases ("abuse of process", "suicide prevention training", "pupils with
   self-harm risk", "in danger of losing his place") are blanked out;
2. a *specific* pattern (it names what is happening to someone: "kill himself", "took too many tablets",
   "he hits her", "scared to go home") flags the message on its own;
3. a *topic* word (suicidal, self-harm, abuse, overdose, neglect...) flags it only together with a reference
   to a particular person ("my son", "she", "I", "one of my pupils"), so a professional asking about
   services in general is not treated as a child at risk.

When the stage is given the embedder, a learned layer (safeguarding_classifier.py: logistic regression over the
embedder's sentence vectors, trained from send_assistant/data/safeguarding/train.jsonl) then scores a message the
lexicon let through, for phrasings nobody wrote a pattern for.

The stage never aborts: it marks the answer "safeguarding" and sets ctx.prefix, and the pipeline goes on to
answer the information part of the message.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from send_assistant.answering import texts
from send_assistant.answering.answer import SAFEGUARDING
from send_assistant.answering.context import Context
from send_assistant.answering.stages.safeguarding_classifier import RiskClassifier, classifier_for
from send_assistant.answering.stages.safeguarding_patterns import BLANK, NEUTRAL, PERSON_REF, SPECIFIC, TOPIC_RE
from send_assistant.answering.stages.validate import escape_markdown_html

log = logging.getLogger(__name__)

# --- normalisation ---------------------------------------------------------------------------------------
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
# "od'd", "OD-ed", "oded": shorthand for overdosed, rewritten before punctuation goes so it can't become "odd".
_OD_SHORTHAND = re.compile(r"\bo\.?d\.?(?:['\-](?:d|ed|ing)|ed|ing)\b")
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
# Leetspeak only inside words ("k1ll", "s3lf h4rm", "su1c1d3"), never in numbers ("999", "14yo", "KS2").
_LEET_INSIDE = re.compile(r"(?<=[a-z])[013457@$!|](?=[a-z])")
_LEET_EDGE = re.compile(r"(?<=[a-z]{3})[0134573](?![a-z0-9])|\$(?=[a-z]{2})")
_SPELLING = {
    "hisself": "himself", "himslef": "himself", "herslef": "herself", "themselfs": "themselves",
    "slef": "self", "selfharm": "self harm", "selfharming": "self harming", "selfharms": "self harms",
    "cuting": "cutting", "kil": "kill", "killin": "killing", "pils": "pills", "tablits": "tablets",
    "tabs": "tablets", "overdoze": "overdose", "overdosd": "overdosed", "abbused": "abused",
    "abuzed": "abused", "wanna": "want to", "gonna": "going to", "dosent": "doesnt", "dosnt": "doesnt",
    "doesent": "doesnt", "didint": "didnt", "u": "you", "ur": "your", "anymore": "any more", "dieing": "dying",
    "daugter": "daughter", "duaghter": "daughter", "dauther": "daughter", "daughther": "daughter", "chlid": "child",
    "childs": "child s", "rn": "now", "skool": "school", "scard": "scared", "scaired": "scared", "hurtin": "hurting",
}  # fmt: skip
_INAPPROPRIATELY = re.compile(r"\bin+ap+r\w*ly\b")
# Risk words people misspell in ways no list can foresee ("paracetemol", "ibuprofin", "overdosed"): a typed word
# of 6+ letters that starts with the same letter and is within one edit of one of these (two for the long
# medicine names) is read as it. Real words that close are listed so they keep their meaning ("overdue").
_RISK_WORDS = {
    "overdose": 1, "overdosed": 1, "overdosing": 1, "suicidal": 1, "suicide": 1, "codeine": 1, "suffocated": 1,
    "molested": 1, "himself": 1, "herself": 1, "themselves": 1, "daughter": 1, "exploitation": 1,
    "paracetamol": 2, "ibuprofen": 2, "painkillers": 2, "antidepressants": 2, "sertraline": 2, "fluoxetine": 2,
}  # fmt: skip
_NOT_MISSPELT = frozenset(
    "overdue overdone overdoes overdoing overdosage suited suites sideline herselves himselves daughters "
    "exploration explorations exploitative strangles strangler".split()
)
_RISK_BY_INITIAL: dict[str, tuple[str, ...]] = {}
for _word in _RISK_WORDS:
    _RISK_BY_INITIAL[_word[0]] = (*_RISK_BY_INITIAL.get(_word[0], ()), _word)


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, with the spelling variants people type made regular."""
    t = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    t = _OD_SHORTHAND.sub(" overdosed ", t)
    t = _LEET_INSIDE.sub(lambda m: _LEET[m.group()], t)
    t = _LEET_EDGE.sub(lambda m: _LEET[m.group()], t)
    t = re.sub(r"n't\b", "nt", t)  # "doesn't" -> "doesnt", the way many people type it anyway
    t = re.sub(r"[^a-z0-9]+", " ", t)
    t = re.sub(r"([a-z])\1{2,}", r"\1\1", t)  # "killlll" -> "kill", "sooo" -> "soo"
    t = " ".join(_SPELLING.get(word) or _correct(word) for word in t.split())
    return _INAPPROPRIATELY.sub("inappropriately", t)


def _correct(word: str) -> str:
    """The risk word this is a misspelling of, or the word unchanged."""
    if len(word) < 6 or word in _NOT_MISSPELT or word in _RISK_WORDS or not word.isalpha():
        return word
    for target in _RISK_BY_INITIAL.get(word[0], ()):
        limit = _RISK_WORDS[target]
        if abs(len(word) - len(target)) <= limit and edit_distance(word, target, limit) <= limit:
            return target
    return word


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (a swap of neighbours counts 1), or limit + 1 when it is over limit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _neutralise(text: str) -> str:
    for pattern in NEUTRAL:
        text = pattern.sub(BLANK, text)
    return text


def risk_reason(text: str) -> str | None:
    """The matched phrase that makes this message a safeguarding concern, or None. For tests and traces."""
    n = _neutralise(normalise(text))
    for pattern in SPECIFIC:
        match = pattern.search(n)
        if match:
            return match.group().strip()
    topic = TOPIC_RE.search(n)
    if topic and PERSON_REF.search(n):
        return topic.group()
    return None


def is_at_risk(text: str) -> bool:
    """True when the message suggests a child or young person (or the writer) may be at risk of harm."""
    return risk_reason(text) is not None


class SafeguardingCheck:
    """Stage 2: mark at-risk messages "safeguarding" and put the urgent signposting in ctx.prefix.

    The lexicon decides first; a message it lets through is then scored by the learned `classifier`. By default
    that is the classifier calibrated for `embedder` (the one the retriever uses), trained here at construction
    so the first question does not wait; an embedder with no calibrated profile (a test fake) leaves the lexicon
    to decide alone. Pass `classifier` to inject one (tests). A classifier that cannot be trained raises here:
    the learned layer is never silently off. `local_contact(area)` may return the area's children's social care
    contact, taken from the indexed sources (never invented); it is only called for a message that needs it,
    and only with a known area.
    """

    name = "safeguarding"

    def __init__(
        self,
        local_contact: Callable[[str], str | None] | None = None,
        embedder: Any = None,
        classifier: RiskClassifier | None = None,
    ) -> None:
        self.local_contact = local_contact
        if classifier is None and embedder is not None:
            classifier = classifier_for(embedder)
        self.classifier = classifier
        if classifier is not None:
            classifier.warm()

    def reason(self, text: str) -> str | None:
        """Why the message is at risk (the lexicon's phrase, or the classifier's score), or None."""
        found = risk_reason(text)
        if found is not None or self.classifier is None:
            return found
        try:
            score = self.classifier.flags(text)
        except Exception:  # noqa: BLE001 - a failing model must never stop the answer; the lexicon still ran
            log.exception("safeguarding classifier failed")
            return None
        return f"classifier {score.probability:.2f}, like {score.nearest!r}" if score else None

    def call(self, ctx: Context) -> None:
        """Set status and prefix when the question suggests a child is at risk; never aborts."""
        # The message as typed and as spelling-corrected ("i just want to disapear"): either one at risk is enough.
        texts_seen = dict.fromkeys(t for t in (ctx.answer.question, ctx.question) if t and t.strip())
        if not texts_seen or all(self.reason(t) is None for t in texts_seen):
            return
        ctx.answer.status = SAFEGUARDING
        ctx.prefix = texts.safeguarding_block(self._local_detail(ctx.area))
        ctx.notes.append("safeguarding: at-risk message, urgent signposting added")

    def _local_detail(self, area: str) -> str | None:
        if not (self.local_contact and area):
            return None
        try:
            detail = self.local_contact(area)
        except Exception:  # noqa: BLE001 - a failed local lookup must never cost the national help lines
            log.exception("local children's social care lookup failed")
            return None
        return escape_markdown_html(detail.strip()) if detail and detail.strip() else None
