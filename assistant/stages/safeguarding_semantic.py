"""Semantic backstop for safeguarding: catch at-risk messages worded in ways the lexicon has never seen.

The message is embedded once and compared with short at-risk exemplars (what families, young people and
professionals write when a child is in danger) and with ordinary SEND questions on the same themes (policy on
abuse, "missing education", medication reviews, running off in shops). It is flagged when it is close to an
at-risk exemplar AND clearly closer to it than to any ordinary one. Thresholds belong to the embedding model
(calibrated on MiniLM by evals/calibrate_safeguarding.py); with an embedder it has no thresholds for, the
backstop stays off unless a config is given, so the lexicon alone decides.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

AT_RISK_EXEMPLARS = (
    # suicide and self-harm
    "my child wants to die",
    "my son says he is going to kill himself",
    "she says everyone would be better off without her",
    "he has been hurting himself on purpose",
    "my daughter has cuts all over her arms",
    "I don't want to be here any more",
    "I have been thinking about ending my life",
    "I want to go to sleep and never wake up",
    "tonight is the night I end it",
    "he said he has a plan to end his life",
    # overdose and poisoning
    "my daughter has taken an overdose of tablets",
    "he swallowed a lot of his medication on purpose",
    "she took a whole box of pills from the cupboard",
    "my child drank something poisonous",
    # sexual abuse, told indirectly
    "a child told me an adult touches her private parts",
    "someone in the family is touching my son and he is frightened",
    "my daughter said a man did things to her that she did not like",
    "he told me his stepdad comes into his bedroom at night",
    "she said an adult made her keep a secret about what happens",
    "a grown up showed him rude pictures and told him not to tell",
    "my son said the babysitter hurts his private parts",
    "a pupil disclosed that an adult is sexually abusing her",
    # missing child, in danger now
    "my child is missing and we cannot find him",
    "my daughter has not come home and nobody knows where she is",
    "our autistic son ran away from home and we are searching for him",
    "he wandered off and we have lost him",
    "she left the house in the middle of the night and has not come back",
    "my son has gone missing again",
    "my child is in danger right now",
    # exploitation and grooming
    "older men are giving my daughter money and gifts",
    "my son is being made to carry drugs for a gang",
    "she has a much older boyfriend who buys her things",
    "he is talking to an adult he met online who wants to meet him",
    "a stranger online asked my daughter for photos",
    "my son comes home with expensive things and cash and won't say where from",
    "gang members are using my son to sell drugs",
    "my teenage daughter is being picked up by older men in cars",
    "someone online is blackmailing my son with pictures",
    "my 13 year old is having sex with an adult",
    # physical abuse and injuries
    "my child is being hit at home",
    "her dad beats her",
    "he has bruises that nobody can explain",
    "my son came back from contact with marks on his face",
    "a pupil has a black eye and says her mum did it",
    "the carer grabbed my disabled son and hurt him",
    "the child flinches and seems frightened of the adults at home",
    "a child has burns that look deliberate",
    # neglect
    "the children are left alone with no food",
    "my neighbour's kids are dirty, hungry and left on their own all the time",
    "nobody is looking after him at home",
    # domestic abuse
    "my partner is violent and the children see it",
    "my husband hits me in front of the kids",
    "the children hear their dad attacking their mum",
    "I am scared of my partner and so are the children",
    # drugs and alcohol
    "my teenage son is using drugs and drinking every day",
    "her mum is always drunk and cannot look after her",
    "my child came home drunk and unconscious",
    # a parent afraid of harming their child
    "I am scared I will hurt my child",
    "I can't cope and I might hurt him",
    "I lost my temper and hit my son hard",
    "I feel like I could shake the baby",
    # eating disorder crisis
    "she has not eaten anything for days",
    "my son is refusing all food and drink and is getting weak",
    "my daughter is starving herself and fainting",
    # child or young person's own voice
    "I am scared to go home",
    "my mum's boyfriend hurts me",
    "I got kicked out and have nowhere to sleep tonight",
    "no one would care if I died",
    "my parents tell me I am worthless and nobody wants me",
    "I hate my life and want it to stop",
    "someone at home is touching me and I don't like it",
    "I am being forced to do things I don't want to do",
    "people at school keep hurting me and threatening me",
    "my boyfriend makes me do sexual things",
    # professional voice
    "a patient told me she is being abused",
    "a student told me someone at home hurts him",
    "I am worried a child in my class is being sexually exploited",
    "a young person I support has disclosed self-harm",
    "one of my pupils says she is not safe at home",
    "a girl with learning difficulties is being taken advantage of by adults",
    "the child is frightened of a family member",
    "a disabled child has unexplained injuries",
    "forced marriage of a young woman with learning disabilities",
)

# Ordinary SEND questions on the same themes: the backstop must not take these for emergencies.
ORDINARY_EXEMPLARS = (
    # Asking how to reach a service is the commonest ordinary question; without these, a contact question that
    # mentions autism or an outreach team scored at the threshold against "our autistic son ran away".
    "what is the phone number for the autism outreach team",
    "how do I contact the SEND team or the autism service in my area",
    "who can I ring about my autistic child's support at school",
    "what is the school's safeguarding policy",
    "what training do staff have on child protection",
    "what support is there for children who have experienced abuse",
    "how do I report a concern about a school's SEND provision",
    "my child is missing education because there is no school place",
    "my son keeps running away from lessons when he is overwhelmed",
    "my daughter runs off in shops, can we get respite",
    "my son has no sense of danger, can he get extra support",
    "he needs a medication review for his ADHD tablets",
    "what dose of medicine is safe for a child with ADHD",
    "can my child take paracetamol with his other medication",
    "is my son safe to walk to school on his own",
    "what are specific learning difficulties such as dyslexia",
    "what does the disabled children's team do",
    "are disabled children counted as children in need",
    "can the school give my child his medicine",
    "who pays for my daughter's medication at school",
    "the council is neglecting its duties under the EHC plan",
    "I feel let down and ignored by the SEND team",
    "the EHCP process is exhausting and I am at breaking point",
    "the council is killing me with delays",
    "my son has meltdowns and becomes aggressive, is there help",
    "my daughter is anxious and refuses to go to school",
    "my son is a picky eater because of sensory issues",
    "my child does not like being touched because of sensory processing",
    "is there a service for young people at risk of exploitation",
    "what is the local authority's duty for children missing education",
    "how do services respond to domestic abuse affecting families",
    "what are the signs of neglect",
    "how do GPs refer a young person to CAMHS for self-harm",
    "what mental health support is there for teenagers",
    "can my child get an EHC needs assessment",
    "how do I appeal to the tribunal",
    "my son was excluded from school for his behaviour",
    "where can I find the local offer",
    "my daughter is being bullied at school because of her autism",
    "what are short breaks and how do I get them",
    "is there a parent carer forum in my area",
    "the inspection found weaknesses in how partners identify needs",
    "what happens at an annual review",
    "my son is dying to join the after school club",
    "is there a helpline for parents",
)


@dataclass(frozen=True)
class SemanticConfig:
    """Flag when the best at-risk similarity is at least `threshold` and beats the best ordinary one by `margin`."""

    threshold: float
    margin: float


# Calibrated per embedding model (evals/calibrate_safeguarding.py): zero false alarms on every sentence of the
# knowledge documents, the ordinary questions in the tests and the non-safeguarding evaluation questions.
CONFIGS = {"all-MiniLM-L6-v2": SemanticConfig(threshold=0.50, margin=0.12)}

_CACHE: dict[tuple[str, str, int], tuple[np.ndarray, np.ndarray]] = {}
_CACHE_LOCK = threading.Lock()


def _unit_rows(vectors: Any) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


@dataclass(frozen=True)
class SemanticScore:
    """How close a message is to the nearest at-risk and the nearest ordinary exemplar."""

    risk: float
    ordinary: float
    exemplar: str


class SemanticRisk:
    """Embeds a message and compares it with the exemplars (their vectors computed once per model, cached)."""

    def __init__(self, embedder: Any, config: SemanticConfig | None = None) -> None:
        self.embedder = embedder
        self.config = config if config is not None else CONFIGS.get(getattr(embedder, "name", ""))

    @property
    def enabled(self) -> bool:
        """False when there is no calibrated config for this embedder (the lexicon then decides alone)."""
        return self.config is not None

    def _exemplars(self) -> tuple[np.ndarray, np.ndarray]:
        key = (type(self.embedder).__qualname__, str(getattr(self.embedder, "name", "")), int(self.embedder.dim))
        with _CACHE_LOCK:
            if key not in _CACHE:
                vectors = _unit_rows(self.embedder.embed([*AT_RISK_EXEMPLARS, *ORDINARY_EXEMPLARS]))
                _CACHE[key] = (vectors[: len(AT_RISK_EXEMPLARS)], vectors[len(AT_RISK_EXEMPLARS) :])
            return _CACHE[key]

    def warm(self) -> None:
        """Embed the exemplars now rather than on the first question."""
        self._exemplars()

    def score(self, text: str) -> SemanticScore:
        """Similarity of the message to its nearest at-risk and nearest ordinary exemplar."""
        return self.score_many([text])[0]

    def score_many(self, texts: list[str]) -> list[SemanticScore]:
        """`score` for several messages, embedded in one batch (for calibration and tests)."""
        risky, ordinary = self._exemplars()
        queries = _unit_rows(self.embedder.embed(list(texts)))
        risk_scores, safe_scores = queries @ risky.T, queries @ ordinary.T
        best = risk_scores.argmax(axis=1)
        return [
            SemanticScore(float(risk_scores[i, j]), float(safe_scores[i].max()), AT_RISK_EXEMPLARS[j])
            for i, j in enumerate(best)
        ]

    def is_risky(self, score: SemanticScore) -> bool:
        """True when this score passes the thresholds (always False when not enabled)."""
        if self.config is None:
            return False
        return score.risk >= self.config.threshold and score.risk - score.ordinary >= self.config.margin

    def flags(self, text: str) -> SemanticScore | None:
        """The score when it says the message is at risk, else None (always None when not enabled)."""
        if self.config is None:
            return None
        s = self.score(text)
        return s if self.is_risky(s) else None
