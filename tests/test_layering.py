"""Layering over the whole tree: the core is framework-free, adapters call the core and never each other,
and production code reads nothing from tests/.

The map of which process runs which code is docs/architecture.md; these lists are the same map.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORKS = ("rasa", "rasa_sdk", "sanic", "starlette", "telegram", "socketio", "uvicorn")
# Adapters, by the process that runs them: each turns a framework's calls into calls of the core.
ADAPTERS: dict[str, tuple[str, ...]] = {
    "rasa server": (
        "bot/channels",
        "bot/nlu",
        "bot/tracker_store.py",
        "bot/rasa_patches.py",
        "bot/graph_order.py",
        "bot/dialogue_states.py",
        "bot/rule_matching.py",
        "bot/log_copies.py",
        "bot/multi_part_nlg.py",
    ),
    "action server": ("actions", "bot/action_server.py"),
    "backend": ("bot/web",),
}
# Process supervisors and wrappers: they start the others (bot/quiet.py runs one with warnings filtered)
# and may name any of them.
ENTRY_POINTS = ("bot/launch.py", "bot/readiness.py", "bot/quiet.py")


def _files(entry: str) -> list[Path]:
    target = ROOT / entry
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


def _module(entry: str) -> str:
    return entry.removesuffix(".py").replace("/", ".")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _adapter_of(module: str) -> str | None:
    for process, entries in ADAPTERS.items():
        if any(module == _module(e) or module.startswith(_module(e) + ".") for e in entries):
            return process
    return None


ADAPTER_FILES = {path: process for process, es in ADAPTERS.items() for e in es for path in _files(e)}
ENTRY_FILES = {path for entry in ENTRY_POINTS for path in _files(entry)}
CORE_FILES = [p for p in sorted((ROOT / "bot").rglob("*.py")) if p not in {*ADAPTER_FILES, *ENTRY_FILES}]


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", CORE_FILES, ids=_id)
def test_core_module_imports_no_framework_and_no_adapter(path: Path) -> None:
    bad = [name for name in _imports(path) if name.split(".")[0] in FRAMEWORKS or _adapter_of(name)]
    assert bad == []


@pytest.mark.parametrize("path", sorted(ADAPTER_FILES), ids=_id)
def test_adapter_imports_no_other_process_adapter(path: Path) -> None:
    own = ADAPTER_FILES[path]
    bad = [name for name in _imports(path) if _adapter_of(name) not in (None, own)]
    assert bad == []


def _strings(path: Path) -> list[str]:
    """String constants of a module, docstrings left out (they may name a test as a reference)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", sorted((ROOT / "bot").rglob("*.py")) + _files("actions"), ids=_id)
def test_production_code_reads_nothing_from_tests(path: Path) -> None:
    assert [text for text in _strings(path) if "tests/" in text] == []
    assert [name for name in _imports(path) if name.split(".")[0] == "tests"] == []


def test_every_process_has_adapters_that_exist() -> None:
    assert all((ROOT / entry).exists() for entries in ADAPTERS.values() for entry in entries)
