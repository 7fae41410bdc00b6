# Generic ts['T'] inputs with incompatible types (int and str) fail at wiring time with TypeError.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def pair(a: ts["T"], b: ts["T"]) -> ts["T"]:
    if csp.valid(a, b):
        return a


@csp.graph
def g():
    csp.print("p", pair(csp.const(1), csp.const("s")))


try:
    csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
except TypeError as e:
    print("TypeError", "Conflicting type resolution for T" in str(e))
