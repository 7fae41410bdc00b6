# Single unnamed output: `return v`, `csp.output(v)`, `return csp.output(v)`; returning None emits nothing.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def via_return(x: ts[int]) -> ts[int]:
    if x > 1:
        return x * 10


@csp.node
def via_output(x: ts[int]) -> ts[int]:
    if x != 2:
        csp.output(x * 100)
    print(f"via_output continues after csp.output at x={x}")


@csp.node
def via_return_output(x: ts[int]) -> ts[int]:
    return csp.output(x * 1000)
    print("never printed")


@csp.graph
def g():
    x = csp.curve(int, [(timedelta(seconds=s), s) for s in range(1, 4)])
    csp.print("ret", via_return(x))
    csp.print("out", via_output(x))
    csp.print("retout", via_return_output(x))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=10))
