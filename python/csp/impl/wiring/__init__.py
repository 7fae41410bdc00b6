"""Graph wiring: edges, the graph being built, and the nodes that describe it."""

from csp.impl.wiring.adapters import py_output_adapter_def, py_pull_adapter_def, py_push_adapter_def  # noqa: E402,F401
