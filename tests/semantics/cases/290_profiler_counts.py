# csp.profiler.Profiler: cycle count, node types (run-time names) and their execution counts, utilization,
# and the graph's make-up, for a graph of baselib, math and Python nodes.
from datetime import datetime, timedelta

import csp
from csp import profiler, ts


@csp.node
def scale(x: ts[int], factor: int) -> ts[float]:
    return x * factor / 2


@csp.graph
def g():
    n = csp.count(csp.timer(timedelta(seconds=1)))
    odd = csp.filter(n % 2 == 1, n)
    scaled = scale(odd, 3)
    both = csp.merge(scaled, csp.cast_int_to_float(n))
    csp.add_graph_output("sum", both + 1.0)
    csp.add_graph_output("delayed", csp.delay(n, timedelta(seconds=2)))
    csp.add_graph_output("ago", csp.delay(n, 1))
    csp.add_graph_output("first", csp.firstN(n, 3))
    csp.add_graph_output("sampled", csp.sample(csp.timer(timedelta(seconds=3)), -n))


with profiler.Profiler() as p:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
info = p.results()
print("cycles", info.cycle_count)
print("utilization", round(info.utilization, 6))
for name, stats in sorted(info.node_stats.items()):
    print(name, stats["executions"], sorted(stats))
print("average <= max", info.average_cycle_time <= info.max_cycle_time)
print("build time measured", info.build_time > 0)
graph = info.graph_info
print("nodes", graph.node_count, "edges", graph.edge_count)
print(graph.nodetype_counts)
print(graph.longest_path)
print(info.max_exec_node()[0])
