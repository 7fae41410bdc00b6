# make_passive / make_active toggled at runtime: x only triggers the node while active.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def toggler(ctrl: ts[bool], x: ts[int]) -> ts[int]:
    if csp.ticked(ctrl):
        if ctrl:
            csp.make_active(x)
        else:
            csp.make_passive(x)
    if csp.ticked(x):
        return x


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 10)])
    ctrl = csp.curve(bool, [(timedelta(seconds=2.5), False), (timedelta(seconds=6.5), True)])
    csp.print("x", toggler(ctrl, x))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
