"""Wiring the engine's built-in (C++) nodes by name, memoized like nodes."""

from __future__ import annotations

from csp.impl.types import ts
from csp.impl.wiring.edge import Edge
from csp.impl.wiring.instances import BuiltinInstance
from csp.impl.wiring.memo import memoized_call


def builtin(name: str, inputs, output_types, args: tuple = (), template_type=None):
    """The output edge (or edges) of the built-in node ``name`` over ``inputs``."""
    def build():
        edges = BuiltinInstance(name, inputs, output_types, args, template_type).edges()
        return edges[0] if len(edges) == 1 else edges

    return memoized_call((name, list(inputs), list(output_types), args, template_type), build)


def check_edge(value, node: str, argument: str) -> Edge:
    """``value`` if it is an edge; else a TypeError naming the function and argument."""
    if not isinstance(value, Edge):
        raise TypeError(f"{node}: argument '{argument}' expects a time series (an edge), got {type(value).__name__}")
    return value


def cast_int_to_float(x: Edge) -> Edge:
    """``ts[float]`` ticking each int of ``x`` as a float (also inserted where a float input receives ints)."""
    return builtin("cast_int_to_float", [check_edge(x, "csp.cast_int_to_float", "x")], [ts[float]])
