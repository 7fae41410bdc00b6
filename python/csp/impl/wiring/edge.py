"""Edges: typed handles on time series while a graph is being wired.

An ``Edge`` names the output of a node (or adapter) in the graph
description. Arithmetic and comparison operators create math nodes; using an
edge as a boolean is an error, since its value is only known at run time.

Edges sit below the libraries that give their operators and methods a meaning
(csp.math, csp.baselib, the runtime, struct field nodes). Those libraries
provide the operations in :data:`edge_operations` when they are imported;
importing any csp module imports the ``csp`` package, which imports them all,
so an edge never sees an operation missing.
"""

from __future__ import annotations

from typing import Any, Callable

from csp.impl.struct import is_struct_type


def _not_provided(operation: str) -> Callable[..., Any]:
    def missing(*args, **kwargs):
        raise RuntimeError(f"Edge {operation} needs the csp package: import csp")

    return missing


class EdgeOperations:
    """The graph-building behind ``Edge``'s operators and methods, each provided by one library.

    ``binary(name, x, y)`` and ``unary(name, x)`` (csp.math) wire the operators
    (``add``, ``eq``, ... / ``neg``, ``pos``, ``abs``, ``bitwise_not``);
    ``apply(x, func, result_type)`` (csp.baselib) is ``edge.apply``;
    ``run(edge, *args, **kwargs)`` (the runtime) is ``edge.run``;
    ``struct_field(edge, name)`` (csp.impl.struct_nodes) is ``edge.<field>`` on struct time series.
    """

    def __init__(self) -> None:
        self.binary = _not_provided("operators")
        self.unary = _not_provided("operators")
        self.apply = _not_provided("apply")
        self.run = _not_provided("run")
        self.struct_field = _not_provided("struct fields")


edge_operations = EdgeOperations()


class Edge:
    """The ``output_index``-th output of ``node``, a time series of ``tstype``."""

    __slots__ = ("tstype", "node", "output_index", "__weakref__")

    def __init__(self, tstype, node, output_index: int = 0) -> None:
        self.tstype = tstype
        self.node = node
        self.output_index = output_index

    def __repr__(self) -> str:
        return f"Edge({self.tstype!r}, {getattr(self.node, 'name', '?')}[{self.output_index}])"

    def __bool__(self) -> bool:
        raise ValueError(
            "boolean evaluation of an edge is not supported: its value is only known when the graph runs; "
            "use csp.ticked/csp.valid inside a node, or csp.gate/csp.filter to branch on values"
        )

    __hash__ = object.__hash__  # == builds a node, so identity is the hash

    def __getattr__(self, name: str):
        """``edge.field`` on an edge of a ``csp.Struct`` type: the field as a time series."""
        if name.startswith("__"):
            raise AttributeError(name)
        if is_struct_type(getattr(self.tstype, "typ", None)):
            return edge_operations.struct_field(self, name)
        raise AttributeError(f"'Edge' object has no attribute '{name}'")

    # ---- convenience
    def apply(self, func, *args, **kwargs):
        return edge_operations.apply(self, lambda value: func(value, *args, **kwargs), object)

    def pipe(self, node, *args, **kwargs):
        return node(self, *args, **kwargs)

    def run(self, *args, **kwargs):
        """Runs this edge alone; returns its ticks as a list of (datetime, value)."""
        return edge_operations.run(self, *args, **kwargs)[0]

    # ---- operators (provided by csp.math)
    def _binary(self, name: str, other, reflected: bool = False):
        binary = edge_operations.binary
        return binary(name, other, self) if reflected else binary(name, self, other)

    def __add__(self, other): return self._binary("add", other)
    def __radd__(self, other): return self._binary("add", other, True)
    def __sub__(self, other): return self._binary("sub", other)
    def __rsub__(self, other): return self._binary("sub", other, True)
    def __mul__(self, other): return self._binary("multiply", other)
    def __rmul__(self, other): return self._binary("multiply", other, True)
    def __truediv__(self, other): return self._binary("divide", other)
    def __rtruediv__(self, other): return self._binary("divide", other, True)
    def __floordiv__(self, other): return self._binary("floordiv", other)
    def __rfloordiv__(self, other): return self._binary("floordiv", other, True)
    def __mod__(self, other): return self._binary("mod", other)
    def __rmod__(self, other): return self._binary("mod", other, True)
    def __pow__(self, other): return self._binary("pow", other)
    def __rpow__(self, other): return self._binary("pow", other, True)
    def __eq__(self, other): return self._binary("eq", other)  # type: ignore[override]
    def __ne__(self, other): return self._binary("ne", other)  # type: ignore[override]
    def __lt__(self, other): return self._binary("lt", other)
    def __le__(self, other): return self._binary("le", other)
    def __gt__(self, other): return self._binary("gt", other)
    def __ge__(self, other): return self._binary("ge", other)

    def __neg__(self):
        return edge_operations.unary("neg", self)

    def __pos__(self):
        return edge_operations.unary("pos", self)

    def __abs__(self):
        return edge_operations.unary("abs", self)

    def __invert__(self):
        return edge_operations.unary("bitwise_not", self)


def is_edge(value: Any) -> bool:
    return isinstance(value, Edge)
