# A sub-graph with named outputs: csp.dynamic returns one dynamic basket per output name; each
# basket gets an instance's key on that output's first tick.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.graph
def sub(key: str, x: ts[int]) -> csp.Outputs(doubled=ts[int], big=ts[str]):
    big = csp.apply(csp.filter(x > 2, x), lambda v: f"{key} big {v}", str)
    return csp.output(doubled=x * 2, big=big)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 6)])
    keys = csp.curve(str, [(timedelta(seconds=s), "AB"[s % 2]) for s in range(1, 6)])
    res = csp.dynamic(csp.dynamic_demultiplex(x, keys), sub, csp.snapkey(), csp.attach())
    print("outputs:", list(res))
    csp.print("doubled", csp.dynamic_collect(res.doubled))
    csp.print("big", csp.dynamic_collect(res.big))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
