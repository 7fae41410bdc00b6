# List basket input [ts[T]]: ticked/valid on the basket, tickeditems/tickedvalues/validitems, indexing.
from datetime import datetime, timedelta
from typing import List

import csp
from csp import ts


@csp.node
def show(xs: [ts[int]]) -> ts[str]:
    return (
        f"ticked={csp.ticked(xs)} valid={csp.valid(xs)} "
        f"tickeditems={list(xs.tickeditems())} tickedvalues={list(xs.tickedvalues())} "
        f"tickedkeys={list(xs.tickedkeys())} validitems={list(xs.validitems())} "
        f"ticked0={csp.ticked(xs[0])} len={len(xs)}"
    )


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=3), 3)])
    b = csp.curve(int, [(timedelta(seconds=2), 20), (timedelta(seconds=3), 30)])
    c = csp.curve(int, [(timedelta(seconds=3), 300)])
    csp.print("s", show([a, b, c]))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
