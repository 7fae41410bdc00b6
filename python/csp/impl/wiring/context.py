"""The graph under construction.

A ``GraphContext`` is current while a graph function runs (inside ``csp.run``,
``csp.build_graph`` or ``csp.show_graph``). Nodes created meanwhile register
with it: roots (nodes without outputs, graph outputs) keep their upstream
graph alive, and memoized nodes return the edge they returned before for the
same arguments.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional

_state = threading.local()


class GraphContext:
    """Collects what a graph function wires. Use as a context manager."""

    def __init__(self) -> None:
        self.roots: List[Any] = []  # NodeInstances that must be built
        self.graph_outputs: Dict[Any, tuple] = {}  # key -> (edge, tick_count, tick_history)
        self.memo: Dict[Any, Any] = {}
        self.push_adapters: List[Any] = []  # to check for shutdown_engine errors after the run
        self._previous: Optional[GraphContext] = None

    def __enter__(self) -> "GraphContext":
        self._previous = getattr(_state, "context", None)
        _state.context = self
        return self

    def __exit__(self, *exc_info) -> None:
        _state.context = self._previous

    def add_graph_output(self, key, edge, tick_count: int, tick_history) -> None:
        if key in self.graph_outputs:
            raise ValueError(f"graph output key {key!r} is already bound")
        self.graph_outputs[key] = (edge, tick_count, tick_history)


def current_context() -> Optional[GraphContext]:
    """The graph being built on this thread, or None outside graph building."""
    return getattr(_state, "context", None)


def require_context(what: str) -> GraphContext:
    context = current_context()
    if context is None:
        raise RuntimeError(f"{what} can only be called while a graph is being built (inside csp.run or a csp.graph)")
    return context
