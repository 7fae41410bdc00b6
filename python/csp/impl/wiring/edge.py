"""Edges: typed handles on time series while a graph is being wired.

An ``Edge`` names the output of a node (or adapter) in the graph
description. Arithmetic and comparison operators create math nodes; using an
edge as a boolean is an error, since its value is only known at run time.
"""

from __future__ import annotations

from typing import Any


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
        from csp.impl.struct import is_struct_type

        if is_struct_type(getattr(self.tstype, "typ", None)):
            from csp.impl.struct_nodes import struct_field

            return struct_field(self, name)
        raise AttributeError(f"'Edge' object has no attribute '{name}'")

    # ---- convenience
    def apply(self, func, *args, **kwargs):
        from csp.baselib import apply

        return apply(self, lambda value: func(value, *args, **kwargs), object)

    def pipe(self, node, *args, **kwargs):
        return node(self, *args, **kwargs)

    def run(self, *args, **kwargs):
        """Runs this edge alone; returns its ticks as a list of (datetime, value)."""
        from csp.impl.runtime import run

        return run(self, *args, **kwargs)[0]

    # ---- operators (see csp.math)
    def _binary(self, name: str, other, reflected: bool = False):
        from csp import math

        return math.binary_operator(name, other, self) if reflected else math.binary_operator(name, self, other)

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
        from csp import math

        return math.neg(self)

    def __pos__(self):
        from csp import math

        return math.pos(self)

    def __abs__(self):
        from csp import math

        return math.abs(self)

    def __invert__(self):
        from csp import math

        return math.bitwise_not(self)


def is_edge(value: Any) -> bool:
    return isinstance(value, Edge)
