# csp.num_ticks counts every tick of an input, independent of buffering.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def counter(x: ts[str], trig: ts[bool]) -> ts[str]:
    with csp.start():
        csp.make_passive(x)
    if csp.ticked(trig):
        return f"num_ticks(x)={csp.num_ticks(x)} num_ticks(trig)={csp.num_ticks(trig)}"


@csp.graph
def g():
    x = csp.curve(str, [(timedelta(seconds=s), str(s)) for s in range(1, 8)])
    trig = csp.curve(bool, [(timedelta(seconds=0.5), True), (timedelta(seconds=3.5), True), (timedelta(seconds=7), True)])
    csp.print("c", counter(x, trig))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
