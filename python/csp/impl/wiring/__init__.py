"""Graph wiring: edges, the graph being built, and the nodes that describe it."""

from csp.impl.wiring.adapters import (  # noqa: E402,F401
    py_managed_adapter_def,
    py_output_adapter_def,
    py_pull_adapter_def,
    py_push_adapter_def,
    py_pushpull_adapter_def,
)

# Names the reference documents under csp.impl.wiring, resolved on first use
# (importing them here eagerly would make csp.impl.wiring depend on the runtime).
_LAZY = {
    "Edge": "csp.impl.wiring.edge",
    "new_global_context": "csp.impl.wiring.context",
    "clear_global_context": "csp.impl.wiring.context",
    "node": "csp.impl.wiring.decorators",
    "graph": "csp.impl.wiring.decorators",
    "NodeDef": "csp.impl.wiring.decorators",
    "GraphDef": "csp.impl.wiring.decorators",
    "run": "csp.impl.runtime",
    "run_on_thread": "csp.impl.runtime",
    "build_graph": "csp.impl.runtime",
    "add_graph_output": "csp.impl.runtime",
    "MAX_END_TIME": "csp.impl.runtime",
    "DelayedEdge": "csp.baselib",
    "feedback": "csp.baselib",
    "CspParseError": "csp.impl.exceptions",
    "UNSET": "csp.impl.constants",
}


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'csp.impl.wiring' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
