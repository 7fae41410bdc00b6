# An instance's first cycle: each basket element it ticked is listed once (constants inside, the attached key and an outer edge).
import csp
from csp import ts
from datetime import datetime, timedelta

@csp.node
def trig(x: ts[int]) -> csp.DynamicBasket[int, int]:
    if csp.ticked(x) and x <= 2:
        return {x: x}

@csp.node
def lst(b: [ts[int]]) -> ts[str]:
    if csp.ticked(b):
        return str(list(b.tickedvalues()))

@csp.graph
def sub(k: int, v: ts[int], outer: ts[int]) -> ts[str]:
    return lst([csp.const(k), csp.const(k * 100), v, outer])

@csp.node
def show(b: {ts[int]: ts[str]}):
    if csp.ticked(b):
        print(csp.now(), dict(b.tickeditems()))

@csp.graph
def g():
    x = csp.count(csp.timer(timedelta(seconds=1)))
    show(csp.dynamic(trig(x), sub, csp.snapkey(), csp.attach(), x))

csp.run(g, starttime=datetime(2022,1,1), endtime=timedelta(seconds=3))
