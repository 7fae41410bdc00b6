# csp.run accepts a node with edge args, and a graph with args and kwargs.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def plus(x: ts[int], n: int) -> ts[int]:
    if csp.ticked(x):
        return x + n


@csp.graph
def g(start: int, step: int = 1) -> ts[int]:
    return csp.accum(csp.timer(timedelta(seconds=1), step), start)


res = csp.run(plus, csp.const(5), 10, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
print(res)
res = csp.run(g, 100, step=5, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=3))
print(res)
