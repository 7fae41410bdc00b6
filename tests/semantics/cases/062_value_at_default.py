# csp.value_at: default is returned when the index is within the buffer policy but has no data yet;
# without a default that raises; beyond the policy it raises (a different error) even with a default.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def hist(x: ts[int]) -> ts[str]:
    with csp.start():
        csp.set_buffering_policy(x, tick_count=2)
    prev = csp.value_at(x, -1, default=-99)
    try:
        csp.value_at(x, -1)
        nodefault = "ok"
    except Exception as e:
        nodefault = type(e).__name__
    try:
        csp.value_at(x, -5, default=0)
        beyond = "ok"
    except Exception as e:
        beyond = type(e).__name__
    return f"x={x} prev={prev} nodefault={nodefault} beyond_policy={beyond}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 4)])
    csp.print("h", hist(x))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
