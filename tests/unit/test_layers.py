"""The package's layers import one way only: pipeline -> report -> text -> analysis -> curation.

Walks every module's imports (top-level and inside functions) with ast, so a lazy import
cannot hide an upward dependency; and finds import cycles between modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import reportlib

PACKAGE = Path(reportlib.__file__).parent
LAYERS = ["curation", "analysis", "text", "report", "pipeline"]  # lowest first


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The reportlib modules a file imports, resolved to absolute dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("reportlib")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("reportlib"):
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names}
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules} for name, path in modules.items()}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import from a lower layer into a higher one, as 'a -> b'."""
    bad = []
    for module, targets in graph.items():
        source = _layer(module)
        for target in targets:
            dest = _layer(target)
            if source and dest and LAYERS.index(dest) > LAYERS.index(source):
                bad.append(f"{module} -> {target}")
    return sorted(bad)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. import cycles."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def _package_face(graph):
    """Package __init__ files hand names on; an import of a package is not a dependency on its siblings."""
    return {m: {t for t in ts if not (m.count(".") < t.count(".") and t.startswith(m + "."))} for m, ts in graph.items()}


def test_every_module_sits_in_a_layer():
    loose = [m for m in _graph() if m.count(".") >= 1 and _layer(m) is None and m != "reportlib.__main__"]
    assert loose == []


def test_no_layer_imports_a_higher_one():
    assert upward_imports(_graph()) == []


def test_no_import_cycles():
    assert cycles(_package_face(_graph())) == []


def test_the_checker_sees_an_upward_import_and_a_cycle():
    graph = {"reportlib.curation.load": {"reportlib.report.deck"}, "reportlib.report.deck": {"reportlib.curation.load"}}
    assert upward_imports(graph) == ["reportlib.curation.load -> reportlib.report.deck"]
    assert cycles(graph) == [["reportlib.curation.load", "reportlib.report.deck"]]


def test_import_reportlib_stays_light():
    import subprocess
    import sys

    code = "import sys, reportlib; print(sorted(m for m in ('jieba', 'matplotlib', 'pptx', 'openpyxl') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "[]", run.stderr
