# csp.multiplex(basket, key): emits the basket element selected by key; tick_on_index controls ticks on key change.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 7)])
    b = csp.curve(int, [(timedelta(seconds=s), s * 100) for s in range(1, 7)])
    key = csp.curve(str, [(timedelta(seconds=0), "a"), (timedelta(seconds=2.5), "b"), (timedelta(seconds=4.5), "a")])
    csp.print("mux", csp.multiplex({"a": a, "b": b}, key))
    csp.print("mux_idx", csp.multiplex({"a": a, "b": b}, key, tick_on_index=True))

csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
