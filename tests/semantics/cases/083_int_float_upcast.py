# int -> float: an int edge into a ts[float] input is converted; T resolves to float for (int, float).
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def takes_float(x: ts[float]) -> ts[str]:
    return f"{x!r} {type(x).__name__}"


@csp.node
def pair(a: ts["T"], b: ts["T"]) -> ts["T"]:
    if csp.valid(a, b):
        return a + b


@csp.node
def kind(x: ts["T"]) -> ts[str]:
    return type(x).__name__ + " " + repr(x)


@csp.graph
def g():
    csp.print("float_input", takes_float(csp.const(2)))
    p = pair(csp.const(1), csp.const(0.5))
    csp.print("pair", p)
    csp.print("pair_int", kind(pair(csp.const(1), csp.const(2))))
    csp.print("pair_mixed", kind(pair(csp.const(1), csp.const(2.0))))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
