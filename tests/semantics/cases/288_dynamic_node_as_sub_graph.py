# A csp.node can be given to csp.dynamic in place of a graph: one node instance per key.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def tally(key: str, x: ts[int]) -> ts[str]:
    with csp.state():
        s_total = 0
    s_total += x
    return f"{key} total {s_total}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 6)])
    keys = csp.curve(str, [(timedelta(seconds=s), "UVUVU"[s - 1]) for s in range(1, 6)])
    res = csp.dynamic(csp.dynamic_demultiplex(x, keys), tally, csp.snapkey(), csp.attach())
    csp.print("res", csp.dynamic_collect(res))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
