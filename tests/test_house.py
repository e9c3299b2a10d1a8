"""The road the code follows: each folder is a stage, a stage imports only the
stages before it, and no module imports another that (directly or not) imports
it back, not even inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
#: Stage of each module prefix, in the order of the road.
STAGES = [
    ("generator", 0), ("generator.errors", 0), ("generator.thai", 0),
    ("generator.document", 1), ("generator.format", 2), ("generator.content", 3),
    ("generator.render", 4), ("generator.engine", 5), ("generator.writers", 6),
    # the build checks the archive's records before it overwrites an archived
    # edition, so the records come before it; archiving and verifying after
    ("generator.archive.store", 7), ("generator.build", 7), ("generator.archive", 8), ("generator.commands", 8),
    ("generator.cli", 9), ("generator.__main__", 9),
]


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found



def stage_of(module: str) -> int:
    best = ""
    for prefix, _ in STAGES:
        if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
            best = prefix
    return dict(STAGES)[best]


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every generator module ``name`` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
    return {module for module in found if module in known and module != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_every_module_has_a_stage():
    assert all(stage_of(name) >= 0 for name in modules())
    assert "generator.build" in modules() and "generator.content.reader" in modules()


def test_stages_import_only_earlier_stages():
    wrong = [f"{name} (stage {stage_of(name)}) imports {other} (stage {stage_of(other)})"
             for name, targets in graph().items() for other in sorted(targets)
             if stage_of(other) > stage_of(name)]
    assert not wrong, "\n".join(wrong)


def test_no_import_circles():
    edges = graph()
    # A package's __init__ importing its own modules is how packages work.
    for name in edges:
        edges[name] = {t for t in edges[name] if not t.startswith(name + ".")}
    circles = []
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                circles.append(" → ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not circles, "\n".join(circles)


def test_the_checker_sees_an_import():
    # the checker itself can fail: it finds a known import of build.py
    assert "generator.render" in graph()["generator.build"]
