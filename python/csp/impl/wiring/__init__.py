"""Graph wiring: edges, the graph being built, and the nodes that describe it."""

from csp.impl.wiring.adapters import (  # noqa: E402,F401
    py_managed_adapter_def,
    py_output_adapter_def,
    py_pull_adapter_def,
    py_push_adapter_def,
    py_pushpull_adapter_def,
)
