# with csp.state(): per-node-instance state persists across invocations; each instance has its own.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def running_sum(x: ts[int], offset: int) -> ts[int]:
    with csp.state():
        s_total = offset
        s_calls = 0
    s_total += x
    s_calls += 1
    if s_calls % 2 == 0:
        return s_total


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 7)])
    csp.print("a", running_sum(x, 0))
    csp.print("b", running_sum(x, 1000))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
