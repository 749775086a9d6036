"""The house's rules (docs/architecture.md), read from the code: every import, also those inside functions."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = {
    "config": 0, "extensions": 0, "core": 0,
    "accounts": 1, "library": 1,
    "forum": 2, "groups": 2, "books": 2, "events": 2, "challenges": 2, "pages": 2, "partners": 2, "surveys": 2,
    "testimonials": 2,
    "home": 3, "sharing": 3, "analytics": 3, "staff": 3,
    "app": 4,
}
NOT_THE_SITE = {"tests", "bench", "migrations"}


def site_modules() -> dict[str, Path]:
    """Module name -> file, for app.py, config.py, extensions.py and every package of the site."""
    modules = {path.stem: path for path in ROOT.glob("*.py") if path.stem in FLOORS}
    for package in ROOT.iterdir():
        if (package / "__init__.py").is_file() and package.name not in NOT_THE_SITE:
            for path in package.glob("*.py"):
                modules[package.name if path.stem == "__init__" else f"{package.name}.{path.stem}"] = path
    return modules


MODULES = site_modules()


def imports_of(module: str, within=None) -> list[tuple[str, str | None, int]]:
    """(imported module of the site, imported name or None, line) for every import in `module` (or in the
    `within` node of it)."""
    found = []
    for node in ast.walk(within or ast.parse(MODULES[module].read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            found += [(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base, alias.name,
                       node.lineno) for alias in node.names]
    return [(target, name, line) for target, name, line in
            ((_site_module(target), name, line) for target, name, line in found) if target and target != module]


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module
    package = module.split(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _site_module(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def package_of(module: str) -> str:
    return module.split(".")[0]


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_package_has_a_floor():
    assert {package_of(module) for module in MODULES} <= FLOORS.keys(), "add the new package to FLOORS and docs"


def test_no_module_imports_from_a_higher_floor():
    upward = [f"{module}:{line} imports {target}" for module, imports in GRAPH.items()
              for target, _, line in imports if FLOORS[package_of(target)] > FLOORS[package_of(module)]]
    assert upward == []


def test_no_module_imports_another_modules_private_names():
    private = [f"{module}:{line} imports {target}.{name}" for module, imports in GRAPH.items()
               for target, name, line in imports if name and name.startswith("_") and not name.startswith("__")]
    assert private == []


def test_only_init_app_imports_inside_a_function():
    """A feature wires itself in at init_app time; anywhere else an import inside a function only hides a
    circle (and app.py, above the house, imports the features it creates the app from)."""
    hidden = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name != "init_app" \
                    and module != "app":
                hidden += [f"{module}:{line} imports {target} in {node.name}()"
                           for target, _, line in imports_of(module, within=node)]
    assert hidden == []


def test_no_import_circles():
    assert circles(GRAPH) == []


def circles(graph: dict) -> list[list[str]]:
    """Groups of modules that reach each other through imports (Tarjan's strongly connected components)."""
    order, lowest, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        order[module] = lowest[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for target in {target for target, _, _ in graph[module]}:
            if target not in order:
                visit(target)
                lowest[module] = min(lowest[module], lowest[target])
            elif target in on_stack:
                lowest[module] = min(lowest[module], order[target])
        if lowest[module] == order[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    for module in graph:
        if module not in order:
            visit(module)
    return found


@pytest.mark.parametrize("graph, expected", [
    ({"a": [("b", None, 1)], "b": [("a", None, 1)], "c": [("a", None, 1)]}, [["a", "b"]]),
    ({"a": [("b", None, 1)], "b": [("c", None, 1)], "c": []}, []),
])
def test_the_circle_finder_finds_circles_and_only_them(graph, expected):
    assert circles(graph) == expected
