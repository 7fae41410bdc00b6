"""Delayed nodes: wired when the graph function returns, from requests made while it ran.

* ``DelayedCollect(ts_type, default_to_null=False)``: ``output()`` is a
  ``ts[List[ts_type]]`` usable at once; ``add_input(x)`` may be called from
  anywhere in the graph. When the graph function returns, the inputs are
  collected with ``csp.collect`` into that output. With no input, the output
  never ticks if ``default_to_null``, else building fails ("Encountered
  unbound DelayedEdge").
* ``DelayedDemultiplex(x, key, raise_on_bad_key=False)``: ``demultiplex(k)``
  returns the edge of key ``k`` (the same edge for the same key); when the
  graph function returns, one ``csp.demultiplex`` over the requested keys is
  wired. Ticks for keys nobody requested are dropped, or raise ValueError if
  ``raise_on_bad_key``.

Both must be created while a graph is being built.
"""

from __future__ import annotations

from typing import Any, Dict, List

from csp.baselib import DelayedEdge, _check_edge, collect, demultiplex, normalize_type
from csp.impl.types import ts
from csp.impl.wiring.context import GraphContext, current_context
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import value_type

__all__ = ["DelayedCollect", "DelayedDemultiplex"]


def _graph_being_built() -> GraphContext:
    context = current_context()
    if context is None:
        raise RuntimeError("Delayed node must be created under a wiring context (while a graph is being built)")
    return context


class DelayedCollect:
    """Collects inputs added anywhere in the graph into one ``ts[List[T]]`` (see the module docstring)."""

    def __init__(self, ts_type, default_to_null: bool = False) -> None:
        self._type = normalize_type(ts_type)
        self._inputs: List[Edge] = []
        self._output = DelayedEdge(ts[List[self._type]], default_to_null=default_to_null)
        _graph_being_built().delayed_nodes.append(self)

    def add_input(self, x: Edge) -> None:
        """Adds ``x`` (a ``ts[T]``) to the collected inputs."""
        self._inputs.append(_check_edge(x, "DelayedCollect.add_input", "x"))

    def output(self) -> Edge:
        """returns collected inputs as ts[ List[ input_ts_type] ]"""
        return self._output

    def _instantiate(self) -> None:
        if self._inputs:
            self._output.bind(collect(self._inputs))


class DelayedDemultiplex:
    """Demultiplexes ``x`` by ``key`` onto the keys requested while the graph is built."""

    def __init__(self, x: Edge, key: Edge, raise_on_bad_key: bool = False) -> None:
        self._x = _check_edge(x, "csp.DelayedDemultiplex", "x")
        self._key = _check_edge(key, "csp.DelayedDemultiplex", "key")
        self._raise_on_bad_key = raise_on_bad_key
        self._outputs: Dict[Any, DelayedEdge] = {}
        _graph_being_built().delayed_nodes.append(self)

    def demultiplex(self, key) -> Edge:
        """The ticks of x while the key series is ``key`` (one edge per key)."""
        if key not in self._outputs:
            self._outputs[key] = DelayedEdge(ts[value_type(self._x.tstype)])
        return self._outputs[key]

    def _instantiate(self) -> None:
        if not self._outputs:
            return
        keys = list(self._outputs)
        edges = demultiplex(self._x, self._key, keys, raise_on_bad_key=self._raise_on_bad_key)
        for key in keys:
            self._outputs[key].bind(edges[key])
