# csp.add_graph_output with tick_count keeps only the last n ticks; tick_history keeps a time window.
from datetime import datetime, timedelta

import csp


@csp.graph
def g():
    n = csp.count(csp.timer(timedelta(seconds=1)))
    csp.add_graph_output("all", n)
    csp.add_graph_output("last2", n, tick_count=2)
    csp.add_graph_output("window", n, tick_history=timedelta(seconds=2))


res = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=6))
for k in sorted(res):
    print(k, [(t.second, v) for t, v in res[k]])
