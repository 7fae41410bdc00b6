# Scalars typed 'T' (a type) and '~T' (a value of type T) in generic nodes.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def fill(x: ts[bool], value: "~T") -> ts["T"]:
    return value


@csp.node
def make(typ: "T", x: ts[int]) -> ts["T"]:
    return typ(x)


@csp.graph
def g():
    csp.print("fill_int", fill(csp.const(True), 5))
    csp.print("fill_str", fill(csp.const(True), "five"))
    csp.print("make_str", make(str, csp.const(7)))
    csp.print("make_float", make(float, csp.const(7)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
