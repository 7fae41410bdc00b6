"""csp.profiler: how long a graph's cycles and node types take, and what the graph is made of.

    with csp.profiler.Profiler() as p:
        csp.run(graph, starttime=..., endtime=...)
    p.results().print_stats()

    csp.profiler.graph_info(graph).print_info()

Timings are taken by the C++ engine (csp._native.Profiler) on the steady
clock; this package names, aggregates and presents them, and serves them
live over HTTP (``Profiler(http_port=...)``).
"""

from csp.profiler._graph import GraphInfo, graph_info
from csp.profiler._info import ProfilerInfo
from csp.profiler._profiler import Profiler

__all__ = ["GraphInfo", "Profiler", "ProfilerInfo", "graph_info"]
