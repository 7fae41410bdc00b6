# A profiler over two runs reports the first; a graph built beforehand has no build time (what else it
# reports differs: differences/298); dump_stats and load_stats round-trip a ProfilerInfo.
import os
import tempfile
from datetime import datetime, timedelta

import csp
from csp import profiler


@csp.graph
def g(seconds: int):
    csp.add_graph_output("c", csp.count(csp.timer(timedelta(seconds=seconds))) + 1)


start = datetime(2022, 1, 1)
with profiler.Profiler() as p:
    csp.run(g, 1, starttime=start, endtime=timedelta(seconds=4))
    csp.run(g, 2, starttime=start, endtime=timedelta(seconds=4))
info = p.results()
print(info.cycle_count, sorted((k, v["executions"]) for k, v in info.node_stats.items()))

built = csp.build_graph(g, 1, starttime=start, endtime=timedelta(seconds=4))
with profiler.Profiler() as p:
    csp.run(built, starttime=start, endtime=timedelta(seconds=4))
prebuilt = p.results()
print(hasattr(prebuilt, "build_time"), prebuilt.graph_info.node_count, prebuilt.graph_info.longest_path)

path = os.path.join(tempfile.mkdtemp(), "stats.pkl")
info.dump_stats(path)
loaded = info.load_stats(path)
print(type(loaded).__name__, loaded.cycle_count, loaded.node_stats == info.node_stats,
      loaded.graph_info.nodetype_counts == info.graph_info.nodetype_counts)
