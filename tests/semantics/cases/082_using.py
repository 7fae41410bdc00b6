# .using(T=...) forces the type variable: int values into a float-typed node are upcast.
from datetime import datetime, timedelta

import csp
from csp import ts


@csp.node
def ident(x: ts["T"]) -> ts["T"]:
    return x


@csp.graph
def g():
    csp.print("plain", ident(csp.const(3)))
    csp.print("as_float", ident.using(T=float)(csp.const(3)))
    csp.print("curve_float", csp.curve(float, [(timedelta(0), 1), (timedelta(seconds=1), 2.5)]))
    csp.print("const_using", csp.const.using(T=float)(4))


csp.run(g, starttime=datetime(2022, 1, 1), endtime=timedelta(seconds=1))
