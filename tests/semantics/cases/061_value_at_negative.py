# csp.value_at with negative indexes on a tick-count buffer; time_at and item_at likewise.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def hist(x: ts[int]) -> ts[str]:
    with csp.start():
        csp.set_buffering_policy(x, tick_count=3)
    if csp.num_ticks(x) >= 3:
        return (
            f"v0={csp.value_at(x, 0)} v-1={csp.value_at(x, -1)} v-2={csp.value_at(x, -2)} "
            f"t-2={csp.time_at(x, -2)} item-1={csp.item_at(x, -1)}"
        )


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s * 11) for s in range(1, 6)])
    csp.print("h", hist(x))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
