# csp.values_at / times_at return numpy arrays; print them with .tolist().
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def window(x: ts[float]) -> ts[str]:
    with csp.start():
        csp.set_buffering_policy(x, tick_count=10)
    vals = csp.values_at(x, -2, 0)
    times = csp.times_at(x, -1, 0)
    allv = csp.values_at(x)
    return f"{type(vals).__name__} {vals.dtype} {vals.tolist()} times={times.dtype} {times.tolist()} all={allv.tolist()}"


@csp.graph
def g():
    x = csp.curve(float, [(timedelta(seconds=s), s / 2) for s in range(1, 5)])
    csp.print("w", window(x))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
