"""The embedding models the project can run, by name, each with its calibrated thresholds.

Two tables, looked up by the name SEND_ASSISTANT_EMBEDDER gives (Settings.embedder):

- the embedder registry: name -> a factory that builds the embedder (the shipped MiniLM by default; tests
  register their bag-of-words double with `register_embedder`);
- the model profiles in send_assistant/data/model_profiles.yaml: every threshold that depends on the model
  (the composer's similarity cut-offs, the guidance question matcher, the citation support check, the gap-topic
  distance, where the safeguarding classifier's calibration lives).

`load_embedder` is the one place an embedder is constructed, and `profile_for` the one place thresholds are
looked up. A name missing from either raises ModelProfileError, one line the CLI prints as it is: a model is
never run with another model's numbers, and no check switches itself off because its model is unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from send_assistant.errors import ModelProfileError
from send_assistant.ingest.embedding import Embedder, MiniLMEmbedder
from send_assistant.yaml_file import read_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
PROFILES_FILE = DATA_DIR / "model_profiles.yaml"

# The composer's cut-offs in cosine units: each profile must give every one (ComposeConfig fields).
COMPOSE_THRESHOLDS = (
    "min_confidence",
    "safeguarding_confidence",
    "min_similarity",
    "strong_similarity",
    "duplicate_similarity",
    "qa_match",
    "background_match",
)


@dataclass(frozen=True)
class ModelProfile:
    """The thresholds calibrated for one embedding model (see model_profiles.yaml for what each one does)."""

    name: str
    compose: Mapping[str, float] = field(default_factory=dict)
    question_match: float = 0.0
    question_answers: float = 0.0
    citation_support: float = 0.0
    gap_topic_distance: float = 0.0
    safeguarding_classifier: Path | None = None  # the calibration file (model.yaml); None: the lexicon alone

    def compose_config(self) -> Any:
        """The composer's ComposeConfig with this model's cut-offs (its other fields keep their defaults)."""
        from send_assistant.answering.stages.compose import ComposeConfig

        unknown = sorted(set(self.compose) - {f.name for f in fields(ComposeConfig)})
        if unknown:
            raise ModelProfileError(f"model profile {self.name!r}: compose has fields ComposeConfig lacks: {unknown}")
        return replace(ComposeConfig(), **self.compose)

    def safeguarding_profile(self) -> Any:
        """The safeguarding classifier's calibration for this model (safeguarding_classifier.Profile), or None."""
        if self.safeguarding_classifier is None:
            return None
        from send_assistant.answering.stages.safeguarding_classifier import load_profiles

        try:
            return load_profiles(self.safeguarding_classifier)[self.name]
        except (ModelProfileError, KeyError, TypeError) as exc:
            where = _shown(self.safeguarding_classifier)
            raise ModelProfileError(
                f"model profile {self.name!r}: no safeguarding classifier calibration for it in {where} "
                "(run evals/calibrate_safeguarding.py)"
            ) from exc


# name -> factory; the shipped model is the only one the product knows. Tests add their double.
_EMBEDDERS: dict[str, Callable[[], Embedder]] = {MiniLMEmbedder.name: MiniLMEmbedder}
_REGISTERED_PROFILES: dict[str, ModelProfile] = {}


def register_embedder(name: str, factory: Callable[[], Embedder], profile: ModelProfile | None = None) -> None:
    """Make an embedder available by name, with its profile when it is not in model_profiles.yaml."""
    _EMBEDDERS[name] = factory
    if profile is not None:
        _REGISTERED_PROFILES[profile.name] = profile


def unregister_embedder(name: str) -> None:
    """Forget an embedder (and its registered profile) added with `register_embedder`."""
    _EMBEDDERS.pop(name, None)
    _REGISTERED_PROFILES.pop(name, None)


def embedder_names() -> list[str]:
    """The names an embedder can be loaded by."""
    return sorted(_EMBEDDERS)


def _shown(path: Path) -> str:
    """A data file's path as a user would look for it (relative to the package's parent)."""
    try:
        return str(Path(path).resolve().relative_to(DATA_DIR.parent.parent))
    except ValueError:
        return str(path)


def _number(name: str, entry: Mapping[str, Any], key: str, path: Path) -> float:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ModelProfileError(f"model profile {name!r} in {_shown(path)}: {key} must be a number")
    return float(value)


def _parse(name: str, entry: Any, path: Path) -> ModelProfile:
    """One profile from its YAML entry; ModelProfileError naming the profile and the field when malformed."""
    if not isinstance(entry, Mapping):
        raise ModelProfileError(f"model profile {name!r} in {_shown(path)} is not a mapping")
    compose = entry.get("compose") or {}
    if not isinstance(compose, Mapping):
        raise ModelProfileError(f"model profile {name!r} in {_shown(path)}: compose must be a mapping")
    missing = [k for k in COMPOSE_THRESHOLDS if k not in compose]
    if missing:
        raise ModelProfileError(f"model profile {name!r} in {_shown(path)}: compose lacks {missing}")
    classifier = entry.get("safeguarding_classifier", "missing")
    if classifier == "missing":
        raise ModelProfileError(
            f"model profile {name!r} in {_shown(path)}: safeguarding_classifier must name its calibration file "
            "or be null (the lexicon alone)"
        )
    return ModelProfile(
        name=name,
        compose={k: _number(name, compose, k, path) for k in compose},
        question_match=_number(name, entry, "question_match", path),
        question_answers=_number(name, entry, "question_answers", path),
        citation_support=_number(name, entry, "citation_support", path),
        gap_topic_distance=_number(name, entry, "gap_topic_distance", path),
        safeguarding_classifier=None if classifier is None else Path(path).parent / str(classifier),
    )


def load_profiles(path: Path = PROFILES_FILE) -> dict[str, ModelProfile]:
    """Every profile of a model_profiles.yaml file, by model name."""
    data = read_yaml(path, ModelProfileError, "the model profiles") or {}
    if not isinstance(data, Mapping):
        raise ModelProfileError(f"the model profiles {_shown(path)} must map model names to profiles")
    return {str(name): _parse(str(name), entry, path) for name, entry in data.items()}


def profile_for(name: str, path: Path = PROFILES_FILE) -> ModelProfile:
    """The profile of the embedding model called `name`; ModelProfileError (one line) when it has none."""
    if name in _REGISTERED_PROFILES:
        return _REGISTERED_PROFILES[name]
    profiles = load_profiles(path)
    if name not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ModelProfileError(
            f"no model profile for embedder {name!r}: add its calibrated thresholds to {_shown(path)} "
            f"(profiles there: {known})"
        )
    return profiles[name]


def check_embedder(name: str) -> ModelProfile:
    """Fail now, in one line, when `name` is not a registered embedder or has no complete profile."""
    if name not in _EMBEDDERS:
        raise ModelProfileError(
            f"unknown embedder {name!r} (SEND_ASSISTANT_EMBEDDER); known: {', '.join(embedder_names())}"
        )
    profile = profile_for(name)
    profile.safeguarding_profile()  # a named calibration file must have this model's entry
    return profile


def load_embedder(name: str) -> Embedder:
    """The embedder called `name`, after checking it has a profile (models load lazily, on first use)."""
    check_embedder(name)
    return _EMBEDDERS[name]()
