# value_at(..., default=None) behaves as if no default was given (raises when out of range).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def hist(x: ts[int]) -> ts[str]:
    with csp.start():
        csp.set_buffering_policy(x, tick_count=2)
    try:
        return f"got {csp.value_at(x, -1, default=None)}"
    except IndexError as e:
        return "IndexError" + (" buffer index out of range" if "buffer index out of range" in str(e) else "")


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 3)])
    csp.print("h", hist(x))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
