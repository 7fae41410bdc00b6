# csp.csp_memoized: a graph-building function runs once per build for equal arguments.
from datetime import datetime, timedelta

import csp

calls = []


@csp.csp_memoized
def ticker(name, period):
    calls.append(name)
    return csp.sample(csp.timer(timedelta(seconds=period)), csp.const(name))


@csp.graph
def g():
    a = ticker("a", 2)
    b = ticker("a", 2)
    c = ticker(name="a", period=2)
    d = ticker("b", 3)
    print("same edge:", a is b, a is c, a is d)
    csp.print("a", a)
    csp.print("d", d)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=6))
csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=2))
print("calls:", calls)
