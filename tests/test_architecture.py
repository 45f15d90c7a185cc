"""The layout's rules, read from the source: imports flow one way and form no circle.

Every import counts, including those inside functions (``ast`` sees them all). The layers, bottom up:
``claims.extraction`` and ``claims.chunks`` (pure Python), ``claims.models`` with ``claims.search`` (the
search's SQL, which the claims' QuerySet reads), the core (``claims.ingest``, ``claims.reconcile``),
then the interfaces (web pages, API, admin, commands, template tags, demo, webhooks, settings and urls).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("claims", "webhooks", "factcheck")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


MODULES = project_modules()


def imported(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports: ``from a.b import c`` means ``a.b.c`` when that is a module,
    else ``a.b``; relative imports are resolved against the package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in MODULES and target != name}
    return found


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules (first == last), or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def layer(name: str) -> int:
    if name.startswith("claims.extraction") or name == "claims.chunks":
        return 0
    if name in ("claims.models", "claims.search"):
        return 1
    if name.startswith(("claims.ingest", "claims.reconcile")):
        return 2
    return 3


def test_imports_inside_functions_and_of_submodules_are_edges(tmp_path):
    source = tmp_path / "late.py"
    source.write_text("def later():\n    from claims.models import Claim\n    from claims.reconcile import figures\n")
    assert imported("claims.late", source) == {"claims.models", "claims.reconcile.figures"}


def test_the_cycle_finder_names_the_circle():
    graph = {"claims.a": {"claims.b"}, "claims.b": {"claims.c"}, "claims.c": {"claims.a"}, "claims.d": set()}
    assert find_cycle(graph) == ["claims.a", "claims.b", "claims.c", "claims.a"]
    assert find_cycle({"claims.a": {"claims.b"}, "claims.b": set()}) is None


def test_no_import_circle_among_the_projects_modules():
    assert find_cycle(GRAPH) is None


@pytest.mark.parametrize("name", sorted(name for name in MODULES if layer(name) < 3))
def test_the_core_imports_only_from_its_own_layer_or_below(name):
    upward = sorted(target for target in GRAPH[name] if layer(target) > layer(name))
    assert upward == []


def test_extraction_imports_no_django():
    for name, path in MODULES.items():
        if layer(name) == 0:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            roots = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for alias in node.names}
            roots |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
                      if isinstance(node, ast.ImportFrom) and not node.level}
            assert {"django", "rest_framework"}.isdisjoint(roots), name
