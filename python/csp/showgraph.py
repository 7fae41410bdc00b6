"""csp.show_graph: draw a graph with graphviz.

The drawing is made from the graph description, before anything runs: one
box per node (sources and graph outputs drawn differently), one arrow per
edge. With ``graph_filename`` the image is written in the format its
extension names (png, svg, pdf, ...); without, the ``graphviz.Digraph`` is
returned, which notebooks display inline. Either way the graphviz Python
package and Graphviz's ``dot`` program must be installed.
"""

from __future__ import annotations

import os
import shutil
from typing import Dict, List, Optional

from csp.impl.runtime import BuiltGraph, build_graph
from csp.impl.wiring.dynamic import DynamicInstance
from csp.impl.wiring.instances import (BuiltinInstance, GraphOutputInstance, NodeInstance, PythonNodeInstance,
                                       SourceInstance)


def _walk(roots: List[NodeInstance]) -> List[NodeInstance]:
    """Every node that reaches a root, producers before consumers."""
    ordered: List[NodeInstance] = []
    seen = set()
    stack = [(root, False) for root in reversed(roots)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            ordered.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        for edge in reversed(node.inputs()):
            if edge.node not in seen:
                stack.append((edge.node, False))
    return ordered


def _label(node: NodeInstance) -> str:
    """A node's name; a csp.dynamic node also names its sub-graph template and arguments."""
    if isinstance(node, DynamicInstance):
        return f"{node.name}\nper key: {node.template_description()}"
    return node.name


def _style(node: NodeInstance) -> Dict[str, str]:
    if isinstance(node, DynamicInstance):
        return {"shape": "box3d", "style": "filled", "fillcolor": "#ead1dc"}
    if isinstance(node, SourceInstance):
        return {"shape": "ellipse", "style": "filled", "fillcolor": "#d9ead3"}
    if isinstance(node, GraphOutputInstance):
        return {"shape": "doubleoctagon", "style": "filled", "fillcolor": "#fce5cd"}
    if isinstance(node, (BuiltinInstance, PythonNodeInstance)) and not node.output_types:
        return {"shape": "box", "style": "filled,rounded", "fillcolor": "#fff2cc"}
    return {"shape": "box", "style": "filled,rounded", "fillcolor": "#cfe2f3"}


GRAPHVIZ_PACKAGE_MISSING = ("csp.show_graph needs the graphviz Python package: pip install graphviz "
                            "(or pip install 'csp[showgraph]')")
DOT_PROGRAM_MISSING = ("csp.show_graph needs Graphviz's 'dot' program on PATH, which the graphviz Python package "
                       "does not include: install the system package (apt-get install graphviz, dnf install graphviz, "
                       "brew install graphviz or conda install graphviz)")


def _import_graphviz():
    """The graphviz module, or a ModuleNotFoundError that says what to install."""
    try:
        import graphviz
    except ImportError as error:
        raise ModuleNotFoundError(GRAPHVIZ_PACKAGE_MISSING, name="graphviz") from error
    return graphviz


def _require_dot_program(graphviz) -> None:
    """Raises graphviz.ExecutableNotFound, saying what to install, when ``dot`` is not on PATH."""
    if shutil.which("dot") is None:
        error = graphviz.ExecutableNotFound(("dot",))
        error.args = (DOT_PROGRAM_MISSING,)
        raise error


def to_digraph(built: BuiltGraph, name: str = "csp"):
    graphviz = _import_graphviz()
    dot = graphviz.Digraph(name, graph_attr={"rankdir": "LR"}, node_attr={"fontname": "Helvetica"})
    nodes = _walk(list(built.context.roots))
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    for node in nodes:
        dot.node(ids[node], _label(node), **_style(node))
    for node in nodes:
        for edge in node.inputs():
            dot.edge(ids[edge.node], ids[node])
    return dot


def show_graph(graph, *args, graph_filename: Optional[str] = None, **kwargs):
    """Draws ``graph(*args, **kwargs)``; writes ``graph_filename`` if given, else returns the Digraph.

    Needs the graphviz Python package (else ModuleNotFoundError) and Graphviz's
    ``dot`` program on PATH (else graphviz.ExecutableNotFound); each error says
    what to install. Both are checked before the graph is built.
    """
    _require_dot_program(_import_graphviz())
    built = graph if isinstance(graph, BuiltGraph) else build_graph(graph, *args, **kwargs)
    dot = to_digraph(built, getattr(graph, "__name__", "csp"))
    if graph_filename is None:
        return dot
    stem, extension = os.path.splitext(graph_filename)
    fmt = extension.lstrip(".").lower() or "png"
    dot.render(stem, format=fmt, cleanup=True)
    return graph_filename
