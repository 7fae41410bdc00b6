# csp.stop_engine() inside a node finishes the current cycle (other nodes still run) and then stops.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def stopper(x: ts[int]) -> ts[int]:
    with csp.stop():
        print("stopper stop block at", csp.now())
    if x == 3:
        csp.stop_engine()
    return x


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 10)])
    s = stopper(x)
    csp.print("s", s)
    csp.print("x_plus", x + 100)


res = csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=100))
print(res)
