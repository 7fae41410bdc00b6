# Reading an input that never ticked raises UnboundLocalError inside the node.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def reader(a: ts[int], b: ts[int]) -> ts[int]:
    if csp.ticked(a):
        try:
            return a + b
        except UnboundLocalError:
            return -1


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=3), 3)])
    b = csp.curve(int, [(timedelta(seconds=2), 20)])
    csp.print("r", reader(a, b))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
