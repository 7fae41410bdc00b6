# csp.ticked(any of) and csp.valid(all of) inside a node.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def show(a: ts[int], b: ts[int]) -> ts[str]:
    return f"ticked(a)={csp.ticked(a)} ticked(b)={csp.ticked(b)} ticked(a,b)={csp.ticked(a, b)} valid(a)={csp.valid(a)} valid(a,b)={csp.valid(a, b)}"


@csp.graph
def g():
    a = csp.curve(int, [(timedelta(seconds=1), 1), (timedelta(seconds=3), 3)])
    b = csp.curve(int, [(timedelta(seconds=2), 2), (timedelta(seconds=3), 3)])
    csp.print("s", show(a, b))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=5))
