# A running state carried through feedback: each tick adds to the previous output (feedback as memory).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def add_prev(x: ts[int], prev: ts[int]) -> ts[int]:
    if csp.ticked(x):
        base = prev if csp.valid(prev) else 0
        return base + x


@csp.graph
def g():
    fb = csp.feedback(int)
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
    total = add_prev(x, fb.out())
    fb.bind(total)
    csp.print("total", total)
    csp.print("fb_seen", fb.out())


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
