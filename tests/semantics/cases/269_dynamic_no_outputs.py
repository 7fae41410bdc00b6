# A sub-graph without outputs: csp.dynamic returns None; the instances act by side effects only.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def log_line(key: str, x: ts[int]):
    print(f"{csp.now()} node {key} got {x}")


@csp.graph
def sub(key: str, x: ts[int]):
    csp.print(f"print {key}", x)
    log_line(key, x)


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 5)])
    keys = csp.curve(str, [(timedelta(seconds=s), "XYXX"[s - 1]) for s in range(1, 5)])
    result = csp.dynamic(csp.dynamic_demultiplex(x, keys), sub, csp.snapkey(), csp.attach())
    print("csp.dynamic returned", result)


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
