"""Narrow exceptions for the whole project; edges turn them into a status and one clear line."""


class SendAssistantError(Exception):
    """Base class: a failure we expect and can explain in one line."""


class LoadError(SendAssistantError):
    """A document could not be read (corrupt, encrypted, empty, binary, unknown type, missing)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ManifestError(SendAssistantError):
    """The knowledge manifest is malformed."""


class IndexUnavailableError(SendAssistantError):
    """The index is missing, empty, or the Chroma server cannot be reached."""


class ModelUnavailableError(SendAssistantError):
    """The embedding model or the configured chat model cannot be loaded."""


class ModelProfileError(SendAssistantError):
    """The embedder named by SEND_ASSISTANT_EMBEDDER is unknown, or its thresholds are missing from its profile."""


class FetchError(SendAssistantError):
    """A site crawl or service-directory request failed."""
