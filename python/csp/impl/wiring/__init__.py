"""Graph wiring: edges, the graph being built, and the nodes that describe it."""
