# A graph with csp.Outputs returning csp.output(...) and a plain dict-style access of the results.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def split_graph(x: ts[int]) -> csp.Outputs(small=ts[int], big=ts[int]):
    is_big = x > 2
    r = csp.split(is_big, x)
    return csp.output(small=r.false, big=r.true)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
    r = split_graph(x)
    csp.print("small", r.small)
    csp.print("big", r.big)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
