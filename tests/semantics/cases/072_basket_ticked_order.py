# Order of tickeditems() when several basket elements tick in the same cycle (propagation order).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def order(xs: {str: ts[int]}) -> ts[str]:
    return f"tickedkeys={list(xs.tickedkeys())} validkeys={list(xs.validkeys())}"


@csp.node
def lorder(xs: [ts[int]]) -> ts[str]:
    return f"tickedkeys={list(xs.tickedkeys())}"


@csp.graph
def g():
    t = csp.timer(timedelta(seconds=1), 1)
    late = csp.curve(int, [(timedelta(seconds=2), 9)])
    # z is derived from t (higher rank), a is a source at rank 0
    d = {"z": t + 1, "m": late, "a": t}
    csp.print("dict", order(d))
    csp.print("list", lorder([t + 1, late, t]))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
