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
from collections.abc import Callable

from send_assistant.answering import texts
from send_assistant.answering.answer import SAFEGUARDING
from send_assistant.answering.context import Context
from send_assistant.answering.markup import escape_markdown_html
from send_assistant.answering.message_text import normalise
from send_assistant.answering.stages.safeguarding_classifier import RiskClassifier, RiskScore
from send_assistant.answering.stages.safeguarding_patterns import BLANK, NEUTRAL, PERSON_REF, SPECIFIC_RULES, TOPIC_RE

log = logging.getLogger(__name__)


def _neutralise(text: str) -> str:
    for pattern in NEUTRAL:
        text = pattern.sub(BLANK, text)
    return text


# The rule name reported when a topic word and a reference to a particular person together flag a message.
TOPIC_WITH_PERSON = "topic_with_person"
# The rule name reported when the learned classifier, not the lexicon, flags a message.
CLASSIFIER = "classifier"


def risk_match(text: str) -> tuple[str, str] | None:
    """(name of the lexicon rule that fired, the phrase it matched) for a message at risk, or None."""
    n = _neutralise(normalise(text))
    for rule in SPECIFIC_RULES:
        match = rule.pattern.search(n)
        if match:
            return rule.name, match.group().strip()
    topic = TOPIC_RE.search(n)
    if topic and PERSON_REF.search(n):
        return TOPIC_WITH_PERSON, topic.group()
    return None


def risk_reason(text: str) -> str | None:
    """The matched phrase that makes this message a safeguarding concern, or None. For tests and traces."""
    found = risk_match(text)
    return found[1] if found else None


def is_at_risk(text: str) -> bool:
    """True when the message suggests a child or young person (or the writer) may be at risk of harm."""
    return risk_reason(text) is not None


class SafeguardingCheck:
    """Stage 2: mark at-risk messages "safeguarding" and put the urgent signposting in ctx.prefix.

    The lexicon decides first; a message it lets through is then scored by the learned `classifier`: the one the
    model profile calls for (answering/pipeline.py builds it), trained here at construction so the first question
    does not wait; None where the profile declares that the lexicon decides alone. A classifier that cannot be
    trained raises here: the learned layer is never silently off. `local_contact(area)` may return the area's
    children's social care contact, as the area's profile gives it (knowledge/areas.yaml; never invented, None
    when unknown); it is only called for a message that needs it, and only with a known area.
    """

    name = "safeguarding"

    def __init__(
        self,
        local_contact: Callable[[str], str | None] | None = None,
        classifier: RiskClassifier | None = None,
    ) -> None:
        self.local_contact = local_contact
        self.classifier = classifier
        if classifier is not None:
            classifier.warm()

    def reason(self, text: str) -> str | None:
        """Why the message is at risk (the lexicon's phrase, or the classifier's score), or None."""
        found = risk_reason(text)
        if found is not None or self.classifier is None:
            return found
        score = self._score(text)
        return f"classifier {score.probability:.2f}, like {score.nearest!r}" if score else None

    def rule(self, text: str) -> str | None:
        """The name of what flagged the message (a lexicon rule, or CLASSIFIER), or None when nothing did."""
        found = risk_match(text)
        if found is not None or self.classifier is None:
            return found[0] if found else None
        return CLASSIFIER if self._score(text) else None

    def _score(self, text: str) -> RiskScore | None:
        if self.classifier is None:
            return None
        try:
            return self.classifier.flags(text)
        except Exception:  # noqa: BLE001 - a failing model must never stop the answer; the lexicon still ran
            log.exception("safeguarding classifier failed")
            return None

    def call(self, ctx: Context) -> None:
        """Set status and prefix when the question suggests a child is at risk; never aborts."""
        # The message as typed and as spelling-corrected ("i just want to disapear"): either one at risk is enough.
        texts_seen = dict.fromkeys(t for t in (ctx.answer.question, ctx.question) if t and t.strip())
        fired = next((name for name in map(self.rule, texts_seen) if name), None)
        if fired is None:
            return
        ctx.answer.status = SAFEGUARDING
        ctx.prefix = texts.safeguarding_block(self._local_detail(ctx.area))
        # The rule's name, never the message, goes into the trace and the log.
        ctx.notes.append(f"safeguarding: at-risk message (rule {fired}), urgent signposting added")
        log.info("safeguarding: rule %s fired", fired)

    def _local_detail(self, area: str) -> str | None:
        if not (self.local_contact and area):
            return None
        try:
            detail = self.local_contact(area)
        except Exception:  # noqa: BLE001 - a failed local lookup must never cost the national help lines
            log.exception("local children's social care lookup failed")
            return None
        return escape_markdown_html(detail.strip()) if detail and detail.strip() else None
