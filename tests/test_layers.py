"""The domain must run headless: importing it never loads Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path


def test_domain_packages_do_not_import_pyside6() -> None:
    code = (
        "import sys\n"
        "import reunify.models, reunify.vault, reunify.workflows, reunify.operations\n"
        "import reunify.workflows.calendars, reunify.demo, reunify.cli, reunify.identifiers\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"Qt imported by the domain: {result.stdout} {result.stderr}"


def test_ui_package_is_the_one_that_imports_qt() -> None:
    """Guard the guard: the check above would also pass if the probe were broken."""
    code = "import sys, reunify.ui.app; sys.exit(0 if 'PySide6' in sys.modules else 1)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_vault_and_models_do_not_reach_up() -> None:
    """The store sits at the bottom: loading it never pulls in operations, services or UI."""
    code = (
        "import sys\n"
        "import reunify.vault, reunify.models\n"
        "up = sorted(m for m in sys.modules if m.startswith(('reunify.operations', "
        "'reunify.workflows', 'reunify.bundle', 'reunify.search', 'reunify.ui')))\n"
        "print(','.join(up))\n"
        "sys.exit(1 if up else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"lower layers import upper ones: {result.stdout}"


# -- the import graph -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1] / "reunify"

# Which layer may import which (ARCHITECTURE.md). A layer may import itself and
# anything listed; the shared leaves (errors, i18n, text, …) are open to all.
_BELOW_UI = {"operations", "queries", "bundle", "workflows", "models", "vault", "search"}
LAYERS: dict[str, set[str]] = {
    "ui": {"ui", "demo", "display"} | _BELOW_UI,
    # the entry point: commands, and the GUI when no command is given
    "cli": {"ui", "demo", "display"} | _BELOW_UI,
    "demo": {"operations", "queries", "workflows", "models", "vault"},
    "bundle": {"bundle", "operations", "queries", "workflows", "models", "vault", "display"},
    "operations": {"operations", "queries", "workflows", "models", "vault"},
    "queries": {"workflows", "models"},
    "search": {"models", "vault"},
    "display": {"models"},  # codes as names in the language shown
    "workflows": {"workflows", "models"},
    "models": {"models"},
    "vault": {"vault", "models"},
}
LEAVES = {
    "errors", "i18n", "text", "labels", "identifiers", "resources", "paths", "logs",
    "fileio", "hardening", "argparse_messages", "invented", "strength", "icon",
    "__init__", "__main__",
}  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every reunify module `path` imports, at any depth except `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("reunify")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reunify"):
            module = str(node.module)
            found.add(module)
            # `from reunify.operations import checklists` imports a submodule
            for alias in node.names:
                if (
                    (ROOT.parent / (module + "." + alias.name).replace(".", "/"))
                    .with_suffix(".py")
                    .exists()
                ):
                    found.add(f"{module}.{alias.name}")
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}
    return {name: {m for m in _imports(path) if m in modules} for name, path in modules.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _wrong_direction(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, targets in graph.items():
        layer = _layer(module)
        if layer in LEAVES:
            continue
        if layer not in LAYERS:
            bad.append(f"{module}: place it in LAYERS or LEAVES (ARCHITECTURE.md)")
            continue
        allowed = LAYERS[layer] | LEAVES
        bad += [f"{module} -> {t}" for t in sorted(targets) if _layer(t) not in allowed]
    return sorted(bad)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


# A package's __init__ re-exporting its own modules is not a loop a reader follows.
def _without_package_reexports(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {
        m: {
            t
            for t in ts
            if not (t.startswith(m + ".") and (ROOT.parent / m.replace(".", "/")).is_dir())
        }
        for m, ts in graph.items()
    }


def test_no_import_runs_up_the_layers() -> None:
    assert _wrong_direction(_graph()) == []


def test_no_import_loops() -> None:
    graph = _graph()
    # Submodules import their package for shared names (`from reunify.models import X`);
    # that is the package's own re-export, so fold each package into its __init__ edges.
    assert _cycles(_without_package_reexports(graph)) == []


def test_the_layer_checks_can_fail() -> None:
    """Guard the guards: a planted upward import and a planted loop are both found."""
    graph = _graph()
    graph["reunify.workflows.steps"] = graph["reunify.workflows.steps"] | {"reunify.operations"}
    assert "reunify.workflows.steps -> reunify.operations" in _wrong_direction(graph)
    graph["reunify.workflows.steps"] |= {"reunify.workflows.describe"}  # describe uses steps
    assert _cycles(_without_package_reexports(graph))
