"""The import rules of docs/architecture.md, read from the code itself (every ``import``, also those inside
functions): data flows ingest → records → kg store → queries → CLI / pages, never back up.

A rule broken here is an arrow that runs back up the house: move the code to the room it belongs in (see
the recipes in docs/architecture.md) rather than adding an exception.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kg", "ingest", "queries", "explorer", "kgcli", "bench")

#: package → the project packages it may import (besides itself). Third-party imports are free except
#: those in FORBIDDEN_THIRD_PARTY.
ALLOWED: dict[str, set[str]] = {
    "kg": set(),
    "ingest": {"kg"},
    "queries": {"kg"},
    "explorer": {"kg", "ingest", "queries"},
    "bench": {"kg", "ingest", "queries", "explorer"},
    "kgcli": {"kg", "ingest", "queries", "explorer", "bench"},
}
#: package → modules of allowed packages it still must not import (the write side of kg for queries)
FORBIDDEN_MODULES: dict[str, set[str]] = {
    "queries": {"kg.curation"},
}
FORBIDDEN_THIRD_PARTY: dict[str, set[str]] = {
    "kg": {"streamlit", "typer"},
    "ingest": {"streamlit", "typer"},
    "queries": {"streamlit", "typer"},
}
#: files that may call importlib.import_module / __import__ with a module name (the rest wire by import)
DYNAMIC_IMPORT_ALLOWED: set[str] = set()


def _files(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return out


def _dynamic_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name in ("import_module", "__import__"):
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_run_one_way(package: str) -> None:
    broken = []
    for f in _files(package):
        rel = f.relative_to(ROOT).as_posix()
        for line, mod in _imports(f):
            top = mod.split(".")[0]
            if top in PACKAGES and top != package and top not in ALLOWED[package]:
                broken.append(f"{rel}:{line} imports {mod}")
            if any(mod == m or mod.startswith(m + ".") for m in FORBIDDEN_MODULES.get(package, ())):
                broken.append(f"{rel}:{line} imports {mod}")
            if top in FORBIDDEN_THIRD_PARTY.get(package, ()):
                broken.append(f"{rel}:{line} imports {mod}")
    assert not broken, f"{package} breaks the import rules:\n" + "\n".join(sorted(set(broken)))


@pytest.mark.parametrize("package", PACKAGES)
def test_wired_by_import_not_by_string(package: str) -> None:
    found = [f"{f.relative_to(ROOT).as_posix()}:{line}" for f in _files(package)
             if f.relative_to(ROOT).as_posix() not in DYNAMIC_IMPORT_ALLOWED for line in _dynamic_imports(f)]
    assert not found, "modules loaded by name (import them instead):\n" + "\n".join(found)


def test_the_rules_catch_an_upward_import(tmp_path: Path) -> None:
    """The checker itself sees an import inside a function (the usual way an upward import hides)."""
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from kgcli.ingest_cmds import run_ingest\n    import importlib\n"
                 "    return importlib.import_module('queries.x')\n", encoding="utf-8")
    assert (2, "kgcli.ingest_cmds.run_ingest") in _imports(f)
    assert _dynamic_imports(f) == [4]


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules a file imports (also inside functions): ``from a.b import c`` is module ``a.b.c``
    when that is a module, else ``a.b``; a package's ``__init__`` run on the way is not counted."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: set[str] = set()

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {m for a in node.names if (m := owner(a.name))}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                m = full if full in modules else owner(node.module)
                if m:
                    out.add(m)
    return out


def import_circles(root: Path = ROOT) -> list[list[str]]:
    """Every set of two or more project modules that import each other in a loop (strongly connected
    components of the import graph; imports inside functions count, as they tie the modules just the same)."""
    files = {_module_name(f, root): f for p in PACKAGES
             for f in sorted((root / p).rglob("*.py")) if "__pycache__" not in f.parts}
    modules = set(files)
    graph = {m: sorted(_module_imports(f, modules) - {m}) for m, f in files.items()}
    loops = nx.DiGraph()
    loops.add_nodes_from(graph)
    loops.add_edges_from((m, w) for m, ws in graph.items() for w in ws)
    return sorted(sorted(c) for c in nx.strongly_connected_components(loops) if len(c) > 1)


def test_no_import_circles() -> None:
    """No modules import each other in a loop: split the part both sides need into a module of its own
    (as ingest/reference/sources.py holds the file names the parts and the context share)."""
    circles = import_circles()
    assert not circles, "import circles:\n" + "\n".join(" ⇄ ".join(c) for c in circles)


def test_the_circle_check_sees_a_loop_inside_a_function(tmp_path: Path) -> None:
    for pkg in PACKAGES:
        (tmp_path / pkg).mkdir()
    (tmp_path / "ingest" / "a.py").write_text("from ingest.b import x\n", encoding="utf-8")
    (tmp_path / "ingest" / "b.py").write_text("def x():\n    from ingest import a\n", encoding="utf-8")
    (tmp_path / "ingest" / "c.py").write_text("import ingest.a\n", encoding="utf-8")
    assert import_circles(tmp_path) == [["ingest.a", "ingest.b"]]
