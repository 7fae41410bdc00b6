"""How node types are named in profiles: as programs written for the reference csp name them.

Two tables, because a graph is described before it runs (``graph_info``: the
names nodes are wired under, e.g. ``add``, ``csp.timer``) and timed while it
runs (``node_stats``: the names of the run-time nodes, e.g. ``_binary_op`` for
every arithmetic or comparison operator). Names not listed are reported as
they are: a Python node by its function's name, a C++ built-in by its own.
"""

from __future__ import annotations

from typing import Dict

_BINARY_OPERATORS = ("add", "sub", "multiply", "divide", "pow", "gt", "ge", "lt", "le", "eq", "ne", "min", "max")
_UNARY_FUNCTIONS = ("abs", "ln", "log2", "log10", "exp", "exp2", "sqrt", "erf", "sin", "cos", "tan", "arcsin",
                    "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "not_",
                    "bitwise_not")

# Wiring name (our graph description) -> graph_info name.
GRAPH_NAMES: Dict[str, str] = {
    "timer": "csp.timer",
    "const": "csp.const",
    "curve": "csp.curve",
    "and_": "andnode",
    "or_": "ornode",
    "delay_time": "_delay_by_timedelta",
    "delay_ticks": "_delay_by_ticks",
    "drop_dups": "_drop_dups",
    "struct_fromts": "_struct_fromts",
    "feedback": "FeedbackInputDef",  # its output side; the input side is FEEDBACK_SINK_NAME
}

# Run-time node name (the C++ engine's) -> node_stats name.
RUN_NAMES: Dict[str, str] = {
    **{name: "_binary_op" for name in _BINARY_OPERATORS},
    **{name: "_unary_op" for name in _UNARY_FUNCTIONS},
    "and_": "andnode",
    "or_": "ornode",
    "delay_by_time": "_delay_by_timedelta",
    "delay_by_ticks": "_delay_by_ticks",
    "drop_dups": "_drop_dups",
}

GRAPH_OUTPUT_NAME = "add_graph_output"
FEEDBACK_SINK_NAME = "FeedbackOutputDef"  # the node a csp.feedback is bound to feeds
DYNAMIC_NAME = "DynamicNodeDef"  # a csp.dynamic node (at run time: "dynamic<sub-graph name>")


def graph_name(wiring_name: str) -> str:
    if wiring_name.startswith("graph_output["):
        return GRAPH_OUTPUT_NAME
    if wiring_name.startswith("dynamic<"):
        return DYNAMIC_NAME
    return GRAPH_NAMES.get(wiring_name, wiring_name)
