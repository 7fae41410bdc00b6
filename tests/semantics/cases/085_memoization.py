# Memoization: a node or graph called twice with the same arguments returns the same edge.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def inc(x: ts[int], n: int) -> ts[int]:
    print("inc runs", n)
    return x + n


@csp.node(memoize=False)
def inc_nomemo(x: ts[int]) -> ts[int]:
    return x + 1


@csp.graph
def sub(x: ts[int]) -> ts[int]:
    print("sub graph body runs")
    return inc(x, 100)


@csp.graph
def g():
    c = csp.const(1)
    a = inc(c, 1)
    b = inc(c, 1)
    d = inc(c, 2)
    print("same args:", a is b, "different args:", a is d)
    print("const memoized:", csp.const(5) is csp.const(5))
    print("memoize=False:", inc_nomemo(c) is inc_nomemo(c))
    print("graph memoized:", sub(c) is sub(c))
    csp.print("a", a)
    csp.print("b", b)
    csp.print("d", d)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
