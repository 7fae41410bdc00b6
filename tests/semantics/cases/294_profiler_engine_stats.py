# csp.engine_stats() inside a node of a profiled run: the cycles completed so far and the node types
# executed so far (the current cycle's executions not yet counted for later nodes).
from datetime import datetime, timedelta

import csp
from csp import profiler, ts


@csp.node
def report(x: ts[int]) -> ts[int]:
    stats = csp.engine_stats()
    print(csp.now(), "cycles", stats["cycle_count"], sorted(stats))
    print("  ", sorted((name, entry["executions"]) for name, entry in stats["node_stats"].items() if name != "report"))
    return x


@csp.graph
def g():
    n = csp.count(csp.timer(timedelta(seconds=1)))
    csp.add_graph_output("r", report(n * 2))


with profiler.Profiler() as p:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
print("final", p.results().cycle_count)
