"""The graph under construction.

A ``GraphContext`` is current while a graph function runs (inside ``csp.run``,
``csp.build_graph`` or ``csp.show_graph``). Nodes created meanwhile register
with it: roots (nodes without outputs, graph outputs) keep their upstream
graph alive, and memoized nodes return the edge they returned before for the
same arguments.

A ``GlobalContext`` (``csp.new_global_context``) is a memoization scope for
``csp_memoized`` functions that spans graph builds.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Dict, List, Optional

_state = threading.local()


class GraphContext:
    """Collects what a graph function wires. Use as a context manager."""

    def __init__(self) -> None:
        self.roots: List[Any] = []  # NodeInstances that must be built
        self.graph_outputs: Dict[Any, tuple] = {}  # key -> (edge, tick_count, tick_history)
        self.memo: Dict[Any, Any] = {}
        self.user_memo: Dict[Any, Any] = {}  # csp_memoized results (when no global context is active)
        self.delayed_nodes: List[Any] = []  # objects whose _instantiate() wires them when the graph function returns
        self.push_adapters: List[Any] = []  # to check for shutdown_engine errors after the run
        # The run's times and mode, for csp.engine_start_time() etc. while the graph is built (None: not known).
        self.start_time: Optional[datetime] = None
        self.end_time: Optional[datetime] = None
        self.realtime = False
        # The context of the whole graph: a csp.dynamic sub-graph's context adds its graph outputs there.
        self.root: GraphContext = self
        self._previous: Optional[GraphContext] = None

    def __enter__(self) -> "GraphContext":
        self._previous = getattr(_state, "context", None)
        _state.context = self
        return self

    def __exit__(self, *exc_info) -> None:
        _state.context = self._previous

    def instantiate_delayed_nodes(self) -> None:
        """Wires the delayed nodes (DelayedCollect, ...), including those created while doing so."""
        done = 0
        while done < len(self.delayed_nodes):
            self.delayed_nodes[done]._instantiate()
            done += 1

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


class GlobalContext:
    """A memoization scope spanning graph builds: ``csp.new_global_context()``.

    While active (entered, or created with ``enable=True``), ``csp_memoized``
    functions cache their results here, in and out of graph builds.
    """

    def __init__(self) -> None:
        self.user_memo: Dict[Any, Any] = {}

    def __enter__(self) -> "GlobalContext":
        _enter_global(self)
        return self

    def __exit__(self, *exc_info) -> None:
        if active_global_context() is self:
            _state.global_context = None


def _check_no_context() -> None:
    if active_global_context() is not None or current_context() is not None:
        raise NotImplementedError("Setting of global context while thread local instance exists is not supported")


def _enter_global(context: GlobalContext) -> None:
    _check_no_context()
    _state.global_context = context


def active_global_context() -> Optional[GlobalContext]:
    """The global context active on this thread, or None."""
    return getattr(_state, "global_context", None)


def new_global_context(enable: bool = True) -> GlobalContext:
    """A new global context; active at once if ``enable``, else when used in a ``with`` statement.

    Raises NotImplementedError if a global context is already active or a graph is being built.
    """
    _check_no_context()
    context = GlobalContext()
    if enable:
        _enter_global(context)
    return context


def clear_global_context() -> None:
    """Deactivates the global context set by ``new_global_context()`` (no error if there is none)."""
    _state.global_context = None
