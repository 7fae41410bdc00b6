"""csp.show_graph: draw a graph with graphviz.

The drawing is made from the graph description, before anything runs: one
box per node (sources and graph outputs drawn differently), one arrow per
edge. With ``graph_filename`` the image is written in the format its
extension names (png, svg, pdf, ...); without, the ``graphviz.Digraph`` is
returned, which notebooks display inline.
"""

from __future__ import annotations

import os
from typing import Dict, List, Optional

from csp.impl.runtime import BuiltGraph, build_graph
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


def _style(node: NodeInstance) -> Dict[str, str]:
    if isinstance(node, SourceInstance):
        return {"shape": "ellipse", "style": "filled", "fillcolor": "#d9ead3"}
    if isinstance(node, GraphOutputInstance):
        return {"shape": "doubleoctagon", "style": "filled", "fillcolor": "#fce5cd"}
    if isinstance(node, (BuiltinInstance, PythonNodeInstance)) and not node.output_types:
        return {"shape": "box", "style": "filled,rounded", "fillcolor": "#fff2cc"}
    return {"shape": "box", "style": "filled,rounded", "fillcolor": "#cfe2f3"}


def to_digraph(built: BuiltGraph, name: str = "csp"):
    import graphviz

    dot = graphviz.Digraph(name, graph_attr={"rankdir": "LR"}, node_attr={"fontname": "Helvetica"})
    nodes = _walk(list(built.context.roots))
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    for node in nodes:
        dot.node(ids[node], node.name, **_style(node))
    for node in nodes:
        for edge in node.inputs():
            dot.edge(ids[edge.node], ids[node])
    return dot


def show_graph(graph, *args, graph_filename: Optional[str] = None, **kwargs):
    """Draws ``graph(*args, **kwargs)``; writes ``graph_filename`` if given, else returns the Digraph."""
    built = graph if isinstance(graph, BuiltGraph) else build_graph(graph, *args, **kwargs)
    dot = to_digraph(built, getattr(graph, "__name__", "csp"))
    if graph_filename is None:
        return dot
    stem, extension = os.path.splitext(graph_filename)
    fmt = extension.lstrip(".").lower() or "png"
    dot.render(stem, format=fmt, cleanup=True)
    return graph_filename
