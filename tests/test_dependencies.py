"""pyproject.toml tells the truth: what the code imports is declared, what is declared is imported, and
constraints.txt locks exactly the declared dependencies and what they need, at the installed versions."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Declared on purpose though nothing imports them; each with its reason.
NOT_IMPORTED = {
    "huggingface-hub": "pinned: transformers and sentence-transformers load the shipped model through it",
    "ruff": "the linter, run as a command",
    "pytest-xdist": "a pytest plugin: `make test` runs the suite on two workers (-n 2 --dist loadfile)",
}
# pip leaves these out of a freeze; the venv itself provides them.
NOT_LOCKED = {"pip", "setuptools", "wheel"}


def _name(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _declared(*extras: str) -> set[str]:
    requirements = list(PROJECT["dependencies"])
    for extra in extras:
        requirements += PROJECT["optional-dependencies"][extra]
    return {_name(Requirement(r).name) for r in requirements}


def _imported_modules(folder: Path) -> dict[str, str]:
    """Top-level module name -> one file importing it, for every absolute import under folder."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def _third_party(folder: Path) -> dict[str, str]:
    local = {p.stem for p in folder.rglob("*.py")} | {p.name for p in folder.rglob("*") if p.is_dir()}
    return {
        module: where
        for module, where in _imported_modules(folder).items()
        if module not in sys.stdlib_module_names and module not in local and module != "send_assistant"
    }


def _undeclared(folder: Path, declared: set[str]) -> list[str]:
    providers = metadata.packages_distributions()
    problems = []
    for module, where in sorted(_third_party(folder).items()):
        distributions = {_name(d) for d in providers.get(module, [])}
        if not distributions:
            problems.append(f"{module} (imported by {where}) is not installed")
        elif not distributions & declared:
            problems.append(f"{module} (imported by {where}) comes from {sorted(distributions)}, not declared")
    return problems


def test_every_module_the_package_imports_is_a_declared_dependency():
    assert _undeclared(ROOT / "send_assistant", _declared()) == []


def test_every_module_the_tests_and_benchmarks_import_is_declared():
    declared = _declared("test", "bench")
    assert _undeclared(ROOT / "tests", declared) == []
    assert _undeclared(ROOT / "evals", declared) == []


def test_every_declared_dependency_is_imported_somewhere():
    providers = metadata.packages_distributions()
    used = set()
    for folder in ("send_assistant", "tests", "evals"):
        for module in _third_party(ROOT / folder):
            used |= {_name(d) for d in providers.get(module, [])}
    unused = _declared("test", "bench") - used - set(NOT_IMPORTED)
    assert unused == set()


def _locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[_name(name)] = version.strip()
    return pins


def _needed(requirements: list[str]) -> set[str]:
    """The declared distributions and everything they require on this platform, as installed."""
    needed: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while todo:
        requirement = todo.pop()
        key = (_name(requirement.name), tuple(sorted(requirement.extras)))
        if key in seen:
            continue
        seen.add(key)
        needed.add(key[0])
        for text in metadata.distribution(requirement.name).requires or []:
            sub = Requirement(text)
            wanted = sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in ("", *requirement.extras))
            if wanted:
                todo.append(Requirement(str(sub).split(";")[0]))
    return needed


def test_the_lock_pins_exactly_what_the_declared_dependencies_need():
    extras = PROJECT["optional-dependencies"]
    needed = _needed(PROJECT["dependencies"] + extras["test"] + extras["bench"]) - NOT_LOCKED
    locked = _locked()
    assert sorted(needed - set(locked)) == [], "needed but not in constraints.txt"
    assert sorted(set(locked) - needed) == [], "in constraints.txt but nothing declared needs it"
    installed = {name: metadata.version(name).split("+")[0] for name in locked}
    assert {n: v for n, v in locked.items() if installed[n] != v} == {}, "constraints.txt differs from the venv"


def test_the_declared_pins_agree_with_the_lock():
    extras = PROJECT["optional-dependencies"]
    locked = _locked()
    for text in PROJECT["dependencies"] + extras["test"] + extras["bench"]:
        requirement = Requirement(text)
        assert locked[_name(requirement.name)] in requirement.specifier, text
