# A graph built with csp.build_graph, then run under a Profiler: the reference times nothing (its results
# hold only the graph's make-up); ours profiles the run as any other (no build time: csp.run did not build it).
from datetime import datetime, timedelta

import csp
from csp import profiler


@csp.graph
def g():
    csp.add_graph_output("c", csp.count(csp.timer(timedelta(seconds=1))) + 1)


start = datetime(2022, 1, 1)
built = csp.build_graph(g, starttime=start, endtime=timedelta(seconds=4))
with profiler.Profiler() as p:
    csp.run(built, starttime=start, endtime=timedelta(seconds=4))
info = p.results()
print(getattr(info, "cycle_count", "unset"), sorted(getattr(info, "node_stats", {})), hasattr(info, "build_time"))
