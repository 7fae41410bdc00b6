# csp.stats in profiles: the reference wires each statistic as several nodes (window updates, min-points
# filters, merges, a "_compute" node); ours computes it in one C++ node, profiled under its own name.
from datetime import datetime, timedelta

import csp
from csp import profiler


@csp.graph
def g():
    x = csp.cast_int_to_float(csp.count(csp.timer(timedelta(seconds=1))))
    csp.add_graph_output("mean", csp.stats.mean(x, 3))


with profiler.Profiler() as p:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=4))
info = p.results()
print(sorted((name, stats["executions"]) for name, stats in info.node_stats.items()))
print(info.graph_info.node_count, info.graph_info.nodetype_counts)
