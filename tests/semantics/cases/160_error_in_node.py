# An exception raised inside a node ends the run; the caller sees the original type and message.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def explode(x: ts[int]) -> ts[int]:
    if x == 3:
        raise ValueError(f"bad value {x}")
    return x


@csp.graph
def g():
    csp.print("x", explode(csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 6)])))


try:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
except ValueError as e:
    print("caught", type(e).__name__, str(e))
