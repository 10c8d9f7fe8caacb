"""The import graph keeps its shape: no cycle, and the boundaries the packages document.

Read from the sources (AST), every import counted: at module level, under ``TYPE_CHECKING`` and
inside functions. A cycle means a concept has no owner yet (STYLE 10).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

#: Folders (and modules) of this project whose imports are checked.
ROOTS = ("inference_platform", "constructs", "e2e", "tools", "main.py")


def _modules() -> dict[str, Path]:
    out = {}
    for root in ROOTS:
        paths = [REPO / root] if root.endswith(".py") else sorted((REPO / root).rglob("*.py"))
        for path in paths:
            name = ".".join(path.relative_to(REPO).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {_resolve(alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package
                for _ in range(node.level - 1):
                    parent = parent.rpartition(".")[0]
                base = f"{parent}.{base}" if base else parent
            found |= {_resolve(f"{base}.{alias.name}") or _resolve(base) for alias in node.names}
    return {name for name in found if name and name != module}


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _reaches(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for target in GRAPH[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_there_is_no_import_cycle():
    assert [module for module in GRAPH if module in _reaches(module)] == []


@pytest.mark.parametrize("package, forbidden", [
    # the gate reads dist/: it knows the shared names, the layout, the catalog and the fast paths only
    ("inference_platform.gate", ("inference_platform.description", "inference_platform.service_objects",
                                 "inference_platform.synth", "constructs")),
    # a render worker process imports these: no cdk8s, no jsii
    ("inference_platform.service_objects", ("cdk8s", "constructs", "inference_platform.synth", "imports")),
    ("inference_platform.fast", ("cdk8s", "constructs", "inference_platform.")),
    # constructs are wired by the synth, never the other way round
    ("constructs", ("inference_platform.synth", "inference_platform.gate")),
    # the leaves
    ("inference_platform.contract", ("inference_platform.", "constructs")),
    ("inference_platform.layout", ("inference_platform.", "constructs")),
    # shared by the loader and the gate: it may read the shared names only
    ("inference_platform.pod_limits", ("inference_platform.description", "inference_platform.gate",
                                       "inference_platform.service_objects", "inference_platform.synth",
                                       "inference_platform.catalog", "constructs", "cdk8s")),
])
def test_a_package_imports_nothing_across_its_boundary(package, forbidden):
    crossing = sorted(f"{module} -> {target}" for module, targets in GRAPH.items()
                      if module == package or module.startswith(f"{package}.")
                      for target in targets if target.startswith(forbidden))
    external = sorted(f"{module} -> {name}" for module, path in MODULES.items()
                      if module == package or module.startswith(f"{package}.")
                      for name in _external(path) if name.startswith(tuple(f for f in forbidden if "." not in f)))
    assert crossing + external == []


def _external(path: Path) -> set[str]:
    """Top-level names of the libraries a module imports (cdk8s, yaml, ...)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return {name for name in names if _resolve(name) is None}
