"""ARCHITECTURE.md tells the truth: every path it names exists, and the import rules it states hold."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "ARCHITECTURE.md"
PACKAGE = ROOT / "send_assistant"
# A path: words joined by "/" (a trailing "/" for a folder), or a file name with one of the project's extensions.
PATH = re.compile(r"(?<![\w:/.-])((?:[\w.-]+/)+[\w.-]*|[\w-]+\.(?:py|yaml|yml|md|jsonl|json|txt|toml))(?![\w/-])")


def _named_paths(text: str) -> set[str]:
    """Every path in `code spans` and in the fenced picture (URLs, env vars and commands are not paths)."""
    spans = re.findall(r"`([^`\n]+)`", text)
    spans += re.findall(r"```\n(.*?)```", text, flags=re.DOTALL)
    return {match.rstrip(".,:;") for span in spans for match in PATH.findall(span) if "://" not in span}


def test_every_path_named_in_architecture_md_exists() -> None:
    named = _named_paths(DOC.read_text(encoding="utf-8"))
    assert len(named) >= 30  # the picture, the map and the how-tos all name files
    assert sorted(p for p in named if not (ROOT / p).exists()) == []


def test_the_path_finder_sees_paths_and_only_paths() -> None:
    text = "`knowledge/areas.yaml`, `send-assistant ingest` (`SEND_ASSISTANT_LLM`)\n```\nsend_assistant/web/\n```"
    assert _named_paths(text) == {"knowledge/areas.yaml", "send_assistant/web/"}
    assert _named_paths("`no/such/file.py`") == {"no/such/file.py"}  # and the test above would fail on it


def test_readme_links_architecture_md() -> None:
    assert "(ARCHITECTURE.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def _imports(folder: Path) -> dict[str, set[str]]:
    """Module imported -> the files under folder importing it (absolute imports, including those inside functions)."""
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def _breaches(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{where} imports {module}"
        for module, files in _imports(PACKAGE / folder).items()
        if any(module == f or module.startswith(f + ".") for f in forbidden)
        for where in files
    )


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        # the index knows nothing of answers, of HTTP, of feedback or of the evaluation
        (
            "ingest",
            (
                "send_assistant.answering",
                "send_assistant.web",
                "send_assistant.cli",
                "send_assistant.feedback",
                "send_assistant.evaluation",
            ),
        ),
        # the pipeline knows nothing of HTTP or the command line
        ("answering", ("send_assistant.web", "send_assistant.cli", "fastapi", "starlette", "gradio", "uvicorn")),
    ],
)
def test_imports_run_one_way(folder: str, forbidden: tuple[str, ...]) -> None:
    assert _breaches(folder, forbidden) == []


def test_the_import_check_would_see_a_breach() -> None:
    assert _breaches("web", ("send_assistant.answering",))  # the web edge does import the pipeline
