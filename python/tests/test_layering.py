"""The Python package is built in layers, and no module imports one above its own.

Every import statement counts, also those inside functions (a deferred import
hides a circle; it does not remove it). ``from csp import _native`` imports the
extension module, the bottom of every layer. Layers, bottom up (see
docs/python_internals.md):

    types      value types, enums, structs and their conversions
    wiring     edges, the graph being built, node instances, the node-language markers
    compiler   the node parser and rewriter
    decorators @csp.node / @csp.graph
    runtime    building and running the engine
    libraries  the base library, math, stats, struct nodes, show_graph
    facade     the ``csp`` package itself
    add-ons    modules ``import csp`` does not load (adapters, basketlib, random, distributed): they may use
               the facade
"""

import ast
from pathlib import Path

import pytest

import csp

PACKAGE_DIR = Path(csp.__file__).parent

LAYERS = ["types", "wiring", "compiler", "decorators", "runtime", "libraries", "facade", "add-ons"]

_LAYER_OF_PREFIX = {
    "csp.impl.types": "types", "csp.impl.enum": "types", "csp.impl.enums": "types",
    "csp.impl.exceptions": "types", "csp.impl.introsort": "types", "csp.impl.struct_fields": "types",
    "csp.impl.struct_serialize": "types", "csp.impl.struct": "types", "csp.impl.error_handling": "types",
    "csp.impl.log_settings": "types", "csp.typing": "types", "csp.utils": "types", "csp._install_paths": "types",
    "csp.impl.wiring": "wiring", "csp.impl.node_language": "wiring", "csp.impl.constants": "wiring",
    "csp.impl.basket_proxy": "wiring", "csp.impl.pynodes": "wiring", "csp.impl.mem_cache": "wiring",
    "csp.impl.pushadapter": "wiring", "csp.impl.pulladapter": "wiring", "csp.impl.outputadapter": "wiring",
    "csp.impl.pushpulladapter": "wiring", "csp.impl.genericpushadapter": "wiring",
    "csp.impl.adaptermanager": "wiring",
    "csp.impl.node_parser": "compiler", "csp.impl.node_rewriter": "compiler",
    "csp.impl.wiring.decorators": "decorators",
    "csp.impl.runtime": "runtime", "csp.impl.progress": "runtime",
    "csp.adapters": "add-ons", "csp.basketlib": "add-ons", "csp.random": "add-ons", "csp.distributed": "add-ons",
    "csp.impl.pandas_accessor": "add-ons",
    "csp.impl.pandas_ext_type": "add-ons",
}


def layer_of(module: str) -> str:
    """The layer of a module: its longest listed prefix, else a library (the facade is ``csp``)."""
    if module == "csp":
        return "facade"
    parts = module.split(".")
    for end in range(len(parts), 1, -1):
        layer = _LAYER_OF_PREFIX.get(".".join(parts[:end]))
        if layer is not None:
            return layer
    return "libraries"


def package_modules() -> dict:
    """``{module name: path}`` of every module of the installed package's sources."""
    modules = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = ("csp",) + path.relative_to(PACKAGE_DIR).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imports_of(module: str, path: Path, modules: dict) -> set:
    """The package modules that ``module`` imports anywhere in its source."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            submodules = [f"{base}.{alias.name}" for alias in node.names
                          if f"{base}.{alias.name}" in modules or alias.name == "_native"]
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(base)  # names defined in the module `base` itself
    return {name for name in found if name in modules and name != module}


@pytest.fixture(scope="module")
def import_graph():
    modules = package_modules()
    return {module: imports_of(module, path, modules) for module, path in modules.items()}


def test_the_package_modules_are_found(import_graph):
    assert {"csp", "csp.baselib", "csp.impl.wiring.edge", "csp.impl.runtime"} <= set(import_graph)
    assert "csp.impl.wiring.instances" in import_graph["csp.baselib"]


def upward_imports(graph: dict) -> list:
    """Each import of a module from a layer above its own, as text."""
    rank = {layer: index for index, layer in enumerate(LAYERS)}
    return sorted(f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
                  for module, targets in graph.items() for target in targets
                  if rank[layer_of(target)] > rank[layer_of(module)])


def find_circle(graph: dict):
    """A list of modules ``[a, b, ..., a]`` importing each other in a circle, or None."""
    done = set()

    def circle_from(start):
        stack, on_path = [(start, iter(sorted(graph[start])))], [start]
        while stack:
            target = next(stack[-1][1], None)
            if target is None:
                stack.pop()
                done.add(on_path.pop())
            elif target in on_path:
                return on_path[on_path.index(target):] + [target]
            elif target not in done:
                stack.append((target, iter(sorted(graph[target]))))
                on_path.append(target)
        return None

    for module in sorted(graph):
        if module not in done:
            circle = circle_from(module)
            if circle:
                return circle
    return None


def test_no_module_imports_a_layer_above_its_own(import_graph):
    assert upward_imports(import_graph) == []


def test_there_is_no_import_circle(import_graph):
    circle = find_circle(import_graph)
    assert circle is None, " -> ".join(circle)


def test_the_checks_report_a_circle_and_an_upward_import():
    graph = {"csp.impl.wiring.edge": {"csp.math"}, "csp.math": {"csp.baselib"}, "csp.baselib": {"csp.math"},
             "csp.impl.types": set()}
    assert upward_imports(graph) == ["csp.impl.wiring.edge (wiring) imports csp.math (libraries)"]
    assert find_circle(graph) == ["csp.baselib", "csp.math", "csp.baselib"]
    assert find_circle({"csp.impl.types": set(), "csp.math": {"csp.impl.types"}}) is None
