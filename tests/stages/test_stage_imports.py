"""Stages stay independent: a stage module imports no other stage (shared helpers live outside stages/)."""

from __future__ import annotations

import ast

import pytest

from send_assistant.settings import PROJECT_ROOT

STAGES_DIR = PROJECT_ROOT / "send_assistant" / "answering" / "stages"
PACKAGE = "send_assistant.answering.stages"


def _stage_imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    return {name.removeprefix(PACKAGE + ".").split(".")[0] for name in names if name.startswith(PACKAGE + ".")}


@pytest.mark.parametrize("path", sorted(STAGES_DIR.glob("*.py")), ids=lambda p: p.stem)
def test_a_stage_imports_only_its_own_parts(path) -> None:
    own = path.stem.split("_")[0]  # safeguarding.py may use safeguarding_patterns.py and safeguarding_classifier.py
    others = {name for name in _stage_imports(path) if name.split("_")[0] != own}
    assert others == set(), f"{path.name} imports the stage(s) {sorted(others)}: move the shared helper out of stages/"


def test_the_check_sees_a_stage_import(tmp_path) -> None:
    module = tmp_path / "guard.py"
    module.write_text("from send_assistant.answering.stages.safeguarding import normalise\n", encoding="utf-8")
    assert _stage_imports(module) == {"safeguarding"}
