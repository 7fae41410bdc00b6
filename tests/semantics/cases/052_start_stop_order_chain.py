# Start and stop order across several nodes created in a chain (start in creation order, stop reversed).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def stage(x: ts[int], tag: str) -> ts[int]:
    with csp.start():
        print("start", tag)
    with csp.stop():
        print("stop", tag)
    if csp.ticked(x):
        return x + 1


@csp.graph
def g():
    a = stage(csp.const(0), "first")
    b = stage(a, "second")
    c = stage(b, "third")
    csp.print("c", c)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
