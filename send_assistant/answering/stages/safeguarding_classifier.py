"""The learned safeguarding layer: logistic regression over frozen sentence embeddings.

The lexicon (safeguarding_patterns) decides first. A message it lets through is embedded with the retriever's own
model and scored by a logistic regression trained, at first use and in seconds, from the labelled phrasings in
send_assistant/data/safeguarding/train.jsonl (the labelling rule is in that folder's README). Training is
deterministic (fixed solver, no sampling), and the decision threshold and regularisation belong to the embedding
model: evals/calibrate_safeguarding.py chooses them by cross-validation and writes them to model.yaml.

The features are the message's sentence vector plus two numbers: its mean similarity to its `neighbours` nearest
at-risk and nearest ordinary training phrasings (scaled by `neighbour_weight`). A purely linear boundary in the
embedding space misses many of the one-off ways people describe danger; the neighbour similarities let a message
close to a few at-risk phrasings count even where the linear part is unsure (about 3 points more 5-fold recall
at the same 2% false flags when this was chosen).

Beside it, a second logistic regression reads the words: TF-IDF of the normalised message's words and word pairs
(message_text.normalise, so common misspellings count as the word). Sentence vectors blur a short, decisive
phrase ("fractures nobody can explain", "lips are blue") into the rest of a long message; the word model keeps it.
The at-risk probability is the two models' mean, weighted by the profile's `lexical_weight` (0 leaves the word
model out). Both are fitted the same deterministic way (lbfgs; liblinear with a fixed seed for the sparse words).

Which calibration a model gets is its model profile's business (send_assistant/data/model_profiles.yaml, read
by answering/pipeline.py): a profile either names its calibration or declares that the lexicon decides alone, and
a named calibration that is missing stops the start, so the layer is never silently off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from send_assistant.answering.message_text import normalise
from send_assistant.errors import ModelProfileError
from send_assistant.yaml_file import read_yaml

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "safeguarding"
TRAIN_FILE = DATA_DIR / "train.jsonl"
MODEL_FILE = DATA_DIR / "model.yaml"
LABELS = ("risk", "ordinary")


@dataclass(frozen=True)
class Example:
    """One labelled phrasing of the training data."""

    text: str
    label: str
    category: str

    @property
    def at_risk(self) -> bool:
        """True for a "risk" example."""
        return self.label == "risk"


def load_examples(path: Path = TRAIN_FILE) -> list[Example]:
    """The labelled phrasings of a JSONL file; ValueError naming the line when one is malformed."""
    examples = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            example = Example(str(row["text"]).strip(), row["label"], str(row["category"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a {{text, label, category}} object ({exc})") from exc
        if example.label not in LABELS or not example.text:
            raise ValueError(f"{path}:{number}: label must be one of {LABELS} and text must not be empty")
        examples.append(example)
    return examples


_DIGESTS: dict[tuple[str, int, int], str] = {}


def file_digest(path: Path = TRAIN_FILE) -> str:
    """SHA-256 of a file's bytes: what model.yaml and the embedding cache are keyed by.

    Remembered per file version (path, modification time, size): the classifier asks on every question, and
    reading and hashing the training file each time is wasted work while it has not changed.
    """
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _DIGESTS[key]


@dataclass(frozen=True)
class Profile:
    """How the classifier is trained and read for one embedding model."""

    threshold: float
    c: float = 1.0
    neighbours: int = 5
    neighbour_weight: float = 4.0
    lexical_weight: float = 0.0  # share of the word model in the probability; 0: sentence vectors alone
    lexical_c: float = 16.0


def load_profiles(path: Path = MODEL_FILE) -> dict[str, Profile]:
    """The profile of each calibrated embedding model, by the embedder's `name`."""
    data = read_yaml(path, ModelProfileError, "the safeguarding calibration") or {}
    fields = ("threshold", "c", "neighbours", "neighbour_weight", "lexical_weight", "lexical_c")
    return {name: Profile(**{k: entry[k] for k in fields if k in entry}) for name, entry in data.items()}


def unit_rows(vectors: Any) -> np.ndarray:
    """Rows scaled to unit length (a fake embedder need not normalise)."""
    matrix = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def neighbour_features(
    queries: np.ndarray, reference: np.ndarray, at_risk: np.ndarray, profile: Profile, exclude_self: bool = False
) -> np.ndarray:
    """Each query's vector, then its mean similarity to its nearest at-risk and nearest ordinary references.

    exclude_self: the queries are the references themselves (training), so a row is not its own neighbour.
    """
    similarity = queries @ reference.T
    if exclude_self:
        np.fill_diagonal(similarity, -1.0)
    k = profile.neighbours
    nearest_risk = np.partition(np.where(at_risk[None, :], similarity, -1.0), -k, axis=1)[:, -k:].mean(axis=1)
    nearest_ordinary = np.partition(np.where(~at_risk[None, :], similarity, -1.0), -k, axis=1)[:, -k:].mean(axis=1)
    return np.hstack([queries, profile.neighbour_weight * np.c_[nearest_risk, nearest_ordinary]])


def mix(vector_part: np.ndarray, word_part: np.ndarray | None, weight: float) -> np.ndarray:
    """The at-risk probability from the two models' probabilities: their mean, the word model weighted `weight`."""
    return vector_part if word_part is None or weight <= 0 else (1 - weight) * vector_part + weight * word_part


class WordModel:
    """A logistic regression over TF-IDF of the normalised text's words and word pairs."""

    def __init__(self, texts: list[str], at_risk: np.ndarray, c: float) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        features = self.vectoriser.fit_transform([normalise(t) for t in texts])
        model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=0)
        self.model = model.fit(features, at_risk.astype(int))

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """At-risk probability of each text."""
        return self.model.predict_proba(self.vectoriser.transform([normalise(t) for t in texts]))[:, 1]


class TrainedModel:
    """The learned layer, trained the one way the stage and the calibration share.

    A logistic regression over `neighbour_features` and, when the profile gives the word model a weight, a
    `WordModel` over the same phrasings' `texts`; the probability is their weighted mean.
    """

    def __init__(
        self, vectors: np.ndarray, at_risk: np.ndarray, profile: Profile, texts: list[str] | None = None
    ) -> None:
        from sklearn.linear_model import LogisticRegression  # imported here: only paid for by a configured model

        self.vectors, self.at_risk, self.profile = vectors, at_risk.astype(bool), profile
        features = neighbour_features(vectors, vectors, self.at_risk, profile, exclude_self=True)
        model = LogisticRegression(C=profile.c, class_weight="balanced", solver="lbfgs", max_iter=5000, random_state=0)
        self.model = model.fit(features, self.at_risk.astype(int))
        self.words = None
        if profile.lexical_weight > 0:
            if texts is None or len(texts) != len(vectors):
                raise ValueError("a profile with a lexical_weight needs the training texts")
            self.words = WordModel(list(texts), self.at_risk, profile.lexical_c)

    def probabilities(self, queries: np.ndarray, texts: list[str] | None = None) -> np.ndarray:
        """At-risk probability of each unit-length query vector (and its text, for the word model)."""
        features = neighbour_features(queries, self.vectors, self.at_risk, self.profile)
        vector_part = self.model.predict_proba(features)[:, 1]
        if self.words is None:
            return vector_part
        if texts is None or len(texts) != len(queries):
            raise ValueError("this model reads the words too: pass the query texts")
        return mix(vector_part, self.words.probabilities(list(texts)), self.profile.lexical_weight)


def _cache_name(embedder: Any, digest: str) -> str:
    """train-<model>-<dim>-<digest>.npy; with digest "" the prefix every version for this model shares."""
    name = re.sub(r"[^\w.-]+", "-", str(getattr(embedder, "name", type(embedder).__name__)))
    prefix = f"train-{name}-{int(embedder.dim)}-"
    return f"{prefix}{digest[:16]}.npy" if digest else prefix


def embed_examples(embedder: Any, examples: list[Example], digest: str, cache_dir: Path | None) -> np.ndarray:
    """The unit-length embeddings of the examples, read from `cache_dir` when this model embedded this file before."""
    path = Path(cache_dir) / _cache_name(embedder, digest) if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            matrix = np.load(path, allow_pickle=False)
            if matrix.shape == (len(examples), int(embedder.dim)):
                return matrix
        except (OSError, ValueError):
            log.info("safeguarding embedding cache %s unreadable; embedding again", path)
    matrix = unit_rows(embedder.embed([e.text for e in examples]))
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
            np.save(tmp, matrix, allow_pickle=False)
            tmp.replace(path)
            for stale in path.parent.glob(_cache_name(embedder, "") + "*"):  # earlier versions of the file
                if stale.name != path.name and not stale.name.endswith(".tmp.npy"):
                    stale.unlink(missing_ok=True)
        except OSError:  # a read-only install only costs embedding again at the next start
            log.info("safeguarding embedding cache %s not writable", path)
    return matrix


@dataclass(frozen=True)
class RiskScore:
    """The classifier's at-risk probability, and the closest at-risk training phrasing (for traces)."""

    probability: float
    nearest: str


class RiskClassifier(Protocol):
    """What the safeguarding stage needs from a learned layer."""

    def warm(self) -> None:
        """Get ready now (train, load) rather than on the first question; raise when that is impossible."""
        ...

    def flags(self, text: str) -> RiskScore | None:
        """The score when the message looks at risk, else None."""
        ...


@dataclass(frozen=True)
class _Trained:
    model: TrainedModel
    texts: tuple[str, ...]


_TRAINED: dict[tuple[Any, ...], _Trained] = {}
_LOCK = threading.Lock()


class EmbeddingRiskClassifier:
    """Logistic regression over an embedder's vectors, trained from train.jsonl once per process and model.

    cache_dir: where the embedded training phrasings are kept between starts (Settings.safeguarding_cache_dir,
    under the data dir, so an installed read-only package works); None embeds them again at every start.
    """

    def __init__(
        self, embedder: Any, profile: Profile, train_file: Path = TRAIN_FILE, cache_dir: Path | None = None
    ) -> None:
        self.embedder = embedder
        self.profile = profile
        self.train_file = Path(train_file)
        self.cache_dir = cache_dir

    def _trained(self) -> _Trained:
        digest = file_digest(self.train_file)
        e = self.embedder
        key = (type(e).__qualname__, str(getattr(e, "name", "")), int(e.dim), digest, self.profile)
        with _LOCK:
            if key not in _TRAINED:
                examples = load_examples(self.train_file)
                vectors = embed_examples(e, examples, digest, self.cache_dir)
                at_risk = np.array([x.at_risk for x in examples])
                texts = [x.text for x in examples]
                _TRAINED[key] = _Trained(TrainedModel(vectors, at_risk, self.profile, texts), tuple(texts))
            return _TRAINED[key]

    def warm(self) -> None:
        """Train now (about a second once the training phrasings' embeddings are cached)."""
        self._trained()

    def scores(self, texts: list[str]) -> list[RiskScore]:
        """Scores for several messages, embedded in one batch."""
        trained = self._trained()
        queries = unit_rows(self.embedder.embed(list(texts)))
        model = trained.model
        probabilities = model.probabilities(queries, list(texts))
        nearest = np.where(model.at_risk[None, :], queries @ model.vectors.T, -2.0).argmax(axis=1)
        return [RiskScore(float(p), trained.texts[j]) for p, j in zip(probabilities, nearest, strict=True)]

    def flags(self, text: str) -> RiskScore | None:
        """The score when its probability reaches the profile's threshold, else None: of the whole message, or of
        one of its clauses (`clauses`), so a risk told in passing before an ordinary question still counts."""
        # The whole message alone first: embedded alone, its vector is the one retrieval reuses (service.QuestionMemo).
        whole = self.scores([text])[0]
        if whole.probability >= self.profile.threshold:
            return whole
        parted = clauses(text)
        parts = self.scores(parted) if parted else []
        # A clause alone is read without the rest of its message ("i really dont want to sit in a room with them
        # again" of a mediation meeting): it must be surer than a whole message.
        part = max(parts, key=lambda s: s.probability, default=None)
        return part if part is not None and part.probability >= max(self.profile.threshold, CLAUSE_THRESHOLD) else None


# Where a message's clauses part: sentence ends, a dash, and "anyway" / ", but" / ", so" / ", and" turning to another
# matter ("my boyfriend burnt her hand with a lighter. anyway is she entitled to dla").
_CLAUSE_BREAK = re.compile(
    r"(?<=[.!?])\s+|\n+|\s+[-\u2013\u2014]+\s+|\s*[,;]\s*(?:anyway|but|and|so)\b\s*|\s+(?:anyway|also)\b\s*"
)
_CLAUSE_WORDS = 4
# The probability a clause must reach. Over the development sets (evals/*.jsonl, two independently written question
# sets, a safeguarding probe set and tests/data/safeguarding_heldout.jsonl), the multi-clause messages that whole
# scoring missed had at-risk clauses scoring 0.8-0.99 and ordinary ones at most 0.54: 0.75 and 0.8 catch the same
# 12 of 14 at no false flag, and 0.8 leaves ordinary clauses read out of context more room (issue 7).
CLAUSE_THRESHOLD = 0.8


def clauses(text: str) -> list[str]:
    """The clauses of a message of several, each of four words or more; [] for a message of one. Scored one by one
    as well as whole: "razor blades wrapped in tissue in her pencil case" reads as at risk alone, and as a question
    about exam support once the rest of the message follows it (issue 7: of 60 independently written at-risk
    messages, 46 were flagged before clauses were read and 57 after, with false flags on 40 ordinary ones going
    from 1 to 0)."""
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text) if p and len(p.split()) >= _CLAUSE_WORDS]
    return parts if len(parts) > 1 else []
