"""graph_info: what a graph is made of, before it runs (node and edge counts, node types, the longest path)."""

from __future__ import annotations

from collections import Counter
from typing import Dict, List, Optional

from csp.impl.runtime import BuiltGraph, build_graph
from csp.impl.struct import Struct
from csp.impl.wiring.instances import FeedbackInstance
from csp.profiler._names import FEEDBACK_SINK_NAME, graph_name

_RULE = "-" * 90
GRAPH_SORT_KEYS = ("name", "count")


class GraphInfo(Struct):
    """Counts of a graph's nodes (adapters and graph outputs included) and edges, per node type, and its
    longest path from a source to a sink (node type names, source first)."""

    node_count: int
    edge_count: int
    nodetype_counts: dict
    longest_path: list

    def format_info(self, sort_by: str = "count", max_nodes: int = 100) -> str:
        if sort_by not in GRAPH_SORT_KEYS:
            raise ValueError(f'Given sort_key {sort_by} is invalid: must be one of "name", "count"')
        if sort_by == "name":
            rows = sorted(self.nodetype_counts.items())
        else:
            rows = sorted(self.nodetype_counts.items(), key=lambda item: -item[1])  # stable: ties in graph order
        lines = ["", "GraphInfo results", "", f"Nodes: {self.node_count}", f"Edges: {self.edge_count}", "", _RULE,
                 f"{'Node':<31}Count", _RULE]
        lines += [f"{name:<31}{count}" for name, count in rows[:max_nodes]]
        lines += [_RULE, "", "Longest path", f"Size: {len(self.longest_path)}"]
        if self.longest_path:
            lines += [f"Start: {self.longest_path[0]}", f"End: {self.longest_path[-1]}"]
        lines += [f"Full Path: {self.longest_path}", ""]
        return "\n".join(lines)

    def print_info(self, sort_by: str = "count", max_nodes: int = 100) -> None:
        """Prints the node-type table (sorted by "count", descending, or "name") and the longest path."""
        print(self.format_info(sort_by, max_nodes))

    def most_common_node(self):
        """(node type, count) of the most common node type (the first in graph order among equals)."""
        return max(self.nodetype_counts.items(), key=lambda item: item[1]) if self.nodetype_counts else None


def graph_info(graph, *args, **kwargs) -> GraphInfo:
    """Builds ``graph(*args, **kwargs)`` (or takes a graph built with csp.build_graph) and describes it."""
    built = graph if isinstance(graph, BuiltGraph) else build_graph(graph, *args, **kwargs)
    return describe(built)


class _FeedbackSink:
    """The input side of a bound csp.feedback, a node of its own in the graph's make-up (as the reference
    counts it): it consumes the edge the feedback was bound to."""

    name = FEEDBACK_SINK_NAME

    def __init__(self, feedback) -> None:
        self._bound = feedback.bound

    def inputs(self) -> list:
        return [self._bound]


def _nodes_in_graph_order(roots) -> list:
    """Every node reaching a root, each when first met: roots in the order they were made, then each
    node's inputs in order, depth first; then the input sides of the feedbacks met, likewise."""
    ordered, seen, feedbacks = [], set(), []
    pending = list(roots)
    while pending:
        stack = list(reversed(pending))
        pending = []
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            ordered.append(node)
            if isinstance(node, FeedbackInstance) and node.bound is not None and node not in feedbacks:
                feedbacks.append(node)
                pending.append(_FeedbackSink(node))
            stack.extend(edge.node for edge in reversed(node.inputs()))
    return ordered


def _longest_path(nodes: list) -> List[str]:
    """The longest source-to-sink path (by node count); among equals, the first met in graph order,
    through the first input among equals."""
    length: Dict[object, int] = {}
    before: Dict[object, Optional[object]] = {}
    for node in reversed(nodes):  # inputs are met after their consumers: settle them first
        _settle(node, length, before)
    end = None
    for node in nodes:
        if end is None or length[node] > length[end]:
            end = node
    path = []
    while end is not None:
        path.append(graph_name(end.name))
        end = before[end]
    return path[::-1]


def _settle(root, length, before) -> None:
    """Lengths of the longest paths ending at ``root`` and its inputs, depth first without recursion. An input
    that leads back to a node being settled (a cycle through a DelayedEdge, which the engine refuses) is skipped."""
    stack, settling = [root], set()
    while stack:
        node = stack[-1]
        if node in length:
            stack.pop()
            continue
        settling.add(node)
        pending = [edge.node for edge in node.inputs() if edge.node not in length and edge.node not in settling]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        settling.discard(node)
        best = None
        for edge in node.inputs():
            if edge.node in length and (best is None or length[edge.node] > length[best]):
                best = edge.node
        length[node] = 1 + (length[best] if best is not None else 0)
        before[node] = best


def describe(built: BuiltGraph) -> GraphInfo:
    nodes = _nodes_in_graph_order(list(built.context.roots))
    return GraphInfo(node_count=len(nodes), edge_count=sum(len(node.inputs()) for node in nodes),
                     nodetype_counts=dict(Counter(graph_name(node.name) for node in nodes)),
                     longest_path=_longest_path(nodes))
