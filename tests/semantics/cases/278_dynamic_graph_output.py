# csp.add_graph_output inside a dynamic sub-graph: each instance's output appears in csp.run's result,
# from the creation tick on.
from datetime import datetime, timedelta

import csp


@csp.graph
def sub(key: str, x: csp.ts[int]):
    csp.add_graph_output(f"scaled_{key}", x * 10)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 6)])
    keys = csp.curve(str, [(timedelta(seconds=s), "ABBAB"[s - 1]) for s in range(1, 6)])
    csp.dynamic(csp.dynamic_demultiplex(x, keys), sub, csp.snapkey(), csp.attach())
    csp.add_graph_output("x", x)


result = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
for name in sorted(result):
    print(name, [(t.second, v) for t, v in result[name]])
