# Generic node ts['T']: the same node works for int, str and list values; output type follows input.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def twice(x: ts["T"]) -> ts["T"]:
    return x + x


@csp.graph
def g():
    csp.print("int", twice(csp.const(21)))
    csp.print("str", twice(csp.const("ab")))
    csp.print("list", twice(csp.const([1, 2])))
    csp.print("float", twice(csp.const(0.25)))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
