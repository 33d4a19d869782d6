"""Read a YAML file or fail with one line: the one reader for the manifest, targets, glossary and other data files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

# The C loader where PyYAML has it (about ten times faster on the large lexicons and glossary); the same safe rules.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path | str, error: Callable[[str], Exception], what: str) -> Any:
    """The parsed YAML at path (None for an empty file).

    A file that cannot be read or is not valid YAML raises `error("PATH: cannot read WHAT: REASON")` or
    `error("PATH: WHAT is not valid YAML: FIRST LINE")`, so the edge can print it as the one line it is.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{path}: cannot read {what}: not UTF-8 text") from exc
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise error(f"{path}: {what} is not valid YAML: {first_line(exc)}") from exc


def first_line(exc: Exception) -> str:
    """An exception's message cut to its first line (YAML errors run to several)."""
    message = str(exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__
