# make_passive: a passive input does not trigger the node but its value stays current.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def sampler(trigger: ts[bool], x: ts[int]) -> ts[str]:
    with csp.start():
        csp.make_passive(x)
    if csp.ticked(trigger) and csp.valid(x):
        return f"x={x} ticked(x)={csp.ticked(x)}"


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 8)])
    trig = csp.curve(bool, [(timedelta(seconds=2), True), (timedelta(seconds=5), True), (timedelta(seconds=5.5), True)])
    csp.print("out", sampler(trig, x))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
