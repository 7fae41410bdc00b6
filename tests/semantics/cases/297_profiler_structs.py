# Node types of struct nodes (fromts with every field given, field access, collectts), baskets (collect,
# unroll, flatten, demultiplex) and apply, in a profiled run.
from datetime import datetime, timedelta

import csp
from csp import profiler


class Pair(csp.Struct):
    a: int
    b: float


@csp.graph
def g():
    n = csp.count(csp.timer(timedelta(seconds=1)))
    f = csp.cast_int_to_float(n)
    pair = Pair.fromts(a=n, b=f)
    csp.add_graph_output("a", pair.a)
    csp.add_graph_output("b", pair.b)
    csp.add_graph_output("collected", Pair.collectts(a=n, b=f))
    csp.add_graph_output("flat", csp.flatten([n, n * 10]))
    csp.add_graph_output("listed", csp.unroll(csp.collect([n, n + 1])))
    parity = csp.apply(n, lambda v: "odd" if v % 2 else "even", str)
    csp.add_graph_output("odd", csp.demultiplex(n, parity, ["odd", "even"])["odd"])


with profiler.Profiler() as p:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=4))
info = p.results()
print("cycles", info.cycle_count)
for name, stats in sorted(info.node_stats.items()):
    print(name, stats["executions"])
# (graph_info differs by one node: the reference wires fromts with a null_ts trigger; docs/profiling.md)
print(sorted(name for name in info.graph_info.nodetype_counts if name != "null_ts"))
